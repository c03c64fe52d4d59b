package optim

import (
	"errors"
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/detmath"
	"github.com/fastgrad/fastgrad/kernels"
)

// EMAConfig configures an exponential moving average of weights (NewEMA). Start from DefaultEMA: the zero value
// is a decay of 0, an average that is only ever the latest weights.
type EMAConfig struct {
	// Decay is the weight the old average keeps at each update, in [0, 1]: torch's and timm's decay, Keras's
	// ema_momentum.
	Decay float64
	// WeightedSum selects decay·avg + (1 − decay)·w (torch's get_ema_avg_fn, timm's ModelEmaV2, Keras) instead of
	// lerp(avg, w, 1 − decay) (torch 2.x's get_ema_multi_avg_fn, timm's ModelEmaV3); see kernels.EMAHyper.
	WeightedSum bool
	// Warmup ramps the decay up as timm's ModelEmaV3 does with use_warmup: the t-th update after the first
	// uses 1 − (1 + t/WarmupGamma)^−WarmupPower, kept within [MinDecay, Decay]. WarmupGamma and WarmupPower must
	// then be > 0 (timm's defaults: 1 and 2/3) and MinDecay in [0, Decay].
	Warmup                             bool
	WarmupGamma, WarmupPower, MinDecay float64
}

// DefaultEMA returns torch's get_ema_multi_avg_fn default: decay 0.999, the lerp form, no warmup.
func DefaultEMA() EMAConfig { return EMAConfig{Decay: 0.999} }

func (c EMAConfig) validate() error {
	const opt = "EMA"
	err := firstError(
		checkFinite(opt, field{"Decay", c.Decay}, field{"WarmupGamma", c.WarmupGamma}, field{"WarmupPower", c.WarmupPower},
			field{"MinDecay", c.MinDecay}),
		checkClosedUnit(opt, field{"Decay", c.Decay}))
	if err != nil || !c.Warmup {
		return err
	}
	switch {
	case !(c.WarmupGamma > 0):
		return fmt.Errorf("optim: EMA: WarmupGamma=%v, want > 0 with Warmup", c.WarmupGamma)
	case !(c.WarmupPower > 0):
		return fmt.Errorf("optim: EMA: WarmupPower=%v, want > 0 with Warmup", c.WarmupPower)
	case !(c.MinDecay >= 0 && c.MinDecay <= c.Decay):
		return fmt.Errorf("optim: EMA: MinDecay=%v, want in [0, Decay=%v] with Warmup", c.MinDecay, c.Decay)
	}
	return nil
}

// checkClosedUnit rejects a value outside [0, 1].
func checkClosedUnit(opt string, f field) error {
	if !(f.v >= 0 && f.v <= 1) {
		return fmt.Errorf("optim: %s: %s=%v, want in [0, 1]", opt, f.name, f.v)
	}
	return nil
}

// decay returns the decay of the t-th update after the first.
func (c EMAConfig) decay(t int) float64 {
	if !c.Warmup {
		return c.Decay
	}
	d := 1 - detmath.Pow(1+float64(t)/c.WarmupGamma, -c.WarmupPower)
	return max(min(d, c.Decay), c.MinDecay)
}

// Average keeps a running average of parameters' values, beside the optimizer that updates them: an
// exponential moving average (NewEMA) or stochastic weight averaging's equal-weight mean (NewSWA), as torch's
// AveragedModel keeps one. Call Update after each optimizer step (or each epoch, for SWA); the first Update
// copies the values, as AveragedModel does. Swap puts the averages into the parameters to evaluate them, and a
// second Swap puts the trained values back. Update and Swap allocate nothing. An Average is a checkpoint part.
type Average[F kernels.Float] struct {
	kind    string // "EMA" or "SWA"
	params  []*Param[F]
	lens    []int
	avg     [][]F
	n       int // updates so far: torch's n_averaged
	cfg     EMAConfig
	hyper   kernels.EMAHyper
	swapped bool
}

// NewEMA returns an exponential moving average of the values of params (an optimizer's), allocated now and set
// by the first Update.
func NewEMA[F kernels.Float](params []*Param[F], cfg EMAConfig) (*Average[F], error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	a, err := newAverage("EMA", params)
	if err != nil {
		return nil, err
	}
	a.cfg, a.hyper.WeightedSum = cfg, cfg.WeightedSum
	return a, nil
}

