package optim

import (
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
)

// Nonfinite says what an optimizer's Step does when a gradient holds a NaN or an infinity (SetNonfinite).
type Nonfinite uint8

const (
	// NonfiniteStep steps anyway, as PyTorch's optimizers do: one NaN gradient element then turns its weight, and
	// through the clipping norm every weight, into NaN. It is the default.
	NonfiniteStep Nonfinite = iota
	// NonfiniteSkip skips the step: nothing is clipped or written and the step count stays, as a GradScaler skips
	// an overflowed step. Skipped counts the skips and names the parameter.
	NonfiniteSkip
	// NonfiniteFail makes Step return a *NonfiniteError, and change nothing.
	NonfiniteFail
)

// String returns the constant's name without its prefix: "step", "skip" or "fail".
func (n Nonfinite) String() string {
	switch n {
	case NonfiniteStep:
		return "step"
	case NonfiniteSkip:
		return "skip"
	case NonfiniteFail:
		return "fail"
	}
	return fmt.Sprintf("Nonfinite(%d)", uint8(n))
}

// NonfiniteError is the error Step returns under NonfiniteFail (or Clip.ErrorIfNonfinite): Param's gradient holds
// a NaN or an infinity, and the step changed nothing.
type NonfiniteError struct {
	Optimizer string // e.g. "Adam"
	Param     string // the first parameter, in the optimizer's order, whose gradient is not finite
	Index     int    // its index among the optimizer's parameters
}

func (e *NonfiniteError) Error() string {
	return fmt.Sprintf("optim: %s: the gradient of %q (parameter %d) is not finite: nothing clipped or stepped", e.Optimizer, e.Param, e.Index)
}

// SetNonfinite chooses what every following Step does when a gradient holds a NaN or an infinity. The check reads
// every gradient once, before anything is written; when Step clips by norm (SetClip with MaxNorm and no Value),
// the norm it computes anyway is the check, and only a step whose norm is not finite reads the gradients again to
// find the parameter. It returns an error for a value that is none of the constants.
func (c *Core[F]) SetNonfinite(n Nonfinite) error {
	if n > NonfiniteFail {
		return fmt.Errorf("optim: %s: SetNonfinite(%v): want NonfiniteStep, NonfiniteSkip or NonfiniteFail", c.name, n)
	}
	c.guard = n
	return nil
}

// Skipped returns how many steps NonfiniteSkip has skipped, and the name of the parameter whose gradient was not
// finite at the last of them ("" before the first). The count is the optimizer's own since NewXxx: a checkpoint
// does not hold it.
func (c *Core[F]) Skipped() (steps int, param string) { return c.skipped, c.skippedParam }

// nonfinite returns the index of the first parameter whose gradient holds a NaN or an infinity, or −1. Gradients
// whose norms are known (normsOfGrads) are read only when a norm is not finite: x² ≥ 0, so a sum of squares or a
// largest |x| is finite exactly when its elements are, or when a sum overflowed, which AllFinite tells apart.
func (c *Core[F]) nonfinite(normsOfGrads bool) int {
	if normsOfGrads && allFiniteNorms(c.norms) {
		return -1
	}
	for i, p := range c.params {
		if !kernels.AllFinite(p.Grad) {
			return i
		}
	}
	return -1
}

func allFiniteNorms[F kernels.Float](norms []F) bool {
	for _, n := range norms {
		if n-n != 0 { // NaN for a NaN or an infinity
			return false
		}
	}
	return true
}
