//go:build !purego && (amd64 || arm64)

package kernels

// lionSlots is the number of constants the Lion assembly reads; gen/amd64/lion.go fixes their order.
const lionSlots = 9

// lionKernel returns a path's lion entry from its assembly for F.
func lionKernel[F Float](f func(w, g, m []F, k [lionSlots]F)) func(lionArgs[F], []F, []F, []F) {
	return func(a lionArgs[F], w, g, m []F) {
		f(w, g, m, [lionSlots]F{a.decay, a.b1, a.omb1, a.b2, a.omb2, a.nlr, 0, 1, -1})
	}
}
