package optim

import (
	"errors"
	"fmt"
	"math"
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

// badRate is a schedule that gives an unusable rate from step 2 on.
type badRate float64

func (b badRate) Rate(base float64, t int) float64 {
	if t >= 2 {
		return float64(b)
	}
	return base
}

func TestSchedulerRejectsBadRates(t *testing.T) {
	for _, r := range []float64{math.NaN(), math.Inf(1), -1e-3} {
		opt := newFakeOpt(0.1)
		sc, err := NewScheduler(opt, badRate(r))
		if err != nil {
			t.Fatal(err)
		}
		if err := sc.Step(); err != nil {
			t.Fatal(err)
		}
		err = sc.Step()
		if err == nil || !strings.Contains(err.Error(), fmt.Sprint(r)) {
			t.Errorf("rate %v: Step error %v", r, err)
		}
		if sc.StepCount() != 1 || opt.lrs[0] != 0.1 {
			t.Errorf("rate %v: the failed step moved the scheduler to %d or the rate to %v", r, sc.StepCount(), opt.lrs[0])
		}
	}
	if _, err := NewScheduler(newFakeOpt(0.1, math.NaN()), Constant()); err == nil {
		t.Error("NewScheduler accepted a NaN base rate")
	}
	if _, err := NewScheduler(newFakeOpt(), Constant()); err == nil {
		t.Error("NewScheduler accepted an optimizer without groups")
	}
	if _, err := NewScheduler(nil, Constant()); err == nil {
		t.Error("NewScheduler accepted a nil optimizer")
	}
	if _, err := NewScheduler(newFakeOpt(0.1), nil); err == nil {
		t.Error("NewScheduler accepted a nil schedule")
	}
}

// TestScheduleValidation checks that every constructor rejects values outside its range with an error naming the
// schedule, the parameter and the value.
func TestScheduleValidation(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	cos := must(CosineAnnealingLR(10, 0))
	oc := func(f func(*OneCycleConfig)) func() (Schedule, error) {
		return func() (Schedule, error) {
			c := DefaultOneCycle(100)
			f(&c)
			return OneCycleLR(c)
		}
	}
	seq := func(list []Schedule, m []int) func() (Schedule, error) {
		return func() (Schedule, error) { return SequentialLR(list, m) }
	}
	cases := []struct {
		mk    func() (Schedule, error)
		words []string // all must appear in the error
	}{
		{func() (Schedule, error) { return ConstantLR(0, 5) }, []string{"ConstantLR", "factor=0"}},
		{func() (Schedule, error) { return ConstantLR(1.5, 5) }, []string{"ConstantLR", "factor=1.5"}},
		{func() (Schedule, error) { return ConstantLR(nan, 5) }, []string{"ConstantLR", "factor=NaN"}},
		{func() (Schedule, error) { return ConstantLR(0.5, 0) }, []string{"ConstantLR", "totalIters=0"}},
		{func() (Schedule, error) { return StepLR(0, 0.1) }, []string{"StepLR", "stepSize=0"}},
		{func() (Schedule, error) { return StepLR(-3, 0.1) }, []string{"StepLR", "stepSize=-3"}},
		{func() (Schedule, error) { return StepLR(3, 0) }, []string{"StepLR", "gamma=0"}},
		{func() (Schedule, error) { return StepLR(3, inf) }, []string{"StepLR", "gamma=+Inf"}},
		{func() (Schedule, error) { return MultiStepLR(nil, 0.1) }, []string{"MultiStepLR", "milestones=[]"}},
		{func() (Schedule, error) { return MultiStepLR([]int{5, 3}, 0.1) },
			[]string{"MultiStepLR", "milestones=[5 3]", "non-decreasing"}},
		{func() (Schedule, error) { return MultiStepLR([]int{0, 3}, 0.1) }, []string{"MultiStepLR", "milestones=[0 3]"}},
		{func() (Schedule, error) { return MultiStepLR([]int{3}, nan) }, []string{"MultiStepLR", "gamma=NaN"}},
		{func() (Schedule, error) { return ExponentialLR(-0.9) }, []string{"ExponentialLR", "gamma=-0.9"}},
		{func() (Schedule, error) { return CosineAnnealingLR(0, 0) }, []string{"CosineAnnealingLR", "tMax=0"}},
		{func() (Schedule, error) { return CosineAnnealingLR(-5, 0) }, []string{"CosineAnnealingLR", "tMax=-5"}},
		{func() (Schedule, error) { return CosineAnnealingLR(5, -1e-3) }, []string{"CosineAnnealingLR", "etaMin=-0.001"}},
		{func() (Schedule, error) { return CosineAnnealingLR(5, nan) }, []string{"CosineAnnealingLR", "etaMin=NaN"}},
		{func() (Schedule, error) { return LinearLR(0, 1, 5) }, []string{"LinearLR", "startFactor=0"}},
		{func() (Schedule, error) { return LinearLR(0.1, 1.1, 5) }, []string{"LinearLR", "endFactor=1.1"}},
		{func() (Schedule, error) { return LinearLR(0.1, 1, -1) }, []string{"LinearLR", "totalIters=-1"}},
		{func() (Schedule, error) { return PolynomialLR(0, 1) }, []string{"PolynomialLR", "totalIters=0"}},
		{func() (Schedule, error) { return PolynomialLR(10, -1) }, []string{"PolynomialLR", "power=-1"}},
		{oc(func(c *OneCycleConfig) { c.TotalSteps = 0 }), []string{"OneCycleLR", "TotalSteps=0"}},
		{oc(func(c *OneCycleConfig) { c.PctStart = 1.2 }), []string{"OneCycleLR", "PctStart=1.2"}},
		{oc(func(c *OneCycleConfig) { c.PctStart = nan }), []string{"OneCycleLR", "PctStart=NaN"}},
		{oc(func(c *OneCycleConfig) { c.PctStart, c.ThreePhase = 0.6, true }), []string{"OneCycleLR", "PctStart=0.6"}},
		{oc(func(c *OneCycleConfig) { c.PctStart = 0.01 }), []string{"OneCycleLR", "PctStart=0.01", "TotalSteps=100"}},
		{oc(func(c *OneCycleConfig) { c.DivFactor = 0 }), []string{"OneCycleLR", "DivFactor=0"}},
		{oc(func(c *OneCycleConfig) { c.FinalDivFactor = -2 }), []string{"OneCycleLR", "FinalDivFactor=-2"}},
		{func() (Schedule, error) { return OneCycleLR(OneCycleConfig{}) }, []string{"OneCycleLR", "TotalSteps=0"}},
		{seq(nil, nil), []string{"SequentialLR", "no schedules"}},
		{seq([]Schedule{cos, cos}, nil), []string{"SequentialLR", "0 milestones for 2 schedules"}},
		{seq([]Schedule{cos, cos, cos}, []int{5, 5}), []string{"SequentialLR", "milestones=[5 5]", "strictly"}},
		{seq([]Schedule{cos, cos}, []int{0}), []string{"SequentialLR", "milestones=[0]"}},
		{seq([]Schedule{cos, nil}, []int{3}), []string{"SequentialLR", "schedules[1] is nil"}},
		{func() (Schedule, error) { return Chain() }, []string{"Chain", "no schedules"}},
		{func() (Schedule, error) { return Chain(cos, nil) }, []string{"Chain", "schedules[1] is nil"}},
		{func() (Schedule, error) { return InverseTimeDecay(-1) }, []string{"InverseTimeDecay", "k=-1"}},
		{func() (Schedule, error) { return InverseTimeDecay(inf) }, []string{"InverseTimeDecay", "k=+Inf"}},
		{func() (Schedule, error) { return PowerDecay(nan) }, []string{"PowerDecay", "p=NaN"}},
		{func() (Schedule, error) { return PowerDecay(-0.5) }, []string{"PowerDecay", "p=-0.5"}},
		{func() (Schedule, error) { return VWDecay(0, 0.5) }, []string{"VWDecay", "initialT=0"}},
		{func() (Schedule, error) { return VWDecay(10, -0.5) }, []string{"VWDecay", "powerT=-0.5"}},
	}
	for _, c := range cases {
		s, err := c.mk()
		if err == nil {
			t.Errorf("%v: accepted (%T), want an error mentioning %q", c.words, s, c.words)
			continue
		}
		for _, w := range c.words {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("error %q does not mention %q", err, w)
			}
		}
	}

	// The edges of each range are accepted.
	for i, mk := range []func() (Schedule, error){
		func() (Schedule, error) { return ConstantLR(1, 1) },
		func() (Schedule, error) { return LinearLR(1, 0, 1) },
		func() (Schedule, error) { return MultiStepLR([]int{2, 2}, 0.5) },
		func() (Schedule, error) { return PolynomialLR(1, 0) },
		func() (Schedule, error) { return CosineAnnealingLR(1, 0) },
		func() (Schedule, error) { return InverseTimeDecay(0) },
		seq([]Schedule{cos}, nil),
		oc(func(c *OneCycleConfig) { c.PctStart = 0 }),
		oc(func(c *OneCycleConfig) { c.PctStart = 1 }),
		oc(func(c *OneCycleConfig) { c.PctStart, c.ThreePhase = 0.5, true }),
	} {
		if _, err := mk(); err != nil {
			t.Errorf("edge case %d rejected: %v", i, err)
		}
	}
}

// TestScheduleCopiesSlices checks that a caller reusing its slices cannot change a built schedule.
func TestScheduleCopiesSlices(t *testing.T) {
	m := []int{2, 4}
	ms := must(MultiStepLR(m, 0.5))
	list := []Schedule{Constant(), must(ConstantLR(0.5, 10))}
	seq := must(SequentialLR(list, m[:1]))
	ch := must(Chain(list...))
	m[0], m[1], list[0], list[1] = 100, 200, must(ConstantLR(0.1, 99)), must(ConstantLR(0.1, 99))
	if got := ms.Rate(1, 3); got != 0.5 {
		t.Errorf("MultiStepLR after the caller changed its milestones: %v, want 0.5", got)
	}
	if got := seq.Rate(1, 0); got != 1 {
		t.Errorf("SequentialLR after the caller changed its schedules: %v, want 1", got)
	}
	if got := ch.Rate(1, 0); got != 0.5 {
		t.Errorf("Chain after the caller changed its schedules: %v, want 0.5", got)
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
