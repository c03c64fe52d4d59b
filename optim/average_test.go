package optim_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"github.com/fastgrad/fastgrad/detmath"
	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// averageForms are the averages the tests run: a name, the constructor, and the update a plain loop makes at the
// t-th update after the first (the first copies).
func averageForms[F kernels.Float]() []struct {
	name string
	make func([]*optim.Param[F]) (*optim.Average[F], error)
	loop func(t int, avg, w []F)
} {
	ema := func(cfg optim.EMAConfig) func([]*optim.Param[F]) (*optim.Average[F], error) {
		return func(ps []*optim.Param[F]) (*optim.Average[F], error) { return optim.NewEMA(ps, cfg) }
	}
	lerpLoop := func(decay func(t int) float64) func(t int, avg, w []F) {
		return func(t int, avg, w []F) {
			wt := 1 - decay(t)
			for i := range avg {
				if math.Abs(wt) < 0.5 {
					avg[i] += F(F(wt) * (w[i] - avg[i]))
				} else {
					avg[i] = w[i] - F(F(1-wt)*(w[i]-avg[i]))
				}
			}
		}
	}
	d := 0.99 // a variable: 1 − d is then rounded in float64, as the kernel computes it
	warm := optim.EMAConfig{Decay: d, Warmup: true, WarmupGamma: 1, WarmupPower: 2.0 / 3, MinDecay: 0.1}
	warmDecay := func(t int) float64 { return max(min(1-detmath.Pow(1+float64(t), -2.0/3), d), 0.1) }
	return []struct {
		name string
		make func([]*optim.Param[F]) (*optim.Average[F], error)
		loop func(t int, avg, w []F)
	}{
		{"EMA lerp", ema(optim.EMAConfig{Decay: d}), lerpLoop(func(int) float64 { return d })},
		{"EMA weighted sum", ema(optim.EMAConfig{Decay: d, WeightedSum: true}), func(_ int, avg, w []F) {
			for i := range avg {
				avg[i] = F(F(d)*avg[i]) + F(F(1-d)*w[i])
			}
		}},
		{"EMA warmup", ema(warm), lerpLoop(warmDecay)},
		{"SWA", optim.NewSWA[F], func(t int, avg, w []F) {
			for i := range avg {
				avg[i] += (w[i] - avg[i]) / F(t+1)
			}
		}},
	}
}

// TestAverageMatchesLoop runs every form over two parameters for 40 updates of random values and wants the plain
// loop's bits, with no allocation per Update.
func TestAverageMatchesLoop(t *testing.T) {
	t.Run("f32", averageMatchesLoop[float32])
	t.Run("f64", averageMatchesLoop[float64])
}

func averageMatchesLoop[F kernels.Float](t *testing.T) {
	for k, form := range averageForms[F]() {
		r := rand.New(rand.NewPCG(16, uint64(k)))
		ps := []*optim.Param[F]{
			{Name: "a", Value: make([]F, 131), Grad: make([]F, 131)},
			{Name: "b", Value: make([]F, 7), Grad: make([]F, 7)},
		}
		avg, err := form.make(ps)
		if err != nil {
			t.Fatal(err)
		}
		want := [][]F{make([]F, 131), make([]F, 7)}
		for u := range 40 {
			for i, p := range ps {
				for j := range p.Value {
					p.Value[j] = F(r.NormFloat64())
				}
				if u == 0 {
					copy(want[i], p.Value)
				} else {
					form.loop(u, want[i], p.Value)
				}
			}
			if err := avg.Update(); err != nil {
				t.Fatal(err)
			}
			for i, p := range ps {
				got, err := avg.Averaged(p.Name)
				if err != nil {
					t.Fatal(err)
				}
				for j := range got {
					if math.Float64bits(float64(got[j])) != math.Float64bits(float64(want[i][j])) {
						t.Fatalf("%s, update %d: %s[%d] = %v, the loop's %v", form.name, u+1, p.Name, j, got[j], want[i][j])
					}
				}
			}
		}
		if avg.Count() != 40 {
			t.Errorf("%s: Count() = %d, want 40", form.name, avg.Count())
		}
		if n := testing.AllocsPerRun(10, func() { _ = avg.Update() }); n != 0 {
			t.Errorf("%s: %v allocations per Update", form.name, n)
		}
	}
}

