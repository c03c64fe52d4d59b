package optim

import (
	"errors"
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
)

// GradScalerConfig holds the settings of dynamic loss scaling, with torch.amp.GradScaler's names and meanings.
// Start from DefaultGradScaler: the zero value is rejected rather than read as a scale of 0.
type GradScalerConfig struct {
	InitScale      float64 // the first scale, > 0 and finite
	GrowthFactor   float64 // the scale is multiplied by it after GrowthInterval finite steps in a row, > 1
	BackoffFactor  float64 // the scale is multiplied by it after a step with a non-finite gradient, in (0, 1)
	GrowthInterval int     // finite steps in a row before the scale grows, ≥ 1
}

// DefaultGradScaler returns PyTorch's defaults: scale 2¹⁶, growth 2 every 2000 finite steps, backoff 0.5.
func DefaultGradScaler() GradScalerConfig {
	return GradScalerConfig{InitScale: 65536, GrowthFactor: 2, BackoffFactor: 0.5, GrowthInterval: 2000}
}

func (c GradScalerConfig) validate() error {
	switch {
	case !inFloat32(c.InitScale):
		return fmt.Errorf("optim: GradScaler: InitScale=%v, want > 0 and finite in float32 (start from DefaultGradScaler for PyTorch's 65536)", c.InitScale)
	case !(c.GrowthFactor > 1) || math.IsInf(c.GrowthFactor, 0):
		return fmt.Errorf("optim: GradScaler: GrowthFactor=%v, want > 1 and finite", c.GrowthFactor)
	case !(c.BackoffFactor > 0 && c.BackoffFactor < 1):
		return fmt.Errorf("optim: GradScaler: BackoffFactor=%v, want in (0, 1)", c.BackoffFactor)
	case c.GrowthInterval < 1:
		return fmt.Errorf("optim: GradScaler: GrowthInterval=%d, want ≥ 1", c.GrowthInterval)
	}
	return nil
}

// inFloat32 reports whether the scale x is positive and finite once rounded to float32, as the scaler keeps it.
func inFloat32(x float64) bool {
	return x > 0 && !math.IsInf(float64(float32(x)), 0) && float32(x) != 0
}

// GradScaler is dynamic loss scaling, as torch.amp.GradScaler: the caller multiplies its loss by Scale() before
// computing the gradients, so that small gradients survive a narrow type; Step divides the gradients by the scale
// again and steps the optimizer only if every gradient is finite; Update then backs the scale off after an
// overflow and grows it after GrowthInterval clean steps. Per training step:
//
//	loss := compute(w, g, scaler.Scale()) // gradients of Scale()·loss into the params' Grad
//	stepped, err := scaler.Step(opt)
//	scaler.Update()
//
// It allocates nothing after NewGradScaler.
type GradScaler[F kernels.Float] struct {
	cfg      GradScalerConfig
	params   []*Param[F]
	scale    float64
	tracker  int  // finite steps since the scale last changed
	unscaled bool // Unscale ran since the last Update
	found    bool // a non-finite gradient was found by that Unscale
}

// NewGradScaler validates cfg and returns a scaler over the gradients of params (those of the optimizer it
// steps).
func NewGradScaler[F kernels.Float](params []*Param[F], cfg GradScalerConfig) (*GradScaler[F], error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	if _, err := checkParams(params); err != nil {
		return nil, err
	}
	return &GradScaler[F]{cfg: cfg, params: params, scale: float64(float32(cfg.InitScale))}, nil
}

// Scale returns the factor to multiply the loss by before computing the gradients.
func (s *GradScaler[F]) Scale() float64 { return s.scale }

