package againstc

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
)

// needAVX512 skips where the C, built for x86-64-v4, cannot run.
func needAVX512(tb testing.TB) {
	if !slices.Contains(kernels.Impls(), "avx512") {
		tb.Skip("the C needs AVX-512, which this CPU lacks")
	}
}

// values fills s with realistic values and, with specials, some of ±0, subnormals, ±Inf, NaN, huge and tiny.
func values(r *rand.Rand, s []float32, specials bool) {
	sp := []float32{0, float32(math.Copysign(0, -1)), math.SmallestNonzeroFloat32, -3e-41, float32(math.Inf(1)),
		float32(math.Inf(-1)), float32(math.NaN()), math.MaxFloat32, -1e38, 1e-30}
	for i := range s {
		s[i] = float32(r.NormFloat64())
		if specials && r.IntN(8) == 0 {
			s[i] = sp[r.IntN(len(sp))]
		}
	}
}

// same reports whether a and b have the same bits, NaN payloads aside.
func same(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || a != a && b != b
}

func checkSame(t *testing.T, what string, got, want []float32) {
	t.Helper()
	for i := range want {
		if !same(got[i], want[i]) {
			t.Fatalf("%s[%d] = %v (%#x), fastgrad gives %v (%#x)", what, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
		}
	}
}

// forEachPath runs f on every fastgrad path: they give the same bits, so each must match the C.
func forEachPath(t *testing.T, f func(t *testing.T)) {
	defer kernels.SetImpl(kernels.Impl())
	for _, name := range kernels.Impls() {
		if err := kernels.SetImpl(name); err != nil {
			t.Fatal(err)
		}
		t.Run(name, f)
	}
}

func TestSGDMomentumSameBits(t *testing.T) {
	needAVX512(t)
	lengths := []int{0, 1, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 100, 4096, 4103}
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(1, 2))
		for form := range 16 {
			h := kernels.SGDHyper{LR: 0.01, Momentum: 0.9, Dampening: 0.1 * float64(form&1), Nesterov: form&2 != 0,
				Maximize: form&4 != 0}
			if form&8 != 0 {
				h.WeightDecay = 1e-4
			}
			for _, n := range lengths {
				for _, specials := range []bool{false, true} {
					for _, t0 := range []int{1, 2} {
						s := h.Step(t0)
						w, g, buf := make([]float32, n), make([]float32, n), make([]float32, n)
						values(r, w, specials)
						values(r, g, specials)
						values(r, buf, specials)
						cw, cbuf := slices.Clone(w), slices.Clone(buf)
						kernels.SGD(&s, w, g, buf)
						SGDMomentum(&s, cw, g, cbuf)
						checkSame(t, "w", cw, w)
						checkSame(t, "buf", cbuf, buf)
					}
				}
			}
		}
	})
}

func TestLeastSquaresSameBits(t *testing.T) {
	needAVX512(t)
	cols := []int{0, 1, 2, 3, 7, 15, 16, 17, 31, 32, 33, 48, 63, 64, 65, 100, 127, 128, 129, 130, 200, 512, 515}
	forEachPath(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		for _, n := range cols {
			for _, m := range []int{0, 1, 2, 5, 33} {
				for _, specials := range []bool{false, true} {
					X, y, w := make([]float32, m*n), make([]float32, m), make([]float32, n)
					values(r, X, specials)
					values(r, y, specials)
					values(r, w, specials)
					g, res, cg, cres := make([]float32, n), make([]float32, m), make([]float32, n), make([]float32, m)
					loss := kernels.LeastSquares(g, res, X, y, w, 0.5)
					closs := LeastSquares(cg, cres, X, y, w, 0.5)
					checkSame(t, "g", cg, g)
					checkSame(t, "r", cres, res)
					checkSame(t, "loss", []float32{closs}, []float32{loss})
					if n > 0 && m > 0 {
						loss = kernels.LeastSquares(g, nil, X, y, w, 0.5)
						closs = LeastSquares(cg, nil, X, y, w, 0.5)
						checkSame(t, "g without r", cg, g)
						checkSame(t, "loss without r", []float32{closs}, []float32{loss})
					}
				}
			}
		}
	})
}
