package kernels

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

// storedTorchCase is one trajectory of testdata/stored/torch.json (see gen.py there).
type storedTorchCase struct {
	Name   string
	Types  map[string]string // w, g, state, and copy if the mode writes one: f32, bf16 or f16
	Config struct {
		LR          float64
		Betas       [2]float64
		Eps         float64
		WeightDecay float64 `json:"weight_decay"`
		AMSGrad     bool
		Decoupled   bool
	}
	W0, C, T string
	Steps    map[string]map[string]string // step → array → the stored bits
}

// TestStoredAgainstTorch runs AdamStored and AdamCopy along PyTorch's trajectories of Adam on 16-bit tensors
// (computed in float32, rounded to nearest once per stored value) on every path, and wants every stored bit.
func TestStoredAgainstTorch(t *testing.T) {
	data, err := os.ReadFile("testdata/stored/torch.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Cases []storedTorchCase }
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 18 {
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
				storedTorch[float32, float32, float32](t, c)
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

// torchHyper is the case's configuration as an AdamHyper.
func (c *storedTorchCase) torchHyper() AdamHyper {
	k := c.Config
	return AdamHyper{LR: k.LR, Beta1: k.Betas[0], Beta2: k.Betas[1], Eps: k.Eps, WeightDecay: k.WeightDecay,
		Decoupled: k.Decoupled, AMSGrad: k.AMSGrad}
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

func storedTorch[W, G, S Stored](t *testing.T, c storedTorchCase) {
	w, cs, ts := parseStored[W](t, c.W0), parseStored[float32](t, c.C), parseStored[float32](t, c.T)
	n := len(w)
	g, m, v := make([]G, n), make([]S, n), make([]S, n)
	var vmax []S
	if c.Config.AMSGrad {
		vmax = make([]S, n)
	}
	h := c.torchHyper()
	for k := 1; k <= 20; k++ {
		torchGrad(g, w, cs, ts)
		s := h.Step(k)
		AdamStored(&s, w, g, m, v, vmax, Rounding{})
		if rec, ok := c.Steps[strconv.Itoa(k)]; ok {
			where := fmt.Sprintf("%s, step %d: ", c.Name, k)
			checkStored(t, where+"w", w, rec["w"])
			checkStored(t, where+"m", m, rec["m"])
			checkStored(t, where+"v", v, rec["v"])
			if vmax != nil {
				checkStored(t, where+"vmax", vmax, rec["vmax"])
			}
		}
	}
}

func copyTorch[C Half](t *testing.T, c storedTorchCase) {
	w, cs, ts := parseStored[float32](t, c.W0), parseStored[float32](t, c.C), parseStored[float32](t, c.T)
	n := len(w)
	g, m, v, cp := make([]float32, n), make([]float32, n), make([]float32, n), make([]C, n)
	var vmax []float32
	if c.Config.AMSGrad {
		vmax = make([]float32, n)
	}
	h := c.torchHyper()
	for k := 1; k <= 20; k++ {
		torchGrad(g, w, cs, ts)
		s := h.Step(k)
		AdamCopy(&s, w, g, m, v, vmax, cp, Rounding{})
		if rec, ok := c.Steps[strconv.Itoa(k)]; ok {
			where := fmt.Sprintf("%s, step %d: ", c.Name, k)
			checkStored(t, where+"w", w, rec["w"])
			checkStored(t, where+"copy", cp, rec["copy"])
		}
	}
}
