package kernels

import (
	"math"
	"testing"
)

// One float64 step of each optimizer against values computed by hand from PyTorch's formulas (the paper's for
// Lion), on two elements; the kernels' operation order differs from these expressions only in rounding.

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-14*math.Max(1, math.Abs(want)) {
		t.Errorf("%s = %.17g, want %.17g", what, got, want)
	}
}

func TestSGDSemantics(t *testing.T) {
	w, g := []float64{1, -2}, []float64{0.5, 3}
	s := SGDHyper{LR: 0.1}.Step(5)
	SGD(&s, w, g, nil)
	near(t, "plain w[0]", w[0], 1-0.1*0.5)
	near(t, "plain w[1]", w[1], -2-0.1*3)

	h := SGDHyper{LR: 0.1, Momentum: 0.9, Dampening: 0.2, WeightDecay: 0.01, Maximize: true}
	w, buf := []float64{1}, []float64{123} // the first step ignores the buffer's old value
	s = h.Step(1)
	SGD(&s, w, []float64{0.5}, buf)
	g1 := -0.5 + 0.01*1
	near(t, "first buffer", buf[0], g1)
	near(t, "first w", w[0], 1-0.1*g1)
	w1 := w[0]
	s = h.Step(2)
	SGD(&s, w, []float64{0.5}, buf)
	g2 := -0.5 + 0.01*w1
	near(t, "second buffer", buf[0], 0.9*g1+0.8*g2)
	near(t, "second w", w[0], w1-0.1*(0.9*g1+0.8*g2))

	h = SGDHyper{LR: 0.1, Momentum: 0.9, Nesterov: true}
	w, buf = []float64{1}, []float64{0}
	s = h.Step(1)
	SGD(&s, w, []float64{2}, buf)
	near(t, "Nesterov w", w[0], 1-0.1*(2+0.9*2))

	panicsWith(t, func() { SGD(&s, w, w, nil) }, "SGD", "len(buf)=0")
	s.Momentum = 0
	panicsWith(t, func() { SGD(&s, w, w, buf) }, "SGD", "buf given")
	panicsWith(t, func() { SGD(&s, w, []float64{1, 2}, nil) }, "SGD", "len(g)=2", "len(w)=1")
}

func TestAdagradSemantics(t *testing.T) {
	h := AdagradHyper{LR: 0.1, LRDecay: 0.5, Eps: 1e-10}
	w, sum := []float64{1}, []float64{0.1} // initial_accumulator_value 0.1
	for step, g := range []float64{2, -1} {
		s := h.Step(step + 1)
		before, acc := w[0], sum[0]+g*g
		Adagrad(&s, w, []float64{g}, sum)
		near(t, "sum", sum[0], acc)
		near(t, "w", w[0], before-0.1/(1+float64(step)*0.5)*g/(math.Sqrt(acc)+1e-10))
	}
	h.EpsInside, h.Eps = true, 0.5
	s := h.Step(1)
	w, sum = []float64{1}, []float64{0}
	Adagrad(&s, w, []float64{2}, sum)
	near(t, "ε inside the root", w[0], 1-0.1*2/math.Sqrt(4+0.5))
	panicsWith(t, func() { Adagrad(&s, w, w, []float64{}) }, "Adagrad", "len(sum)=0")
}

func TestRMSpropSemantics(t *testing.T) {
	h := RMSpropHyper{LR: 0.01, Alpha: 0.9, Eps: 1e-8}
	w, sq := []float64{1}, []float64{0}
	RMSprop(&h, w, []float64{2}, sq, nil, nil)
	near(t, "sq", sq[0], 0.1*4)
	near(t, "plain w", w[0], 1-0.01*2/(math.Sqrt(0.4)+1e-8))

	h.Centered, h.Momentum = true, 0.5
	w, sq, gavg, buf := []float64{1}, []float64{0.4}, []float64{0.3}, []float64{0.2}
	RMSprop(&h, w, []float64{2}, sq, gavg, buf)
	wantSq, wantGa := 0.4*0.9+0.1*4, 0.3+0.1*(2-0.3)
	wantBuf := 0.2*0.5 + 2/(math.Sqrt(wantSq-wantGa*wantGa)+1e-8)
	near(t, "centered gavg", gavg[0], wantGa)
	near(t, "momentum buf", buf[0], wantBuf)
	near(t, "centered momentum w", w[0], 1-0.01*wantBuf)
	panicsWith(t, func() { RMSprop(&h, w, w, sq, nil, buf) }, "RMSprop", "len(gavg)=0")
	panicsWith(t, func() { RMSprop(&h, w, w, sq, gavg, nil) }, "RMSprop", "len(buf)=0")
	h.Centered = false
	panicsWith(t, func() { RMSprop(&h, w, w, sq, gavg, buf) }, "RMSprop", "gavg given")
}

