package optim

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
)

// fakeOpt is the smallest LRGroups: a rate per group, and optionally a group whose SetLR fails, to test that
// schedulers undo a partly applied step.
type fakeOpt struct {
	lrs    []float64
	reject int // the group whose SetLR fails, or -1
}

func newFakeOpt(lrs ...float64) *fakeOpt {
	return &fakeOpt{lrs: append([]float64(nil), lrs...), reject: -1}
}

func (o *fakeOpt) NumGroups() int       { return len(o.lrs) }
func (o *fakeOpt) LR(group int) float64 { return o.lrs[group] }
func (o *fakeOpt) SetLR(group int, lr float64) error {
	if group == o.reject {
		return errors.New("fake: rejected")
	}
	o.lrs[group] = lr
	return nil
}

// schedTol is the bound every comparison with a reference rate uses: |got − want| ≤ 1e-12·|want| + 1e-15.
func schedTol(got, want float64) bool {
	return math.Abs(got-want) <= 1e-12*math.Abs(want)+1e-15
}

func relErr(got, want float64) float64 {
	if got == want {
		return 0
	}
	return math.Abs(got-want) / math.Abs(want)
}

func must(s Schedule, err error) Schedule {
	if err != nil {
		panic(err)
	}
	return s
}

func TestSchedulerFollowsSchedule(t *testing.T) {
	s := must(StepLR(3, 0.5))
	opt := newFakeOpt(0.1, 0.02)
	sc, err := NewScheduler(opt, s)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 10; k++ {
		if sc.StepCount() != k {
			t.Fatalf("StepCount()=%d, want %d", sc.StepCount(), k)
		}
		for g, base := range []float64{0.1, 0.02} {
			want := base * math.Pow(0.5, float64(k/3))
			if opt.LR(g) != want {
				t.Fatalf("step %d group %d: rate %v, want %v", k, g, opt.LR(g), want)
			}
		}
		if err := sc.Step(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestSchedulerState(t *testing.T) {
	s := must(CosineAnnealingLR(20, 1e-4))
	opt := newFakeOpt(0.1, 0.02)
	sc, err := NewScheduler(opt, s)
	if err != nil {
		t.Fatal(err)
	}
	for range 7 {
		if err := sc.Step(); err != nil {
			t.Fatal(err)
		}
	}
	st := sc.State()
	if st.Step != 7 || len(st.BaseLRs) != 2 || st.BaseLRs[0] != 0.1 || st.BaseLRs[1] != 0.02 {
		t.Fatalf("State()=%+v", st)
	}
	st.BaseLRs[0] = 5 // State returns a copy
	if sc.State().BaseLRs[0] != 0.1 {
		t.Fatal("State shares its BaseLRs with the Scheduler")
	}
	st.BaseLRs[0] = 0.1

	// A new run resumes: its optimizer starts elsewhere, the state brings back the bases and the step.
	opt2 := newFakeOpt(0.7, 0.7)
	sc2, err := NewScheduler(opt2, s)
	if err != nil {
		t.Fatal(err)
	}
	if err := sc2.SetState(st); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if err := sc.Step(); err != nil {
			t.Fatal(err)
		}
		if err := sc2.Step(); err != nil {
			t.Fatal(err)
		}
		if opt.lrs[0] != opt2.lrs[0] || opt.lrs[1] != opt2.lrs[1] || sc.StepCount() != sc2.StepCount() {
			t.Fatalf("resumed run differs: %v (step %d) vs %v (step %d)", opt2.lrs, sc2.StepCount(), opt.lrs, sc.StepCount())
		}
	}

	for _, bad := range []SchedulerState{
		{Step: -1, BaseLRs: []float64{1, 1}},
		{Step: 1, BaseLRs: []float64{1}},
		{Step: 1, BaseLRs: []float64{1, math.NaN()}},
		{Step: 1, BaseLRs: []float64{-1, 1}},
	} {
		before := sc2.State()
		lrs := append([]float64(nil), opt2.lrs...)
		if err := sc2.SetState(bad); err == nil {
			t.Errorf("SetState(%+v) accepted", bad)
		}
		if after := sc2.State(); after.Step != before.Step || after.BaseLRs[0] != before.BaseLRs[0] ||
			opt2.lrs[0] != lrs[0] || opt2.lrs[1] != lrs[1] {
			t.Errorf("SetState(%+v) failed but changed the state or rates", bad)
		}
	}
}

func TestSchedulerUndoesRejectedStep(t *testing.T) {
	opt := newFakeOpt(0.1, 0.2, 0.3)
	sc, err := NewScheduler(opt, must(ExponentialLR(0.5)))
	if err != nil {
		t.Fatal(err)
	}
	if err := sc.Step(); err != nil {
		t.Fatal(err)
	}
	opt.reject = 2
	err = sc.Step()
	if err == nil || !strings.Contains(err.Error(), "group 2") || !strings.Contains(err.Error(), "fake: rejected") {
		t.Fatalf("Step with a rejecting optimizer: %v", err)
	}
	if sc.StepCount() != 1 || opt.lrs[0] != 0.05 || opt.lrs[1] != 0.1 || opt.lrs[2] != 0.15 {
		t.Fatalf("after a rejected step: StepCount()=%d, rates %v, want 1 and [0.05 0.1 0.15]", sc.StepCount(), opt.lrs)
	}
	// The rejection changes nothing on the base rates either: a retry continues the schedule.
	opt.reject = -1
	if err := sc.Step(); err != nil || opt.lrs[2] != 0.3*0.25 {
		t.Fatalf("retry: %v, rates %v", err, opt.lrs)
	}

	// A rejected first step leaves the optimizer's rates alone.
	opt = newFakeOpt(0.1, 0.2)
	opt.reject = 1
	if _, err := NewScheduler(opt, must(ConstantLR(0.5, 3))); err == nil || opt.lrs[0] != 0.1 {
		t.Fatalf("NewScheduler with a rejecting optimizer: %v, rates %v", err, opt.lrs)
	}
}

func TestScheduleStepAllocs(t *testing.T) {
	warm := must(LinearLR(0.01, 1, 10))
	scheds := map[string]Schedule{
		"Constant":          Constant(),
		"ConstantLR":        must(ConstantLR(0.5, 10)),
		"StepLR":            must(StepLR(7, 0.5)),
		"MultiStepLR":       must(MultiStepLR([]int{10, 20, 30}, 0.5)),
		"ExponentialLR":     must(ExponentialLR(0.99)),
		"CosineAnnealingLR": must(CosineAnnealingLR(100, 1e-4)),
		"LinearLR":          warm,
		"PolynomialLR":      must(PolynomialLR(100, 2)),
		"OneCycleLR":        must(OneCycleLR(DefaultOneCycle(1000))),
		"SequentialLR":      must(SequentialLR([]Schedule{warm, must(CosineAnnealingLR(90, 0))}, []int{10})),
		"Chain":             must(Chain(warm, must(ExponentialLR(0.99)))),
		"InverseTimeDecay":  must(InverseTimeDecay(0.1)),
		"PowerDecay":        must(PowerDecay(0.5)),
		"VWDecay":           must(VWDecay(10, 0.5)),
	}
	for name, s := range scheds {
		sc, err := NewScheduler(newFakeOpt(0.1, 0.01, 1e-3), s)
		if err != nil {
			t.Fatal(err)
		}
		if a := testing.AllocsPerRun(200, func() {
			if err := sc.Step(); err != nil {
				t.Fatal(err)
			}
		}); a != 0 {
			t.Errorf("%s: %v allocations per Scheduler.Step, want 0", name, a)
		}
	}

	c := DefaultPlateau()
	c.Patience, c.Cooldown = 1, 1
	r, err := NewReduceLROnPlateau(newFakeOpt(0.1, 0.01), c)
	if err != nil {
		t.Fatal(err)
	}
	m := 1.0
	if a := testing.AllocsPerRun(200, func() {
		m += 0.1 // never improves, so the rates are reduced every other epoch
		if err := r.Step(m); err != nil {
			t.Fatal(err)
		}
	}); a != 0 {
		t.Errorf("%v allocations per ReduceLROnPlateau.Step, want 0", a)
	}
}

// TestScheduleShapes checks the landmarks each schedule's documentation promises.
func TestScheduleShapes(t *testing.T) {
	const base = 0.4
	check := func(name string, s Schedule, step int, want float64) {
		t.Helper()
		if got := s.Rate(base, step); !schedTol(got, want) {
			t.Errorf("%s at t=%d: %v, want %v", name, step, got, want)
		}
	}
	cos := must(CosineAnnealingLR(50, 0.01))
	check("cosine", cos, 0, base)
	check("cosine", cos, 25, (base+0.01)/2)
	check("cosine", cos, 50, 0.01)
	check("cosine past tMax", cos, 100, base)
	check("cosine past tMax", cos, 150, 0.01)

	oc := must(OneCycleLR(DefaultOneCycle(100))) // phases end at 29 and 99
	check("OneCycleLR", oc, 0, base/25)
	check("OneCycleLR", oc, 29, base)
	check("OneCycleLR", oc, 99, base/25/1e4)
	check("OneCycleLR past the end", oc, 100, base/25/1e4)
	check("OneCycleLR past the end", oc, 1<<40, base/25/1e4)
	c := DefaultOneCycle(100)
	c.ThreePhase, c.LinearAnneal = true, true // phases end at 29, 58 and 99
	oc3 := must(OneCycleLR(c))
	check("OneCycleLR three phases", oc3, 0, base/25)
	check("OneCycleLR three phases", oc3, 29, base)
	check("OneCycleLR three phases", oc3, 58, base/25)
	check("OneCycleLR three phases", oc3, 99, base/25/1e4)
	check("OneCycleLR three phases past the end", oc3, 150, base/25/1e4)
	// Without warmup the first two phases end before step 0 (at −1 and −2), so the first step is already 2/101 of
	// the way through the last.
	c.PctStart = 0
	check("OneCycleLR without warmup", must(OneCycleLR(c)), 0, base/25+(base/25/1e4-base/25)*2/101)

	seq := must(SequentialLR([]Schedule{Constant(), must(ExponentialLR(0.5))}, []int{3}))
	check("SequentialLR before the milestone", seq, 2, base)
	check("SequentialLR at the milestone", seq, 3, base)
	check("SequentialLR after the milestone", seq, 5, base/4)

	poly := must(PolynomialLR(10, 2))
	check("PolynomialLR", poly, 5, base/4)
	check("PolynomialLR at totalIters", poly, 10, 0)
	check("PolynomialLR past totalIters", poly, 11, 0)

	lin := must(LinearLR(0.25, 0.75, 4))
	check("LinearLR", lin, 0, base/4)
	check("LinearLR", lin, 2, base/2)
	check("LinearLR past totalIters", lin, 9, base*3/4)

	ms := must(MultiStepLR([]int{2, 5, 5}, 0.5))
	for step, want := range []float64{base, base, base / 2, base / 2, base / 2, base / 8, base / 8} {
		check("MultiStepLR", ms, step, want)
	}
	check("ConstantLR", must(ConstantLR(0.5, 3)), 2, base/2)
	check("ConstantLR", must(ConstantLR(0.5, 3)), 3, base)
	check("Constant", Constant(), 1<<40, base)
}

// TestOneCycleMomentumCheckpoint: a checkpoint of an Adam and its momentum-cycling Scheduler, loaded into a fresh
// pair mid-cycle, restores the rate and β1 of the step, and the two runs go on with the same bits.
func TestOneCycleMomentumCheckpoint(t *testing.T) {
	c := DefaultOneCycle(40)
	c.CycleMomentum, c.MaxLR, c.ThreePhase = true, 0.05, true
	newRun := func() ([]*Param[float64], *Adam[float64], *Scheduler) {
		ps := []*Param[float64]{{Name: "w", Value: []float64{1, -2, 3}, Grad: make([]float64, 3)}}
		o, err := NewAdam(ps, DefaultAdam())
		if err != nil {
			t.Fatal(err)
		}
		s, err := NewScheduler(o, must(OneCycleLR(c)))
		if err != nil {
			t.Fatal(err)
		}
		return ps, o, s
	}
	step := func(ps []*Param[float64], o *Adam[float64], s *Scheduler) {
		for i, w := range ps[0].Value {
			ps[0].Grad[i] = float64(0.5*w) - 1
		}
		if err := o.Step(); err != nil {
			t.Fatal(err)
		}
		if err := s.Step(); err != nil {
			t.Fatal(err)
		}
	}
	ps, o, s := newRun()
	for range 13 {
		step(ps, o, s)
	}
	var buf bytes.Buffer
	if err := SaveCheckpoint(&buf, o, s); err != nil {
		t.Fatal(err)
	}
	qs, p, r := newRun()
	if p.Momentum(0) == o.Momentum(0) {
		t.Fatal("the fresh run has the same β1: the test would prove nothing")
	}
	if err := LoadCheckpoint(&buf, p, r); err != nil {
		t.Fatal(err)
	}
	if p.Momentum(0) != o.Momentum(0) || p.LR(0) != o.LR(0) {
		t.Fatalf("restored β1 %v, rate %v; saved %v, %v", p.Momentum(0), p.LR(0), o.Momentum(0), o.LR(0))
	}
	for range 20 {
		step(ps, o, s)
		step(qs, p, r)
	}
	if !slices.Equal(ps[0].Value, qs[0].Value) {
		t.Fatalf("after the restore: %v, uninterrupted %v", qs[0].Value, ps[0].Value)
	}
}
