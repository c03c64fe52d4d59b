package kernels_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	. "github.com/fastgrad/fastgrad/kernels"
)

// q8DocInput returns n values for the Q8 doc loops: random magnitudes, the map's values and the midpoints between
// them; with special, the magnitudes are below 1 and a 1 opens each block, so that the blocks' scale is 1 and the
// midpoints stay exact ties, and ±0, subnormals, NaN, −Inf and an all-zero block come in.
func q8DocInput(r *rand.Rand, n int, values [256]float32, special bool) []float32 {
	x := make([]float32, n)
	for i := range x {
		switch k := r.IntN(8); {
		case k < 4 && !special:
			x[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(90)-45)))
		case k < 4:
			x[i] = float32(r.NormFloat64() * math.Pow(10, -float64(r.IntN(45))) / 8)
		case k < 6:
			c := 1 + r.IntN(255)
			x[i] = float32((float64(values[c-1]) + float64(values[c])) / 2)
		default:
			x[i] = values[r.IntN(256)]
		}
	}
	if special {
		for i := 0; i < n; i += 256 {
			x[i] = 1 // the blocks' scale: the map's values and midpoints stay themselves
		}
	}
	if special && n > 300 {
		x[3], x[4], x[5] = float32(math.Copysign(0, -1)), math.Float32frombits(1), -math.Float32frombits(0x7fffff)
		x[260] = float32(math.NaN())
		clear(x[512:min(n, 768)])
		if n > 800 {
			x[800] = float32(math.Inf(-1))
		}
	}
	return x
}

// TestQ8DocLoops runs the doc loops of Quantize, Dequantize and AdamQ8, as a user would type them, against the
// kernels on every path, bit for bit.
func TestQ8DocLoops(t *testing.T) {
	ForEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(18, 9))
		for _, n := range []int{0, 1, 255, 256, 257, 700, 1100} {
			for _, m := range []Q8Map{Q8Signed, Q8Unsigned} {
				x := q8DocInput(r, n, m.Values(), true)
				got, want := NewQ8(m, n), NewQ8(m, n)
				Quantize(got, x)
				docQuantize(want, x)
				q8Same(t, "Quantize", got, want)
				dx, wx := make([]float32, n), make([]float32, n)
				Dequantize(dx, got)
				docDequantize(wx, got)
				q8SameFloats(t, "Dequantize", dx, wx)
			}
			for _, h := range []AdamHyper{
				{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8},
				{LR: 1e-2, Beta1: 0.8, Beta2: 0.99, Eps: 1e-6, AMSGrad: true, Decoupled: true, WeightDecay: 0.1},
			} {
				w, g := q8DocInput(r, n, Q8Signed.Values(), false), q8DocInput(r, n, Q8Signed.Values(), false)
				m, v := NewQ8(Q8Signed, n), NewQ8(Q8Unsigned, n)
				Quantize(m, q8DocInput(r, n, Q8Signed.Values(), false))
				var vmax Q8
				if h.AMSGrad {
					vmax = NewQ8(Q8Unsigned, n)
				}
				dw, dm, dv, dx := slices.Clone(w), q8Clone(m), q8Clone(v), q8Clone(vmax)
				for step := 1; step <= 3; step++ {
					s := h.Step(step)
					AdamQ8(&s, w, g, m, v, vmax)
					docAdamQ8(&s, dw, g, dm, dv, dx)
				}
				q8SameFloats(t, "AdamQ8 w", w, dw)
				q8Same(t, "AdamQ8 m", m, dm)
				q8Same(t, "AdamQ8 v", v, dv)
				q8Same(t, "AdamQ8 vmax", vmax, dx)
			}
		}
	})
}

func q8Clone(q Q8) Q8 {
	if q.Codes == nil {
		return q
	}
	return Q8{Map: q.Map, Codes: slices.Clone(q.Codes), Scales: slices.Clone(q.Scales)}
}

