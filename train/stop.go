package train

import (
	"fmt"
	"math"
)

// Stop lists the rules that end a run; the first to hold ends it, and Result.Reason says which. MaxIter or
// MaxEpochs must be set, so that every run ends. A zero field is a rule not used.
type Stop struct {
	MaxIter   int     // optimizer steps
	MaxEpochs int     // passes over the samples
	StepTol   float64 // ‖w_t − w_{t−1}‖₂ < StepTol after a step
	GradTol   float64 // ‖∇L(w)‖₂ < GradTol: see Reason StopGrad for where it is measured
	Patience  int     // epochs in a row without a new lowest validation loss; needs Config.Validation
}

func (s Stop) validate() error {
	switch {
	case s.MaxIter < 0 || s.MaxEpochs < 0 || s.Patience < 0:
		return fmt.Errorf("train: Stop: MaxIter=%d, MaxEpochs=%d, Patience=%d, want ≥ 0", s.MaxIter, s.MaxEpochs, s.Patience)
	case s.MaxIter == 0 && s.MaxEpochs == 0:
		return fmt.Errorf("train: Stop: neither MaxIter nor MaxEpochs is set, so nothing would end the run")
	case !(s.StepTol >= 0) || math.IsInf(s.StepTol, 0):
		return fmt.Errorf("train: Stop: StepTol=%v, want finite and ≥ 0", s.StepTol)
	case !(s.GradTol >= 0) || math.IsInf(s.GradTol, 0):
		return fmt.Errorf("train: Stop: GradTol=%v, want finite and ≥ 0", s.GradTol)
	}
	return nil
}

// Reason says which rule ended a run.
type Reason int

const (
	// StopMaxIter: Stop.MaxIter steps were taken.
	StopMaxIter Reason = iota + 1
	// StopMaxEpochs: Stop.MaxEpochs epochs were completed.
	StopMaxEpochs
	// StopStep: a step moved the weights by less than Stop.StepTol.
	StopStep
	// StopGrad: the gradient's norm fell below Stop.GradTol. Full-batch runs measure the gradient each step
	// computes, before taking the step, so the run ends at the point it measured. Mini-batch runs measure the
	// full-data gradient at the end of each epoch (one more pass, made only when GradTol is set): a mini-batch
	// gradient does not vanish at the minimum.
	StopGrad
	// StopPatience: the validation loss, measured after each epoch, was not below its lowest for Stop.Patience
	// epochs in a row.
	StopPatience
	// StopDiverged: the loss was not finite. This is a result, not an error: a learning rate too large for the
	// problem, which a search has to be able to try.
	StopDiverged
)

// String names the rule.
func (r Reason) String() string {
	switch r {
	case StopMaxIter:
		return "max iterations"
	case StopMaxEpochs:
		return "max epochs"
	case StopStep:
		return "step below tolerance"
	case StopGrad:
		return "gradient below tolerance"
	case StopPatience:
		return "validation patience"
	case StopDiverged:
		return "diverged"
	}
	return fmt.Sprintf("Reason(%d)", int(r))
}
