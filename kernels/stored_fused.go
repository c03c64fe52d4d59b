package kernels

// storedOps are the fused stored optimizers of a path: the float32 kernels over 16-bit arrays in one pass, one entry
// per storage mode (every array BF16 or F16, float32 weights and gradients with BF16 or F16 state, or float32 arrays
// and a BF16 or F16 weights copy), rounding to nearest, and, with SR, rounding the weights (or the weights copy)
// stochastically as their rnd says. A path with assembly has them from the descriptions' storage, copy and
// stochastic variants (internal/kerneldesc/stored.go, storedcopy.go, storedsr.go); the reference widens and rounds
// chunks around the float32 references. Float32 weights with 16-bit state round no weights, so their entries serve
// a stochastic Rounding too.
type storedOps struct {
	adamBF16      func(a adamArgs[float32], w, g, m, v, vmax []BF16)
	adamF16       func(a adamArgs[float32], w, g, m, v, vmax []F16)
	adamStateBF16 func(a adamArgs[float32], w, g []float32, m, v, vmax []BF16)
	adamStateF16  func(a adamArgs[float32], w, g []float32, m, v, vmax []F16)

	sgdBF16      func(a sgdArgs[float32], w, g, buf []BF16)
	sgdF16       func(a sgdArgs[float32], w, g, buf []F16)
	sgdStateBF16 func(a sgdArgs[float32], w, g []float32, buf []BF16)
	sgdStateF16  func(a sgdArgs[float32], w, g []float32, buf []F16)

	lionBF16      func(a lionArgs[float32], w, g, m []BF16)
	lionF16       func(a lionArgs[float32], w, g, m []F16)
	lionStateBF16 func(a lionArgs[float32], w, g []float32, m []BF16)
	lionStateF16  func(a lionArgs[float32], w, g []float32, m []F16)

	adagradBF16      func(a adagradArgs[float32], w, g, sum []BF16)
	adagradF16       func(a adagradArgs[float32], w, g, sum []F16)
	adagradStateBF16 func(a adagradArgs[float32], w, g []float32, sum []BF16)
	adagradStateF16  func(a adagradArgs[float32], w, g []float32, sum []F16)

	adamCopyBF16    func(a adamArgs[float32], w, g, m, v, vmax []float32, wCopy []BF16)
	adamCopyF16     func(a adamArgs[float32], w, g, m, v, vmax []float32, wCopy []F16)
	sgdCopyBF16     func(a sgdArgs[float32], w, g, buf []float32, wCopy []BF16)
	sgdCopyF16      func(a sgdArgs[float32], w, g, buf []float32, wCopy []F16)
	lionCopyBF16    func(a lionArgs[float32], w, g, m []float32, wCopy []BF16)
	lionCopyF16     func(a lionArgs[float32], w, g, m []float32, wCopy []F16)
	adagradCopyBF16 func(a adagradArgs[float32], w, g, sum []float32, wCopy []BF16)
	adagradCopyF16  func(a adagradArgs[float32], w, g, sum []float32, wCopy []F16)

	adamBF16SR    func(a adamArgs[float32], w, g, m, v, vmax []BF16, rnd Rounding)
	adamF16SR     func(a adamArgs[float32], w, g, m, v, vmax []F16, rnd Rounding)
	sgdBF16SR     func(a sgdArgs[float32], w, g, buf []BF16, rnd Rounding)
	sgdF16SR      func(a sgdArgs[float32], w, g, buf []F16, rnd Rounding)
	lionBF16SR    func(a lionArgs[float32], w, g, m []BF16, rnd Rounding)
	lionF16SR     func(a lionArgs[float32], w, g, m []F16, rnd Rounding)
	adagradBF16SR func(a adagradArgs[float32], w, g, sum []BF16, rnd Rounding)
	adagradF16SR  func(a adagradArgs[float32], w, g, sum []F16, rnd Rounding)

	adamCopyBF16SR    func(a adamArgs[float32], w, g, m, v, vmax []float32, wCopy []BF16, rnd Rounding)
	adamCopyF16SR     func(a adamArgs[float32], w, g, m, v, vmax []float32, wCopy []F16, rnd Rounding)
	sgdCopyBF16SR     func(a sgdArgs[float32], w, g, buf []float32, wCopy []BF16, rnd Rounding)
	sgdCopyF16SR      func(a sgdArgs[float32], w, g, buf []float32, wCopy []F16, rnd Rounding)
	lionCopyBF16SR    func(a lionArgs[float32], w, g, m []float32, wCopy []BF16, rnd Rounding)
	lionCopyF16SR     func(a lionArgs[float32], w, g, m []float32, wCopy []F16, rnd Rounding)
	adagradCopyBF16SR func(a adagradArgs[float32], w, g, sum []float32, wCopy []BF16, rnd Rounding)
	adagradCopyF16SR  func(a adagradArgs[float32], w, g, sum []float32, wCopy []F16, rnd Rounding)
}

