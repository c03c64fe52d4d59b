package optim_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/optim"
)

// groupBuilder builds an optimizer over two groups, a and b, with different configs, and the two optimizers that
// update the same groups apart, one each.
type groupBuilder func(a, b, a2, b2 []*optim.Param[float32]) (both stepper, apart [2]stepper, err error)

// grouped pairs, for every optimizer, its defaults in group a with a config in group b that changes the rate and
// whatever else changes the state or the step's scalars: the momentum buffer, AMSGrad, NAdam's betas (and so its
// mu_product), Adagrad's starting sum.
var grouped = map[string]groupBuilder{
	"SGD": pairOf(optim.NewSGDGroups[float32], optim.DefaultSGD(), optim.SGDConfig{LR: 3e-3, Momentum: 0.9, Nesterov: true}),
	"SGD Keras": pairOf(optim.NewSGDGroups[float32], optim.SGDConfig{LR: 1e-2, Momentum: 0.5, Mode: optim.ModeKeras},
		optim.SGDConfig{LR: 3e-3, Momentum: 0.9, Nesterov: true, Mode: optim.ModeKeras}),
	"Adagrad": pairOf(optim.NewAdagradGroups[float32], optim.DefaultAdagrad(),
		optim.AdagradConfig{LR: 0.1, Eps: 1e-10, InitialAccumulatorValue: 0.5, LRDecay: 0.01}),
	"RMSprop": pairOf(optim.NewRMSpropGroups[float32], optim.DefaultRMSprop(),
		optim.RMSpropConfig{LR: 1e-3, Alpha: 0.9, Eps: 1e-6, Centered: true, Momentum: 0.5}),
	"Adam": pairOf(optim.NewAdamGroups[float32], optim.DefaultAdam(),
		func() optim.AdamConfig { c := optim.DefaultAdamW(); c.AMSGrad, c.LR = true, 5e-3; return c }()),
	"Adamax": pairOf(optim.NewAdamaxGroups[float32], optim.DefaultAdamax(),
		optim.AdamaxConfig{LR: 1e-2, Betas: [2]float64{0.8, 0.99}, Eps: 1e-8, WeightDecay: 0.1}),
	"NAdam": pairOf(optim.NewNAdamGroups[float32], optim.DefaultNAdam(),
		optim.NAdamConfig{LR: 1e-2, Betas: [2]float64{0.5, 0.9}, Eps: 1e-8, MomentumDecay: 0.1}),
	"RAdam": pairOf(optim.NewRAdamGroups[float32], optim.DefaultRAdam(),
		optim.RAdamConfig{LR: 1e-2, Betas: [2]float64{0.8, 0.9}, Eps: 1e-8, DecoupledWeightDecay: true, WeightDecay: 0.1}),
	"Adadelta": pairOf(optim.NewAdadeltaGroups[float32], optim.DefaultAdadelta(),
		optim.AdadeltaConfig{LR: 0.5, Rho: 0.5, Eps: 1e-4}),
	// The TensorFlow.js modes run optim's Go loops: every test over these groups (splits, workers, checkpoints,
	// states) covers them too. Centered RMSprop is left to TestTFJSTrajectories: its ε, subtracted, turns a weight
	// whose gradient is nearly constant into NaN, as in tfjs.
	"RMSprop TFJS": pairOf(optim.NewRMSpropGroups[float32], optim.RMSpropConfig{LR: 1e-2, Alpha: 0.9, Eps: 1e-7, Mode: optim.ModeTFJS},
		optim.RMSpropConfig{LR: 1e-3, Alpha: 0.95, Eps: 1e-3, Momentum: 0.5, Mode: optim.ModeTFJS}),
	"Adadelta TFJS": pairOf(optim.NewAdadeltaGroups[float32], optim.AdadeltaConfig{LR: 1, Rho: 0.95, Eps: 1e-6, Mode: optim.ModeTFJS},
		optim.AdadeltaConfig{LR: 0.5, Rho: 0.5, Eps: 1e-4, Mode: optim.ModeTFJS}),
	"Adamax TFJS": pairOf(optim.NewAdamaxGroups[float32], optim.AdamaxConfig{LR: 2e-2, Betas: [2]float64{0.9, 0.999}, Eps: 1e-7, Mode: optim.ModeTFJS},
		optim.AdamaxConfig{LR: 1e-2, Betas: [2]float64{0.8, 0.99}, Eps: 1e-8, Mode: optim.ModeTFJS}),
	"Lion": pairOf(optim.NewLionGroups[float32], optim.DefaultLion(), optim.LionConfig{LR: 1e-3, Betas: [2]float64{0.5, 0.9}, WeightDecay: 1}),
	"ASGD": pairOf(optim.NewASGDGroups[float32], optim.DefaultASGD(),
		optim.ASGDConfig{LR: 0.1, Lambd: 0.5, Alpha: 0.5, T0: 1, WeightDecay: 0.1, Maximize: true}),
	"Rprop": pairOf(optim.NewRpropGroups[float32], optim.DefaultRprop(),
		optim.RpropConfig{LR: 0.1, Etas: [2]float64{0.3, 1.5}, StepSizes: [2]float64{1e-3, 1}, Maximize: true}),
}

