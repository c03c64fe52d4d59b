package optim

import (
	"fmt"
	"math"
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
