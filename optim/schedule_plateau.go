package optim

import (
	"fmt"
	"math"
	"slices"
)

// PlateauConfig holds the parameters of ReduceLROnPlateau, with torch.optim.lr_scheduler.ReduceLROnPlateau's
// meanings. Start from DefaultPlateau: the zero value is rejected rather than read as a Factor of 0.
type PlateauConfig struct {
	Maximize     bool      // the metric should rise, as an accuracy (PyTorch's mode="max"); otherwise fall, as a loss
	Factor       float64   // each reduction multiplies the rate by Factor, in (0, 1)
	Patience     int       // epochs without improvement tolerated; the next one reduces the rate; ≥ 0
	Threshold    float64   // the improvement that counts (below), finite and ≥ 0, and < 1 unless AbsThreshold
	AbsThreshold bool      // improve by Threshold itself (PyTorch's threshold_mode="abs"), not by Threshold·best
	Cooldown     int       // epochs after a reduction during which no bad epoch is counted, ≥ 0
	MinLR        float64   // no reduction goes below MinLR, finite and ≥ 0
	MinLRs       []float64 // a bound per parameter group instead of MinLR, if not nil: one per group, each as MinLR
	Eps          float64   // a reduction smaller than Eps is skipped, finite and ≥ 0
}

// DefaultPlateau returns PyTorch's defaults: minimize, Factor 0.1, Patience 10, relative Threshold 1e-4, no
// cooldown, MinLR 0, Eps 1e-8.
func DefaultPlateau() PlateauConfig {
	return PlateauConfig{Factor: 0.1, Patience: 10, Threshold: 1e-4, Eps: 1e-8}
}

// ReduceLROnPlateau is PyTorch's ReduceLROnPlateau: it lowers the learning rates when a metric (a validation loss,
// say) stops improving, and is fed that metric once per epoch through Step.
//
// A metric m improves on the best so far when, minimizing, m < best·(1 − Threshold), or m < best − Threshold with
// AbsThreshold; maximizing, m > best·(1 + Threshold), or m > best + Threshold. (As in PyTorch the relative test
// scales best, not |best|: with a negative best it takes a slightly worse metric for an improvement.) A NaN metric never
// improves. Each epoch that does not improve is a bad epoch, except during a cooldown, which clears the count; when
// more than Patience bad epochs have been counted, every group's rate becomes max(rate·Factor, its MinLR) unless
// that lowers it by Eps or less, the count restarts and a cooldown of Cooldown epochs begins.
//
// Unlike a Scheduler it works from each group's current rate, read from the optimizer when it reduces it.
type ReduceLROnPlateau struct {
	opt           LRGroups
	cfg           PlateauConfig
	minLRs        []float64
	before, after []float64 // the rates around a reduction, so that a rejected one can be undone
	st            PlateauState
}

// PlateauState is a ReduceLROnPlateau's position, for a checkpoint. Best is +Inf (−Inf when maximizing) until the
// first metric: encoding/json cannot write infinities, so a JSON checkpoint must encode it another way.
type PlateauState struct {
	Epoch     int       // metrics seen so far (PyTorch's last_epoch)
	Best      float64   // the best metric so far (PyTorch's best)
	BadEpochs int       // bad epochs counted since the last improvement, reduction or cooldown (num_bad_epochs)
	Cooldown  int       // epochs of cooldown left (cooldown_counter)
	LRs       []float64 // each group's current rate
}

// NewReduceLROnPlateau validates cfg against the optimizer and starts with no metric seen. It does not change any
// rate.
func NewReduceLROnPlateau(opt LRGroups, cfg PlateauConfig) (*ReduceLROnPlateau, error) {
	if isNil(opt) {
		return nil, fmt.Errorf("optim: ReduceLROnPlateau: nil optimizer")
	}
	maxThreshold := 1.0
	if cfg.AbsThreshold {
		maxThreshold = math.Inf(1)
	}
	if err := schedFirst(
		schedFloat("ReduceLROnPlateau", "Factor", cfg.Factor, 0, 1, true, true),
		schedMinInt("ReduceLROnPlateau", "Patience", cfg.Patience, 0),
		// A relative threshold of 1 or more would ask a minimized metric to fall below 0·best or less.
		schedFloat("ReduceLROnPlateau", "Threshold", cfg.Threshold, 0, maxThreshold, false, !cfg.AbsThreshold),
		schedMinInt("ReduceLROnPlateau", "Cooldown", cfg.Cooldown, 0),
		schedNonNegative("ReduceLROnPlateau", "MinLR", cfg.MinLR),
		schedNonNegative("ReduceLROnPlateau", "Eps", cfg.Eps),
	); err != nil {
		return nil, err
	}
	n := opt.NumGroups()
	if n < 1 {
		return nil, fmt.Errorf("optim: ReduceLROnPlateau: the optimizer has %d parameter groups, want ≥ 1", n)
	}
	minLRs := slices.Repeat([]float64{cfg.MinLR}, n)
	if cfg.MinLRs != nil {
		if len(cfg.MinLRs) != n {
			return nil, fmt.Errorf("optim: ReduceLROnPlateau: %d MinLRs for %d parameter groups", len(cfg.MinLRs), n)
		}
		for g, v := range cfg.MinLRs {
			if err := schedNonNegative("ReduceLROnPlateau", fmt.Sprintf("MinLRs[%d]", g), v); err != nil {
				return nil, err
			}
		}
		copy(minLRs, cfg.MinLRs)
	}
	cfg.MinLRs = nil // minLRs holds them; the caller's slice is not kept
	r := &ReduceLROnPlateau{opt: opt, cfg: cfg, minLRs: minLRs, before: make([]float64, n), after: make([]float64, n)}
	r.st.Best = r.worst()
	return r, nil
}

