package optim_test

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/fastgrad/fastgrad/optim"
)

func gradParams(grads ...[]float64) []*optim.Param[float64] {
	var ps []*optim.Param[float64]
	for i, g := range grads {
		ps = append(ps, &optim.Param[float64]{Name: string(rune('a' + i)), Value: make([]float64, len(g)), Grad: slices.Clone(g)})
	}
	return ps
}

func TestClipGradNorm(t *testing.T) {
	eps := 1e-6                                                                           // a variable: the test's arithmetic rounds as the code's does, not as exact constants
	coefOf := func(maxNorm, total float64) float64 { return 1 / (total + eps) * maxNorm } // PyTorch's rounding
	// Per-parameter norms 5 and 12: the total 2-norm is 13, the inf-norm 12.
	ps := gradParams([]float64{3, -4}, []float64{12})
	total, err := optim.ClipGradNorm(ps, 6.5, 2, false)
	if err != nil || total != 13 {
		t.Fatalf("total %v, %v; want 13", total, err)
	}
	coef := coefOf(6.5, 13)
	for i, want := range []float64{3 * coef, -4 * coef} {
		if ps[0].Grad[i] != want {
			t.Errorf("Grad[%d] = %v, want %v", i, ps[0].Grad[i], want)
		}
	}
	// Below the bound, the coefficient is clamped to 1 and nothing changes.
	ps = gradParams([]float64{3, -4}, []float64{12})
	if total, _ := optim.ClipGradNorm(ps, 100, 2, false); total != 13 || ps[1].Grad[0] != 12 || ps[0].Grad[1] != -4 {
		t.Errorf("under the bound: total %v, grads %v %v", total, ps[0].Grad, ps[1].Grad)
	}
	ps = gradParams([]float64{3, -4}, []float64{12})
	if total, _ := optim.ClipGradNorm(ps, 6, math.Inf(1), false); total != 12 || ps[1].Grad[0] != 12*coefOf(6, 12) {
		t.Errorf("inf-norm: total %v, grad %v", total, ps[1].Grad[0])
	}
	// Per tensor: each to its own norm.
	ps = gradParams([]float64{3, -4}, []float64{12})
	if largest, _ := optim.ClipGradNormPerTensor(ps, 1, 2, false); largest != 12 || ps[1].Grad[0] != 12*coefOf(1, 12) || ps[0].Grad[0] != 3*coefOf(1, 5) {
		t.Errorf("per tensor: largest %v, grads %v %v", largest, ps[0].Grad, ps[1].Grad)
	}
	// A NaN gradient: an error and no change when asked, else NaN gradients as in PyTorch.
	ps = gradParams([]float64{3, math.NaN()}, []float64{12})
	if _, err := optim.ClipGradNorm(ps, 1, 2, true); err == nil || ps[1].Grad[0] != 12 {
		t.Errorf("errorIfNonfinite: %v, grad %v", err, ps[1].Grad[0])
	}
	if total, err := optim.ClipGradNorm(ps, 1, 2, false); err != nil || !math.IsNaN(total) || !math.IsNaN(ps[1].Grad[0]) {
		t.Errorf("NaN total %v, %v, grad %v", total, err, ps[1].Grad[0])
	}
	for _, bad := range []struct{ max, norm float64 }{{-1, 2}, {math.NaN(), 2}, {math.Inf(1), 2}, {1, math.NaN()}} {
		if _, err := optim.ClipGradNorm(gradParams([]float64{1}), bad.max, bad.norm, false); err == nil {
			t.Errorf("ClipGradNorm(maxNorm=%v, normType=%v) accepted", bad.max, bad.norm)
		}
	}
}

func TestClipGradValue(t *testing.T) {
	ps := gradParams([]float64{-3, 0.5, 2, math.NaN()})
	if err := optim.ClipGradValue(ps, 1); err != nil {
		t.Fatal(err)
	}
	g := ps[0].Grad
	if g[0] != -1 || g[1] != 0.5 || g[2] != 1 || !math.IsNaN(g[3]) {
		t.Errorf("clipped %v", g)
	}
	if err := optim.ClipGradValue(ps, -1); err == nil {
		t.Error("a negative bound was accepted")
	}
}

// TestClipFusedIntoStep: an optimizer told to clip steps exactly as one stepped after clipping by hand, allocates
// nothing, and reports the norm before clipping.
func TestClipFusedIntoStep(t *testing.T) {
	grads := [][]float64{{3, -4, 0.25, 7}, {12, -0.5}}
	fused, byHand := gradParams(grads...), gradParams(grads...)
	a, _ := optim.NewAdam(fused, optim.DefaultAdam())
	b, _ := optim.NewAdam(byHand, optim.DefaultAdam())
	clip := optim.Clip{Value: 6, MaxNorm: 2}
	if err := a.SetClip(clip); err != nil {
		t.Fatal(err)
	}
	for step := range 3 {
		for i := range fused {
			copy(fused[i].Grad, grads[i])
			copy(byHand[i].Grad, grads[i])
		}
		if err := a.Step(); err != nil {
			t.Fatal(err)
		}
		optim.ClipGradValue(byHand, 6)
		total, _ := optim.ClipGradNorm(byHand, 2, 2, false)
		b.Step()
		if a.GradNorm() != total {
			t.Errorf("step %d: GradNorm %v, by hand %v", step, a.GradNorm(), total)
		}
		for i := range fused {
			if !slices.Equal(fused[i].Value, byHand[i].Value) {
				t.Fatalf("step %d: %v, by hand %v", step, fused[i].Value, byHand[i].Value)
			}
		}
	}
	if n := testing.AllocsPerRun(20, func() { a.Step() }); n != 0 {
		t.Errorf("%v allocations per clipped Step", n)
	}
	for _, bad := range []optim.Clip{{Value: -1}, {MaxNorm: math.NaN()}, {MaxNorm: 1, NormType: math.NaN()},
		{MaxNorm: 1, NormType: 2, NormZero: true}} {
		if err := a.SetClip(bad); err == nil {
			t.Errorf("SetClip(%+v) accepted", bad)
		}
	}
}

