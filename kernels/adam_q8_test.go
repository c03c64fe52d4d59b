package kernels

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// adamQ8Want is AdamQ8 as whole arrays: dequantize each state whole, run the float32 reference over all elements,
// quantize each state whole. Blocks are independent, so this is the documented block loop in another order.
func adamQ8Want(s *AdamStep, w, g []float32, m, v, vmax Q8) {
	mb, vb := make([]float32, len(w)), make([]float32, len(w))
	Dequantize(mb, m)
	Dequantize(vb, v)
	var xb []float32
	if s.AMSGrad {
		xb = make([]float32, len(w))
		Dequantize(xb, vmax)
	}
	adamRef(newAdamArgs[float32](s), w, g, mb, vb, xb)
	Quantize(m, mb)
	Quantize(v, vb)
	if s.AMSGrad {
		Quantize(vmax, xb)
	}
}

// cloneQ8 returns a deep copy of q.
func cloneQ8(q Q8) Q8 {
	if q.Map == 0 {
		return Q8{}
	}
	return Q8{Map: q.Map, Codes: slices.Clone(q.Codes), Scales: slices.Clone(q.Scales)}
}

// sameQ8 fails t unless a and b hold the same bytes and scale bits.
func sameQ8(t *testing.T, where string, a, b Q8) {
	t.Helper()
	if !slices.Equal(a.Codes, b.Codes) {
		t.Fatalf("%s: codes differ", where)
	}
	for i := range a.Scales {
		if math.Float32bits(a.Scales[i]) != math.Float32bits(b.Scales[i]) {
			t.Fatalf("%s: scale %d is %v, want %v", where, i, a.Scales[i], b.Scales[i])
		}
	}
}

// sameBits fails t unless a and b are equal element by element (any NaN equals any NaN).
func sameBits(t *testing.T, where string, a, b []float32) {
	t.Helper()
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) && !(a[i] != a[i] && b[i] != b[i]) {
			t.Fatalf("%s: element %d is %v, want %v", where, i, a[i], b[i])
		}
	}
}

// adamQ8Case is one state of AdamQ8's arguments, with moments quantized from plausible float32 moments.
type adamQ8Case struct {
	w, g    []float32
	m, v, x Q8
}

func newAdamQ8Case(r *rand.Rand, n int, ams bool) adamQ8Case {
	c := adamQ8Case{w: make([]float32, n), g: make([]float32, n), m: NewQ8(Q8Signed, n), v: NewQ8(Q8Unsigned, n)}
	m, v := make([]float32, n), make([]float32, n)
	for i := range n {
		mag := math.Pow(10, float64(r.IntN(8)-6))
		c.w[i] = float32(r.NormFloat64())
		c.g[i] = float32(r.NormFloat64() * mag)
		m[i] = float32(r.NormFloat64() * mag)
		v[i] = float32(r.ExpFloat64() * mag * mag)
	}
	if n >= 512 {
		clear(c.g[256:300]) // part of a block without gradient
		clear(m[256:512])   // a block of zero moments
	}
	Quantize(c.m, m)
	Quantize(c.v, v)
	if ams {
		c.x = NewQ8(Q8Unsigned, n)
		for i := range v {
			v[i] *= 1.5
		}
		Quantize(c.x, v)
	}
	return c
}

func (c adamQ8Case) clone() adamQ8Case {
	return adamQ8Case{slices.Clone(c.w), slices.Clone(c.g), cloneQ8(c.m), cloneQ8(c.v), cloneQ8(c.x)}
}

func adamQ8Steps() map[string]func(t int) AdamStep {
	h := AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
	ams, adamw, l2, hat := h, h, h, h
	ams.AMSGrad = true
	adamw.Decoupled, adamw.WeightDecay, adamw.Maximize = true, 0.01, true
	l2.WeightDecay = 0.1
	hat.EpsHat, hat.AMSGrad = true, true
	return map[string]func(t int) AdamStep{"Adam": h.Step, "AMSGrad": ams.Step, "AdamW maximize": adamw.Step, "L2": l2.Step, "ε̂ AMSGrad": hat.Step}
}

