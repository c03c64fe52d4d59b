package kernels

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// storedTorchCase is one trajectory of testdata/stored/torch.json (see gen.py there).
type storedTorchCase struct {
	Name      string
	Optimizer string            // Adam, SGD, Lion or Adagrad
	Types     map[string]string // w, g, state, and copy if the mode writes one: f32, bf16 or f16
	Config    struct {
		LR                      float64
		Betas                   [2]float64
		Eps                     float64
		WeightDecay             float64 `json:"weight_decay"`
		AMSGrad                 bool
		Decoupled               bool
		Momentum, Dampening     float64
		Nesterov                bool
		LRDecay                 float64 `json:"lr_decay"`
		InitialAccumulatorValue float64 `json:"initial_accumulator_value"`
	}
	W0, C, T string
	Steps    map[string]struct {
		W, Copy string
		State   []string
	}
}

// TestStoredAgainstTorch runs the stored and copy kernels along PyTorch's trajectories of Adam, SGD, Lion and
// Adagrad on 16-bit tensors (computed in float32, rounded to nearest once per stored value) on every path, and
// wants every stored bit.
func TestStoredAgainstTorch(t *testing.T) {
	data, err := os.ReadFile("testdata/stored/torch.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Cases []storedTorchCase }
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 48 {
		t.Fatalf("only %d cases", len(file.Cases))
	}
	forEachPath(t, func(t *testing.T) {
		for _, c := range file.Cases {
			switch ty := c.Types; {
			case ty["w"] == "bf16":
				storedTorch[BF16, BF16, BF16](t, c)
			case ty["w"] == "f16":
				storedTorch[F16, F16, F16](t, c)
			case ty["state"] == "bf16":
				storedTorch[float32, float32, BF16](t, c)
			case ty["state"] == "f16":
				storedTorch[float32, float32, F16](t, c)
			case ty["copy"] == "bf16":
				copyTorch[BF16](t, c)
			case ty["copy"] == "f16":
				copyTorch[F16](t, c)
			default:
				t.Fatalf("%s: no kernel for the types %v", c.Name, ty)
			}
		}
	})
}

// parseStored returns the stored values of the hex bit patterns s.
func parseStored[S Stored](t *testing.T, s string) []S {
	fields := strings.Fields(s)
	out := make([]S, len(fields))
	for i, f := range fields {
		b, err := strconv.ParseUint(f, 16, 32)
		if err != nil {
			t.Fatal(err)
		}
		switch any(out).(type) {
		case []float32:
			out[i] = any(math.Float32frombits(uint32(b))).(S)
		case []BF16:
			out[i] = any(BF16(b)).(S)
		default:
			out[i] = any(F16(b)).(S)
		}
	}
	return out
}

// torchGrad stores the gradient of the case's quadratic, c·(w − t) in float32 from the widened weights, as G.
func torchGrad[W, G Stored](g []G, w []W, cs, ts []float32) {
	for i := range w {
		g[i] = Rounded[G](cs[i]*(Widened(w[i])-ts[i]), Rounding{}, i)
	}
}

// checkStored fails unless got has exactly the bits of want's hex patterns.
func checkStored[S Stored](t *testing.T, where string, got []S, want string) {
	t.Helper()
	for i, x := range parseStored[S](t, want) {
		if math.Float32bits(Widened(got[i])) != math.Float32bits(Widened(x)) {
			t.Fatalf("%s element %d: %v, PyTorch %v", where, i, Widened(got[i]), Widened(x))
		}
	}
}

// torchState returns the case's initial state arrays: zeros, Adagrad's initial accumulator, none for SGD without
// momentum.
func torchState[S Stored](c *storedTorchCase, n int) [3][]S {
	k := c.Config
	var st [3][]S
	switch {
	case c.Optimizer == "Adam" && k.AMSGrad:
		st = [3][]S{make([]S, n), make([]S, n), make([]S, n)}
	case c.Optimizer == "Adam":
		st = [3][]S{make([]S, n), make([]S, n)}
	case c.Optimizer != "SGD" || k.Momentum != 0:
		st[0] = make([]S, n)
	}
	if c.Optimizer == "Adagrad" {
		for i := range st[0] {
			st[0][i] = Rounded[S](float32(k.InitialAccumulatorValue), Rounding{}, i)
		}
	}
	return st
}

// torchStep takes step k of the case's optimizer: through the stored kernel, or, with copyTo, the copy kernel.
func torchStep[W, G, S Stored, C Half](c *storedTorchCase, k int, w []W, g []G, st [3][]S, copyTo []C) {
	cf := c.Config
	// The copy kernels take float32 arrays: with copyTo, W, G and S are float32.
	stored, _ := any(w).([]float32)
	grad, _ := any(g).([]float32)
	copied, _ := any(st).([3][]float32)
	switch c.Optimizer {
	case "Adam":
		s := AdamHyper{LR: cf.LR, Beta1: cf.Betas[0], Beta2: cf.Betas[1], Eps: cf.Eps, WeightDecay: cf.WeightDecay,
			Decoupled: cf.Decoupled, AMSGrad: cf.AMSGrad}.Step(k)
		if copyTo != nil {
			AdamCopy(&s, stored, grad, copied[0], copied[1], copied[2], copyTo, Rounding{})
		} else {
			AdamStored(&s, w, g, st[0], st[1], st[2], Rounding{})
		}
	case "SGD":
		s := SGDHyper{LR: cf.LR, Momentum: cf.Momentum, Dampening: cf.Dampening, WeightDecay: cf.WeightDecay,
			Nesterov: cf.Nesterov}.Step(k)
		if copyTo != nil {
			SGDCopy(&s, stored, grad, copied[0], copyTo, Rounding{})
		} else {
			SGDStored(&s, w, g, st[0], Rounding{})
		}
	case "Lion":
		h := LionHyper{LR: cf.LR, Beta1: cf.Betas[0], Beta2: cf.Betas[1], WeightDecay: cf.WeightDecay}
		if copyTo != nil {
			LionCopy(&h, stored, grad, copied[0], copyTo, Rounding{})
		} else {
			LionStored(&h, w, g, st[0], Rounding{})
		}
	case "Adagrad":
		s := AdagradHyper{LR: cf.LR, LRDecay: cf.LRDecay, WeightDecay: cf.WeightDecay, Eps: cf.Eps}.Step(k)
		if copyTo != nil {
			AdagradCopy(&s, stored, grad, copied[0], copyTo, Rounding{})
		} else {
			AdagradStored(&s, w, g, st[0], Rounding{})
		}
	}
}

// torchRun follows the case for 20 steps, checking every recorded step; copyTo is nil for the stored kernels.
func torchRun[W, G, S Stored, C Half](t *testing.T, c storedTorchCase, copyTo []C) {
	w, cs, ts := parseStored[W](t, c.W0), parseStored[float32](t, c.C), parseStored[float32](t, c.T)
	g, st := make([]G, len(w)), torchState[S](&c, len(w))
	for k := 1; k <= 20; k++ {
		torchGrad(g, w, cs, ts)
		torchStep(&c, k, w, g, st, copyTo)
		rec, ok := c.Steps[strconv.Itoa(k)]
		if !ok {
			continue
		}
		where := fmt.Sprintf("%s, step %d: ", c.Name, k)
		checkStored(t, where+"w", w, rec.W)
		if copyTo != nil {
			checkStored(t, where+"copy", copyTo, rec.Copy)
		}
		if len(rec.State) != len(slices.DeleteFunc(slices.Clone(st[:]), func(s []S) bool { return s == nil })) {
			t.Fatalf("%s: %d state arrays recorded", where, len(rec.State))
		}
		for j, want := range rec.State {
			checkStored(t, fmt.Sprintf("%sstate %d", where, j), st[j], want)
		}
	}
}

func storedTorch[W, G, S Stored](t *testing.T, c storedTorchCase) { torchRun[W, G, S, BF16](t, c, nil) }

func copyTorch[C Half](t *testing.T, c storedTorchCase) {
	torchRun[float32, float32, float32](t, c, make([]C, len(strings.Fields(c.W0))))
}