// TestClipEveryNormType checks each norm type on gradients whose norms are known exactly, ClipGradNormPerTensor,
// and that an optimizer told to clip by it steps exactly as one stepped after ClipGradNorm by hand.
func TestClipEveryNormType(t *testing.T) {
	// Gradients {3, −4, 0} and {12}, and an empty one: per-tensor and total norms, exact in float64.
	grads := [][]float64{{3, -4, 0}, {12}, {}}
	for _, c := range []struct {
		p, total, largest float64
	}{
		{1, 19, 12},           // 7 + 12 + 0
		{math.Inf(1), 12, 12}, // max |g|
		{math.Inf(-1), 0, 12}, // min |g|: the 0 of the first, and the empty gradient's 0
		{0, 2, 1},             // two nonzero norms; per tensor, one nonzero count has the norm 1, as in PyTorch
		{2, 13, 12},           // √(25 + 144)
		{3, 0, 0},             // the totals below are computed, not known: checked against the by-hand run only
		{0.5, 0, 0},
		{-2, 0, 0},
	} {
		ps := gradParams(grads...)
		total, err := optim.ClipGradNorm(ps, 1, c.p, false)
		if err != nil {
			t.Fatalf("p=%v: %v", c.p, err)
		}
		if c.total != 0 && total != c.total {
			t.Errorf("p=%v: total %v, want %v", c.p, total, c.total)
		}
		if largest, _ := optim.ClipGradNormPerTensor(gradParams(grads...), 1, c.p, false); c.largest != 0 && largest != c.largest {
			t.Errorf("p=%v: per tensor, largest %v, want %v", c.p, largest, c.largest)
		}
		for _, perTensor := range []bool{false, true} {
			cl := optim.Clip{MaxNorm: 0.7, NormType: c.p, NormZero: c.p == 0, PerTensor: perTensor}
			fused, byHand := gradParams(grads...), gradParams(grads...)
			a, _ := optim.NewSGD(fused, optim.SGDConfig{LR: 0.1, Momentum: 0.9})
			b, _ := optim.NewSGD(byHand, optim.SGDConfig{LR: 0.1, Momentum: 0.9})
			if err := a.SetClip(cl); err != nil {
				t.Fatal(err)
			}
			for step := range 3 {
				for i := range fused {
					copy(fused[i].Grad, grads[i])
					copy(byHand[i].Grad, grads[i])
				}
				a.Step()
				clip := optim.ClipGradNorm[float64]
				if perTensor {
					clip = optim.ClipGradNormPerTensor[float64]
				}
				n, _ := clip(byHand, 0.7, c.p, false)
				b.Step()
				if a.GradNorm() != n {
					t.Errorf("p=%v, per tensor %v, step %d: GradNorm %v, by hand %v", c.p, perTensor, step, a.GradNorm(), n)
				}
				for i := range fused {
					if !slices.Equal(fused[i].Value, byHand[i].Value) {
						t.Fatalf("p=%v, per tensor %v, step %d: %v, by hand %v", c.p, perTensor, step, fused[i].Value, byHand[i].Value)
					}
				}
			}
		}
	}
}

// TestClipNonfiniteSmallP: for p ≤ 0 a NaN (p = 0) or an infinity (p < 0) can leave the norm finite. ClipGradNorm
// then raises nothing, as PyTorch; Clip.ErrorIfNonfinite still fails the step, since it checks the gradients
// themselves.
func TestClipNonfiniteSmallP(t *testing.T) {
	for _, c := range []struct {
		p   float64
		bad float64
	}{{0, math.NaN()}, {math.Inf(-1), math.Inf(1)}, {-1, math.Inf(-1)}} {
		total, err := optim.ClipGradNorm(gradParams([]float64{3, c.bad}, []float64{2}), 1, c.p, true)
		if err != nil || math.IsNaN(total) || math.IsInf(total, 0) {
			t.Errorf("p=%v: total %v, %v; want a finite total and no error", c.p, total, err)
		}
		opt, _ := optim.NewSGD(gradParams([]float64{3, c.bad}), optim.SGDConfig{LR: 0.1})
		if err := opt.SetClip(optim.Clip{MaxNorm: 1, NormType: c.p, NormZero: c.p == 0, ErrorIfNonfinite: true}); err != nil {
			t.Fatal(err)
		}
		var nf *optim.NonfiniteError
		if err := opt.Step(); !errors.As(err, &nf) {
			t.Errorf("p=%v: Step with a gradient of %v: %v, want a *NonfiniteError", c.p, c.bad, err)
		}
	}
}
