//go:build !purego && (amd64 || arm64)

package kernels

// rmspropSlots is the number of constants the RMSprop assembly reads; gen/amd64/rmsprop.go fixes their order.
const rmspropSlots = 11

// rmspropKernel returns a path's rmsprop entry from its assembly for F: plain, centered, with momentum, and both.
func rmspropKernel[F Float](plain func(w, g, sq []F, k [rmspropSlots]F), centered func(w, g, sq, gavg []F, k [rmspropSlots]F),
	mom func(w, g, sq, buf []F, k [rmspropSlots]F), both func(w, g, sq, gavg, buf []F, k [rmspropSlots]F)) func(rmspropArgs[F], []F, []F, []F, []F, []F) {
	return func(a rmspropArgs[F], w, g, sq, gavg, buf []F) {
		c := gradBlock(&a.grad)
		in, out := epsSlots(a.eps, a.inside)
		k := [rmspropSlots]F{c[0], c[1], c[2], a.alpha, a.oma, in, out, a.mom, a.nl, a.lerp.k, allOnes[F](a.lerp.fromEnd)}
		switch {
		case a.centered && a.moment:
			both(w, g, sq, gavg, buf, k)
		case a.centered:
			centered(w, g, sq, gavg, k)
		case a.moment:
			mom(w, g, sq, buf, k)
		default:
			plain(w, g, sq, k)
		}
	}
}
