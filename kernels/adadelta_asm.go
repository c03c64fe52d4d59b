//go:build !purego && (amd64 || arm64)

package kernels

// adadeltaSlots is the number of constants the Adadelta assembly reads; gen/amd64/adadelta.go fixes their order.
const adadeltaSlots = 7

// adadeltaKernel returns a path's adadelta entry from its assembly for F.
func adadeltaKernel[F Float](f func(w, g, sq, acc []F, k [adadeltaSlots]F)) func(adadeltaArgs[F], []F, []F, []F, []F) {
	return func(a adadeltaArgs[F], w, g, sq, acc []F) {
		c := gradBlock(&a.grad)
		f(w, g, sq, acc, [adadeltaSlots]F{c[0], c[1], c[2], a.rho, a.omr, a.eps, a.nlr})
	}
}