// TestAdamQ8 checks AdamQ8 on every path, bit for bit, against the float32 reference over whole arrays, for lengths around blocks and chunks, every variant and several steps; and that running it over
// block-aligned pieces of the tensor (Q8.Slice) changes nothing.
func TestAdamQ8(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(18, 4))
		for name, step := range adamQ8Steps() {
			for _, n := range []int{0, 1, 255, 256, 257, 511, 512, 513, 1300} {
				s1 := step(1)
				got := newAdamQ8Case(r, n, s1.AMSGrad)
				want, parts := got.clone(), got.clone()
				for k := 1; k <= 3; k++ {
					s := step(k)
					AdamQ8(&s, got.w, got.g, got.m, got.v, got.x)
					adamQ8Want(&s, want.w, want.g, want.m, want.v, want.x)
					for lo := 0; lo < n; lo += 3 * Q8Block {
						hi := min(lo+3*Q8Block, n)
						var x Q8
						if s.AMSGrad {
							x = parts.x.Slice(lo, hi)
						}
						AdamQ8(&s, parts.w[lo:hi], parts.g[lo:hi], parts.m.Slice(lo, hi), parts.v.Slice(lo, hi), x)
					}
				}
				where := name + ", n=" + itoa(n)
				for _, c := range []adamQ8Case{got, parts} {
					sameBits(t, where+": w", c.w, want.w)
					sameQ8(t, where+": m", c.m, want.m)
					sameQ8(t, where+": v", c.v, want.v)
					if s1.AMSGrad {
						sameQ8(t, where+": vmax", c.x, want.x)
					}
				}
			}
		}
	})
}

// TestAdamQ8NaN checks that a NaN gradient spoils its block's moments, and only its block's, as Quantize's rule
// says: the failure stays visible.
func TestAdamQ8NaN(t *testing.T) {
	c := newAdamQ8Case(rand.New(rand.NewPCG(18, 5)), 600, false)
	c.g[300] = float32(math.NaN())
	s := adamQ8Steps()["Adam"](1)
	AdamQ8(&s, c.w, c.g, c.m, c.v, Q8{})
	if c.m.Scales[1] == c.m.Scales[1] || c.v.Scales[1] == c.v.Scales[1] || c.m.Scales[0] != c.m.Scales[0] || c.m.Scales[2] != c.m.Scales[2] {
		t.Fatalf("scales after a NaN gradient in block 1: m %v, v %v", c.m.Scales, c.v.Scales)
	}
}

// TestAdamQ8Allocs checks that a step allocates nothing.
func TestAdamQ8Allocs(t *testing.T) {
	c := newAdamQ8Case(rand.New(rand.NewPCG(18, 6)), 3000, true)
	s := adamQ8Steps()["AMSGrad"](1)
	// Under the race detector the pooled chunk buffers are dropped at random (raceEnabled).
	if a := testing.AllocsPerRun(20, func() { AdamQ8(&s, c.w, c.g, c.m, c.v, c.x) }); a != 0 && !raceEnabled {
		t.Fatalf("AdamQ8 allocates %v times a call", a)
	}
	q, x := c.m, make([]float32, 3000)
	if a := testing.AllocsPerRun(20, func() { Quantize(q, c.w); Dequantize(x, q) }); a != 0 {
		t.Fatalf("Quantize and Dequantize allocate %v times a call", a)
	}
}

// TestAdamQ8Converges trains a small least-squares problem, min ‖Xw − y‖²/rows, with float32 Adam and with AdamQ8
// from the same start, and requires the 8-bit state's final loss within a factor of 1.5 of float32's.
func TestAdamQ8Converges(t *testing.T) {
	const rows, cols, steps = 128, 32, 1500
	r := rand.New(rand.NewPCG(18, 7))
	X, y := make([]float64, rows*cols), make([]float64, rows)
	for i := range X {
		X[i] = r.NormFloat64()
	}
	for i := range y { // a planted solution, plus noise: the least loss is about 1e-4
		for j := range cols {
			y[i] += X[i*cols+j] * float64(j%5-2)
		}
		y[i] += 0.01 * r.NormFloat64()
	}
	loss := func(w, g []float32) float64 {
		clear(g)
		var sum float64
		for i := range rows {
			res := -y[i]
			for j := range cols {
				res += X[i*cols+j] * float64(w[j])
			}
			sum += res * res
			for j := range cols {
				g[j] += float32(2 * res * X[i*cols+j] / rows)
			}
		}
		return sum / rows
	}
	h := AdamHyper{LR: 1e-2, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
	w32, g32, m32, v32 := make([]float32, cols), make([]float32, cols), make([]float32, cols), make([]float32, cols)
	w8, g8, m8, v8 := make([]float32, cols), make([]float32, cols), NewQ8(Q8Signed, cols), NewQ8(Q8Unsigned, cols)
	start := loss(w32, g32)
	var l32, l8 float64
	for k := 1; k <= steps; k++ {
		s := h.Step(k)
		l32 = loss(w32, g32)
		Adam(&s, w32, g32, m32, v32, nil)
		l8 = loss(w8, g8)
		AdamQ8(&s, w8, g8, m8, v8, Q8{})
	}
	t.Logf("least squares %d×%d, %d Adam steps: loss %.6g → float32 %.6g, 8-bit state %.6g", rows, cols, steps, start, l32, l8)
	if !(l8 <= 1.5*l32) || !(l32 < start/1000) {
		t.Fatalf("8-bit state's loss %v, float32's %v (start %v)", l8, l32, start)
	}
}