// NewSWA returns the equal-weight running mean of the values of params (an optimizer's) over the Updates, torch's
// AveragedModel with its default avg_fn: avg + (w − avg)/(n + 1) after n updates (kernels.SWA).
func NewSWA[F kernels.Float](params []*Param[F]) (*Average[F], error) {
	return newAverage[F]("SWA", params)
}

func newAverage[F kernels.Float](kind string, params []*Param[F]) (*Average[F], error) {
	lens, err := checkParams(params)
	if err != nil {
		return nil, err
	}
	a := &Average[F]{kind: kind, params: params, lens: lens, avg: make([][]F, len(params))}
	for i, n := range lens {
		a.avg[i] = make([]F, n)
	}
	return a, nil
}

// Update folds the parameters' current values into the average: the first Update copies them. It returns an
// error, and changes nothing, while the averages are swapped in, if a parameter was resized since the Average was
// made, or if the count is already math.MaxInt.
func (a *Average[F]) Update() error {
	if err := a.usable("Update"); err != nil {
		return err
	}
	if a.n == math.MaxInt {
		return fmt.Errorf("optim: %s: Update: %d updates, the most there can be", a.kind, a.n)
	}
	a.hyper.Decay = a.cfg.decay(a.n)
	for i, p := range a.params {
		switch {
		case a.n == 0:
			copy(a.avg[i], p.Value)
		case a.kind == "SWA":
			kernels.SWA(a.n, a.avg[i], p.Value)
		default:
			kernels.EMA(&a.hyper, a.avg[i], p.Value)
		}
	}
	a.n++
	return nil
}

// usable returns the error that stops op: the averages swapped in, or a parameter resized.
func (a *Average[F]) usable(op string) error {
	if a == nil || a.params == nil {
		return fmt.Errorf("optim: %s on a nil or zero Average (make one with NewEMA or NewSWA)", op)
	}
	if a.swapped {
		return fmt.Errorf("optim: %s: %s while the averages are swapped in (Swap back first)", a.kind, op)
	}
	return checkUnchanged(a.params, a.lens)
}

// Count returns the number of Updates so far: torch's n_averaged (0 for a nil Average).
func (a *Average[F]) Count() int {
	if a == nil {
		return 0
	}
	return a.n
}

// Averaged returns the average of the named parameter: the Average's own buffer, to read, not to write. While
// the averages are swapped in, it holds the parameter's trained values.
func (a *Average[F]) Averaged(name string) ([]F, error) {
	if a == nil || a.params == nil {
		return nil, errors.New("optim: Averaged on a nil or zero Average (make one with NewEMA or NewSWA)")
	}
	for i, p := range a.params {
		if p.Name == name {
			return a.avg[i], nil
		}
	}
	return nil, fmt.Errorf("optim: %s: Averaged: no parameter %q", a.kind, name)
}

// Swap exchanges the parameters' values with their averages, element by element: after it the parameters hold
// the averages (to evaluate them) and the Average holds the trained values; a second Swap restores both. Update
// and saving refuse while they are swapped. It returns an error, and changes nothing, before the first Update or
// if a parameter was resized.
func (a *Average[F]) Swap() error {
	if a == nil || a.params == nil {
		return errors.New("optim: Swap on a nil or zero Average (make one with NewEMA or NewSWA)")
	}
	if err := checkUnchanged(a.params, a.lens); err != nil {
		return err
	}
	if a.n == 0 {
		return fmt.Errorf("optim: %s: Swap before the first Update: there is no average yet", a.kind)
	}
	for i, p := range a.params {
		for j, x := range a.avg[i] {
			a.avg[i][j], p.Value[j] = p.Value[j], x
		}
	}
	a.swapped = !a.swapped
	return nil
}

// Swapped reports whether the parameters hold the averages (an odd number of Swaps; false for a nil Average).
func (a *Average[F]) Swapped() bool { return a != nil && a.swapped }

// CopyTo sets the parameters' values to the averages, to keep them at the end of training. It returns an error,
// and changes nothing, before the first Update, while the averages are swapped in (the parameters already hold
// them), or if a parameter was resized.
func (a *Average[F]) CopyTo() error {
	if err := a.usable("CopyTo"); err != nil {
		return err
	}
	if a.n == 0 {
		return fmt.Errorf("optim: %s: CopyTo before the first Update: there is no average yet", a.kind)
	}
	for i, p := range a.params {
		copy(p.Value, a.avg[i])
	}
	return nil
}
