//go:build !purego && (amd64 || arm64)

package kernels

// scaleKernel returns a path's scale entry from its assembly for F.
func scaleKernel[F Float](f func(x []F, k [1]F)) func(F, []F) {
	return func(alpha F, x []F) { f(x, [1]F{alpha}) }
}

// axpyKernel returns a path's axpy entry from its assembly for F.
func axpyKernel[F Float](f func(x, y []F, k [1]F)) func(F, []F, []F) {
	return func(alpha F, x, y []F) { f(x, y, [1]F{alpha}) }
}

// clipValueKernel returns a path's clipValue entry from its assembly for F, which reads {c, −c}.
func clipValueKernel[F Float](f func(x []F, k [2]F)) func(F, []F) {
	return func(c F, x []F) {
		if c == 0 {
			c = 0 // as the reference: a −0 bound would flip the sign of clipped zeros
		}
		f(x, [2]F{c, -c})
	}
}
