//go:build !purego && (amd64 || arm64)

package kernels

// adagradSlots is the number of constants the Adagrad assembly reads; gen/amd64/adagrad.go fixes their order.
const adagradSlots = 6

// adagradKernel returns a path's adagrad entry from its assembly for F.
func adagradKernel[F Float](f func(w, g, sum []F, k [adagradSlots]F)) func(adagradArgs[F], []F, []F, []F) {
	return func(a adagradArgs[F], w, g, sum []F) {
		c := gradBlock(&a.grad)
		in, out := epsSlots(a.eps, a.inside)
		f(w, g, sum, [adagradSlots]F{c[0], c[1], c[2], a.nclr, in, out})
	}
}
