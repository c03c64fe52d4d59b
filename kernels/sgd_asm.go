//go:build !purego && (amd64 || arm64)

package kernels

// sgdSlots is the number of constants the SGD assembly reads; gen/amd64/sgd.go fixes their order.
const sgdSlots = 8

// sgdKernel returns a path's sgd entry from its assembly for F without and with a momentum buffer.
func sgdKernel[F Float](plain func(w, g []F, k [sgdSlots]F), mom func(w, g, buf []F, k [sgdSlots]F)) func(sgdArgs[F], []F, []F, []F) {
	return func(a sgdArgs[F], w, g, buf []F) {
		c := gradBlock(&a.grad)
		k := [sgdSlots]F{c[0], c[1], c[2], a.nlr, a.mom, a.omd, allOnes[F](a.first), allOnes[F](a.nesterov)}
		if a.momentum {
			mom(w, g, buf, k)
		} else {
			plain(w, g, k)
		}
	}
}