func TestAdamaxSemantics(t *testing.T) {
	h := AdamaxHyper{LR: 2e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
	w, m, u := []float64{1}, []float64{0.1}, []float64{3}
	s := h.Step(2)
	Adamax(&s, w, []float64{-2}, m, u)
	wantM, wantU := 0.1+0.1*(-2-0.1), math.Max(3*0.999, 2+1e-8)
	near(t, "m", m[0], wantM)
	near(t, "u", u[0], wantU)
	near(t, "w", w[0], 1-2e-3/(1-0.81)*wantM/wantU)
	u[0] = math.NaN()
	Adamax(&s, w, []float64{1}, m, u)
	if !math.IsNaN(u[0]) {
		t.Errorf("a NaN infinity norm must stay NaN, got %v", u[0])
	}
}

func TestNAdamSemantics(t *testing.T) {
	h := NAdamHyper{LR: 2e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, MomentumDecay: 4e-3}
	w, m, v := []float64{1}, []float64{0}, []float64{0}
	s, prod := h.Step(1, 1)
	mu := 0.9 * (1 - 0.5*math.Pow(0.96, 4e-3))
	muNext := 0.9 * (1 - 0.5*math.Pow(0.96, 2*4e-3))
	near(t, "μ product", prod, mu)
	NAdam(&s, w, []float64{2}, m, v)
	wantM, wantV := 0.2, 0.001*4
	den := math.Sqrt(wantV/(1-0.999)) + 1e-8
	near(t, "w", w[0], 1-2e-3*(1-mu)/(1-mu)*2/den-2e-3*muNext/(1-mu*muNext)*wantM/den)
}

func TestRAdamSemantics(t *testing.T) {
	h := RAdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
	for _, step := range []int{1, 5, 6, 100} {
		s := h.Step(step)
		rhoInf := 2/(1-0.999) - 1
		b2t := math.Pow(0.999, float64(step))
		rhoT := rhoInf - 2*float64(step)*b2t/(1-b2t)
		if s.Rectified != (rhoT > 5) {
			t.Errorf("step %d: ρ=%v, Rectified=%v", step, rhoT, s.Rectified)
		}
		w, m, v := []float64{1}, []float64{0.05}, []float64{0.01}
		RAdam(&s, w, []float64{0.5}, m, v)
		mh := (0.05 + 0.1*(0.5-0.05)) / (1 - math.Pow(0.9, float64(step)))
		want := 1 - mh*1e-3
		if s.Rectified {
			r := math.Sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT))
			want = 1 - mh*1e-3*math.Sqrt(1-b2t)/(math.Sqrt(v[0])+1e-8)*r
		}
		near(t, "w", w[0], want)
	}
}

func TestAdadeltaSemantics(t *testing.T) {
	h := AdadeltaHyper{LR: 1, Rho: 0.9, Eps: 1e-6}
	w, sq, acc := []float64{1}, []float64{0}, []float64{0}
	Adadelta(&h, w, []float64{2}, sq, acc)
	wantSq := 0.1 * 4
	delta := math.Sqrt(1e-6) / math.Sqrt(wantSq+1e-6) * 2
	near(t, "sq", sq[0], wantSq)
	near(t, "acc", acc[0], 0.1*delta*delta)
	near(t, "w", w[0], 1-delta)
}

// TestLionSemantics: every weight moves by exactly the learning rate (after the decay), in the direction of the
// sign of the interpolated momentum.
func TestLionSemantics(t *testing.T) {
	h := LionHyper{LR: 0.25, Beta1: 0.9, Beta2: 0.99, WeightDecay: 0.5}
	w, m := []float32{1, 1, 1, 1}, []float32{1, -1, 0, 0}
	Lion(&h, w, []float32{-100, 100, 0, float32(math.Copysign(0, -1))}, m)
	decayed := float32(1 * float32(1-0.25*0.5))
	for i, want := range []float32{decayed + 0.25, decayed - 0.25, decayed, decayed} {
		if w[i] != want {
			t.Errorf("w[%d] = %v, want %v", i, w[i], want)
		}
	}
	if m[0] != float32(float32(1*float32(0.99))+float32(float32(0.01)*-100)) {
		t.Errorf("m[0] = %v", m[0])
	}
}

