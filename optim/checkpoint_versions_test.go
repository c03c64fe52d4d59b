package optim_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// The files in testdata/checkpoints were written by the builds of each version (v1 by commit ee94ee9, v2 by
// 0562088, v3 by f0d8ac0, the current version by this one: -update rewrites those), from the runs that fixture, fixtureGrads and
// versionFiles describe, after 7 steps. Each must load into the same run built here, whatever version this build
// writes.

var update = flag.Bool("update", false, "rewrite the checkpoints of the current version in testdata/checkpoints")

func fixture[F kernels.Float]() []*optim.Param[F] {
	return []*optim.Param[F]{
		{Name: "w", Value: []F{0.5, -1.25, 2, 0.125, -3}, Grad: make([]F, 5)},
		{Name: "b", Value: []F{0.75, -0.5, 1.5}, Grad: make([]F, 3)},
	}
}

// fixtureGrads sets the gradients of step s (from 1), each product rounded so that every architecture computes
// the gradients the files were written with.
func fixtureGrads[F kernels.Float](ps []*optim.Param[F], s int) {
	for _, p := range ps {
		for i, v := range p.Value {
			p.Grad[i] = F(F(v*0.5) + F(0.1*float64(s*(i+1))))
		}
	}
}

// versionRun is one of the runs in the files: its parts, and a step that advances them all.
type versionRun struct {
	parts []optim.Checkpointed
	step  func(s int) error
	state func() any // everything the parts hold, values aside
}

func adamRun[F kernels.Float](ps []*optim.Param[F], withSchedules bool) versionRun {
	cfg := optim.DefaultAdam()
	cfg.LR, cfg.AMSGrad = 0.01, withSchedules
	if withSchedules {
		cfg.WeightDecay, cfg.L2 = 0.001, true
	}
	opt, err := optim.NewAdam(ps, cfg)
	if err != nil {
		panic(err)
	}
	if !withSchedules {
		return versionRun{[]optim.Checkpointed{opt}, func(s int) error { fixtureGrads(ps, s); return opt.Step() },
			func() any { return opt.TorchState() }}
	}
	sl, _ := optim.StepLR(3, 0.5)
	sch, _ := optim.NewScheduler(opt, sl)
	pl, _ := optim.NewReduceLROnPlateau(opt, optim.DefaultPlateau())
	sc, _ := optim.NewGradScaler(ps, optim.DefaultGradScaler())
	return versionRun{[]optim.Checkpointed{opt, sch, pl, sc}, func(s int) error {
		fixtureGrads(ps, s)
		if err := opt.Step(); err != nil {
			return err
		}
		if err := sch.Step(); err != nil {
			return err
		}
		return pl.Step(float64(10 - s%3))
	}, func() any { return []any{opt.TorchState(), sch.State(), pl.State(), sc.State()} }}
}

func nadamRun[F kernels.Float](ps []*optim.Param[F], groups bool) versionRun {
	var opt *optim.NAdam[F]
	if groups {
		c1, c2 := optim.DefaultNAdam(), optim.DefaultNAdam()
		c1.LR, c2.LR, c2.DecoupledWeightDecay, c2.WeightDecay = 0.02, 0.005, true, 0.01
		opt, _ = optim.NewNAdamGroups(optim.Group[F, optim.NAdamConfig]{Params: ps[:1], Config: c1},
			optim.Group[F, optim.NAdamConfig]{Params: ps[1:], Config: c2})
	} else {
		c := optim.DefaultNAdam()
		c.LR = 0.02
		opt, _ = optim.NewNAdam(ps, c)
	}
	return versionRun{[]optim.Checkpointed{opt}, func(s int) error { fixtureGrads(ps, s); return opt.Step() },
		func() any { return opt.TorchState() }}
}

// versionFiles are the committed checkpoints, each with the run it holds in either element type.
var versionFiles = []struct {
	file  string
	f32   func([]*optim.Param[float32]) versionRun
	f64   func([]*optim.Param[float64]) versionRun
	isF32 bool
}{
	{"v1-adam-f64.fgck", nil, func(ps []*optim.Param[float64]) versionRun { return adamRun(ps, false) }, false},
	{"v1-nadam-f32.fgck", func(ps []*optim.Param[float32]) versionRun { return nadamRun(ps, false) }, nil, true},
	{"v2-adam-scheduler-plateau-scaler-f32.fgck", func(ps []*optim.Param[float32]) versionRun { return adamRun(ps, true) }, nil, true},
	{"v2-nadam-groups-f64.fgck", nil, func(ps []*optim.Param[float64]) versionRun { return nadamRun(ps, true) }, false},
	{"v3-adam-scheduler-plateau-scaler-f32.fgck", func(ps []*optim.Param[float32]) versionRun { return adamRun(ps, true) }, nil, true},
	{"v3-nadam-groups-f64.fgck", nil, func(ps []*optim.Param[float64]) versionRun { return nadamRun(ps, true) }, false},
	{"v4-adam-scheduler-plateau-scaler-f32.fgck", func(ps []*optim.Param[float32]) versionRun { return adamRun(ps, true) }, nil, true},
	{"v4-nadam-groups-f64.fgck", nil, func(ps []*optim.Param[float64]) versionRun { return nadamRun(ps, true) }, false},
	{"v4-adam-bf16-lion-f16-f32.fgck", compactRun, nil, true},
	{"v4-adam-q8-adagrad-q8-f32.fgck", q8Run, nil, true},
}

