package optim_test

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// tfjsFixture is testdata/tfjs/trajectories.json, written by testdata/tfjs/gen.js from TensorFlow.js's cpu
// backend: the weights after each step of each optimizer, from the same start and gradients.
type tfjsFixture struct {
	TFJS  string      `json:"tfjs"`
	W0    []float32   `json:"w0"`
	Grads [][]float32 `json:"grads"`
	Cases []struct {
		Optimizer string         `json:"optimizer"`
		Config    map[string]any `json:"config"`
		Weights   [][]*float32   `json:"weights"` // nil: NaN, which JSON cannot hold
	} `json:"cases"`
}

// tfjsBound is how far, in float32 ulps, fastgrad may be from TensorFlow.js per optimizer: 0 where a mode computes
// tfjs's operations in tfjs's order; for Adam and Adagrad, which tfjs computes with PyTorch's and Keras's
// formulas in another rounding order (and, for Adam, float32 running products β1ᵗ, β2ᵗ), the measured distance
// over the recorded run, which docs/optim.md quotes.
var tfjsBound = map[string]uint32{"Adam": 17, "Adagrad": 1}

// TestTFJSTrajectories replays TensorFlow.js's recorded runs with the mode docs/optim.md names for each optimizer,
// on every kernel path, and compares the weights after every step: bit for bit, or within tfjsBound.
func TestTFJSTrajectories(t *testing.T) {
	raw, err := os.ReadFile("testdata/tfjs/trajectories.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx tfjsFixture
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	if len(fx.Cases) == 0 {
		t.Fatal("no cases")
	}
	defer kernels.SetImpl(kernels.Impl())
	for _, impl := range kernels.Impls() {
		if err := kernels.SetImpl(impl); err != nil {
			t.Fatal(err)
		}
		for _, c := range fx.Cases {
			num := func(k string) float64 { return c.Config[k].(float64) }
			p := &optim.Param[float32]{Name: "w", Value: append([]float32(nil), fx.W0...), Grad: make([]float32, len(fx.W0))}
			ps := []*optim.Param[float32]{p}
			var opt interface{ Step() error }
			switch c.Optimizer {
			case "Adam":
				cfg := optim.DefaultAdam()
				cfg.LR, cfg.Betas, cfg.Eps = num("lr"), [2]float64{num("b1"), num("b2")}, num("eps")
				opt, err = optim.NewAdam(ps, cfg)
			case "Adagrad":
				cfg := optim.DefaultAdagrad()
				cfg.LR, cfg.InitialAccumulatorValue, cfg.Eps, cfg.Mode = num("lr"), num("initial"), 1e-7, optim.ModeKeras
				opt, err = optim.NewAdagrad(ps, cfg)
			case "RMSprop":
				cfg := optim.DefaultRMSprop()
				cfg.LR, cfg.Alpha, cfg.Momentum, cfg.Eps = num("lr"), num("decay"), num("momentum"), num("eps")
				cfg.Centered, cfg.Mode = c.Config["centered"].(bool), optim.ModeTFJS
				opt, err = optim.NewRMSprop(ps, cfg)
			case "Adadelta":
				cfg := optim.AdadeltaConfig{LR: num("lr"), Rho: num("rho"), Eps: num("eps"), Mode: optim.ModeTFJS}
				opt, err = optim.NewAdadelta(ps, cfg)
			case "Adamax":
				cfg := optim.AdamaxConfig{LR: num("lr"), Betas: [2]float64{num("b1"), num("b2")}, Eps: num("eps"), Mode: optim.ModeTFJS}
				opt, err = optim.NewAdamax(ps, cfg)
			case "SGD":
				cfg := optim.SGDConfig{LR: num("lr"), Momentum: num("momentum"), Nesterov: c.Config["nesterov"].(bool)}
				opt, err = optim.NewSGD(ps, cfg)
			default:
				t.Fatalf("case %s: no such optimizer", c.Optimizer)
			}
			if err != nil {
				t.Fatalf("%s %v: %v", c.Optimizer, c.Config, err)
			}
			worst := uint32(0)
			for s, want := range c.Weights {
				copy(p.Grad, fx.Grads[s])
				if err := opt.Step(); err != nil {
					t.Fatal(err)
				}
				for i, wp := range want {
					w := float32(math.NaN())
					if wp != nil {
						w = *wp
					}
					d := ulps(p.Value[i], w)
					worst = max(worst, d)
					if d > tfjsBound[c.Optimizer] {
						t.Errorf("%s: %s %v: step %d: w[%d] = %v, TensorFlow.js %s has %v (%d ulps, bound %d)",
							impl, c.Optimizer, c.Config, s+1, i, p.Value[i], fx.TFJS, w, d, tfjsBound[c.Optimizer])
					}
				}
			}
			if b := tfjsBound[c.Optimizer]; b > 0 && worst < b {
				t.Logf("%s: %s %v: at most %d ulps from TensorFlow.js, bound %d", impl, c.Optimizer, c.Config, worst, b)
			}
		}
	}
}

// ulps is the distance between two float32 values in units in the last place: 0 for equal bits or two NaNs,
// the largest distance for a NaN and a number.
func ulps(a, b float32) uint32 {
	if a != a || b != b {
		if a != a && b != b {
			return 0
		}
		return math.MaxUint32
	}
	key := func(x float32) int64 {
		u := int64(math.Float32bits(x))
		if u&(1<<31) != 0 {
			return -(u &^ (1 << 31))
		}
		return u
	}
	d := key(a) - key(b)
	if d < 0 {
		d = -d
	}
	return uint32(d)
}