// TestAverageSemantics: EMA's two forms and SWA on values whose results are exact, special values included, on
// every path. The forms differ where the lerp subtracts: an infinite average meets w − avg = −Inf (NaN, where
// the weighted sum keeps Inf), and two −0 give +0.
func TestAverageSemantics(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		inf, nan, negZero := math.Inf(1), math.NaN(), math.Copysign(0, -1)
		avg := func() []float64 { return []float64{1, negZero, inf, 1, nan, 1} }
		w := []float64{3, negZero, 1, inf, 1, -inf}
		for _, c := range []struct {
			name string
			run  func(avg []float64)
			want []float64
		}{
			{"EMA lerp, decay 0.75", func(a []float64) { EMA(&EMAHyper{Decay: 0.75}, a, w) }, []float64{1.5, 0, nan, inf, nan, -inf}},
			{"EMA weighted sum, decay 0.75", func(a []float64) { EMA(&EMAHyper{Decay: 0.75, WeightedSum: true}, a, w) },
				[]float64{1.5, negZero, inf, inf, nan, -inf}},
			// decay 0: the lerp's weight is 1, measured from w, which it returns where w − avg is finite.
			{"EMA lerp, decay 0", func(a []float64) { EMA(&EMAHyper{}, a, w) }, []float64{3, negZero, nan, nan, nan, nan}},
			{"EMA weighted sum, decay 1", func(a []float64) { EMA(&EMAHyper{Decay: 1, WeightedSum: true}, a, w) },
				[]float64{1, negZero, inf, nan, nan, nan}},
			{"SWA, n = 3", func(a []float64) { SWA(3, a, w) }, []float64{1.5, 0, nan, inf, nan, -inf}},
			{"SWA, n = 0", func(a []float64) { SWA(0, a, w) }, []float64{3, 0, nan, inf, nan, -inf}},
		} {
			a := avg()
			c.run(a)
			for i := range a {
				if math.Float64bits(a[i]) != math.Float64bits(c.want[i]) && !(a[i] != a[i] && c.want[i] != c.want[i]) {
					t.Errorf("%s: avg[%d] = %v, want %v", c.name, i, a[i], c.want[i])
				}
			}
		}
		// SWA over n + 1 = 5 values is their mean, exactly here.
		a := []float32{2}
		for n, x := range []float32{4, 6, 8, 10} {
			SWA(n+1, a, []float32{x})
		}
		if a[0] != 6 {
			t.Errorf("SWA's mean of 2, 4, 6, 8, 10 = %v, want 6", a[0])
		}
	})
}

// TestASGDSemantics runs four steps of ASGD, averaging from the third (t0 = 0), against what PyTorch 1.13 gave on
// the same input (torch.optim.ASGD's results as float.hex): η and μ are float32 even for float64 weights, and
// are equal; so are the float64 weights. In float32 PyTorch's add_(g, alpha=−η) is a fused multiply-add on this
// CPU, which fastgrad never uses, and one weight of step 3 came out 1 ulp apart: float32 is allowed 1 ulp.
func TestASGDSemantics(t *testing.T) {
	h := ASGDHyper{LR: 0.1, Lambd: 0.5, Alpha: 0.75, T0: 0, WeightDecay: 0.1}
	// η and μ of steps 1 to 4: PyTorch's state['eta'] and state['mu'] after steps 0 (the initial ones) to 3.
	etas := []float64{0x1.99999ap-4, 0x1.8ae1fp-4, 0x1.7d57bcp-4, 0x1.70d6bap-4}
	mus := []float64{1, 1, 0.5, 0x1.555556p-2}
	for i := range etas {
		if s := h.Step(i + 1); s.Eta != etas[i] || s.Mu != mus[i] {
			t.Errorf("step %d: η = %x, μ = %x, want %x, %x", i+1, s.Eta, s.Mu, etas[i], mus[i])
		}
	}
	w32, ax32 := []float32{1, -2, 0.5}, make([]float32, 3)
	w64, ax64 := []float64{1, -2, 0.5}, make([]float64, 3)
	for step := 1; step <= 4; step++ {
		s := h.Step(step)
		ASGD(&s, w32, []float32{0.5, 3, -1}, ax32)
		ASGD(&s, w64, []float64{0.5, 3, -1}, ax64)
	}
	want32 := []float32{0x1.3bcc4cp-1, -0x1.5043b4p+1, 0x1.7cdb14p-1}
	wantAx32 := []float32{0x1.678c3ap-1, -0x1.3e5deap+1, 0x1.6103dap-1}
	want64 := []float64{0x1.3bcc4e39790cep-1, -0x1.5043b1741fef1p+1, 0x1.7cdb1409f8c92p-1}
	wantAx64 := []float64{0x1.678c3d3e25a4fp-1, -0x1.3e5de6f2366b1p+1, 0x1.6103d906ff512p-1}
	for i := range 3 {
		if ulps(w32[i], want32[i]) > 1 || ulps(ax32[i], wantAx32[i]) > 1 {
			t.Errorf("float32 [%d]: w = %x, ax = %x, want %x, %x", i, w32[i], ax32[i], want32[i], wantAx32[i])
		}
		if w64[i] != want64[i] || ax64[i] != wantAx64[i] {
			t.Errorf("float64 [%d]: w = %x, ax = %x, want %x, %x", i, w64[i], ax64[i], want64[i], wantAx64[i])
		}
	}
}

