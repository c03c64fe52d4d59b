package bench

import (
	"math"

	"github.com/fastgrad/fastgrad/kernels"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/floats"
)

// naiveAdam is Adam (AMSGrad when vmax is not nil) as a Go user writes it without fastgrad: per element in
// float64, with math.Sqrt, the bias corrections hoisted out of the loop. It is the "what would I write instead"
// peer, not a bit-exact reference.
func naiveAdam[F kernels.Float](w, g, m, v, vmax []F, lr, b1, b2, eps float64, t int) {
	bc1 := 1 - math.Pow(b1, float64(t))
	bc2 := 1 - math.Pow(b2, float64(t))
	for i := range w {
		gi := float64(g[i])
		mi := b1*float64(m[i]) + (1-b1)*gi
		vi := b2*float64(v[i]) + (1-b2)*gi*gi
		m[i], v[i] = F(mi), F(vi)
		if vmax != nil {
			vi = math.Max(float64(vmax[i]), vi)
			vmax[i] = F(vi)
		}
		w[i] -= F(lr * (mi / bc1) / (math.Sqrt(vi/bc2) + eps))
	}
}

// naiveDot is the loop everyone writes first: one accumulator, a serial dependency chain.
func naiveDot[F kernels.Float](x, y []F) F {
	var s F
	for i := range x {
		s += x[i] * y[i]
	}
	return s
}

// naiveMaxAbs is the loop a user writes for the largest magnitude: math.Abs and a compare (NaN is skipped).
func naiveMaxAbs[F kernels.Float](x []F) F {
	var m float64
	for _, v := range x {
		m = max(m, math.Abs(float64(v)))
	}
	return F(m)
}

// naiveAllFinite is the finiteness check a user writes, stopping at the first NaN or ±Inf.
func naiveAllFinite[F kernels.Float](x []F) bool {
	for _, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return false
		}
	}
	return true
}

// gonumDot calls gonum's assembly dot product: blas32.Dot for float32, floats.Dot for float64.
func gonumDot[F kernels.Float](x, y []F) F {
	switch x := any(x).(type) {
	case []float32:
		y := any(y).([]float32)
		return F(blas32.Dot(blas32.Vector{N: len(x), Inc: 1, Data: x}, blas32.Vector{N: len(y), Inc: 1, Data: y}))
	case []float64:
		return F(floats.Dot(x, any(y).([]float64)))
	}
	panic("unreachable")
}