// TestAverageSwapAndCheckpoint: Swap puts the averages in and a second Swap restores the trained values; CopyTo
// keeps the averages; a checkpoint carries the count and the averages into a fresh Average.
func TestAverageSwapAndCheckpoint(t *testing.T) {
	p := &optim.Param[float64]{Name: "w", Value: []float64{2, 4}, Grad: make([]float64, 2)}
	swa, err := optim.NewSWA([]*optim.Param[float64]{p})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range [][]float64{{2, 4}, {4, 8}, {6, 12}} {
		copy(p.Value, v)
		if err := swa.Update(); err != nil {
			t.Fatal(err)
		}
	}
	check := func(what string, got, want []float64) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	if err := swa.Swap(); err != nil || !swa.Swapped() {
		t.Fatalf("Swap: %v, Swapped() = %v", err, swa.Swapped())
	}
	check("values, swapped in", p.Value, []float64{4, 8})
	if err := swa.Update(); err == nil {
		t.Error("Update while swapped in: no error")
	}
	if err := swa.Swap(); err != nil {
		t.Fatal(err)
	}
	check("values, swapped back", p.Value, []float64{6, 12})

	var buf bytes.Buffer
	if err := optim.SaveCheckpoint(&buf, swa); err != nil {
		t.Fatal(err)
	}
	q := &optim.Param[float64]{Name: "w", Value: []float64{6, 12}, Grad: make([]float64, 2)}
	restored, err := optim.NewSWA([]*optim.Param[float64]{q})
	if err != nil {
		t.Fatal(err)
	}
	if err := optim.LoadCheckpoint(&buf, restored); err != nil {
		t.Fatal(err)
	}
	got, _ := restored.Averaged("w")
	check("restored average", got, []float64{4, 8})
	if restored.Count() != 3 {
		t.Errorf("restored Count() = %d, want 3", restored.Count())
	}
	if err := restored.CopyTo(); err != nil {
		t.Fatal(err)
	}
	check("values after CopyTo", q.Value, []float64{4, 8})
}

// averagesFile is testdata/pytorch/averages.json (gen.py averages).
type averagesFile struct {
	Torch string
	Steps int
	Decay float64
	Cases []struct {
		Dtype string
		W     [][]string            // per step, per parameter
		Avg   map[string][][]string // per form, per step, per parameter
	}
}

// TestAverageAgainstPyTorch feeds the parameters' values of a recorded PyTorch run, step by step, to each form and
// compares the averages with AveragedModel's. SWA and the weighted sum are the same IEEE operations as torch's
// and must match bit for bit; torch's CPU lerp fuses its multiply-add where ours rounds the product, so the lerp
// form must be within a few units in the last place (|a−b| ≤ 4·ε_F·S, S the largest |b| of the parameter).
func TestAverageAgainstPyTorch(t *testing.T) {
	raw, err := os.ReadFile("testdata/pytorch/averages.json")
	if err != nil {
		t.Fatal(err)
	}
	var file averagesFile
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	for _, c := range file.Cases {
		for form := range c.Avg {
			if c.Dtype == "float32" {
				replayAverage[float32](t, file.Decay, form, c.W, c.Avg[form], 0x1p-23)
			} else {
				replayAverage[float64](t, file.Decay, form, c.W, c.Avg[form], 0x1p-52)
			}
		}
	}
	if len(file.Cases) != 2 {
		t.Errorf("%d cases, want float32 and float64", len(file.Cases))
	}
}

func replayAverage[F kernels.Float](t *testing.T, decay float64, form string, ws, avgs [][]string, eps float64) {
	t.Helper()
	ps := make([]*optim.Param[F], len(ws[0]))
	for i, s := range ws[0] {
		n := len(decodeHex[F](t, s))
		ps[i] = &optim.Param[F]{Name: fmt.Sprint(i), Value: make([]F, n), Grad: make([]F, n)}
	}
	var avg *optim.Average[F]
	var err error
	switch form {
	case "SWA":
		avg, err = optim.NewSWA(ps)
	case "EMA lerp":
		avg, err = optim.NewEMA(ps, optim.EMAConfig{Decay: decay})
	case "EMA weighted sum":
		avg, err = optim.NewEMA(ps, optim.EMAConfig{Decay: decay, WeightedSum: true})
	default:
		t.Fatalf("unknown form %q", form)
	}
	if err != nil {
		t.Fatal(err)
	}
	var worst float64
	for step := range ws {
		for i, p := range ps {
			copy(p.Value, decodeHex[F](t, ws[step][i]))
		}
		if err := avg.Update(); err != nil {
			t.Fatal(err)
		}
		for i, p := range ps {
			want := decodeHex[F](t, avgs[step][i])
			got, _ := avg.Averaged(p.Name)
			var s float64
			for _, b := range want {
				s = max(s, math.Abs(float64(b)))
			}
			for j, b := range want {
				e := math.Abs(float64(got[j]) - float64(b))
				worst = max(worst, e/(eps*s))
				exact := form != "EMA lerp"
				if exact && math.Float64bits(float64(got[j])) != math.Float64bits(float64(b)) || !(e <= 4*eps*s) {
					t.Errorf("%s %T step %d: param %d[%d] = %v, PyTorch %v", form, F(0), step+1, i, j, got[j], b)
				}
			}
		}
	}
	t.Logf("%s %T: %d steps, worst |a−b| = %.3g·ε·S", form, F(0), len(ws), worst)
}
