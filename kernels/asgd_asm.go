//go:build !purego && (amd64 || arm64)

package kernels

// asgdSlots is the number of constants the ASGD assembly reads; gen/amd64/asgd.go fixes their order.
const asgdSlots = 7

// asgdKernel returns a path's asgd entry from its assembly for F.
func asgdKernel[F Float](f func(w, g, ax []F, k [asgdSlots]F)) func(asgdArgs[F], []F, []F, []F) {
	return func(a asgdArgs[F], w, g, ax []F) {
		c := gradBlock(&a.grad)
		f(w, g, ax, [asgdSlots]F{c[0], c[1], c[2], a.decay, a.neta, a.mu, allOnes[F](a.average)})
	}
}
