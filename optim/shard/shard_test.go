package shard_test

import (
	"fmt"
	"math"
	"sync"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
	"github.com/fastgrad/fastgrad/optim/shard"
)

// lens are the tests' tensors: lengths around the kernels' lane counts and unroll, an empty one, and one long
// enough for every worker count to cut it.
var lens = []int{1000, 3, 0, 4103, 257, 64, 1, 2500}

type newOpt[F kernels.Float] func([]*optim.Param[F]) (optim.Optimizer[F], error)

type setup[F kernels.Float] struct {
	name   string
	build  newOpt[F]
	clip   optim.Clip
	guard  optim.Nonfinite
	inf    bool                    // an infinite gradient at step 7
	scaler *optim.GradScalerConfig // scale the loss
}

func built[F kernels.Float, O optim.Optimizer[F]](o O, err error) (optim.Optimizer[F], error) {
	return o, err
}

func setups[F kernels.Float]() []setup[F] {
	adamw := optim.DefaultAdamW()
	adamw.AMSGrad = true
	sgd := optim.SGDConfig{LR: 0.01, Momentum: 0.9, Nesterov: true, WeightDecay: 1e-4}
	lion := optim.DefaultLion()
	lion.WeightDecay = 0.1
	scaler := optim.DefaultGradScaler()
	scaler.GrowthInterval = 4
	return []setup[F]{
		{"Adam/L2/GradScaler", func(p []*optim.Param[F]) (optim.Optimizer[F], error) {
			return built[F](optim.NewAdam(p, optim.DefaultAdam()))
		},
			optim.Clip{MaxNorm: 1}, optim.NonfiniteStep, true, &scaler},
		{"Adam/L2", func(p []*optim.Param[F]) (optim.Optimizer[F], error) {
			return built[F](optim.NewAdam(p, optim.DefaultAdam()))
		},
			optim.Clip{MaxNorm: 1}, optim.NonfiniteSkip, true, nil},
		{"AdamW/Inf", func(p []*optim.Param[F]) (optim.Optimizer[F], error) { return built[F](optim.NewAdam(p, adamw)) },
			optim.Clip{MaxNorm: 0.5, NormType: math.Inf(1)}, optim.NonfiniteSkip, true, nil},
		{"SGD/L2+Value", func(p []*optim.Param[F]) (optim.Optimizer[F], error) { return built[F](optim.NewSGD(p, sgd)) },
			optim.Clip{MaxNorm: 2, Value: 0.8}, optim.NonfiniteSkip, true, nil},
		{"Lion/PerTensor", func(p []*optim.Param[F]) (optim.Optimizer[F], error) { return built[F](optim.NewLion(p, lion)) },
			optim.Clip{MaxNorm: 0.3, PerTensor: true}, optim.NonfiniteSkip, true, nil},
		{"NAdam/L2/step", func(p []*optim.Param[F]) (optim.Optimizer[F], error) {
			return built[F](optim.NewNAdam(p, optim.DefaultNAdam()))
		},
			optim.Clip{MaxNorm: 1}, optim.NonfiniteStep, false, nil},
		{"Adam/NaN", func(p []*optim.Param[F]) (optim.Optimizer[F], error) {
			return built[F](optim.NewAdam(p, optim.DefaultAdam()))
		},
			optim.Clip{MaxNorm: 1}, optim.NonfiniteStep, true, nil},
		// Every other norm type: optim.PNorm's Tensor and Total, shared with optim.
		{"SGD/L1", func(p []*optim.Param[F]) (optim.Optimizer[F], error) { return built[F](optim.NewSGD(p, sgd)) },
			optim.Clip{MaxNorm: 50, NormType: 1}, optim.NonfiniteSkip, true, nil},
		{"Adam/L3/PerTensor", func(p []*optim.Param[F]) (optim.Optimizer[F], error) {
			return built[F](optim.NewAdam(p, optim.DefaultAdam()))
		},
			optim.Clip{MaxNorm: 2, NormType: 3, PerTensor: true}, optim.NonfiniteSkip, true, nil},
		{"Adam/L0.5/NaN", func(p []*optim.Param[F]) (optim.Optimizer[F], error) {
			return built[F](optim.NewAdam(p, optim.DefaultAdam()))
		},
			optim.Clip{MaxNorm: 1e4, NormType: 0.5}, optim.NonfiniteStep, true, nil},
		{"Lion/L0+Value", func(p []*optim.Param[F]) (optim.Optimizer[F], error) { return built[F](optim.NewLion(p, lion)) },
			optim.Clip{MaxNorm: 2, NormZero: true, Value: 0.9}, optim.NonfiniteSkip, true, nil},
		{"SGD/-Inf/PerTensor", func(p []*optim.Param[F]) (optim.Optimizer[F], error) { return built[F](optim.NewSGD(p, sgd)) },
			optim.Clip{MaxNorm: 1e-3, NormType: math.Inf(-1), PerTensor: true}, optim.NonfiniteSkip, true, nil},
		{"Adam/L-1.5", func(p []*optim.Param[F]) (optim.Optimizer[F], error) {
			return built[F](optim.NewAdam(p, optim.DefaultAdam()))
		},
			optim.Clip{MaxNorm: 1e-3, NormType: -1.5, PerTensor: true}, optim.NonfiniteStep, false, nil},
	}
}