// storedRefs returns the reference of every fused stored optimizer.
func storedRefs() storedOps {
	return storedOps{
		adamBF16: adamStoredRef[BF16, BF16, BF16], adamF16: adamStoredRef[F16, F16, F16],
		adamStateBF16: adamStoredRef[float32, float32, BF16], adamStateF16: adamStoredRef[float32, float32, F16],
		sgdBF16: sgdStoredRef[BF16, BF16, BF16], sgdF16: sgdStoredRef[F16, F16, F16],
		sgdStateBF16: sgdStoredRef[float32, float32, BF16], sgdStateF16: sgdStoredRef[float32, float32, F16],
		lionBF16: lionStoredRef[BF16, BF16, BF16], lionF16: lionStoredRef[F16, F16, F16],
		lionStateBF16: lionStoredRef[float32, float32, BF16], lionStateF16: lionStoredRef[float32, float32, F16],
		adagradBF16: adagradStoredRef[BF16, BF16, BF16], adagradF16: adagradStoredRef[F16, F16, F16],
		adagradStateBF16: adagradStoredRef[float32, float32, BF16], adagradStateF16: adagradStoredRef[float32, float32, F16],
		adamCopyBF16: adamCopyRef[BF16], adamCopyF16: adamCopyRef[F16],
		sgdCopyBF16: sgdCopyRef[BF16], sgdCopyF16: sgdCopyRef[F16],
		lionCopyBF16: lionCopyRef[BF16], lionCopyF16: lionCopyRef[F16],
		adagradCopyBF16: adagradCopyRef[BF16], adagradCopyF16: adagradCopyRef[F16],

		adamBF16SR: adamStoredSR[BF16], adamF16SR: adamStoredSR[F16],
		sgdBF16SR: sgdStoredSR[BF16], sgdF16SR: sgdStoredSR[F16],
		lionBF16SR: lionStoredSR[BF16], lionF16SR: lionStoredSR[F16],
		adagradBF16SR: adagradStoredSR[BF16], adagradF16SR: adagradStoredSR[F16],
		adamCopyBF16SR: adamCopySR[BF16], adamCopyF16SR: adamCopySR[F16],
		sgdCopyBF16SR: sgdCopySR[BF16], sgdCopyF16SR: sgdCopySR[F16],
		lionCopyBF16SR: lionCopySR[BF16], lionCopyF16SR: lionCopySR[F16],
		adagradCopyBF16SR: adagradCopySR[BF16], adagradCopyF16SR: adagradCopySR[F16],
	}
}

// The references of the SR entries: the nearest ones' chunks, the weights rounded as rnd says.

func adamStoredSR[H Half](a adamArgs[float32], w, g, m, v, vmax []H, rnd Rounding) {
	runStored(w, g, [3][]H{m, v, vmax}, rnd, func(w, g []float32, st [3][]float32) { adamRef(a, w, g, st[0], st[1], st[2]) })
}

func sgdStoredSR[H Half](a sgdArgs[float32], w, g, buf []H, rnd Rounding) {
	runStored(w, g, [3][]H{buf}, rnd, func(w, g []float32, st [3][]float32) { sgdRef(a, w, g, st[0]) })
}

func lionStoredSR[H Half](a lionArgs[float32], w, g, m []H, rnd Rounding) {
	runStored(w, g, [3][]H{m}, rnd, func(w, g []float32, st [3][]float32) { lionRef(a, w, g, st[0]) })
}

func adagradStoredSR[H Half](a adagradArgs[float32], w, g, sum []H, rnd Rounding) {
	runStored(w, g, [3][]H{sum}, rnd, func(w, g []float32, st [3][]float32) { adagradRef(a, w, g, st[0]) })
}

func adamCopySR[C Half](a adamArgs[float32], w, g, m, v, vmax []float32, wCopy []C, rnd Rounding) {
	adamCopyChunked(adamRef[float32], a, w, g, m, v, vmax, wCopy, rnd)
}

func sgdCopySR[C Half](a sgdArgs[float32], w, g, buf []float32, wCopy []C, rnd Rounding) {
	sgdCopyChunked(sgdRef[float32], a, w, g, buf, wCopy, rnd)
}

func lionCopySR[C Half](a lionArgs[float32], w, g, m []float32, wCopy []C, rnd Rounding) {
	lionCopyChunked(lionRef[float32], a, w, g, m, wCopy, rnd)
}