// TestASGDStepCount: PyTorch counts steps in a float32 tensor, which stops at 2²⁴, so η and μ stop there too.
func TestASGDStepCount(t *testing.T) {
	h := ASGDHyper{LR: 0.01, Lambd: 1e-4, Alpha: 0.75, T0: 1e6}
	last := h.Step(1<<24 + 1)
	for _, step := range []int{1<<24 + 2, 1 << 30, math.MaxInt} {
		if s := h.Step(step); s != last {
			t.Errorf("Step(%d) = %+v, want Step(2²⁴ + 1) = %+v", step, s, last)
		}
	}
	if s := h.Step(1 << 24); s == last {
		t.Errorf("Step(2²⁴) = Step(2²⁴ + 1)")
	}
	// NaN − t0 compares false: Python's max(1, NaN) is 1.
	if s := (ASGDHyper{LR: 0.01, T0: math.NaN()}).Step(5); s.Mu != 1 {
		t.Errorf("μ with a NaN t0 = %v, want 1", s.Mu)
	}
}

// ulps returns how many float32 values lie from a to b, for finite a and b of one sign.
func ulps(a, b float32) uint32 {
	x, y := math.Float32bits(a), math.Float32bits(b)
	return max(x, y) - min(x, y)
}

// TestRpropSemantics: one step against the bits torch 1.13's rprop gives for the same inputs (a growing step, a
// sign change that shrinks the step and skips the update, the bounds, a zero product, a NaN gradient that moves
// nothing, a NaN prev, −0), minimizing and maximizing the negated gradient alike.
func TestRpropSemantics(t *testing.T) {
	testRpropSemantics[float32](t)
	testRpropSemantics[float64](t)
}

func testRpropSemantics[F Float](t *testing.T) {
	nan, negZero := F(math.NaN()), F(math.Copysign(0, -1))
	for _, maximize := range []bool{false, true} {
		h := RpropHyper{EtaMinus: 0.5, EtaPlus: 1.2, StepMin: 0x1p-20, StepMax: 45, Maximize: maximize}
		w := []F{1, 1, 1, 1, 1, 1, 1, negZero}
		g := []F{2, 2, -3, 0, nan, 4, -0.5, 0}
		if maximize {
			for i := range g {
				g[i] = -g[i]
			}
		}
		prev := []F{1, -1, -1, 5, 1, nan, 2, negZero}
		step := []F{0.5, 0.5, 40, 0.5, 0.5, 0.5, 0x1p-20, 0.25}
		Rprop(&h, w, g, prev, step)
		checkSame(t, "w", w, []F{1 - F(0.6), 1, 46, 1, 1, 0.5, 1, negZero})
		checkSame(t, "prev", prev, []F{2, 0, -3, 0, nan, 4, 0, 0})
		checkSame(t, "stepSize", step, []F{F(0.6), 0.25, 45, 0.5, 0.5, 0.5, 0x1p-20, 0.25})
	}
}