func q8Same(t *testing.T, where string, got, want Q8) {
	t.Helper()
	if got.Map != want.Map || !slices.Equal(got.Codes, want.Codes) {
		t.Fatalf("%s: codes differ from the doc loop's", where)
	}
	q8SameFloats(t, where+" scales", got.Scales, want.Scales)
}

func q8SameFloats(t *testing.T, where string, got, want []float32) {
	t.Helper()
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) && !(got[i] != got[i] && want[i] != want[i]) {
			t.Fatalf("%s: element %d is %v, the doc loop's %v", where, i, got[i], want[i])
		}
	}
}

// TestQ8OneStateDocLoops runs the doc loops of SGDQ8, LionQ8 and AdagradQ8 against the kernels on every path, bit
// for bit, over several steps.
func TestQ8OneStateDocLoops(t *testing.T) {
	ForEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(18, 10))
		sgds := []SGDHyper{
			{LR: 0.01, Momentum: 0.9},
			{LR: 0.01, Momentum: 0.9, Dampening: 0.1, Nesterov: true, WeightDecay: 0.01, Maximize: true},
			{LR: 0.01},
		}
		lion := LionHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.99, WeightDecay: 0.1}
		adagrad := AdagradHyper{LR: 0.01, LRDecay: 0.01, WeightDecay: 0.01, Eps: 1e-10}
		for _, n := range []int{0, 1, 255, 257, 700, 1100} {
			vals := Q8Signed.Values()
			w, g := q8DocInput(r, n, vals, false), q8DocInput(r, n, vals, false)
			for _, h := range sgds {
				var buf Q8
				if h.Momentum != 0 {
					buf = NewQ8(Q8Signed, n)
				}
				dw, db := slices.Clone(w), q8Clone(buf)
				for step := 1; step <= 3; step++ {
					s := h.Step(step)
					SGDQ8(&s, w, g, buf)
					docSGDQ8(&s, dw, g, db)
				}
				q8SameFloats(t, "SGDQ8 w", w, dw)
				q8Same(t, "SGDQ8 buf", buf, db)
			}
			m := NewQ8(Q8Signed, n)
			Quantize(m, q8DocInput(r, n, vals, false))
			dw, dm := slices.Clone(w), q8Clone(m)
			for range 3 {
				LionQ8(&lion, w, g, m)
				docLionQ8(&lion, dw, g, dm)
			}
			q8SameFloats(t, "LionQ8 w", w, dw)
			q8Same(t, "LionQ8 m", m, dm)
			sum := NewQ8(Q8Unsigned, n)
			dw, ds := slices.Clone(w), q8Clone(sum)
			for step := 1; step <= 3; step++ {
				s := adagrad.Step(step)
				AdagradQ8(&s, w, g, sum)
				docAdagradQ8(&s, dw, g, ds)
			}
			q8SameFloats(t, "AdagradQ8 w", w, dw)
			q8Same(t, "AdagradQ8 sum", sum, ds)
		}
	})
}

// TestQ8OneStateAllocs checks that SGDQ8, LionQ8 and AdagradQ8 allocate nothing.
func TestQ8OneStateAllocs(t *testing.T) {
	if RaceEnabled {
		t.Skip("the race detector drops the pooled chunk buffers at random")
	}
	const n = 1100
	w, g := make([]float32, n), make([]float32, n)
	s := SGDHyper{LR: 0.01, Momentum: 0.9}.Step(2)
	as := AdagradHyper{LR: 0.01, Eps: 1e-10}.Step(2)
	lion := LionHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.99}
	buf, m, sum := NewQ8(Q8Signed, n), NewQ8(Q8Signed, n), NewQ8(Q8Unsigned, n)
	if a := testing.AllocsPerRun(10, func() { SGDQ8(&s, w, g, buf); LionQ8(&lion, w, g, m); AdagradQ8(&as, w, g, sum) }); a != 0 {
		t.Fatalf("SGDQ8, LionQ8 and AdagradQ8 allocate %v times a call", a)
	}
}
