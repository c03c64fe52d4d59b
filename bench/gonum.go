package bench

import (
	"math"

	"github.com/fastgrad/fastgrad/kernels"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
)

// The gonum peers do each job with gonum's vector operations, as a gonum user would compose them: package floats
// for float64 (blas64 for the matrix products) and blas32 for float32, which floats does not cover. Both call
// gonum's own assembly where it has some.

func vec32(x []float32) blas32.Vector { return blas32.Vector{N: len(x), Inc: 1, Data: x} }
func vec64(x []float64) blas64.Vector { return blas64.Vector{N: len(x), Inc: 1, Data: x} }

func gonumDot[F kernels.Float](x, y []F) F {
	switch x := any(x).(type) {
	case []float32:
		return F(blas32.Dot(vec32(x), vec32(any(y).([]float32))))
	case []float64:
		return F(floats.Dot(x, any(y).([]float64)))
	}
	panic("unreachable")
}

// gonumMaxAbs is floats.Norm(x, +Inf), and for float32 the element blas32.Iamax finds.
func gonumMaxAbs[F kernels.Float](x []F) F {
	switch x := any(x).(type) {
	case []float32:
		if len(x) == 0 {
			return 0
		}
		return F(math.Abs(float64(x[blas32.Iamax(vec32(x))])))
	case []float64:
		return F(floats.Norm(x, math.Inf(1)))
	}
	panic("unreachable")
}

func gonumScale[F kernels.Float](a F, x []F) {
	switch x := any(x).(type) {
	case []float32:
		blas32.Scal(float32(a), vec32(x))
	case []float64:
		floats.Scale(float64(a), x)
	}
}

// gonumAxpy is floats.AddScaled (y += a·x), or blas32.Axpy.
func gonumAxpy[F kernels.Float](a F, x, y []F) {
	switch x := any(x).(type) {
	case []float32:
		blas32.Axpy(float32(a), vec32(x), vec32(any(y).([]float32)))
	case []float64:
		floats.AddScaled(any(y).([]float64), float64(a), x)
	}
}

// gonumSGD is SGD with momentum in three passes, the way gonum's operations compose it: buf = μ·buf, buf += g,
// w −= lr·buf.
func gonumSGD[F kernels.Float](w, g, buf []F, lr, mu F) {
	gonumScale(mu, buf)
	gonumAxpy(1, g, buf)
	gonumAxpy(-lr, buf, w)
}

// gonumLeastSquares computes the gradient as two matrix-vector products, r = Xw − y and then g = s·Xᵀr, so it reads
// X twice; the loss is Dot(r, r).
func gonumLeastSquares[F kernels.Float](g, r, X, y, w []F, s F) F {
	copy(r, y)
	switch X := any(X).(type) {
	case []float32:
		A := blas32.General{Rows: len(y), Cols: len(w), Stride: len(w), Data: X}
		r32, g32 := vec32(any(r).([]float32)), vec32(any(g).([]float32))
		blas32.Gemv(blas.NoTrans, 1, A, vec32(any(w).([]float32)), -1, r32)
		blas32.Gemv(blas.Trans, float32(s), A, r32, 0, g32)
	case []float64:
		A := blas64.General{Rows: len(y), Cols: len(w), Stride: len(w), Data: X}
		r64, g64 := vec64(any(r).([]float64)), vec64(any(g).([]float64))
		blas64.Gemv(blas.NoTrans, 1, A, vec64(any(w).([]float64)), -1, r64)
		blas64.Gemv(blas.Trans, float64(s), A, r64, 0, g64)
	}
	return gonumDot(r, r)
}

// gonumLeastSquaresBatch goes through the batch's rows with Dot and Axpy, as a gonum user would for rows that are
// not contiguous.
func gonumLeastSquaresBatch[F kernels.Float](g, r, X, y, w []F, idx []int, s F) F {
	n := len(w)
	clear(g)
	for k, i := range idx {
		row := X[i*n : (i+1)*n]
		r[k] = gonumDot(row, w) - y[i]
		gonumAxpy(r[k], row, g)
	}
	gonumScale(s, g)
	return gonumDot(r, r)
}
