package optim_test

import (
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// stepper is what every optimizer is to these tests.
type stepper interface {
	Step() error
	StepCount() int
}

// constructors builds each optimizer from its defaults, changed by mutate (nil: the defaults), over params.
var constructors = map[string]func(params []*optim.Param[float32], mutate any) (stepper, error){
	"SGD": func(p []*optim.Param[float32], m any) (stepper, error) {
		c := optim.DefaultSGD()
		c.Momentum = 0.9
		apply(&c, m)
		return optim.NewSGD(p, c)
	},
	"Adagrad": func(p []*optim.Param[float32], m any) (stepper, error) {
		c := optim.DefaultAdagrad()
		apply(&c, m)
		return optim.NewAdagrad(p, c)
	},
	"RMSprop": func(p []*optim.Param[float32], m any) (stepper, error) {
		c := optim.DefaultRMSprop()
		c.Centered, c.Momentum = true, 0.5
		apply(&c, m)
		return optim.NewRMSprop(p, c)
	},
	"Adam": func(p []*optim.Param[float32], m any) (stepper, error) {
		c := optim.DefaultAdam()
		c.AMSGrad = true
		apply(&c, m)
		return optim.NewAdam(p, c)
	},
	"Adamax": func(p []*optim.Param[float32], m any) (stepper, error) {
		c := optim.DefaultAdamax()
		apply(&c, m)
		return optim.NewAdamax(p, c)
	},
	"NAdam": func(p []*optim.Param[float32], m any) (stepper, error) {
		c := optim.DefaultNAdam()
		apply(&c, m)
		return optim.NewNAdam(p, c)
	},
	"RAdam": func(p []*optim.Param[float32], m any) (stepper, error) {
		c := optim.DefaultRAdam()
		apply(&c, m)
		return optim.NewRAdam(p, c)
	},
	"Adadelta": func(p []*optim.Param[float32], m any) (stepper, error) {
		c := optim.DefaultAdadelta()
		apply(&c, m)
		return optim.NewAdadelta(p, c)
	},
	"Lion": func(p []*optim.Param[float32], m any) (stepper, error) {
		c := optim.DefaultLion()
		apply(&c, m)
		return optim.NewLion(p, c)
	},
	"ASGD": func(p []*optim.Param[float32], m any) (stepper, error) {
		c := optim.DefaultASGD()
		c.T0 = 0 // averaging from step 3
		apply(&c, m)
		return optim.NewASGD(p, c)
	},
	"Rprop": func(p []*optim.Param[float32], m any) (stepper, error) {
		c := optim.DefaultRprop()
		apply(&c, m)
		return optim.NewRprop(p, c)
	},
}

// apply calls mutate on the config if it is a func of the config's pointer type.
func apply[C any](c *C, mutate any) {
	if f, ok := mutate.(func(*C)); ok {
		f(c)
	}
}

func params(n int) []*optim.Param[float32] {
	return []*optim.Param[float32]{
		{Name: "a", Value: make([]float32, n), Grad: make([]float32, n)},
		{Name: "b", Value: make([]float32, 3), Grad: make([]float32, 3)},
	}
}

// compactModes are the compact state types (16 and 8 bits) of the optimizers that have them, as mutations for constructors.
var compactModes = map[string][]any{
	"SGD": {func(c *optim.SGDConfig) { c.State = optim.StateBF16 }, func(c *optim.SGDConfig) { c.State = optim.StateF16 },
		func(c *optim.SGDConfig) { c.State = optim.StateQ8 }},
	"Adagrad": {func(c *optim.AdagradConfig) { c.State = optim.StateBF16 }, func(c *optim.AdagradConfig) { c.State = optim.StateF16 },
		func(c *optim.AdagradConfig) { c.State = optim.StateQ8 }},
	"Adam": {func(c *optim.AdamConfig) { c.State = optim.StateBF16 }, func(c *optim.AdamConfig) { c.State = optim.StateF16 },
		func(c *optim.AdamConfig) { c.State = optim.StateQ8 }},
	"Lion": {func(c *optim.LionConfig) { c.State = optim.StateBF16 }, func(c *optim.LionConfig) { c.State = optim.StateF16 },
		func(c *optim.LionConfig) { c.State = optim.StateQ8 }},
}

// withCopies gives the first two parameters weight copies in opt: a stochastic bf16 one and an f16 one.
func withCopies(t *testing.T, opt stepper, ps []*optim.Param[float32]) {
	t.Helper()
	o := opt.(interface {
		SetWeightCopy(string, optim.WeightCopy) error
	})
	err := o.SetWeightCopy(ps[0].Name, optim.WeightCopy{BF16: make([]kernels.BF16, len(ps[0].Value)), Stochastic: true, Seed: 1})
	if err == nil {
		err = o.SetWeightCopy(ps[1].Name, optim.WeightCopy{F16: make([]kernels.F16, len(ps[1].Value))})
	}
	if err != nil {
		t.Fatal(err)
	}
}

// TestOptimizersStepAllocatesNothing, for every optimizer, with a parameter longer than a vector block: as it is,
// with weight copies, and in each compact state type with weight copies.
func TestOptimizersStepAllocatesNothing(t *testing.T) {
	for name, ctor := range constructors {
		for k, mutate := range append([]any{nil, nil}, compactModes[name]...) {
			ps := params(1000)
			opt, err := ctor(ps, mutate)
			if err != nil {
				t.Fatal(err)
			}
			if k > 0 {
				withCopies(t, opt, ps)
			}
			if a := testing.AllocsPerRun(50, func() { opt.Step() }); a != 0 {
				t.Errorf("%s (variant %d): %v allocations per Step", name, k, a)
			}
			if opt.StepCount() != 51 {
				t.Errorf("%s: StepCount %d after 51 steps", name, opt.StepCount())
			}
		}
	}
}

// TestSchedulerDrivesEveryOptimizer: a Scheduler sets every optimizer's rate, down to a cosine's 0.
func TestSchedulerDrivesEveryOptimizer(t *testing.T) {
	cos, err := optim.CosineAnnealingLR(10, 0)
	if err != nil {
		t.Fatal(err)
	}
	for name, ctor := range constructors {
		opt, err := ctor(params(5), nil)
		if err != nil {
			t.Fatal(err)
		}
		g := opt.(optim.LRGroups)
		base := g.LR(0)
		sched, err := optim.NewScheduler(g, cos)
		if err != nil {
			t.Fatal(err)
		}
		for step := range 11 {
			if want := cos.Rate(base, step); g.LR(0) != want {
				t.Fatalf("%s step %d: LR %v, schedule %v", name, step, g.LR(0), want)
			}
			if err := opt.Step(); err != nil {
				t.Fatal(err)
			}
			if err := sched.Step(); err != nil {
				t.Fatalf("%s step %d: %v", name, step, err)
			}
		}
	}
}
