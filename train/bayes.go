package train

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/fastgrad/fastgrad/detmath"
)

// Bayes configures BayesSearch. Start from DefaultBayes: the zero value is rejected.
type Bayes struct {
	Initial    int     // random points evaluated (in parallel) before the model proposes any, ≥ 2
	Iterations int     // points then proposed one at a time, each where expected improvement is largest
	Candidates int     // random points expected improvement is compared over, per proposal, > 0
	Xi         float64 // the improvement margin ξ ≥ 0: larger explores more
	Noise      float64 // the GP's noise variance on the standardized scores, > 0
	// LogScores models log(score) instead of the score: losses spread over orders of magnitude, and the log makes
	// the surface smoother for the GP. Every finite score must then be positive.
	LogScores bool
}

// DefaultBayes returns 8 initial points, 24 proposals over 1000 candidates each, ξ = 0.01 and noise 1e-6.
func DefaultBayes() Bayes {
	return Bayes{Initial: 8, Iterations: 24, Candidates: 1000, Xi: 0.01, Noise: 1e-6}
}

func (b Bayes) validate() error {
	switch {
	case b.Initial < 2 || b.Iterations < 0 || b.Candidates <= 0:
		return fmt.Errorf("train: Bayes: Initial=%d, Iterations=%d, Candidates=%d, want ≥ 2, ≥ 0, > 0 (start from DefaultBayes)",
			b.Initial, b.Iterations, b.Candidates)
	case !(b.Xi >= 0) || math.IsInf(b.Xi, 0):
		return fmt.Errorf("train: Bayes: Xi=%v, want finite and ≥ 0", b.Xi)
	case !(b.Noise > 0) || math.IsInf(b.Noise, 0):
		return fmt.Errorf("train: Bayes: Noise=%v, want finite and > 0", b.Noise)
	}
	return nil
}

// lengthscales are the RBF lengthscales, on the unit cube, that BayesSearch chooses from by marginal likelihood
// before each proposal: a grid, so that the choice is deterministic and cannot wander off as an optimizer can.
var lengthscales = []float64{0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5}

// BayesSearch minimizes eval over the dimensions by Bayesian optimization: after b.Initial random points, a
// Gaussian process fitted to the scores (on the unit cube, log-scaled dimensions as such) proposes each next point
// by maximizing expected improvement over b.Candidates random points, half uniform and half near the best so far.
// Everything is drawn from the seed, and the result is the same whatever GOMAXPROCS is.
func BayesSearch(dims []Dim, b Bayes, seed uint64, eval Evaluate) (*SearchResult, error) {
	names, err := checkDims(dims)
	if err != nil {
		return nil, err
	}
	if err := b.validate(); err != nil {
		return nil, err
	}
	if eval == nil {
		return nil, fmt.Errorf("train: BayesSearch: no evaluation")
	}
	ps := pointSeed(seed)
	src := newPCG(ps, 0)
	points := make([][]float64, b.Initial)
	for i := range points {
		points[i] = make([]float64, len(dims))
		for k, d := range dims {
			points[i][k] = d.value(uniform(src))
		}
	}
	r, err := evaluateAll(names, points, seed, eval)
	if err != nil {
		return nil, err
	}
	for it := range b.Iterations {
		next, err := b.propose(dims, r, newPCG(ps, uint64(1+it)))
		if err != nil {
			return nil, err
		}
		i := len(r.Trials)
		s, err := eval(next, derive(seed, uint64(i)))
		if err != nil {
			return nil, fmt.Errorf("train: search: trial %d %v: %w", i, next, err)
		}
		r.Trials = append(r.Trials, Trial{Params: next, Score: s})
	}
	r.best()
	return r, nil
}

// propose fits the GP to the trials so far and returns the candidate of largest expected improvement (the first
// among equals).
func (b Bayes) propose(dims []Dim, r *SearchResult, src *rand.PCG) ([]float64, error) {
	X, y, best, err := b.observations(dims, r)
	if err != nil {
		return nil, err
	}
	var gp *GP
	for _, l := range lengthscales {
		g, err := NewGP(l, 1, b.Noise)
		if err != nil {
			return nil, err
		}
		if g.Fit(X, y) != nil {
			continue
		}
		if gp == nil || g.LogMarginalLikelihood() > gp.LogMarginalLikelihood() {
			gp = g
		}
	}
	if gp == nil {
		return nil, fmt.Errorf("train: BayesSearch: no lengthscale fits the scores")
	}
	incumbent := X[argmin(y)]
	u := make([]float64, len(dims))
	bestEI, bestU := -1.0, make([]float64, len(dims))
	for c := range b.Candidates {
		for k := range u {
			if c%2 == 0 {
				u[k] = uniform(src)
			} else {
				u[k] = math.Min(math.Max(incumbent[k]+float64(0.1*normal(src)), 0), math.Nextafter(1, 0))
			}
		}
		mean, variance, err := gp.Predict(u)
		if err != nil {
			return nil, err
		}
		if ei := ExpectedImprovement(mean, math.Sqrt(variance), best, b.Xi); ei > bestEI {
			bestEI = ei
			copy(bestU, u)
		}
	}
	next := make([]float64, len(dims))
	for k, d := range dims {
		next[k] = d.value(bestU[k])
	}
	return next, nil
}

// observations returns the trials as the GP sees them: points on the unit cube and standardized scores (logged if
// asked), unusable scores replaced by the worst usable one, so that the model learns to avoid them; and the best
// standardized score.
func (b Bayes) observations(dims []Dim, r *SearchResult) (X [][]float64, y []float64, best float64, err error) {
	X, y = make([][]float64, len(r.Trials)), make([]float64, len(r.Trials))
	worst := math.Inf(-1)
	for i, t := range r.Trials {
		X[i] = make([]float64, len(dims))
		for k, d := range dims {
			X[i][k] = d.unit(t.Params[k])
		}
		s := t.Score
		if b.LogScores && finite(s) {
			if s <= 0 {
				return nil, nil, 0, fmt.Errorf("train: BayesSearch: LogScores with the score %v", s)
			}
			s = detmath.Log(s)
		}
		y[i] = s
		if finite(s) {
			worst = math.Max(worst, s)
		}
	}
	if math.IsInf(worst, -1) {
		worst = 0
	}
	var mean float64
	for i := range y {
		if !finite(y[i]) {
			y[i] = worst
		}
		mean += y[i]
	}
	mean /= float64(len(y))
	var ss float64
	for _, v := range y {
		ss += float64((v - mean) * (v - mean))
	}
	sd := math.Sqrt(ss / float64(len(y)))
	if sd == 0 {
		sd = 1
	}
	for i := range y {
		y[i] = (y[i] - mean) / sd
	}
	return X, y, y[argmin(y)], nil
}
