package optim

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// field is one hyperparameter, named as the config field, for validation.
type field struct {
	name string
	v    float64
}

// checkFinite rejects a NaN or infinite hyperparameter.
func checkFinite(opt string, fs ...field) error {
	for _, f := range fs {
		if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
			return fmt.Errorf("optim: %s: %s=%v is not finite", opt, f.name, f.v)
		}
	}
	return nil
}

// checkLR rejects a learning rate that is not positive: a config's zero LR is a forgotten field, never a rate.
func checkLR(opt, defaults string, lr float64) error {
	if !(lr > 0) {
		return fmt.Errorf("optim: %s: LR=%v, want > 0 (start from %s for PyTorch's defaults)", opt, lr, defaults)
	}
	return nil
}

// checkUnit rejects a decay rate outside [0, 1).
func checkUnit(opt string, fs ...field) error {
	for _, f := range fs {
		if !(f.v >= 0 && f.v < 1) {
			return fmt.Errorf("optim: %s: %s=%v, want in [0, 1)", opt, f.name, f.v)
		}
	}
	return nil
}

// checkEps rejects ε ≤ 0.
func checkEps(opt string, eps float64) error {
	if !(eps > 0) {
		return fmt.Errorf("optim: %s: Eps=%v, want > 0", opt, eps)
	}
	return nil
}

// checkNonNegative rejects negative values.
func checkNonNegative(opt string, fs ...field) error {
	for _, f := range fs {
		if !(f.v >= 0) {
			return fmt.Errorf("optim: %s: %s=%v, want ≥ 0", opt, f.name, f.v)
		}
	}
	return nil
}

// firstError returns the first non-nil error.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// representable checks that every non-zero number among a config's options (PyTorch's names) is a normal number
// in F: an ε or a rate that float32 rounds to 0, to a subnormal or to ±Inf passes every check in float64 and then
// divides by zero, never moves, or overflows at the first step.
func representable[F kernels.Float](name string, options map[string]any) error {
	for _, key := range slices.Sorted(maps.Keys(options)) {
		var xs []float64
		switch v := options[key].(type) {
		case float64:
			xs = []float64{v}
		case [2]float64:
			xs = v[:]
		}
		for _, x := range xs {
			if f := float64(F(x)); x != 0 && (math.IsInf(f, 0) || math.Abs(f) < smallestNormal[F]()) {
				return fmt.Errorf("optim: %s: %s=%v is %v in %T: want a value it holds as a normal number", name, key, x, F(x), F(0))
			}
		}
	}
	return nil
}

// smallestNormal returns F's smallest positive normal number.
func smallestNormal[F kernels.Float]() float64 {
	if unsafe.Sizeof(F(0)) == 4 {
		return 0x1p-126
	}
	return 0x1p-1022
}
