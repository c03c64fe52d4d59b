package conformance

import (
	"math"

	"github.com/fastgrad/fastgrad/optim"
)

// optimRuns lists the optim runs: every optimizer and option, every schedule (chains and OneCycle's variants
// among them), each clipping, loss scaling with skipped steps and accumulation, parameter groups, a checkpoint
// restored mid-run (and the same run straight through, which must give the same bits), a split step, and the
// weight averages (EMA in both forms and SWA, restored mid-run with the rest).
func optimRuns() []typed {
	sgd := func(change func(*optim.SGDConfig)) builder {
		c := optim.DefaultSGD()
		c.LR = 0.01
		change(&c)
		return one(optim.NewSGD[float32], optim.NewSGD[float64], c)
	}
	adagrad := func(change func(*optim.AdagradConfig)) builder {
		c := optim.DefaultAdagrad()
		c.LR = 0.05
		change(&c)
		return one(optim.NewAdagrad[float32], optim.NewAdagrad[float64], c)
	}
	rmsprop := func(change func(*optim.RMSpropConfig)) builder {
		c := optim.DefaultRMSprop()
		c.LR = 0.002
		change(&c)
		return one(optim.NewRMSprop[float32], optim.NewRMSprop[float64], c)
	}
	adam := func(change func(*optim.AdamConfig)) builder {
		c := optim.DefaultAdam()
		c.LR = 0.01
		change(&c)
		return one(optim.NewAdam[float32], optim.NewAdam[float64], c)
	}
	adamax := optim.DefaultAdamax()
	adamax.WeightDecay = 0.01
	nadam := func(decoupled bool) builder {
		c := optim.DefaultNAdam()
		c.WeightDecay, c.DecoupledWeightDecay = 0.01, decoupled
		return one(optim.NewNAdam[float32], optim.NewNAdam[float64], c)
	}
	radam := func(decoupled bool) builder {
		c := optim.DefaultRAdam()
		c.LR, c.WeightDecay, c.DecoupledWeightDecay = 0.01, 0.01, decoupled
		return one(optim.NewRAdam[float32], optim.NewRAdam[float64], c)
	}
	adadelta := optim.DefaultAdadelta()
	adadelta.WeightDecay = 0.001
	lion := optim.DefaultLion()
	lion.LR, lion.WeightDecay = 1e-3, 0.1
	// Averaging from step 103, and η decaying visibly over the run.
	asgd := optim.ASGDConfig{LR: 0.02, Lambd: 0.1, Alpha: 0.75, T0: 100}
	asgdL2 := asgd
	asgdL2.WeightDecay, asgdL2.Maximize, asgdL2.T0 = 0.01, true, -1
	rprop := optim.DefaultRprop()
	rpropMax := optim.RpropConfig{LR: 0.05, Etas: [2]float64{0.3, 1.5}, StepSizes: [2]float64{1e-4, 0.5}, Maximize: true}
	amsgradGroup := optim.DefaultAdamW()
	amsgradGroup.AMSGrad = true
	plainGroup := optim.DefaultAdam()
	plainGroup.LR = 0.005

	specs := []optimSpec{
		{name: "sgd/maximize/steplr", build: sgd(func(c *optim.SGDConfig) { c.Maximize = true }), maximize: true,
			schedule: sched(optim.StepLR, 100, 0.9)},
		{name: "sgd/momentum-dampening-wd/multisteplr", build: sgd(func(c *optim.SGDConfig) {
			c.Momentum, c.Dampening, c.WeightDecay = 0.9, 0.1, 0.01
		}), schedule: func() (optim.Schedule, error) { return optim.MultiStepLR([]int{200, 500, 800}, 0.5) }},
		{name: "sgd/nesterov/onecycle-cos", build: sgd(func(c *optim.SGDConfig) { c.Momentum, c.Nesterov = 0.9, true }),
			schedule: func() (optim.Schedule, error) { return optim.OneCycleLR(optim.DefaultOneCycle(optimSteps)) }},
		{name: "sgd/keras/exponentiallr", build: sgd(func(c *optim.SGDConfig) { c.Momentum, c.Mode = 0.8, optim.ModeKeras }),
			schedule: func() (optim.Schedule, error) { return optim.ExponentialLR(0.999) }},
		{name: "adagrad/lrdecay-wd-init/polynomiallr", build: adagrad(func(c *optim.AdagradConfig) {
			c.LRDecay, c.WeightDecay, c.InitialAccumulatorValue = 0.01, 0.001, 0.1
		}), schedule: func() (optim.Schedule, error) { return optim.PolynomialLR(optimSteps, 0.7) }},
		{name: "adagrad/epsinside-maximize/constantlr", build: adagrad(func(c *optim.AdagradConfig) {
			c.Mode, c.Maximize = optim.ModeKeras, true
		}), maximize: true, schedule: func() (optim.Schedule, error) { return optim.ConstantLR(0.5, 300) }},
		{name: "rmsprop/cosine", build: rmsprop(func(*optim.RMSpropConfig) {}),
			schedule: func() (optim.Schedule, error) { return optim.CosineAnnealingLR(300, 1e-4) }},
		{name: "rmsprop/centered-momentum/powerdecay", build: rmsprop(func(c *optim.RMSpropConfig) {
			c.Centered, c.Momentum = true, 0.5
		}), schedule: func() (optim.Schedule, error) { return optim.PowerDecay(0.6) }},
		{name: "rmsprop/epsinside-wd/vwdecay", build: rmsprop(func(c *optim.RMSpropConfig) {
			c.Mode, c.WeightDecay = optim.ModeKeras, 0.01
		}), schedule: func() (optim.Schedule, error) { return optim.VWDecay(10, 0.5) }},
		{name: "adam/inversetimedecay", build: adam(func(*optim.AdamConfig) {}),
			schedule: func() (optim.Schedule, error) { return optim.InverseTimeDecay(0.01) }},
		{name: "adamw/warmup-cosine", build: adam(func(c *optim.AdamConfig) { c.WeightDecay, c.DecoupledWeightDecay = 0.05, true }),
			schedule: warmupCosine},
		{name: "amsgrad/onecycle-linear-3phase", build: adam(func(c *optim.AdamConfig) { c.AMSGrad = true }),
			schedule: func() (optim.Schedule, error) {
				c := optim.DefaultOneCycle(optimSteps)
				c.LinearAnneal, c.ThreePhase = true, true
				return optim.OneCycleLR(c)
			}},
		{name: "adam/epshat-maximize/chain", build: adam(func(c *optim.AdamConfig) { c.Mode, c.Maximize = optim.ModeKeras, true }),
			maximize: true, schedule: func() (optim.Schedule, error) {
				e, err := optim.ExponentialLR(0.9995)
				if err != nil {
					return nil, err
				}
				p, err := optim.PowerDecay(0.3)
				if err != nil {
					return nil, err
				}
				return optim.Chain(e, p)
			}},
		{name: "adam/l2/plateau", build: adam(func(c *optim.AdamConfig) { c.WeightDecay, c.L2 = 0.01, true }), plateau: true},
		{name: "adamax/wd/steplr", build: one(optim.NewAdamax[float32], optim.NewAdamax[float64], adamax),
			schedule: sched(optim.StepLR, 250, 0.5)},
		{name: "nadam/cosine", build: nadam(false),
			schedule: func() (optim.Schedule, error) { return optim.CosineAnnealingLR(optimSteps, 0) }},
		{name: "nadam/decoupled/onecycle-cos", build: nadam(true),
			schedule: func() (optim.Schedule, error) { return optim.OneCycleLR(optim.DefaultOneCycle(optimSteps)) }},
		{name: "radam/polynomiallr", build: radam(false),
			schedule: func() (optim.Schedule, error) { return optim.PolynomialLR(optimSteps, 1.5) }},
		{name: "radam/decoupled/linearlr", build: radam(true),
			schedule: func() (optim.Schedule, error) { return optim.LinearLR(0.2, 1, 100) }},
		{name: "adadelta/wd", build: one(optim.NewAdadelta[float32], optim.NewAdadelta[float64], adadelta)},
		{name: "lion/wd/cosine", build: one(optim.NewLion[float32], optim.NewLion[float64], lion),
			schedule: func() (optim.Schedule, error) { return optim.CosineAnnealingLR(optimSteps, 1e-5) }},
		{name: "asgd/averaged/cosine", build: one(optim.NewASGD[float32], optim.NewASGD[float64], asgd),
			schedule: func() (optim.Schedule, error) { return optim.CosineAnnealingLR(optimSteps, 1e-4) }},
		{name: "asgd/l2-maximize/steplr", build: one(optim.NewASGD[float32], optim.NewASGD[float64], asgdL2), maximize: true,
			schedule: sched(optim.StepLR, 250, 0.5)},
		{name: "rprop", build: one(optim.NewRprop[float32], optim.NewRprop[float64], rprop)},
		{name: "rprop/etas-stepsizes-maximize/steplr", build: one(optim.NewRprop[float32], optim.NewRprop[float64], rpropMax),
			maximize: true, schedule: sched(optim.StepLR, 100, 0.9)},
		{name: "adam/clip-value", build: adam(func(*optim.AdamConfig) {}), clip: optim.Clip{Value: 0.5}},
		{name: "adam/clip-norm", build: adam(func(*optim.AdamConfig) {}), clip: optim.Clip{Value: 2, MaxNorm: 1}},
		{name: "sgd/momentum/clip-infnorm", build: sgd(func(c *optim.SGDConfig) { c.Momentum = 0.9 }),
			clip: optim.Clip{MaxNorm: 0.5, NormType: math.Inf(1)}},
		{name: "rmsprop/clip-norm-per-tensor", build: rmsprop(func(*optim.RMSpropConfig) {}),
			clip: optim.Clip{MaxNorm: 2, PerTensor: true}},
		{name: "adam/gradscaler-accumulate", build: adam(func(*optim.AdamConfig) {}), scaled: true,
			schedule: warmupCosine},
		{name: "adamw/groups-amsgrad", build: two(optim.NewAdamGroups[float32], optim.NewAdamGroups[float64], amsgradGroup, plainGroup),
			schedule: warmupCosine},
		{name: "adamw/straight", build: adam(func(c *optim.AdamConfig) { c.WeightDecay, c.DecoupledWeightDecay = 0.05, true }),
			schedule: warmupCosine, plateau: true, scaled: true},
		{name: "adamw/checkpoint-resumed", build: adam(func(c *optim.AdamConfig) { c.WeightDecay, c.DecoupledWeightDecay = 0.05, true }),
			schedule: warmupCosine, plateau: true, scaled: true, checkpoint: 437},
		{name: "adamw/ema-swa/straight", build: adam(func(c *optim.AdamConfig) { c.WeightDecay, c.DecoupledWeightDecay = 0.05, true }),
			schedule: warmupCosine, averaged: true},
		{name: "adamw/ema-swa/checkpoint-resumed", build: adam(func(c *optim.AdamConfig) { c.WeightDecay, c.DecoupledWeightDecay = 0.05, true }),
			schedule: warmupCosine, averaged: true, checkpoint: 437},
		// Large enough that SetWorkers splits every step (optim splits from 128K elements on).
		{name: "sgd/momentum/split-steps", build: sgd(func(c *optim.SGDConfig) { c.Momentum = 0.9 }),
			lens: []int{70001, 70003}, workers: 3},
	}
	var out []typed
	for _, s := range specs {
		out = append(out, typed{s.name, s.run32, s.run64})
	}
	return out
}

// sched adapts a schedule constructor of an int and a float64 to a spec's schedule.
func sched(f func(int, float64) (optim.Schedule, error), n int, x float64) func() (optim.Schedule, error) {
	return func() (optim.Schedule, error) { return f(n, x) }
}

// warmupCosine is a linear warmup over 50 steps followed by a cosine down to 1e-5 of the base rate.
func warmupCosine() (optim.Schedule, error) {
	warm, err := optim.LinearLR(0.01, 1, 50)
	if err != nil {
		return nil, err
	}
	cos, err := optim.CosineAnnealingLR(optimSteps-50, 1e-7)
	if err != nil {
		return nil, err
	}
	return optim.SequentialLR([]optim.Schedule{warm, cos}, []int{50})
}
