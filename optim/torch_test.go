package optim_test

import (
	"encoding/json"
	"maps"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// torchStater is an optimizer whose state moves to and from PyTorch's names.
type torchStater[F kernels.Float] interface {
	Step() error
	TorchState() optim.TorchState[F]
	SetTorchState(optim.TorchState[F]) error
}

// stateCase is one case of testdata/pytorch/states.json (see gen.py's states): two parameters in one group,
// PyTorch's state_dict after 3 steps, and the values after 3 and 6 steps.
type stateCase struct {
	Name        string                    `json:"name"`
	Optimizer   string                    `json:"optimizer"`
	Config      map[string]any            `json:"config"`
	Dtype       string                    `json:"dtype"`
	W0          []string                  `json:"w0"`
	C           []string                  `json:"c"`
	T           []string                  `json:"t"`
	State       map[string]map[string]any `json:"state"`
	ParamGroups []map[string]any          `json:"param_groups"`
	W3          []string                  `json:"w3"`
	W6          []string                  `json:"w6"`
}

// TestTorchStateAgainstPyTorch: after 3 steps, TorchState holds what PyTorch's state_dict() holds, name for name and
// within the trajectories' tolerances; and a PyTorch state_dict given to SetTorchState continues PyTorch's run.
func TestTorchStateAgainstPyTorch(t *testing.T) {
	for _, c := range torchCases[stateCase](t, "testdata/pytorch/states.json") {
		if c.Dtype == "float32" {
			checkTorchState[float32](t, c, 1e-4, 1e-5)
		} else {
			checkTorchState[float64](t, c, 1e-10, 1e-12)
		}
	}
}

func checkTorchState[F kernels.Float](t *testing.T, c stateCase, rel, abs float64) {
	t.Helper()
	what := c.Name + " " + c.Dtype
	build := func(values []string) ([]*optim.Param[F], torchStater[F]) {
		var ps []*optim.Param[F]
		for i, v := range values {
			w := decodeHex[F](t, v)
			ps = append(ps, &optim.Param[F]{Name: string(rune('a' + i)), Value: w, Grad: make([]F, len(w))})
		}
		cfg := &torchConfig{m: c.Config, used: map[string]bool{}}
		opt, err := newTorchOptimizer(c.Optimizer, cfg, ps)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return ps, opt.(torchStater[F])
	}
	cc, tt := decodeAll[F](t, c.C), decodeAll[F](t, c.T)
	run := func(ps []*optim.Param[F], opt torchStater[F], k int) {
		for range k {
			for i, p := range ps {
				for j := range p.Grad {
					p.Grad[j] = cc[i][j] * (p.Value[j] - tt[i][j])
				}
			}
			if err := opt.Step(); err != nil {
				t.Fatal(err)
			}
		}
	}
	near := func(where string, got, want []F) { nearTorch(t, what+": "+where, got, want, rel, abs) }

	// Export: fastgrad's state after 3 steps, under PyTorch's names.
	ps, opt := build(c.W0)
	run(ps, opt, 3)
	st := opt.TorchState()
	for i := range ps {
		torch := c.State[string(rune('0'+i))]
		for name, v := range torch {
			if want, ok := v.(float64); ok { // a scalar: step, NAdam's mu_product, ASGD's eta and mu
				if got := st.State[i].Scalars[name]; math.Abs(got-want) > 1e-6*math.Abs(want) {
					t.Errorf("%s: parameter %d's %s is %v, PyTorch's %v", what, i, name, got, v)
				}
				continue
			}
			got, ok := st.State[i].Tensors[name]
			if !ok {
				t.Errorf("%s: parameter %d has no %s; PyTorch's state has %v", what, i, name, slices.Sorted(maps.Keys(torch)))
				continue
			}
			near(name, got, decodeHex[F](t, v.(string)))
		}
		for name := range st.State[i].Tensors {
			if _, ok := torch[name]; !ok && len(torch) > 0 {
				t.Errorf("%s: parameter %d has %s, which PyTorch's state has not", what, i, name)
			}
		}
	}
	for key, want := range c.ParamGroups[0] {
		if got, ok := st.ParamGroups[0].Options[key]; ok && !sameJSON(got, want) {
			t.Errorf("%s: option %s is %v, PyTorch's %v", what, key, got, want)
		}
	}

	// Import: PyTorch's state after 3 steps, continued here for 3 more.
	ps, opt = build(c.W3)
	imported := optim.TorchState[F]{State: make([]optim.TorchParamState[F], len(ps))}
	for i := range ps {
		entry := optim.TorchParamState[F]{Tensors: map[string][]F{}, Scalars: map[string]float64{}}
		for name, v := range c.State[string(rune('0'+i))] {
			if s, ok := v.(string); ok {
				entry.Tensors[name] = decodeHex[F](t, s)
			} else {
				entry.Scalars[name] = v.(float64)
			}
		}
		imported.State[i] = entry
	}
	g := c.ParamGroups[0]
	var idx []int
	for _, p := range g["params"].([]any) {
		idx = append(idx, int(p.(float64)))
	}
	imported.ParamGroups = []optim.TorchGroup{{Options: g, Params: idx}}
	if err := opt.SetTorchState(imported); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	run(ps, opt, 3)
	for i, p := range ps {
		near("w after 6 steps", p.Value, decodeHex[F](t, c.W6[i]))
	}
}

func decodeAll[F kernels.Float](t *testing.T, hexes []string) [][]F {
	out := make([][]F, len(hexes))
	for i, h := range hexes {
		out[i] = decodeHex[F](t, h)
	}
	return out
}

// sameJSON compares an exported option with PyTorch's as encoding/json decoded it.
func sameJSON(got, want any) bool {
	switch g := got.(type) {
	case [2]float64:
		w, ok := want.([]any)
		return ok && len(w) == 2 && w[0] == g[0] && w[1] == g[1]
	default:
		return got == want
	}
}

// TestTorchStateRoundTrip: for every optimizer over two groups, TorchState after some steps, given to a fresh
// twin's SetTorchState, continues the run bit for bit; the names are PyTorch's.
func TestTorchStateRoundTrip(t *testing.T) {
	pytorchNames := []string{"exp_avg", "exp_avg_sq", "max_exp_avg_sq", "momentum_buffer", "square_avg", "grad_avg",
		"acc_delta", "exp_inf", "sum", "ax", "prev", "step_size"}
	for name, build := range grouped {
		a, b := namedParams("a", 37, 5), namedParams("b", 64, 1)
		both, _, err := build(a, b, cloneParams(a), cloneParams(b))
		if err != nil {
			t.Fatal(err)
		}
		all := append(slices.Clone(a), b...)
		steps(t, both, all, 3)
		st := both.(torchStater[float32]).TorchState()
		for i, ps := range st.State {
			if st, ok := ps.Scalars["step"]; strings.HasPrefix(name, "SGD") && ok {
				t.Errorf("%s: parameter %d has a step, which PyTorch's SGD state has not", name, i)
			} else if !strings.HasPrefix(name, "SGD") && st != 3 {
				t.Errorf("%s: parameter %d at step %v", name, i, st)
			}
			for n := range ps.Tensors {
				if !slices.Contains(pytorchNames, n) {
					t.Errorf("%s: state %q is not a PyTorch name", name, n)
				}
			}
		}
		a2, b2 := cloneParams(a), cloneParams(b)
		twin, _, _ := build(a2, b2, cloneParams(a), cloneParams(b))
		if err := twin.(torchStater[float32]).SetTorchState(st); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		steps(t, both, all, 2)
		steps(t, twin, append(slices.Clone(a2), b2...), 2)
		for i, p := range append(a2, b2...) {
			if !slices.Equal(p.Value, all[i].Value) {
				t.Errorf("%s: %s diverges after SetTorchState", name, p.Name)
			}
		}
	}
}

// torchCases reads the cases of a file a generator in testdata wrote from PyTorch ({"cases": [...]}), which must
// hold at least 40.
func torchCases[C any](t *testing.T, path string) []C {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []C `json:"cases"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Cases) < 40 {
		t.Fatalf("%d cases in %s", len(file.Cases), path)
	}
	return file.Cases
}

// nearTorch reports the first element of got farther from PyTorch's want than rel·|want| + abs·S, S the largest
// |want|: the tolerance between two implementations.
func nearTorch[F kernels.Float](t *testing.T, what string, got, want []F, rel, abs float64) {
	t.Helper()
	var s float64
	for _, b := range want {
		s = max(s, math.Abs(float64(b)))
	}
	for j := range want {
		if e := math.Abs(float64(got[j]) - float64(want[j])); !(e <= rel*math.Abs(float64(want[j]))+abs*s) {
			t.Errorf("%s[%d] = %v, PyTorch %v", what, j, got[j], want[j])
			return
		}
	}
}

// TestSGDTorchStateStep: SGD's state, like PyTorch's, has no step and no entry before the first step or without
// momentum; a state with a step (as fastgrad wrote them before) still loads, at that step, and one without loads
// at step 1, continuing the same run either way.
func TestSGDTorchStateStep(t *testing.T) {
	for _, momentum := range []float64{0, 0.9} {
		cfg := optim.SGDConfig{LR: 0.1, Momentum: momentum, Dampening: 0.25 * momentum}
		p := namedParams("w", 7, 1)
		o, err := optim.NewSGD(p, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got := o.TorchState().State[0]; len(got.Tensors) != 0 || len(got.Scalars) != 0 {
			t.Errorf("momentum %v: an entry before the first step: %v", momentum, got)
		}
		steps(t, o, p, 3)
		st := o.TorchState()
		if _, ok := st.State[0].Scalars["step"]; ok {
			t.Errorf("momentum %v: a step in SGD's state", momentum)
		}
		withStep := optim.TorchState[float32]{ParamGroups: st.ParamGroups}
		for _, ps := range st.State {
			withStep.State = append(withStep.State, optim.TorchParamState[float32]{Tensors: ps.Tensors, Scalars: map[string]float64{"step": 3}})
		}
		var continued [][]*optim.Param[float32]
		for _, c := range []struct {
			name  string
			state optim.TorchState[float32]
			at    int
		}{{"PyTorch's, no step", st, map[bool]int{true: 0, false: 1}[momentum == 0]}, {"fastgrad's old, with a step", withStep, 3}} {
			q := cloneParams(p)
			twin, err := optim.NewSGD(q, cfg)
			if err != nil {
				t.Fatal(err)
			}
			if err := twin.SetTorchState(c.state); err != nil {
				t.Fatalf("momentum %v, %s: %v", momentum, c.name, err)
			}
			if twin.StepCount() != c.at {
				t.Errorf("momentum %v, %s: step count %d, want %d", momentum, c.name, twin.StepCount(), c.at)
			}
			steps(t, twin, q, 2)
			continued = append(continued, q)
		}
		steps(t, o, p, 2)
		for _, q := range continued {
			for i := range q {
				if !slices.Equal(q[i].Value, p[i].Value) {
					t.Errorf("momentum %v: %s diverges after SetTorchState", momentum, q[i].Name)
				}
			}
		}
	}
}
