package optim

import (
	"fmt"
	"slices"
)

// SequentialLR returns PyTorch's SequentialLR: schedules[0] up to the first milestone, then each next schedule from
// its milestone on, restarted there: with m_0 = 0 and i the number of milestones ≤ t,
// η_t = schedules[i].Rate(base, t − m_i). It is the usual way to put a warmup before a decay, e.g.
// SequentialLR([]Schedule{warmup, cosine}, []int{w}) with warmup a LinearLR over w steps. There must be one
// milestone fewer than schedules, each ≥ 1 and strictly increasing. The slices are copied.
func SequentialLR(schedules []Schedule, milestones []int) (Schedule, error) {
	if err := schedList("SequentialLR", schedules); err != nil {
		return nil, err
	}
	if len(milestones) != len(schedules)-1 {
		return nil, fmt.Errorf("optim: SequentialLR: %d milestones for %d schedules, want %d",
			len(milestones), len(schedules), len(schedules)-1)
	}
	if err := schedMilestones("SequentialLR", milestones, true); err != nil {
		return nil, err
	}
	return sequentialLR{slices.Clone(schedules), slices.Clone(milestones)}, nil
}

type sequentialLR struct {
	schedules  []Schedule
	milestones []int
}

func (s sequentialLR) Rate(base float64, t int) float64 {
	i, _ := slices.BinarySearch(s.milestones, t+1)
	if i > 0 {
		t -= s.milestones[i-1]
	}
	return s.schedules[i].Rate(base, t)
}

// Chain returns PyTorch's ChainedScheduler: every schedule applied at each step, each to the rate the one before it
// gives, η_t = s_n(…s_2(s_1(base, t), t)…, t). For schedules that scale their base rate (every schedule in this
// package except a CosineAnnealingLR with etaMin > 0) that is the product of their factors,
// η_t = base·Π_i s_i(1, t), which is what PyTorch's chain of recursive updates computes. A CosineAnnealingLR with
// etaMin > 0 anneals from the rate the schedules before it give to etaMin; PyTorch's recursion follows no closed
// form there. The slice is copied.
func Chain(schedules ...Schedule) (Schedule, error) {
	if err := schedList("Chain", schedules); err != nil {
		return nil, err
	}
	return chain(slices.Clone(schedules)), nil
}

type chain []Schedule

func (c chain) Rate(base float64, t int) float64 {
	for _, s := range c {
		base = s.Rate(base, t)
	}
	return base
}

func schedList(sched string, schedules []Schedule) error {
	if len(schedules) == 0 {
		return fmt.Errorf("optim: %s: no schedules", sched)
	}
	for i, s := range schedules {
		if s == nil {
			return fmt.Errorf("optim: %s: schedules[%d] is nil", sched, i)
		}
	}
	return nil
}
