package optim_test

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// oneCycleCase is a case of testdata/pytorch/onecycle.json (gen.py onecycle): a trajectory case whose optimizer
// PyTorch's OneCycleLR drove, with the arguments in Schedule.
type oneCycleCase struct {
	torchCase
	Schedule struct {
		MaxLR          float64  `json:"max_lr"`
		PctStart       *float64 `json:"pct_start"`
		AnnealStrategy string   `json:"anneal_strategy"`
		ThreePhase     bool     `json:"three_phase"`
		DivFactor      *float64 `json:"div_factor"`
		BaseMomentum   *float64 `json:"base_momentum"`
		MaxMomentum    *float64 `json:"max_momentum"`
	} `json:"schedule"`
}

// TestOneCycleTrajectoriesMatchPyTorch replays PyTorch's runs of SGD (momentum, Nesterov), Adam and AdamW under
// OneCycleLR with max_lr and cycle_momentum: the momentum, and Adam's β1, change at every step, and Adam's bias
// correction 1 − β1ᵗ takes the β1 of each step, as PyTorch's. The weights must stay within the trajectories'
// tolerance (float64: 1e-10·|b| + 1e-12·S; float32: 1e-4·|b| + 1e-5·S, S the largest |b|): the updates are the
// same operations as PyTorch's, but its kernels fuse and order them differently, and its cos is the C library's.
func TestOneCycleTrajectoriesMatchPyTorch(t *testing.T) {
	raw, err := os.ReadFile("testdata/pytorch/onecycle.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Steps int            `json:"steps"`
		Cases []oneCycleCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 10 {
		t.Fatalf("%d cases", len(file.Cases))
	}
	for _, c := range file.Cases {
		if c.Dtype == "float32" {
			replayOneCycle[float32](t, file.Steps, c, 1e-4, 1e-5)
		} else {
			replayOneCycle[float64](t, file.Steps, c, 1e-10, 1e-12)
		}
	}
}

func replayOneCycle[F kernels.Float](t *testing.T, steps int, c oneCycleCase, rel, abs float64) {
	w0, cc, tt := decodeHex[F](t, c.W0), decodeHex[F](t, c.C), decodeHex[F](t, c.T)
	p := &optim.Param[F]{Name: "w", Value: slices.Clone(w0), Grad: make([]F, len(w0))}
	cfg := &torchConfig{m: c.Config, used: map[string]bool{}}
	opt, err := newTorchOptimizer(c.Optimizer, cfg, []*optim.Param[F]{p})
	if err != nil || len(cfg.unused()) > 0 {
		t.Fatalf("%s: %v, settings %v not applied", c.Name, err, cfg.unused())
	}
	sc := optim.DefaultOneCycle(steps)
	sc.MaxLR, sc.CycleMomentum = c.Schedule.MaxLR, true
	sc.LinearAnneal, sc.ThreePhase = c.Schedule.AnnealStrategy == "linear", c.Schedule.ThreePhase
	for _, f := range []struct {
		to   *float64
		from *float64
	}{{&sc.PctStart, c.Schedule.PctStart}, {&sc.DivFactor, c.Schedule.DivFactor},
		{&sc.BaseMomentum, c.Schedule.BaseMomentum}, {&sc.MaxMomentum, c.Schedule.MaxMomentum}} {
		if f.from != nil {
			*f.to = *f.from
		}
	}
	s, err := optim.OneCycleLR(sc)
	if err != nil {
		t.Fatal(err)
	}
	sched, err := optim.NewScheduler(opt.(optim.MomentumGroups), s)
	if err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	for step := 1; step <= steps; step++ {
		for i := range p.Grad {
			p.Grad[i] = cc[i] * (p.Value[i] - tt[i])
		}
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
		if err := sched.Step(); err != nil {
			t.Fatal(err)
		}
		rec, ok := c.W[strconv.Itoa(step)]
		if !ok {
			continue
		}
		nearTorch(t, fmt.Sprintf("%s %s step %d: w", c.Name, c.Dtype, step), p.Value, decodeHex[F](t, rec), rel, abs)
	}
}
