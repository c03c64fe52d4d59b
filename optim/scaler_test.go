package optim_test

import (
	"math"
	"testing"

	"github.com/fastgrad/fastgrad/optim"
)

// countingStepper counts its steps.
type countingStepper struct{ steps int }

func (c *countingStepper) Step() error { c.steps++; return nil }

func TestGradScalerSkipsNonFiniteAndAdjustsTheScale(t *testing.T) {
	p := &optim.Param[float32]{Name: "w", Value: make([]float32, 37), Grad: make([]float32, 37)}
	cfg := optim.DefaultGradScaler()
	cfg.InitScale, cfg.GrowthInterval = 1024, 3
	s, err := optim.NewGradScaler([]*optim.Param[float32]{p}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	opt := &countingStepper{}
	fill := func(v float32) {
		for i := range p.Grad {
			p.Grad[i] = v * float32(i+1)
		}
	}
	wantScales := []float64{1024, 1024, 1024, 2048, 2048, 1024}
	bad := map[int]bool{4: true}
	for step, want := range wantScales {
		if got := s.Scale(); got != want {
			t.Fatalf("step %d: scale %v, want %v", step, got, want)
		}
		fill(float32(s.Scale()) * 0.5)
		if bad[step] {
			p.Grad[36] = float32(math.Inf(1))
		}
		stepped, err := s.Step(opt)
		if err != nil || stepped == bad[step] {
			t.Fatalf("step %d: stepped %v, %v; want %v", step, stepped, err, !bad[step])
		}
		if !bad[step] {
			for i, g := range p.Grad {
				if want := 0.5 * float32(i+1); g != want {
					t.Fatalf("step %d: unscaled Grad[%d] = %v, want %v", step, i, g, want)
				}
			}
		}
		// A second Unscale in the same step changes nothing.
		if finite := s.Unscale(); finite == bad[step] || p.Grad[0] != 0.5 {
			t.Fatalf("step %d: second Unscale: finite %v, Grad[0] %v", step, finite, p.Grad[0])
		}
		s.Update()
	}
	if opt.steps != len(wantScales)-1 {
		t.Fatalf("%d optimizer steps, want %d", opt.steps, len(wantScales)-1)
	}
	st := s.State()
	if st.Scale != 1024 || st.Tracker != 1 {
		t.Fatalf("state %+v, want scale 1024 tracker 1", st)
	}
	if err := s.SetState(optim.GradScalerState{Scale: 8, Tracker: 2}); err != nil || s.Scale() != 8 {
		t.Fatalf("SetState: %v, scale %v", err, s.Scale())
	}
	for _, bad := range []optim.GradScalerState{{Scale: 0}, {Scale: math.NaN()}, {Scale: math.Inf(1)}, {Scale: 1, Tracker: -1}, {Scale: 1, Tracker: 3}} {
		if err := s.SetState(bad); err == nil {
			t.Errorf("SetState(%+v) accepted", bad)
		}
	}
}

func TestGradScalerGrowthStopsBeforeOverflow(t *testing.T) {
	p := &optim.Param[float64]{Name: "w", Value: []float64{1}, Grad: []float64{1}}
	cfg := optim.DefaultGradScaler()
	cfg.InitScale, cfg.GrowthInterval = math.Ldexp(1, 127), 1 // twice is +Inf in float32
	s, err := optim.NewGradScaler([]*optim.Param[float64]{p}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	before := s.Scale()
	s.Step(&countingStepper{})
	s.Update()
	if s.Scale() != before {
		t.Fatalf("scale grew from %v to %v, past float32's range", before, s.Scale())
	}
}

func TestGradScalerAllocs(t *testing.T) {
	p := &optim.Param[float32]{Name: "w", Value: make([]float32, 1000), Grad: make([]float32, 1000)}
	s, err := optim.NewGradScaler([]*optim.Param[float32]{p}, optim.DefaultGradScaler())
	if err != nil {
		t.Fatal(err)
	}
	opt := &countingStepper{}
	if a := testing.AllocsPerRun(100, func() {
		s.Step(opt)
		s.Update()
	}); a != 0 {
		t.Fatalf("%v allocations per step", a)
	}
}
