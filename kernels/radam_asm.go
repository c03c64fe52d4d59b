//go:build !purego && (amd64 || arm64)

package kernels

// radamSlots is the number of constants the RAdam assembly reads; gen/amd64/radam.go fixes their order.
const radamSlots = 14

// radamKernel returns a path's radam entry from its assembly for F.
func radamKernel[F Float](f func(w, g, m, v []F, k [radamSlots]F)) func(radamArgs[F], []F, []F, []F, []F) {
	return func(a radamArgs[F], w, g, m, v []F) {
		c := momentsBlock(&a.moments)
		f(w, g, m, v, [radamSlots]F{c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], a.eps, a.lr, a.bc1, a.bc2sqrt,
			a.rect, allOnes[F](a.rectified)})
	}
}
