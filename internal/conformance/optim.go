package conformance

import (
	"bytes"
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// optimSteps is the length of every optim run, in optimizer steps.
const optimSteps = 1000

// stepper is what a run needs of an optimizer; every optimizer of package optim has it.
type stepper interface {
	Step() error
	optim.LRGroups
	optim.Checkpointed
	SetClip(optim.Clip) error
	SetWorkers(n int) error
}

// builder makes a run's optimizer over its parameters, for each element type.
type builder struct {
	f32 func([]*optim.Param[float32]) (stepper, error)
	f64 func([]*optim.Param[float64]) (stepper, error)
}

// one is a builder of an optimizer with one group: its constructor for each element type, and its config.
func one[C any, A, B stepper](a func([]*optim.Param[float32], C) (A, error), b func([]*optim.Param[float64], C) (B, error), cfg C) builder {
	return builder{
		func(ps []*optim.Param[float32]) (stepper, error) { return a(ps, cfg) },
		func(ps []*optim.Param[float64]) (stepper, error) { return b(ps, cfg) },
	}
}

// two is a builder of an optimizer with two groups, the first parameter in the first with cfg0 and the others in
// the second with cfg1.
func two[C any, A, B stepper](a func(...optim.Group[float32, C]) (A, error), b func(...optim.Group[float64, C]) (B, error), cfg0, cfg1 C) builder {
	return builder{
		func(ps []*optim.Param[float32]) (stepper, error) {
			return a(optim.Group[float32, C]{Params: ps[:1], Config: cfg0}, optim.Group[float32, C]{Params: ps[1:], Config: cfg1})
		},
		func(ps []*optim.Param[float64]) (stepper, error) {
			return b(optim.Group[float64, C]{Params: ps[:1], Config: cfg0}, optim.Group[float64, C]{Params: ps[1:], Config: cfg1})
		},
	}
}

// optimSpec is one optim run: an optimizer over parameters of the given lengths, driven optimSteps steps on the
// problem's gradients with the options set.
type optimSpec struct {
	name       string
	build      builder
	lens       []int                          // one parameter per length; nil: 37, 131 and 260
	schedule   func() (optim.Schedule, error) // nil: none
	plateau    bool                           // ReduceLROnPlateau on the loss, every 20 steps
	clip       optim.Clip
	maximize   bool // the optimizer ascends: it is given the gradient of the negated loss
	scaled     bool // a GradScaler and an Accumulator of 4 micro-batches, with a non-finite gradient now and then
	workers    int  // SetWorkers, if not 0
	checkpoint int  // saved after this many steps and restored into a new optimizer, if not 0
	averaged   bool // an EMA of each form (the lerp with warmup, the weighted sum) after every step, and SWA every 5th step from step 500 on
}

// run32 and run64 train the run.
func (s optimSpec) run32() ([]byte, error) { return runOptim(s, s.build.f32) }
func (s optimSpec) run64() ([]byte, error) { return runOptim(s, s.build.f64) }

// session is an optimizer with its schedulers, scaler and accumulator, over its parameters.
type session[F kernels.Float] struct {
	spec    optimSpec
	params  []*optim.Param[F]
	probs   []problem[F]
	opt     stepper
	sched   *optim.Scheduler
	plateau *optim.ReduceLROnPlateau
	scaler  *optim.GradScaler[F]
	acc     *optim.Accumulator[F]
	avgs    []*optim.Average[F] // EMA lerp, EMA weighted sum, SWA
}

func runOptim[F kernels.Float](s optimSpec, build func([]*optim.Param[F]) (stepper, error)) ([]byte, error) {
	lens := s.lens
	if lens == nil {
		lens = []int{37, 131, 260}
	}
	ss, err := newSession(s, build, lens, nil)
	if err != nil {
		return nil, err
	}
	from := 0
	if s.checkpoint > 0 {
		if err := ss.steps(0, s.checkpoint); err != nil {
			return nil, err
		}
		var buf bytes.Buffer
		if err := optim.SaveCheckpoint(&buf, ss.parts()...); err != nil {
			return nil, err
		}
		// The weights are the caller's to keep: the new session starts from copies of them.
		if ss, err = newSession(s, build, lens, ss.params); err != nil {
			return nil, err
		}
		if err := optim.LoadCheckpoint(&buf, ss.parts()...); err != nil {
			return nil, err
		}
		from = s.checkpoint
	}
	if err := ss.steps(from, optimSteps); err != nil {
		return nil, err
	}
	if l := ss.loss(); math.IsNaN(l) || math.IsInf(l, 0) {
		return nil, fmt.Errorf("the run diverged (loss %v): NaN weights would make a weak test", l)
	}
	return ss.result(), nil
}

// newSession makes a run's optimizer and its companions over new parameters, whose values start as from's (or at
// zero).
func newSession[F kernels.Float](s optimSpec, build func([]*optim.Param[F]) (stepper, error), lens []int, from []*optim.Param[F]) (*session[F], error) {
	ss := &session[F]{spec: s}
	for i, n := range lens {
		p := &optim.Param[F]{Name: fmt.Sprintf("p%d", i), Value: make([]F, n), Grad: make([]F, n)}
		if from != nil {
			copy(p.Value, from[i].Value)
		}
		ss.params = append(ss.params, p)
		ss.probs = append(ss.probs, newProblem[F](n, uint64(i+1)))
	}
	var err error
	if ss.opt, err = build(ss.params); err != nil {
		return nil, err
	}
	if err := ss.opt.SetClip(s.clip); err != nil {
		return nil, err
	}
	if s.workers != 0 {
		if err := ss.opt.SetWorkers(s.workers); err != nil {
			return nil, err
		}
	}
	if s.schedule != nil {
		sch, err := s.schedule()
		if err != nil {
			return nil, err
		}
		if ss.sched, err = optim.NewScheduler(ss.opt, sch); err != nil {
			return nil, err
		}
	}
	if s.plateau {
		cfg := optim.DefaultPlateau()
		cfg.Patience, cfg.Factor, cfg.Cooldown = 2, 0.5, 1
		if ss.plateau, err = optim.NewReduceLROnPlateau(ss.opt, cfg); err != nil {
			return nil, err
		}
	}
	if s.scaled {
		cfg := optim.DefaultGradScaler()
		cfg.GrowthInterval = 50
		if ss.scaler, err = optim.NewGradScaler(ss.params, cfg); err != nil {
			return nil, err
		}
		if ss.acc, err = optim.NewAccumulator(ss.scaler.StepOf(ss.opt), ss.params, 4); err != nil {
			return nil, err
		}
	}
	if s.averaged {
		warm := optim.EMAConfig{Decay: 0.999, Warmup: true, WarmupGamma: 1, WarmupPower: 2.0 / 3}
		lerp, err := optim.NewEMA(ss.params, warm)
		if err != nil {
			return nil, err
		}
		sum, err := optim.NewEMA(ss.params, optim.EMAConfig{Decay: 0.99, WeightedSum: true})
		if err != nil {
			return nil, err
		}
		swa, err := optim.NewSWA(ss.params)
		if err != nil {
			return nil, err
		}
		ss.avgs = []*optim.Average[F]{lerp, sum, swa}
	}
	return ss, nil
}

// parts are what a checkpoint of the session holds.
func (ss *session[F]) parts() []optim.Checkpointed {
	parts := []optim.Checkpointed{ss.opt}
	if ss.sched != nil {
		parts = append(parts, ss.sched)
	}
	if ss.plateau != nil {
		parts = append(parts, ss.plateau)
	}
	if ss.scaler != nil {
		parts = append(parts, ss.scaler, ss.acc)
	}
	for _, a := range ss.avgs {
		parts = append(parts, a)
	}
	return parts
}

// steps runs steps from to to-1.
func (ss *session[F]) steps(from, to int) error {
	for k := from; k < to; k++ {
		if err := ss.step(k); err != nil {
			return fmt.Errorf("step %d: %w", k, err)
		}
	}
	return nil
}

// step runs step k: the gradients, the optimizer (through the accumulator and the scaler, if any), then the
// schedulers.
func (ss *session[F]) step(k int) error {
	if ss.acc == nil {
		ss.grads(k, 1)
		if err := ss.opt.Step(); err != nil {
			return err
		}
	} else {
		for micro := range 4 {
			ss.grads(4*k+micro, F(ss.scaler.Scale()))
			if k%97 == 13 && micro == 2 { // an overflow in the scaled backward pass: the step is skipped
				ss.params[0].Grad[k%len(ss.params[0].Grad)] = F(math.Inf(1))
			}
			if _, err := ss.acc.Add(); err != nil {
				return err
			}
		}
		ss.scaler.Update()
	}
	if ss.sched != nil {
		if err := ss.sched.Step(); err != nil {
			return err
		}
	}
	if ss.plateau != nil && k%20 == 19 {
		if err := ss.plateau.Step(ss.loss()); err != nil {
			return err
		}
	}
	for i, a := range ss.avgs {
		if i < 2 || k >= 500 && k%5 == 0 {
			if err := a.Update(); err != nil {
				return err
			}
		}
	}
	return nil
}

// grads writes every parameter's gradient of draw k, times scale (negated for a maximizing optimizer).
func (ss *session[F]) grads(k int, scale F) {
	if ss.spec.maximize {
		scale = -scale
	}
	for i, p := range ss.params {
		ss.probs[i].grad(p.Value, p.Grad, k)
		if scale != 1 {
			kernels.Scale(scale, p.Grad)
		}
	}
}

// loss returns the sum of the parameters' losses.
func (ss *session[F]) loss() float64 {
	var s float64
	for i, p := range ss.params {
		s += ss.probs[i].loss(p.Value)
	}
	return s
}

// result is the bytes a run's digest hashes: every weight, every group's learning rate, the loss, the loss scale
// of a scaled run, and the averaged weights of an optimizer that keeps them (ASGD).
func (ss *session[F]) result() []byte {
	var b []byte
	for _, p := range ss.params {
		b = appendBits(b, p.Value...)
	}
	if avg, ok := ss.opt.(interface{ Averaged(i int) []F }); ok {
		for i := range ss.params {
			b = appendBits(b, avg.Averaged(i)...)
		}
	}
	for g := range ss.opt.NumGroups() {
		b = appendBits(b, ss.opt.LR(g))
	}
	b = appendBits(b, ss.loss())
	if ss.scaler != nil {
		b = appendBits(b, ss.scaler.Scale())
	}
	for _, a := range ss.avgs {
		for _, p := range ss.params {
			avg, _ := a.Averaged(p.Name)
			b = appendBits(b, avg...)
		}
		b = appendBits(b, float64(a.Count()))
	}
	return b
}
