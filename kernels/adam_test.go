package kernels

import (
	"math"
	"testing"
)

func TestAdamHyperStep(t *testing.T) {
	h := AdamHyper{LR: 0.01, Beta1: 0.9, Beta2: 0.99, Eps: 1e-8, WeightDecay: 0.1}
	s := h.Step(2)
	bc1, bc2 := 1-math.Pow(0.9, 2), 1-math.Pow(0.99, 2) // Python's beta ** step
	if s.StepSize != 0.01/bc1 || s.BC2Sqrt != math.Sqrt(bc2) || s.WeightDecay != 0.1 || s.DecoupledDecay != 0 {
		t.Errorf("Adam step 2: %+v", s)
	}
	h.Decoupled = true
	if s := h.Step(2); s.WeightDecay != 0 || s.DecoupledDecay != 0.01*0.1 {
		t.Errorf("AdamW step 2: WeightDecay %v (want 0), DecoupledDecay %v (want %v)", s.WeightDecay, s.DecoupledDecay, 0.01*0.1)
	}
	h.EpsHat = true
	if s := h.Step(2); s.BC2Sqrt != 1 || s.StepSize != 0.01/bc1*math.Sqrt(bc2) {
		t.Errorf("ε̂ step 2: %+v", s)
	}
	panicsWith(t, func() { h.Step(0) }, "t < 1")
}

// TestAdamFirstStep: m̂ = g and v̂ = g² after bias correction, so the first step moves each weight by
// lr·g/(|g|+ε) ≈ lr·sign(g), whatever the gradient's scale.
func TestAdamFirstStep(t *testing.T) {
	g := []float64{1e-3, -2, 50, -1e4}
	w := []float64{1, 1, 1, 1}
	m, v := make([]float64, 4), make([]float64, 4)
	s := AdamHyper{LR: 0.01, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}.Step(1)
	Adam(&s, w, g, m, v, nil)
	for i := range w {
		if want := 1 - 0.01*math.Copysign(1, g[i]); math.Abs(w[i]-want) > 1e-7 {
			t.Errorf("w[%d] = %v after the first step, want ≈ %v", i, w[i], want)
		}
	}
}

// TestAdamTinyCase checks one float64 step against values computed by hand from PyTorch's formulas.
func TestAdamTinyCase(t *testing.T) {
	w, g, m, v := []float64{2}, []float64{0.5}, []float64{0.1}, []float64{0.04}
	h := AdamHyper{LR: 0.1, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 0.2}
	s := h.Step(3)
	Adam(&s, w, g, m, v, nil)
	gp := 0.5 + 0.2*2                 // coupled weight decay
	wantM := 0.1 + 0.1*(gp-0.1)       // lerp with weight 0.1
	wantV := 0.04*0.999 + 0.001*gp*gp // addcmul
	den := math.Sqrt(wantV)/math.Sqrt(1-math.Pow(0.999, 3)) + 1e-8
	wantW := 2 - 0.1/(1-math.Pow(0.9, 3))*wantM/den
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"m", m[0], wantM}, {"v", v[0], wantV}, {"w", w[0], wantW}} {
		if math.Abs(c.got-c.want) > 1e-15*math.Abs(c.want) {
			t.Errorf("%s = %.17g, want %.17g", c.name, c.got, c.want)
		}
	}
}

func TestAdamWDecaysWeights(t *testing.T) {
	// With g = 0 and zero state the update term is 0/(0+ε) = 0, leaving only the decay.
	w := []float32{3, -2}
	z := make([]float32, 2)
	s := AdamHyper{LR: 0.1, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 0.5, Decoupled: true}.Step(1)
	Adam(&s, w, z, make([]float32, 2), make([]float32, 2), nil)
	if w[0] != float32(3*float32(1-0.1*0.5)) || w[1] != float32(-2*float32(1-0.1*0.5)) {
		t.Errorf("AdamW with zero gradient gave %v, want the weights times 0.95", w)
	}
}

func TestAMSGradKeepsRunningMax(t *testing.T) {
	w, m, v, vmax := []float64{0}, []float64{0}, []float64{0}, []float64{0}
	h := AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.5, Eps: 1e-8, AMSGrad: true}
	peak := 0.0
	for step, g := range []float64{4, 0, 0, 1, 0} {
		s := h.Step(step + 1)
		Adam(&s, w, []float64{g}, m, v, vmax)
		peak = math.Max(peak, v[0])
		if vmax[0] != peak {
			t.Fatalf("step %d: vmax = %v, want the running maximum of v, %v", step+1, vmax[0], peak)
		}
	}
	if maxNaN(math.NaN(), 1) == maxNaN(math.NaN(), 1) || maxNaN(1, math.NaN()) == maxNaN(1, math.NaN()) {
		t.Error("maxNaN must return NaN when either argument is NaN")
	}
	if math.Signbit(maxNaN(0, math.Copysign(0, -1))) != true || math.Signbit(maxNaN(math.Copysign(0, -1), 0)) {
		t.Error("maxNaN must return its second argument when they compare equal")
	}
}

func TestAdamPanics(t *testing.T) {
	s := AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}.Step(1)
	a, b := make([]float32, 3), make([]float32, 4)
	panicsWith(t, func() { Adam(&s, a, b, a, a, nil) }, "Adam", "len(g)=4", "len(w)=3")
	panicsWith(t, func() { Adam(&s, a, a, b, a, nil) }, "Adam", "len(m)=4")
	panicsWith(t, func() { Adam(&s, a, a, a, b, nil) }, "Adam", "len(v)=4")
	panicsWith(t, func() { Adam(&s, a, a, a, a, a) }, "Adam", "vmax given but s.AMSGrad is false")
	s.AMSGrad = true
	panicsWith(t, func() { Adam(&s, a, a, a, a, b) }, "Adam", "len(vmax)=4")
	panicsWith(t, func() { Adam(&s, a, a, a, a, nil) }, "Adam", "len(vmax)=0")
}
