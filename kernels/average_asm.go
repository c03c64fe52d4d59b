//go:build !purego && (amd64 || arm64)

package kernels

// emaKernel returns a path's ema entry from its assembly for F: the lerp form reads {k, from-end flag} (the slots
// of gen/amd64/average.go), the weighted sum {decay, 1 − decay}.
func emaKernel[F Float](lerp, sum func(avg, w []F, k [2]F)) func(emaArgs[F], []F, []F) {
	return func(a emaArgs[F], avg, w []F) {
		if a.weighted {
			sum(avg, w, [2]F{a.d, a.omd})
			return
		}
		lerp(avg, w, [2]F{a.lerp.k, allOnes[F](a.lerp.fromEnd)})
	}
}

// swaKernel returns a path's swa entry from its assembly for F, which reads the divisor.
func swaKernel[F Float](f func(avg, w []F, k [1]F)) func(F, []F, []F) {
	return func(c F, avg, w []F) { f(avg, w, [1]F{c}) }
}