func pairOf[C any, O stepper](newGroups func(...optim.Group[float32, C]) (O, error), ca, cb C) groupBuilder {
	return func(a, b, a2, b2 []*optim.Param[float32]) (stepper, [2]stepper, error) {
		both, err := newGroups(optim.Group[float32, C]{Params: a, Config: ca}, optim.Group[float32, C]{Params: b, Config: cb})
		if err != nil {
			return nil, [2]stepper{}, err
		}
		oa, err := newGroups(optim.Group[float32, C]{Params: a2, Config: ca})
		if err != nil {
			return nil, [2]stepper{}, err
		}
		ob, err := newGroups(optim.Group[float32, C]{Params: b2, Config: cb})
		return both, [2]stepper{oa, ob}, err
	}
}

// namedParams returns parameters named prefix0, prefix1, … with the given lengths and values that differ.
func namedParams(prefix string, lens ...int) []*optim.Param[float32] {
	ps := make([]*optim.Param[float32], len(lens))
	for i, n := range lens {
		p := &optim.Param[float32]{Name: prefix + string(rune('0'+i)), Value: make([]float32, n), Grad: make([]float32, n)}
		for j := range p.Value {
			p.Value[j] = float32((j*7+i*3)%11) - 5
		}
		ps[i] = p
	}
	return ps
}

// TestGroupsStepLikeSeparateOptimizers: an optimizer over two groups with their own configs updates each group
// exactly as an optimizer over that group alone does, bit for bit, through a schedule that sets each group's rate
// from its own base and a checkpoint round trip.
func TestGroupsStepLikeSeparateOptimizers(t *testing.T) {
	for name, build := range grouped {
		a, b := namedParams("a", 37, 5), namedParams("b", 64, 1, 19)
		a2, b2 := cloneParams(a), cloneParams(b)
		both, apart, err := build(a, b, a2, b2)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if n := both.(optim.LRGroups).NumGroups(); n != 2 {
			t.Fatalf("%s: NumGroups %d, want 2", name, n)
		}
		cos, _ := optim.CosineAnnealingLR(8, 1e-4)
		var scheds []*optim.Scheduler
		for _, o := range []stepper{both, apart[0], apart[1]} {
			s, err := optim.NewScheduler(o.(optim.LRGroups), cos)
			if err != nil {
				t.Fatal(err)
			}
			scheds = append(scheds, s)
		}
		run := func(k int) {
			steps(t, both, append(slices.Clone(a), b...), k)
			steps(t, apart[0], a2, k)
			steps(t, apart[1], b2, k)
		}
		for range 3 {
			run(1)
			for _, s := range scheds {
				if err := s.Step(); err != nil {
					t.Fatal(err)
				}
			}
		}
		g := both.(optim.LRGroups)
		if g.LR(0) != apart[0].(optim.LRGroups).LR(0) || g.LR(1) != apart[1].(optim.LRGroups).LR(0) {
			t.Errorf("%s: rates %v, %v; apart %v, %v", name, g.LR(0), g.LR(1), apart[0].(optim.LRGroups).LR(0), apart[1].(optim.LRGroups).LR(0))
		}
		// A checkpoint of the grouped optimizer restores into a twin, which then continues in step.
		var buf bytes.Buffer
		if err := optim.SaveCheckpoint(&buf, both.(optim.Checkpointed)); err != nil {
			t.Fatal(err)
		}
		a3, b3 := cloneParams(a), cloneParams(b)
		twin, _, err := build(a3, b3, cloneParams(a), cloneParams(b))
		if err != nil {
			t.Fatal(err)
		}
		if err := optim.LoadCheckpoint(bytes.NewReader(buf.Bytes()), twin.(optim.Checkpointed)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		steps(t, twin, append(slices.Clone(a3), b3...), 2)
		run(2)
		for _, pair := range [][2][]*optim.Param[float32]{{a, a2}, {b, b2}, {a, a3}, {b, b3}} {
			for i := range pair[0] {
				if !slices.Equal(pair[0][i].Value, pair[1][i].Value) {
					t.Errorf("%s: %s: grouped %v, apart or restored %v", name, pair[0][i].Name, pair[0][i].Value[:1], pair[1][i].Value[:1])
				}
			}
		}
	}
}

// TestCheckpointRejectsOtherGroups: a checkpoint of other groups is refused, saying how they differ.
func TestCheckpointRejectsOtherGroups(t *testing.T) {
	p := namedParams("p", 4, 4, 4)
	save := func(groups ...optim.Group[float32, optim.AdamConfig]) []byte {
		opt, err := optim.NewAdamGroups(groups...)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		opt.Save(&buf)
		return buf.Bytes()
	}
	ams := optim.DefaultAdam()
	ams.AMSGrad = true
	def := optim.DefaultAdam()
	into, _ := optim.NewAdamGroups(optim.Group[float32, optim.AdamConfig]{p[:1], def}, optim.Group[float32, optim.AdamConfig]{p[1:], def})
	for want, data := range map[string][]byte{
		"1 parameter groups":       save(optim.Group[float32, optim.AdamConfig]{p, def}),
		"group 0 has 2":            save(optim.Group[float32, optim.AdamConfig]{p[:2], def}, optim.Group[float32, optim.AdamConfig]{p[2:], def}),
		"group 1: amsgrad is true": save(optim.Group[float32, optim.AdamConfig]{p[:1], def}, optim.Group[float32, optim.AdamConfig]{p[1:], ams}),
	} {
		if err := into.Load(bytes.NewReader(data)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Load: %v, want an error saying %q", err, want)
		}
	}
}