// compactRun is an AMSGrad Adam with bf16 state over the first parameter and a Lion with f16 state over the
// second, saved together.
func compactRun(ps []*optim.Param[float32]) versionRun {
	ac := optim.DefaultAdam()
	ac.LR, ac.AMSGrad, ac.State = 0.01, true, optim.StateBF16
	lc := optim.DefaultLion()
	lc.LR, lc.State = 0.01, optim.StateF16
	return pairRun(ps, built(optim.NewAdam(ps[:1], ac)), built(optim.NewLion(ps[1:], lc)))
}

// q8Run is an AMSGrad Adam over the first parameter and an Adagrad over the second, both with 8-bit state, saved
// together: signed and unsigned maps, and a state that starts at a value other than 0.
func q8Run(ps []*optim.Param[float32]) versionRun {
	ac := optim.DefaultAdam()
	ac.LR, ac.AMSGrad, ac.State = 0.01, true, optim.StateQ8
	gc := optim.DefaultAdagrad()
	gc.InitialAccumulatorValue, gc.State = 0.1, optim.StateQ8
	return pairRun(ps, built(optim.NewAdam(ps[:1], ac)), built(optim.NewAdagrad(ps[1:], gc)))
}

// pairOptimizer is what pairRun uses of an optimizer.
type pairOptimizer interface {
	optim.Checkpointed
	Step() error
	TorchState() optim.TorchState[float32]
}

// pairRun is the run of two optimizers over ps, saved together.
func pairRun(ps []*optim.Param[float32], a, b pairOptimizer) versionRun {
	return versionRun{[]optim.Checkpointed{a, b}, func(s int) error {
		fixtureGrads(ps, s)
		return errors.Join(a.Step(), b.Step())
	}, func() any { return []any{a.TorchState(), b.TorchState()} }}
}

// built returns the optimizer a constructor built, and panics on its error: the runs' configs are valid.
func built[O any](o O, err error) O {
	if err != nil {
		panic(err)
	}
	return o
}

// TestCheckpointVersions loads each committed checkpoint into new parts and compares them with the same run
// trained here: the same state, bit for bit, and the next steps the same; versions 3 and later restore the values
// too.
func TestCheckpointVersions(t *testing.T) {
	for _, v := range versionFiles {
		t.Run(v.file, func(t *testing.T) {
			if v.isF32 {
				checkVersionFile(t, v.file, v.f32)
			} else {
				checkVersionFile(t, v.file, v.f64)
			}
		})
	}
}

func checkVersionFile[F kernels.Float](t *testing.T, file string, build func([]*optim.Param[F]) versionRun) {
	path := filepath.Join("testdata", "checkpoints", file)
	current := strings.HasPrefix(file, fmt.Sprintf("v%d-", optim.CheckpointVersion))
	withValues := !strings.HasPrefix(file, "v1-") && !strings.HasPrefix(file, "v2-")
	ps := fixture[F]()
	trained := build(ps)
	for s := 1; s <= 7; s++ {
		if err := trained.step(s); err != nil {
			t.Fatal(err)
		}
	}
	if current {
		var buf bytes.Buffer
		if err := optim.SaveCheckpoint(&buf, trained.parts...); err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if data, err := os.ReadFile(path); err != nil || !bytes.Equal(data, buf.Bytes()) {
			t.Errorf("%s is not what this build writes for its run (%v): rerun with -update if the format changed on purpose", file, err)
		}
	}
	into := fixture[F]()
	loaded := build(into)
	if err := optim.LoadCheckpointFile(path, loaded.parts...); err != nil {
		t.Fatal(err)
	}
	if got, want := loaded.state(), trained.state(); !reflect.DeepEqual(got, want) {
		t.Fatalf("loaded %v\nwant   %v", got, want)
	}
	for i, p := range into {
		want := fixture[F]()[i].Value // versions 1 and 2 hold no values: they stay as they were
		if withValues {
			want = ps[i].Value
		}
		if !slices.Equal(p.Value, want) {
			t.Errorf("%s: value %v, want %v", p.Name, p.Value, want)
		}
		copy(p.Value, ps[i].Value)
	}
	for s := 8; s <= 10; s++ {
		if err := errors.Join(trained.step(s), loaded.step(s)); err != nil {
			t.Fatal(err)
		}
	}
	for i, p := range into {
		if !slices.Equal(p.Value, ps[i].Value) {
			t.Errorf("%s after 3 more steps: %v, want %v", p.Name, p.Value, ps[i].Value)
		}
	}
}
