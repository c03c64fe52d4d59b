package kernels

// storedOps are the fused stored optimizers of a path: the float32 kernels over 16-bit arrays in one pass, one entry
// per storage mode (every array BF16 or F16, float32 weights and gradients with BF16 or F16 state, or float32 arrays
// and a BF16 or F16 weights copy), rounding to nearest. A path with assembly has them from the descriptions'
// storage and copy variants (internal/kerneldesc/stored.go, storedcopy.go); the reference widens and rounds chunks
// around the float32 references.
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
	}
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
	unfused   storedMode = iota // another combination, or stochastic rounding: chunks around the float32 kernel
	allBF16                     // every array BF16
	allF16                      // every array F16
	stateBF16                   // float32 weights and gradients, BF16 state
	stateF16                    // float32 weights and gradients, F16 state
	copyBF16                    // float32 arrays, a BF16 weights copy
	copyF16                     // float32 arrays, an F16 weights copy
)

// modeOf returns the fused mode of a stored kernel over weights W, gradients G and state S, rounding by rnd.
func modeOf[W, G, S Stored](rnd Rounding) storedMode {
	if rnd.Stochastic {
		return unfused
	}
	var w W
	var g G
	var s S
	_, gBF := any(g).(BF16)
	_, gF := any(g).(F16)
	_, sBF := any(s).(BF16)
	_, sF := any(s).(F16)
	switch any(w).(type) {
	case BF16:
		if gBF && sBF {
			return allBF16
		}
	case F16:
		if gF && sF {
			return allF16
		}
	case float32:
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
	if rnd.Stochastic {
		return unfused
	}
	var c C
	if _, ok := any(c).(BF16); ok {
		return copyBF16
	}
	return copyF16
}

// as returns s as a []T: the caller has checked, by modeOf, that its element type is T.
func as[T, S any](s []S) []T { return any(s).([]T) }
