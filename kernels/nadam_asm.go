//go:build !purego && (amd64 || arm64)

package kernels

// nadamSlots is the number of constants the NAdam assembly reads; gen/amd64/nadam.go fixes their order.
const nadamSlots = 12

// nadamKernel returns a path's nadam entry from its assembly for F.
func nadamKernel[F Float](f func(w, g, m, v []F, k [nadamSlots]F)) func(nadamArgs[F], []F, []F, []F, []F) {
	return func(a nadamArgs[F], w, g, m, v []F) {
		c := momentsBlock(&a.moments)
		f(w, g, m, v, [nadamSlots]F{c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], a.bc2, a.eps, a.cg, a.cm})
	}
}