// newParams returns tensors of lens with deterministic values.
func newParams[F kernels.Float]() []*optim.Param[F] {
	ps := make([]*optim.Param[F], len(lens))
	for t, n := range lens {
		p := &optim.Param[F]{Name: fmt.Sprintf("p%d", t), Value: make([]F, n), Grad: make([]F, n)}
		for i := range p.Value {
			p.Value[i] = F(math.Sin(float64(7*t + i))) // test data, not a result
		}
		ps[t] = p
	}
	return ps
}

// grad writes step s's gradient of the flat range [a, b) from the values, and NaN elsewhere so that a worker
// reading beyond its GradRange poisons the run. Tensor 3 has large gradients, so that clipping by norm bites;
// with inf, step 7 has an infinity in tensor 5.
func grad[F kernels.Float](ps []*optim.Param[F], s, a, b int, inf bool) {
	off := 0
	for t, p := range ps {
		for i := range p.Grad {
			at := off + i
			if at < a || at >= b {
				p.Grad[i] = F(math.NaN())
				continue
			}
			h := uint32(at*2654435761) ^ uint32(s*40503)
			noise := F(float64(h%2001)/1000 - 1)
			g := F(p.Value[i]*0.25) + noise
			if t == 3 {
				g = F(g * 40)
			}
			if inf && s == 7 && t == 5 && i == 9 {
				g = F(math.Inf(-1))
			}
			p.Grad[i] = g
		}
		off += len(p.Value)
	}
}

const steps = 30

// reference runs the unsharded optimizer for k steps, starting at step s0.
func reference[F kernels.Float](t *testing.T, su setup[F], ps []*optim.Param[F], opt *unsharded[F], s0, k int) {
	t.Helper()
	total := 0
	for _, n := range lens {
		total += n
	}
	for s := s0; s < s0+k; s++ {
		grad(ps, s, 0, total, su.inf)
		if opt.scaler == nil {
			if err := opt.Step(); err != nil {
				t.Fatal(err)
			}
			continue
		}
		lossScale(ps, opt.scaler.Scale())
		if _, err := opt.scaler.Step(opt); err != nil {
			t.Fatal(err)
		}
		opt.scaler.Update()
	}
}

// lossScale multiplies the gradients by scale, as if the loss had been.
func lossScale[F kernels.Float](ps []*optim.Param[F], scale float64) {
	for _, p := range ps {
		kernels.Scale(F(scale), p.Grad)
	}
}

// unsharded is the optimizer over the whole parameters, and its scaler if the setup scales the loss.
type unsharded[F kernels.Float] struct {
	optim.Optimizer[F]
	scaler *optim.GradScaler[F]
}