// Unscale divides every gradient by the scale, in place, and reports whether all of them are finite. It does so
// once per step: a second call before Update changes nothing and returns the first call's answer. Call it before
// Step only to work on the true gradients first, e.g. to clip them.
//
// As PyTorch does, the gradients are multiplied by the reciprocal of the scale rounded to float32, which is exact
// for the powers of two the default settings produce.
func (s *GradScaler[F]) Unscale() (finite bool) {
	if !s.unscaled {
		inv := F(float32(1 / s.scale))
		s.found = false
		for _, p := range s.params {
			kernels.Scale(inv, p.Grad)
			if !kernels.AllFinite(p.Grad) {
				s.found = true
			}
		}
		s.unscaled = true
	}
	return !s.found
}

// Step unscales the gradients (unless Unscale already did) and, if they are all finite, steps opt; otherwise it
// skips the step, as PyTorch does, and reports stepped false. It returns opt's error, or an error for a nil opt
// before it unscales anything.
func (s *GradScaler[F]) Step(opt interface{ Step() error }) (stepped bool, err error) {
	if isNil(opt) {
		return false, errors.New("optim: GradScaler: Step: nil optimizer")
	}
	if !s.Unscale() {
		return false, nil
	}
	return true, opt.Step()
}

// StepOf returns opt with its Step replaced by the scaler's: unscale, then step only on finite gradients. It is
// the optimizer to give an Accumulator, so that the accumulated gradient is unscaled once, when it steps.
func (s *GradScaler[F]) StepOf(opt interface{ Step() error }) interface{ Step() error } {
	return scaledStep[F]{s, opt}
}

// scaledStep is an optimizer stepped through a scaler.
type scaledStep[F kernels.Float] struct {
	s   *GradScaler[F]
	opt interface{ Step() error }
}

// Step unscales and steps, or skips a step with non-finite gradients.
func (st scaledStep[F]) Step() error {
	_, err := st.s.Step(st.opt)
	return err
}

// Update adjusts the scale for the next step: multiplied by BackoffFactor if this step's gradients were not
// finite, by GrowthFactor after GrowthInterval finite steps in a row (unless that would overflow float32),
// unchanged otherwise. The scale is rounded to float32 as PyTorch keeps it. Call Update once per step, after Step.
func (s *GradScaler[F]) Update() {
	switch {
	case s.found:
		s.scale = float64(float32(s.scale * s.cfg.BackoffFactor))
		s.tracker = 0
	case s.tracker+1 == s.cfg.GrowthInterval:
		if grown := float32(s.scale * s.cfg.GrowthFactor); !math.IsInf(float64(grown), 0) {
			s.scale = float64(grown)
		}
		s.tracker = 0
	default:
		s.tracker++
	}
	s.unscaled, s.found = false, false
}

// GradScalerState is a scaler's position, for checkpoints: the scale and the count of finite steps since it
// last changed (PyTorch's "scale" and "_growth_tracker").
type GradScalerState struct {
	Scale   float64
	Tracker int
}

// State returns the scaler's position.
func (s *GradScaler[F]) State() GradScalerState {
	return GradScalerState{Scale: s.scale, Tracker: s.tracker}
}

// SetState restores a position from State, rejecting a scale that is not positive and finite in float32 (as every
// scale the scaler reaches is) or a tracker outside [0, GrowthInterval).
func (s *GradScaler[F]) SetState(st GradScalerState) error {
	if err := s.checkState(st); err != nil {
		return err
	}
	s.scale, s.tracker, s.unscaled, s.found = st.Scale, st.Tracker, false, false
	return nil
}

// checkState rejects a scale that is not positive and finite in float32 or a tracker outside [0, GrowthInterval).
// A scale beyond float32 would back off to +Inf: Update rounds the scale to float32.
func (s *GradScaler[F]) checkState(st GradScalerState) error {
	if !inFloat32(st.Scale) {
		return fmt.Errorf("optim: GradScaler: state scale %v, want > 0 and finite in float32", st.Scale)
	}
	if st.Tracker < 0 || st.Tracker >= s.cfg.GrowthInterval {
		return fmt.Errorf("optim: GradScaler: state tracker %d, want in [0, GrowthInterval=%d)", st.Tracker, s.cfg.GrowthInterval)
	}
	return nil
}
