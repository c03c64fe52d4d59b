package optim

import (
	"math"
	"strings"
	"testing"
)

// plateauMetrics is a loss that improves, stalls and worsens, so that reductions and cooldowns happen.
func plateauMetrics() []float64 {
	var m []float64
	for k := range 60 {
		m = append(m, 1/(1+0.1*float64(min(k, 15)))+0.01*math.Sin(float64(k)))
	}
	return m
}

func plateauCfg() PlateauConfig {
	c := DefaultPlateau()
	c.Patience, c.Factor, c.Cooldown, c.MinLRs = 2, 0.5, 2, []float64{1e-3, 0}
	return c
}

func TestPlateauState(t *testing.T) {
	metrics := plateauMetrics()
	opt := newFakeOpt(0.1, 0.02)
	r, err := NewReduceLROnPlateau(opt, plateauCfg())
	if err != nil {
		t.Fatal(err)
	}
	if st := r.State(); st.Epoch != 0 || !math.IsInf(st.Best, 1) || st.BadEpochs != 0 || st.Cooldown != 0 ||
		st.LRs[0] != 0.1 || st.LRs[1] != 0.02 {
		t.Fatalf("initial State()=%+v", st)
	}
	var mid PlateauState
	for k, m := range metrics {
		if k == 25 {
			mid = r.State()
		}
		if err := r.Step(m); err != nil {
			t.Fatal(err)
		}
	}
	if opt.lrs[0] == 0.1 || opt.lrs[1] == 0.02 {
		t.Fatalf("no reduction happened: %v", opt.lrs)
	}
	if mid.Cooldown == 0 && mid.BadEpochs == 0 {
		t.Fatalf("the state at epoch 25 exercises nothing: %+v", mid)
	}

	// Resume from epoch 25 on a fresh optimizer whose rates are wherever it starts.
	opt2 := newFakeOpt(5, 5)
	r2, err := NewReduceLROnPlateau(opt2, plateauCfg())
	if err != nil {
		t.Fatal(err)
	}
	if err := r2.SetState(mid); err != nil {
		t.Fatal(err)
	}
	for _, m := range metrics[25:] {
		if err := r2.Step(m); err != nil {
			t.Fatal(err)
		}
	}
	a, b := r.State(), r2.State()
	if a.Epoch != b.Epoch || a.Best != b.Best || a.BadEpochs != b.BadEpochs || a.Cooldown != b.Cooldown ||
		a.LRs[0] != b.LRs[0] || a.LRs[1] != b.LRs[1] {
		t.Fatalf("resumed run ends at %+v, the whole run at %+v", b, a)
	}

	for _, bad := range []PlateauState{
		{Epoch: -1, Best: 1, LRs: []float64{1, 1}},
		{BadEpochs: -1, Best: 1, LRs: []float64{1, 1}},
		{Cooldown: -1, Best: 1, LRs: []float64{1, 1}},
		{Best: math.NaN(), LRs: []float64{1, 1}},
		{Best: 1, LRs: []float64{1}},
		{Best: 1, LRs: []float64{1, -1}},
	} {
		before := r2.State()
		if err := r2.SetState(bad); err == nil {
			t.Errorf("SetState(%+v) accepted", bad)
		}
		if after := r2.State(); after.Epoch != before.Epoch || after.LRs[0] != before.LRs[0] || after.LRs[1] != before.LRs[1] {
			t.Errorf("SetState(%+v) failed but changed the state", bad)
		}
	}
}

func TestPlateauUndoesRejectedReduction(t *testing.T) {
	c := DefaultPlateau()
	c.Patience, c.Cooldown = 0, 3
	opt := newFakeOpt(0.1, 0.2)
	r, err := NewReduceLROnPlateau(opt, c)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Step(1); err != nil {
		t.Fatal(err)
	}
	before := r.State()
	opt.reject = 1
	err = r.Step(2) // a bad epoch beyond a patience of 0: reduce
	if err == nil || !strings.Contains(err.Error(), "group 1") || !strings.Contains(err.Error(), "epoch 2") {
		t.Fatalf("Step with a rejecting optimizer: %v", err)
	}
	after := r.State()
	if after.Epoch != before.Epoch || after.BadEpochs != before.BadEpochs || after.Cooldown != before.Cooldown ||
		opt.lrs[0] != 0.1 || opt.lrs[1] != 0.2 {
		t.Fatalf("after a rejected reduction: %+v, rates %v; want %+v and [0.1 0.2]", after, opt.lrs, before)
	}
	opt.reject = -1
	if err := r.Step(2); err != nil || !schedTol(opt.lrs[0], 0.01) || !schedTol(opt.lrs[1], 0.02) ||
		r.State().Cooldown != 3 {
		t.Fatalf("retry: %v, rates %v, state %+v", err, opt.lrs, r.State())
	}
}

func TestPlateauNaNMetricIsBad(t *testing.T) {
	c := DefaultPlateau()
	c.Patience = 1
	opt := newFakeOpt(0.1)
	r, err := NewReduceLROnPlateau(opt, c)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []float64{1, math.NaN(), math.NaN()} {
		if err := r.Step(m); err != nil {
			t.Fatal(err)
		}
	}
	if st := r.State(); st.Best != 1 || !schedTol(opt.lrs[0], 0.01) {
		t.Fatalf("after two NaN metrics with patience 1: best %v, rate %v; want 1 and 0.01", st.Best, opt.lrs[0])
	}
}

func TestPlateauKeepsNoCallerSlice(t *testing.T) {
	c := DefaultPlateau()
	c.Patience, c.MinLRs = 0, []float64{0.05}
	opt := newFakeOpt(0.1)
	r, err := NewReduceLROnPlateau(opt, c)
	if err != nil {
		t.Fatal(err)
	}
	c.MinLRs[0] = 0
	for _, m := range []float64{1, 2, 3, 4} {
		if err := r.Step(m); err != nil {
			t.Fatal(err)
		}
	}
	if opt.lrs[0] != 0.05 {
		t.Fatalf("rate %v, want the floor 0.05 given at construction", opt.lrs[0])
	}
}