func newUnsharded[F kernels.Float](t *testing.T, su setup[F]) ([]*optim.Param[F], *unsharded[F]) {
	t.Helper()
	ps := newParams[F]()
	opt, err := su.build(ps)
	if err != nil {
		t.Fatal(err)
	}
	guard(t, opt, su)
	u := &unsharded[F]{Optimizer: opt}
	if su.scaler != nil {
		if u.scaler, err = optim.NewGradScaler(ps, *su.scaler); err != nil {
			t.Fatal(err)
		}
	}
	return ps, u
}

// guard sets su's clipping and guard on o, a Worker or an unsharded optimizer.
func guard[F kernels.Float](t *testing.T, o interface {
	SetClip(optim.Clip) error
	SetNonfinite(optim.Nonfinite) error
}, su setup[F]) {
	t.Helper()
	if err := o.SetClip(su.clip); err != nil {
		t.Fatal(err)
	}
	if err := o.SetNonfinite(su.guard); err != nil {
		t.Fatal(err)
	}
}

// newWorker returns worker k of plan over ps, set up as su says.
func newWorker[F kernels.Float](t *testing.T, su setup[F], plan *shard.Plan, k int, ps []*optim.Param[F]) *shard.Worker[F] {
	t.Helper()
	w, err := shard.NewWorker(plan, k, ps, su.build)
	if err != nil {
		t.Fatal(err)
	}
	guard(t, w, su)
	if su.scaler != nil {
		if err := w.SetScaler(*su.scaler); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// cluster is a sharded run: a plan, each worker's replica and Worker, and the memory standing in for collectives.
type cluster[F kernels.Float] struct {
	plan     *shard.Plan
	replicas [][]*optim.Param[F]
	workers  []*shard.Worker[F]
	comm     *memComm[F]
}

func newCluster[F kernels.Float](t *testing.T, su setup[F], plan *shard.Plan) *cluster[F] {
	t.Helper()
	c := &cluster[F]{plan: plan}
	for k := range plan.Workers() {
		ps := newParams[F]()
		w := newWorker(t, su, plan, k, ps)
		c.replicas = append(c.replicas, ps)
		c.workers = append(c.workers, w)
	}
	c.comm = newMemComm(plan, c.replicas)
	return c
}

// run takes k steps from step s0 on every worker, each a goroutine.
func (c *cluster[F]) run(t *testing.T, su setup[F], s0, k int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, len(c.workers))
	for r, w := range c.workers {
		wg.Go(func() {
			ps := c.replicas[r]
			for s := s0; s < s0+k; s++ {
				// The gradient's all-reduce (or reduce-scatter to GradRange): computed from the replica's
				// values, which every replica holds alike.
				a, b := c.plan.GradRange(r)
				grad(ps, s, a, b, su.inf)
				if sc := w.Scaler(); sc != nil {
					lossScale(ps, sc.Scale())
				}
				c.comm.allGatherPartials(r, w.Partials())
				if err := w.Step(); err != nil && errs[r] == nil {
					errs[r] = err
				}
				c.comm.allGatherParams(r)
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

func (c *cluster[F]) states() []optim.TorchState[F] {
	var st []optim.TorchState[F]
	for _, w := range c.workers {
		st = append(st, w.Optimizer().TorchState())
	}
	return st
}

// sameValues fails unless every replica's values have the bits of want's.
func sameValues[F kernels.Float](t *testing.T, want []*optim.Param[F], replicas [][]*optim.Param[F]) {
	t.Helper()
	for k, ps := range replicas {
		for i, p := range ps {
			for j, v := range p.Value {
				if math.Float64bits(float64(v)) != math.Float64bits(float64(want[i].Value[j])) {
					t.Fatalf("worker %d: %s[%d] = %v, unsharded %v", k, p.Name, j, v, want[i].Value[j])
				}
			}
		}
	}
}

// sameState fails unless got has exactly want's tensors and scalars, bit for bit.
func sameState[F kernels.Float](t *testing.T, want, got optim.TorchState[F]) {
	t.Helper()
	if len(got.State) != len(want.State) {
		t.Fatalf("%d parameter states, want %d", len(got.State), len(want.State))
	}
	for i, w := range want.State {
		g := got.State[i]
		if len(g.Tensors) != len(w.Tensors) || len(g.Scalars) != len(w.Scalars) {
			t.Fatalf("parameter %d: %d tensors, %d scalars, want %d, %d", i, len(g.Tensors), len(g.Scalars), len(w.Tensors), len(w.Scalars))
		}
		for name, x := range w.Tensors {
			y := g.Tensors[name]
			if len(y) != len(x) {
				t.Fatalf("parameter %d: %s has %d elements, want %d", i, name, len(y), len(x))
			}
			for j := range x {
				if math.Float64bits(float64(x[j])) != math.Float64bits(float64(y[j])) {
					t.Fatalf("parameter %d: %s[%d] = %v, want %v", i, name, j, y[j], x[j])
				}
			}
		}
		for name, x := range w.Scalars {
			if math.Float64bits(g.Scalars[name]) != math.Float64bits(x) {
				t.Fatalf("parameter %d: scalar %s = %v, want %v", i, name, g.Scalars[name], x)
			}
		}
	}
	if fmt.Sprint(got.ParamGroups) != fmt.Sprint(want.ParamGroups) {
		t.Fatalf("param groups %v, want %v", got.ParamGroups, want.ParamGroups)
	}
}

// plans returns the plans the tests shard over: n equal ranges, and for some n boundaries one element into a
// tensor, or at its very end.
func plans(t *testing.T) []*shard.Plan {
	var out []*shard.Plan
	for _, n := range []int{1, 2, 3, 5, 8, 64} {
		p, err := shard.NewPlan(lens, n, 1)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	for _, bounds := range [][]int{{0, 1, 1003, 5106, 7928}, {0, 999, 1000, 1001, 1004, 5107, 5363, 5364, 5428, 5429, 7928}} {
		p, err := shard.NewPlanAt(lens, bounds)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func testSame[F kernels.Float](t *testing.T) {
	for _, su := range setups[F]() {
		ref, opt := newUnsharded(t, su)
		reference(t, su, ref, opt, 0, steps)
		want := opt.TorchState()
		skips, _ := opt.Skipped()
		if opt.scaler != nil && (opt.scaler.State().Scale == su.scaler.InitScale || opt.StepCount() != steps-1) {
			t.Fatalf("%s: the scaler never changed its scale, or stepped %d times", su.name, opt.StepCount())
		}
		if su.guard == optim.NonfiniteSkip && skips != 1 || su.scaler == nil && su.guard == optim.NonfiniteStep && math.IsNaN(opt.GradNorm()) != su.inf {
			t.Fatalf("%s: the unsharded run skipped %d steps, norm %v", su.name, skips, opt.GradNorm())
		}
		for _, plan := range plans(t) {
			t.Run(fmt.Sprintf("%s/N=%d", su.name, plan.Workers()), func(t *testing.T) {
				c := newCluster(t, su, plan)
				c.run(t, su, 0, steps)
				sameValues(t, ref, c.replicas)
				got, err := shard.Merge(plan, c.states())
				if err != nil {
					t.Fatal(err)
				}
				sameState(t, want, got)
				for _, w := range c.workers {
					if opt.scaler != nil && w.Scaler().State() != opt.scaler.State() {
						t.Fatalf("scaler %+v, unsharded %+v", w.Scaler().State(), opt.scaler.State())
					}
					if n, _ := w.Skipped(); n != skips || math.Float64bits(w.GradNorm()) != math.Float64bits(opt.GradNorm()) {
						t.Fatalf("skipped %d, norm %v; unsharded %d, %v", n, w.GradNorm(), skips, opt.GradNorm())
					}
				}
			})
		}
	}
}

// TestSameBits trains each optimizer sharded over 1 to 64 workers, tensors cut anywhere, and compares every
// replica's weights, the merged state, the norm and the skips with the unsharded optimizer's, bit for bit.
func TestSameBits(t *testing.T) {
	t.Run("f32", testSame[float32])
	t.Run("f64", testSame[float64])
}
