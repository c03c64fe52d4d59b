package bench

import (
	"math"

	"github.com/fastgrad/fastgrad/kernels"
)

// The naive peers are the loops a Go user writes without fastgrad: straightforward, in the slice's own type
// unless a user would reach for float64 (math.Sqrt), with no care for the order of operations. They answer "what
// would I write instead", not "what are the right bits".

// naiveAdam is Adam (AMSGrad when vmax is not nil) per element in float64, with math.Sqrt, the bias corrections
// hoisted out of the loop.
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

// naiveSGD is SGD with momentum (no dampening).
func naiveSGD[F kernels.Float](w, g, buf []F, lr, mu F) {
	for i := range w {
		buf[i] = mu*buf[i] + g[i]
		w[i] -= lr * buf[i]
	}
}

func naiveScale[F kernels.Float](a F, x []F) {
	for i := range x {
		x[i] *= a
	}
}

func naiveAxpy[F kernels.Float](a F, x, y []F) {
	for i := range y {
		y[i] += a * x[i]
	}
}

func naiveClip[F kernels.Float](c F, x []F) {
	for i, v := range x {
		x[i] = max(-c, min(c, v))
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

func naiveSumSq[F kernels.Float](x []F) F {
	var s F
	for _, v := range x {
		s += v * v
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

// naiveLeastSquares is the one-pass gradient a user writes: each row's residual, then its contribution to g.
func naiveLeastSquares[F kernels.Float](g, r, X, y, w []F, s F) F {
	n := len(w)
	clear(g)
	var loss F
	for i := range y {
		r[i] = naiveRow(g, X[i*n:(i+1)*n], w, y[i])
		loss += r[i] * r[i]
	}
	naiveScale(s, g)
	return loss
}

// naiveLeastSquaresBatch is naiveLeastSquares over the rows idx.
func naiveLeastSquaresBatch[F kernels.Float](g, r, X, y, w []F, idx []int, s F) F {
	n := len(w)
	clear(g)
	var loss F
	for k, i := range idx {
		r[k] = naiveRow(g, X[i*n:(i+1)*n], w, y[i])
		loss += r[k] * r[k]
	}
	naiveScale(s, g)
	return loss
}

// naiveRow adds one row's term to g and returns its residual.
func naiveRow[F kernels.Float](g, row, w []F, y F) F {
	ri := naiveDot(row, w) - y
	naiveAxpy(ri, row, g)
	return ri
}
