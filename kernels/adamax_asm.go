//go:build !purego && (amd64 || arm64)

package kernels

// adamaxSlots is the number of constants the Adamax assembly reads; gen/amd64/adamax.go fixes their order.
const adamaxSlots = 9

// adamaxKernel returns a path's adamax entry from its assembly for F.
func adamaxKernel[F Float](f func(w, g, m, u []F, k [adamaxSlots]F)) func(adamaxArgs[F], []F, []F, []F, []F) {
	return func(a adamaxArgs[F], w, g, m, u []F) {
		c := gradBlock(&a.grad)
		f(w, g, m, u, [adamaxSlots]F{c[0], c[1], c[2], a.lerp.k, allOnes[F](a.lerp.fromEnd), a.b2, a.eps, a.nclr, absMask[F]()})
	}
}