// worst is the best metric before any is seen: every finite metric improves on it.
func (r *ReduceLROnPlateau) worst() float64 {
	if r.cfg.Maximize {
		return math.Inf(-1)
	}
	return math.Inf(1)
}

// Step takes the metric of the epoch just finished, and reduces the rates if it completes a plateau. It allocates
// nothing. If the optimizer rejects a reduced rate, or the epoch count is already math.MaxInt, Step returns an error
// and leaves every rate and counter as they were.
func (r *ReduceLROnPlateau) Step(metric float64) error {
	if r.st.Epoch == math.MaxInt {
		// Only SetState or a forged checkpoint gets here. Counting on would wrap to a negative epoch, a State that
		// SetState rejects.
		return fmt.Errorf("optim: ReduceLROnPlateau: the epoch count is at its largest, %d", r.st.Epoch)
	}
	st := r.st
	st.Epoch++
	if r.improves(metric, st.Best) {
		st.Best, st.BadEpochs = metric, 0
	} else {
		st.BadEpochs++
	}
	if st.Cooldown > 0 {
		st.Cooldown--
		st.BadEpochs = 0
	}
	if st.BadEpochs > r.cfg.Patience {
		if err := r.reduce(); err != nil {
			return fmt.Errorf("optim: ReduceLROnPlateau: epoch %d: %w", st.Epoch, err)
		}
		st.Cooldown, st.BadEpochs = r.cfg.Cooldown, 0
	}
	r.st = st
	return nil
}

func (r *ReduceLROnPlateau) improves(m, best float64) bool {
	switch {
	case r.cfg.Maximize && r.cfg.AbsThreshold:
		return m > best+r.cfg.Threshold
	case r.cfg.Maximize:
		return m > best*(1+r.cfg.Threshold)
	case r.cfg.AbsThreshold:
		return m < best-r.cfg.Threshold
	default:
		return m < best*(1-r.cfg.Threshold)
	}
}

// reduce lowers every group's rate by Factor, down to its MinLR, skipping a change of Eps or less.
func (r *ReduceLROnPlateau) reduce() error {
	for g := range r.before {
		r.before[g] = r.opt.LR(g)
		r.after[g] = r.before[g]
		if lr := max(r.before[g]*r.cfg.Factor, r.minLRs[g]); r.before[g]-lr > r.cfg.Eps {
			r.after[g] = lr
		}
	}
	return r.set()
}

// set gives every group its rate in r.after, or restores those in r.before and returns the optimizer's error.
func (r *ReduceLROnPlateau) set() error {
	for g, lr := range r.after {
		if lr == r.before[g] {
			continue
		}
		if err := r.opt.SetLR(g, lr); err != nil {
			for h := range g {
				// The optimizer held these rates a moment ago, so it accepts them again.
				_ = r.opt.SetLR(h, r.before[h])
			}
			return fmt.Errorf("group %d: %w", g, err)
		}
	}
	return nil
}

// State returns the position, with each group's current rate, to save in a checkpoint.
func (r *ReduceLROnPlateau) State() PlateauState {
	st := r.st
	st.LRs = make([]float64, len(r.before))
	for g := range st.LRs {
		st.LRs[g] = r.opt.LR(g)
	}
	return st
}

// SetState restores a position from State, setting every group's rate to st.LRs. It returns an error, and changes
// nothing, if st does not fit (another number of groups, a negative count, a NaN Best, a rate that is negative or
// not finite) or the optimizer rejects a rate.
func (r *ReduceLROnPlateau) SetState(st PlateauState) error {
	if err := r.checkState(st); err != nil {
		return fmt.Errorf("optim: ReduceLROnPlateau: SetState: %w", err)
	}
	for g := range st.LRs {
		r.before[g] = r.opt.LR(g)
	}
	copy(r.after, st.LRs)
	if err := r.set(); err != nil {
		return fmt.Errorf("optim: ReduceLROnPlateau: SetState: %w", err)
	}
	st.LRs = nil
	r.st = st
	return nil
}

// checkState rejects a position that does not fit: another number of groups, a negative count, a NaN Best, or a rate
// that is negative or not finite.
func (r *ReduceLROnPlateau) checkState(st PlateauState) error {
	switch {
	case st.Epoch < 0 || st.BadEpochs < 0 || st.Cooldown < 0:
		return fmt.Errorf("state Epoch=%d, BadEpochs=%d, Cooldown=%d, want each ≥ 0", st.Epoch, st.BadEpochs, st.Cooldown)
	case math.IsNaN(st.Best):
		return fmt.Errorf("state Best is NaN")
	case len(st.LRs) != len(r.before):
		return fmt.Errorf("%d rates for %d parameter groups", len(st.LRs), len(r.before))
	}
	for g, lr := range st.LRs {
		if err := schedCheckRate(lr); err != nil {
			return fmt.Errorf("LRs[%d]: %w", g, err)
		}
	}
	return nil
}
