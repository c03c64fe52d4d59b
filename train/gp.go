package train

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/detmath"
)

// GP is Gaussian-process regression with a zero prior mean and the RBF kernel
// k(a, b) = Variance·exp(−‖a − b‖²/(2·Lengthscale²)), observed through Gaussian noise of variance Noise. It is the
// surrogate model of BayesSearch.
type GP struct {
	Lengthscale, Variance, Noise float64 // the kernel's parameters, fixed by NewGP

	x     [][]float64
	chol  *cholesky // the factor L of K + Noise·I = LLᵀ
	alpha []float64 // (K + Noise·I)⁻¹y
	y     []float64
}

// NewGP returns a GP with the given kernel; each parameter must be finite and positive.
func NewGP(lengthscale, variance, noise float64) (*GP, error) {
	for _, v := range []float64{lengthscale, variance, noise} {
		if !(v > 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("train: NewGP: lengthscale=%v, variance=%v, noise=%v, want finite and > 0",
				lengthscale, variance, noise)
		}
	}
	return &GP{Lengthscale: lengthscale, Variance: variance, Noise: noise}, nil
}

// log2Pi is log 2π, rounded once by the compiler.
const log2Pi = 1.83787706640934548356065947281123527972279494727556682563430308

// kernel returns k(a, b).
func (g *GP) kernel(a, b []float64) float64 {
	var d2 float64
	for i := range a {
		d := a[i] - b[i]
		d2 += float64(d * d)
	}
	return float64(g.Variance * detmath.Exp(-d2/(2*g.Lengthscale*g.Lengthscale)))
}

// Fit conditions the GP on observations y at the points X (all of one dimension). The points and values are
// copied.
func (g *GP) Fit(X [][]float64, y []float64) error {
	if _, err := NewGP(g.Lengthscale, g.Variance, g.Noise); err != nil {
		return err
	}
	n := len(X)
	if n == 0 || len(y) != n {
		return fmt.Errorf("train: GP.Fit: %d points and %d values", n, len(y))
	}
	for i, x := range X {
		if len(x) != len(X[0]) || len(x) == 0 {
			return fmt.Errorf("train: GP.Fit: point %d has %d coordinates, point 0 has %d", i, len(x), len(X[0]))
		}
		if !finite(y[i]) {
			return fmt.Errorf("train: GP.Fit: y[%d]=%v", i, y[i])
		}
		for _, v := range x {
			if !finite(v) {
				return fmt.Errorf("train: GP.Fit: point %d holds %v", i, v)
			}
		}
	}
	K := make([]float64, n*n) // the lower triangle, which is all factorCholesky reads
	for i := range n {
		for j := range i + 1 {
			K[i*n+j] = g.kernel(X[i], X[j])
		}
	}
	// Points that nearly coincide make K singular in floating point; a little more diagonal, tried only when
	// needed, keeps the factorization alive without changing a well-posed fit.
	jitter := 0.0
	chol, ok := factorCholesky(K, n, g.Noise)
	for !ok {
		jitter = math.Max(float64(10*jitter), float64(1e-10*g.Variance))
		if jitter > 1e-4*g.Variance {
			return fmt.Errorf("train: GP.Fit: the kernel matrix is not positive definite")
		}
		chol, ok = factorCholesky(K, n, g.Noise+jitter)
	}
	alpha := append([]float64(nil), y...)
	chol.solveLower(alpha)
	chol.solveUpper(alpha)
	g.chol, g.alpha = chol, alpha
	g.x = make([][]float64, n)
	for i, x := range X {
		g.x[i] = append([]float64(nil), x...)
	}
	g.y = append([]float64(nil), y...)
	return nil
}

// Predict returns the posterior mean and variance of the latent function at x (the noise not included).
func (g *GP) Predict(x []float64) (mean, variance float64, err error) {
	if g.x == nil {
		return 0, 0, fmt.Errorf("train: GP.Predict before Fit")
	}
	if len(x) != len(g.x[0]) {
		return 0, 0, fmt.Errorf("train: GP.Predict: %d coordinates, want %d", len(x), len(g.x[0]))
	}
	k := make([]float64, len(g.x))
	for i, xi := range g.x {
		k[i] = g.kernel(x, xi)
		mean += float64(k[i] * g.alpha[i])
	}
	g.chol.solveLower(k) // v = L⁻¹k, whose squared norm the prior variance loses
	variance = g.Variance
	for _, vi := range k {
		variance -= float64(vi * vi)
	}
	return mean, math.Max(variance, 0), nil
}

// LogMarginalLikelihood returns log p(y | X) of the fitted observations, −½yᵀ(K + Noise·I)⁻¹y − ½log det(K + Noise·I)
// − (n/2)·log 2π: the evidence BayesSearch compares lengthscales by. It is NaN before Fit.
func (g *GP) LogMarginalLikelihood() float64 {
	if g.chol == nil {
		return math.NaN()
	}
	var fit float64
	for i, a := range g.alpha {
		fit += float64(a * g.y[i])
	}
	return float64(-0.5*fit) - float64(0.5*g.chol.logDet()) - float64(0.5*float64(len(g.y))*log2Pi)
}

// ExpectedImprovement returns E[max(best − ξ − f, 0)] for f ~ N(mean, std²): how far a point whose score the model
// predicts as mean ± std is expected to go below best by more than the margin ξ, when minimizing. It is
// (best − ξ − mean)·Φ(z) + std·φ(z) with z = (best − ξ − mean)/std, and max(best − ξ − mean, 0) when std is 0.
func ExpectedImprovement(mean, std, best, xi float64) float64 {
	d := best - xi - mean
	if !(std > 0) {
		return math.Max(d, 0)
	}
	z := d / std
	cdf := float64(0.5 * detmath.Erfc(-z/math.Sqrt2))
	pdf := detmath.Exp(float64(-0.5*z*z)) / math.Sqrt(2*math.Pi)
	return math.Max(float64(d*cdf)+float64(std*pdf), 0) // far below, the two terms cancel to a rounding error of either sign
}
