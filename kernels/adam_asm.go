//go:build !purego && (amd64 || arm64)

package kernels

// adamSlots is the number of constants the Adam assembly reads; gen/amd64/adam.go fixes their order.
const adamSlots = 11

// adamKernel returns a path's adam entry from its Adam and AMSGrad assembly for F.
func adamKernel[F Float](adam func(w, g, m, v []F, k [adamSlots]F), ams func(w, g, m, v, vmax []F, k [adamSlots]F)) func(adamArgs[F], []F, []F, []F, []F, []F) {
	return func(a adamArgs[F], w, g, m, v, vmax []F) {
		c := momentsBlock(&a.moments)
		k := [adamSlots]F{c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], a.bc2sqrt, a.eps, a.nss}
		if vmax == nil {
			adam(w, g, m, v, k)
		} else {
			ams(w, g, m, v, vmax, k)
		}
	}
}
