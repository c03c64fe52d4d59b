package optim_test

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// torchFile is testdata/pytorch/trajectories.json, written by gen.py with PyTorch.
type torchFile struct {
	Torch  string      `json:"torch"`
	Steps  int         `json:"steps"`
	Record []int       `json:"record"`
	Cases  []torchCase `json:"cases"`
}

// torchCase is one optimizer configuration on the quadratic with gradient c·(w − t), from w0: W holds w after
// the recorded steps, as hex IEEE bits.
type torchCase struct {
	Name      string            `json:"name"`
	Optimizer string            `json:"optimizer"`
	Config    map[string]any    `json:"config"`
	Dtype     string            `json:"dtype"`
	W0        string            `json:"w0"`
	C         string            `json:"c"`
	T         string            `json:"t"`
	W         map[string]string `json:"w"`
}

// torchConfig reads a case's PyTorch-named settings, remembering which were used so that a setting the test
// does not understand fails it instead of being ignored.
type torchConfig struct {
	m    map[string]any
	used map[string]bool
}

func (c *torchConfig) num(key string, def float64) float64 {
	c.used[key] = true
	if v, ok := c.m[key]; ok {
		return v.(float64)
	}
	return def
}

func (c *torchConfig) flag(key string) bool {
	c.used[key] = true
	v, _ := c.m[key].(bool)
	return v
}

func (c *torchConfig) betas(def [2]float64) [2]float64 { return c.pair("betas", def) }

// pair reads a setting of two numbers, such as betas or Rprop's etas.
func (c *torchConfig) pair(key string, def [2]float64) [2]float64 {
	c.used[key] = true
	if v, ok := c.m[key].([]any); ok {
		return [2]float64{v[0].(float64), v[1].(float64)}
	}
	return def
}

func (c *torchConfig) mode() string {
	c.used["mode"], c.used["manual"] = true, true
	s, _ := c.m["mode"].(string)
	return s
}

// torchMode returns the case's mode: the recorded cases name each Keras form by its old name.
func (c *torchConfig) torchMode() optim.Mode {
	switch c.mode() {
	case "keras", "eps_hat", "eps_inside":
		return optim.ModeKeras
	case "tfjs":
		return optim.ModeTFJS
	}
	return optim.ModeTorch
}

func (c *torchConfig) unused() []string {
	var keys []string
	for k := range c.m {
		if !c.used[k] {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func decodeHex[F kernels.Float](t *testing.T, s string) []F {
	t.Helper()
	var out []F
	for _, word := range strings.Fields(s) {
		b, err := hex.DecodeString(word)
		if err != nil {
			t.Fatal(err)
		}
		var bits uint64
		for _, x := range b {
			bits = bits<<8 | uint64(x)
		}
		if len(b) == 4 {
			out = append(out, F(math.Float32frombits(uint32(bits))))
		} else {
			out = append(out, F(math.Float64frombits(bits)))
		}
	}
	return out
}

// TestPyTorchTrajectories replays every recorded case and compares w after each recorded step with PyTorch's,
// within |a−b| ≤ rel·|b| + abs·S, S the largest |b| of that step (float64: 1e-10, 1e-12; float32: 1e-4, 1e-5).
// With -v it prints, per optimizer, the cases and the worst error as a fraction of the tolerance.
func TestPyTorchTrajectories(t *testing.T) {
	raw, err := os.ReadFile("testdata/pytorch/trajectories.json")
	if err != nil {
		t.Fatal(err)
	}
	var file torchFile
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	type summary struct {
		cases int
		worst float64 // largest |a−b| / tolerance
		where string
	}
	sums := map[string]*summary{}
	for _, c := range file.Cases {
		var worst float64
		var where string
		if c.Dtype == "float32" {
			worst, where = replay[float32](t, file, c, 1e-4, 1e-5)
		} else {
			worst, where = replay[float64](t, file, c, 1e-10, 1e-12)
		}
		s := sums[c.Optimizer]
		if s == nil {
			s = &summary{}
			sums[c.Optimizer] = s
		}
		s.cases++
		if worst >= s.worst {
			s.worst, s.where = worst, where
		}
	}
	names := make([]string, 0, len(sums))
	for k := range sums {
		names = append(names, k)
	}
	slices.Sort(names)
	t.Logf("against torch %s, %d cases of %d steps:", file.Torch, len(file.Cases), file.Steps)
	for _, k := range names {
		s := sums[k]
		t.Logf("%-9s %3d cases, worst error %.3g of the tolerance (%s)", k, s.cases, s.worst, s.where)
	}
}

func replay[F kernels.Float](t *testing.T, file torchFile, c torchCase, rel, abs float64) (worst float64, where string) {
	t.Helper()
	w0, cc, tt := decodeHex[F](t, c.W0), decodeHex[F](t, c.C), decodeHex[F](t, c.T)
	p := &optim.Param[F]{Name: "w", Value: slices.Clone(w0), Grad: make([]F, len(w0))}
	cfg := &torchConfig{m: c.Config, used: map[string]bool{}}
	opt, err := newTorchOptimizer(c.Optimizer, cfg, []*optim.Param[F]{p})
	if err != nil {
		t.Fatalf("%s %s: %v", c.Name, c.Dtype, err)
	}
	if u := cfg.unused(); len(u) > 0 {
		t.Fatalf("%s: settings %v not applied", c.Name, u)
	}
	for step := 1; step <= file.Steps; step++ {
		for i := range p.Grad {
			p.Grad[i] = cc[i] * (p.Value[i] - tt[i])
		}
		if err := opt.Step(); err != nil {
			t.Fatalf("%s %s step %d: %v", c.Name, c.Dtype, step, err)
		}
		rec, ok := c.W[strconv.Itoa(step)]
		if !ok {
			continue
		}
		want := decodeHex[F](t, rec)
		var s float64
		for _, b := range want {
			s = max(s, math.Abs(float64(b)))
		}
		for i, b := range want {
			a := p.Value[i]
			tol := rel*math.Abs(float64(b)) + abs*s
			e := math.Abs(float64(a) - float64(b))
			if !(e <= tol) {
				t.Errorf("%s %s step %d: w[%d] = %v, PyTorch %v (|a−b| = %.3g > %.3g)", c.Name, c.Dtype, step, i, a, b, e, tol)
			}
			if r := e / tol; r >= worst {
				worst, where = r, fmt.Sprintf("%s %s, step %d", c.Name, c.Dtype, step)
			}
		}
	}
	return worst, where
}
