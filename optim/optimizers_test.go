package optim_test

import (
	"math"
	"strings"
	"testing"

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

// TestOptimizersRejectBadConfigs: the zero config, a NaN, negative or zero learning rate, and (where the optimizer
// has them) a β outside [0, 1) and ε ≤ 0 are errors naming the optimizer and the field.
func TestOptimizersRejectBadConfigs(t *testing.T) {
	lr := func(v float64) map[string]any {
		return map[string]any{
			"SGD":      func(c *optim.SGDConfig) { c.LR = v },
			"Adagrad":  func(c *optim.AdagradConfig) { c.LR = v },
			"RMSprop":  func(c *optim.RMSpropConfig) { c.LR = v },
			"Adam":     func(c *optim.AdamConfig) { c.LR = v },
			"Adamax":   func(c *optim.AdamaxConfig) { c.LR = v },
			"NAdam":    func(c *optim.NAdamConfig) { c.LR = v },
			"RAdam":    func(c *optim.RAdamConfig) { c.LR = v },
			"Adadelta": func(c *optim.AdadeltaConfig) { c.LR = v },
			"Lion":     func(c *optim.LionConfig) { c.LR = v },
		}
	}
	bad := map[string]map[string]any{"LR": lr(0), "LR NaN": lr(math.NaN()), "LR negative": lr(-1), "LR Inf": lr(math.Inf(1))}
	bad["Betas"] = map[string]any{
		"Adam":   func(c *optim.AdamConfig) { c.Betas[1] = 1 },
		"Adamax": func(c *optim.AdamaxConfig) { c.Betas[0] = -0.1 },
		"NAdam":  func(c *optim.NAdamConfig) { c.Betas[1] = math.NaN() },
		"RAdam":  func(c *optim.RAdamConfig) { c.Betas[0] = 1 },
		"Lion":   func(c *optim.LionConfig) { c.Betas[1] = 2 },
	}
	bad["Eps"] = map[string]any{
		"Adagrad":  func(c *optim.AdagradConfig) { c.Eps = 0 },
		"RMSprop":  func(c *optim.RMSpropConfig) { c.Eps = -1 },
		"Adam":     func(c *optim.AdamConfig) { c.Eps = 0 },
		"Adamax":   func(c *optim.AdamaxConfig) { c.Eps = 0 },
		"NAdam":    func(c *optim.NAdamConfig) { c.Eps = 0 },
		"RAdam":    func(c *optim.RAdamConfig) { c.Eps = 0 },
		"Adadelta": func(c *optim.AdadeltaConfig) { c.Eps = 0 },
	}
	bad["decay"] = map[string]any{
		"SGD":      func(c *optim.SGDConfig) { c.Momentum = 1 },
		"RMSprop":  func(c *optim.RMSpropConfig) { c.Alpha = 1 },
		"Adadelta": func(c *optim.AdadeltaConfig) { c.Rho = -0.5 },
		"Adagrad":  func(c *optim.AdagradConfig) { c.WeightDecay = -1 },
	}
	for what, muts := range bad {
		for name, m := range muts {
			_, err := constructors[name](params(5), m)
			field := strings.Fields(what)[0]
			if err == nil || !strings.Contains(err.Error(), name) || (what != "decay" && !strings.Contains(err.Error(), field)) {
				t.Errorf("%s with bad %s: error %v, want one naming the optimizer and the field", name, what, err)
			}
		}
	}
	zero := map[string]func() error{
		"SGD":      func() error { _, err := optim.NewSGD(params(5), optim.SGDConfig{}); return err },
		"Adagrad":  func() error { _, err := optim.NewAdagrad(params(5), optim.AdagradConfig{}); return err },
		"RMSprop":  func() error { _, err := optim.NewRMSprop(params(5), optim.RMSpropConfig{}); return err },
		"Adam":     func() error { _, err := optim.NewAdam(params(5), optim.AdamConfig{}); return err },
		"Adamax":   func() error { _, err := optim.NewAdamax(params(5), optim.AdamaxConfig{}); return err },
		"NAdam":    func() error { _, err := optim.NewNAdam(params(5), optim.NAdamConfig{}); return err },
		"RAdam":    func() error { _, err := optim.NewRAdam(params(5), optim.RAdamConfig{}); return err },
		"Adadelta": func() error { _, err := optim.NewAdadelta(params(5), optim.AdadeltaConfig{}); return err },
		"Lion":     func() error { _, err := optim.NewLion(params(5), optim.LionConfig{}); return err },
	}
	for name, f := range zero {
		if err := f(); err == nil || !strings.Contains(err.Error(), "Default") {
			t.Errorf("%s: the zero config gave %v, want an error pointing at the defaults", name, err)
		}
	}
}

// TestOptimizersRejectBadParams: mismatched lengths, a nil parameter, a repeated name, and the same parameter or
// the same Value buffer given twice.
func TestOptimizersRejectBadParams(t *testing.T) {
	shared := make([]float32, 4)
	cases := map[string][]*optim.Param[float32]{
		"len(Grad)":  {{Name: "a", Value: make([]float32, 4), Grad: make([]float32, 3)}},
		"is nil":     {nil},
		"named":      {{Name: "a", Value: make([]float32, 1), Grad: make([]float32, 1)}, {Name: "a", Value: make([]float32, 1), Grad: make([]float32, 1)}},
		"share":      {{Name: "a", Value: shared, Grad: make([]float32, 4)}, {Name: "b", Value: shared[2:], Grad: make([]float32, 2)}},
		"no name":    {{Value: make([]float32, 1), Grad: make([]float32, 1)}},
		"parameters": {},
	}
	p := &optim.Param[float32]{Name: "p", Value: make([]float32, 2), Grad: make([]float32, 2)}
	cases["twice"] = []*optim.Param[float32]{p, p}
	for name, ctor := range constructors {
		for want, ps := range cases {
			if _, err := ctor(ps, nil); err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s, %s: error %v, want one saying %q", name, want, err, want)
			}
		}
	}
}

// TestOptimizersStepAllocatesNothing, for every optimizer, with a parameter longer than a vector block.
func TestOptimizersStepAllocatesNothing(t *testing.T) {
	for name, ctor := range constructors {
		opt, err := ctor(params(1000), nil)
		if err != nil {
			t.Fatal(err)
		}
		if a := testing.AllocsPerRun(50, func() { opt.Step() }); a != 0 {
			t.Errorf("%s: %v allocations per Step", name, a)
		}
		if opt.StepCount() != 51 {
			t.Errorf("%s: StepCount %d after 51 steps", name, opt.StepCount())
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
