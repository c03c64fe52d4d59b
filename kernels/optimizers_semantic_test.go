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