func adagradCopySR[C Half](a adagradArgs[float32], w, g, sum []float32, wCopy []C, rnd Rounding) {
	adagradCopyChunked(adagradRef[float32], a, w, g, sum, wCopy, rnd)
}

func adamStoredRef[W, G, S Stored](a adamArgs[float32], w []W, g []G, m, v, vmax []S) {
	runStored(w, g, [3][]S{m, v, vmax}, Rounding{}, func(w, g []float32, st [3][]float32) { adamRef(a, w, g, st[0], st[1], st[2]) })
}

func sgdStoredRef[W, G, S Stored](a sgdArgs[float32], w []W, g []G, buf []S) {
	runStored(w, g, [3][]S{buf}, Rounding{}, func(w, g []float32, st [3][]float32) { sgdRef(a, w, g, st[0]) })
}

func lionStoredRef[W, G, S Stored](a lionArgs[float32], w []W, g []G, m []S) {
	runStored(w, g, [3][]S{m}, Rounding{}, func(w, g []float32, st [3][]float32) { lionRef(a, w, g, st[0]) })
}

func adagradStoredRef[W, G, S Stored](a adagradArgs[float32], w []W, g []G, sum []S) {
	runStored(w, g, [3][]S{sum}, Rounding{}, func(w, g []float32, st [3][]float32) { adagradRef(a, w, g, st[0]) })
}

func adamCopyRef[C Half](a adamArgs[float32], w, g, m, v, vmax []float32, wCopy []C) {
	adamCopyChunked(adamRef[float32], a, w, g, m, v, vmax, wCopy, Rounding{})
}

func sgdCopyRef[C Half](a sgdArgs[float32], w, g, buf []float32, wCopy []C) {
	sgdCopyChunked(sgdRef[float32], a, w, g, buf, wCopy, Rounding{})
}

func lionCopyRef[C Half](a lionArgs[float32], w, g, m []float32, wCopy []C) {
	lionCopyChunked(lionRef[float32], a, w, g, m, wCopy, Rounding{})
}

func adagradCopyRef[C Half](a adagradArgs[float32], w, g, sum []float32, wCopy []C) {
	adagradCopyChunked(adagradRef[float32], a, w, g, sum, wCopy, Rounding{})
}

// storedMode is which fused entry, if any, serves a stored kernel's types.
type storedMode uint8

const (
	unfused    storedMode = iota // another combination: chunks around the float32 kernel
	allBF16                      // every array BF16
	allF16                       // every array F16
	stateBF16                    // float32 weights and gradients, BF16 state
	stateF16                     // float32 weights and gradients, F16 state
	copyBF16                     // float32 arrays, a BF16 weights copy
	copyF16                      // float32 arrays, an F16 weights copy
	allBF16SR                    // every array BF16, the weights rounding stochastically
	allF16SR                     // every array F16, the weights rounding stochastically
	copyBF16SR                   // float32 arrays, a BF16 weights copy rounding stochastically
	copyF16SR                    // float32 arrays, an F16 weights copy rounding stochastically
)

// modeOf returns the fused mode of a stored kernel over weights W, gradients G and state S, rounding by rnd.
func modeOf[W, G, S Stored](rnd Rounding) storedMode {
	var w W
	var g G
	var s S
	_, gBF := any(g).(BF16)
	_, gF := any(g).(F16)
	_, sBF := any(s).(BF16)
	_, sF := any(s).(F16)
	switch any(w).(type) {
	case BF16:
		if gBF && sBF && rnd.Stochastic {
			return allBF16SR
		} else if gBF && sBF {
			return allBF16
		}
	case F16:
		if gF && sF && rnd.Stochastic {
			return allF16SR
		} else if gF && sF {
			return allF16
		}
	case float32:
		// The weights are not rounded, whatever rnd says.
		if _, g32 := any(g).(float32); g32 && sBF {
			return stateBF16
		} else if g32 && sF {
			return stateF16
		}
	}
	return unfused
}

// copyModeOf returns the fused mode of a copy kernel writing a weights copy C, rounding by rnd.
func copyModeOf[C Half](rnd Rounding) storedMode {
	var c C
	_, bf := any(c).(BF16)
	switch {
	case bf && rnd.Stochastic:
		return copyBF16SR
	case bf:
		return copyBF16
	case rnd.Stochastic:
		return copyF16SR
	}
	return copyF16
}

// as returns s as a []T: the caller has checked, by modeOf, that its element type is T.
func as[T, S any](s []S) []T { return any(s).([]T) }
