package train

import (
	"math"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol*math.Max(1, math.Abs(b)) }

// The posterior on one and two observations against the formulas written out by hand.
func TestGPPosterior(t *testing.T) {
	const l, sf2, sn2 = 0.8, 1.5, 0.1
	k := func(a, b float64) float64 { return sf2 * math.Exp(-(a-b)*(a-b)/(2*l*l)) }
	g, err := NewGP(l, sf2, sn2)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Fit([][]float64{{0}}, []float64{2}); err != nil {
		t.Fatal(err)
	}
	m, v, err := g.Predict([]float64{0.5})
	if err != nil {
		t.Fatal(err)
	}
	ks := k(0.5, 0)
	if !near(m, ks*2/(sf2+sn2), 1e-14) || !near(v, sf2-ks*ks/(sf2+sn2), 1e-14) {
		t.Errorf("one point: %v ± %v", m, v)
	}

	// Two points: the 2×2 inverse [[d, −b], [−b, a]]/(ad − b²).
	x1, x2, y1, y2 := -0.3, 0.7, 1.0, -0.5
	if err := g.Fit([][]float64{{x1}, {x2}}, []float64{y1, y2}); err != nil {
		t.Fatal(err)
	}
	a, b, d := k(x1, x1)+sn2, k(x1, x2), k(x2, x2)+sn2
	det := a*d - b*b
	alpha1, alpha2 := (d*y1-b*y2)/det, (-b*y1+a*y2)/det
	for _, xs := range []float64{-1, 0, 0.2, 2} {
		k1, k2 := k(xs, x1), k(xs, x2)
		wantM := k1*alpha1 + k2*alpha2
		wantV := sf2 - (k1*(d*k1-b*k2)+k2*(-b*k1+a*k2))/det
		m, v, _ := g.Predict([]float64{xs})
		if !near(m, wantM, 1e-13) || !near(v, wantV, 1e-13) {
			t.Errorf("x=%v: %v ± %v, want %v ± %v", xs, m, v, wantM, wantV)
		}
	}
	wantLML := -0.5*(y1*alpha1+y2*alpha2) - 0.5*math.Log(det) - math.Log(2*math.Pi)
	if lml := g.LogMarginalLikelihood(); !near(lml, wantLML, 1e-13) {
		t.Errorf("log marginal likelihood %v, want %v", lml, wantLML)
	}
}

// With little noise the posterior interpolates the data and is certain there; far from it, it returns to the
// prior.
func TestGPInterpolates(t *testing.T) {
	g, _ := NewGP(0.3, 2, 1e-8)
	X := [][]float64{{0, 0}, {0.5, 0.1}, {0.2, 0.9}, {1, 1}, {0.7, 0.4}}
	y := []float64{1, -2, 0.5, 3, 0}
	if err := g.Fit(X, y); err != nil {
		t.Fatal(err)
	}
	for i, x := range X {
		m, v, _ := g.Predict(x)
		if !near(m, y[i], 1e-5) || v > 1e-6 {
			t.Errorf("at point %d: %v ± %v, want %v ± 0", i, m, v, y[i])
		}
	}
	m, v, _ := g.Predict([]float64{10, -10})
	if math.Abs(m) > 1e-12 || !near(v, 2, 1e-12) {
		t.Errorf("far away: %v ± %v, want the prior 0 ± 2", m, v)
	}
	// Two identical points: the jitter keeps the factorization alive.
	g, _ = NewGP(0.3, 1, 1e-14)
	if err := g.Fit([][]float64{{0.5}, {0.5}, {0.1}}, []float64{1, 1, 0}); err != nil {
		t.Errorf("duplicate points: %v", err)
	}
}

func TestExpectedImprovement(t *testing.T) {
	if ei := ExpectedImprovement(1, 1, 1, 0); !near(ei, 1/math.Sqrt(2*math.Pi), 1e-15) {
		t.Errorf("EI at the best with σ=1: %v, want φ(0)", ei)
	}
	if ei := ExpectedImprovement(0.25, 0, 1, 0.5); ei != 0.25 {
		t.Errorf("σ=0 below the best: %v, want the sure improvement 0.25", ei)
	}
	if ei := ExpectedImprovement(2, 0, 1, 0); ei != 0 {
		t.Errorf("σ=0 above the best: %v", ei)
	}
	// Against the integral ∫ max(best − ξ − f, 0) φ((f − μ)/σ)/σ df, by the midpoint rule.
	for _, c := range [][4]float64{{0.3, 0.5, 1, 0.1}, {2, 1.5, 1, 0}, {-1, 0.2, 0, 0.05}} {
		mu, sd, best, xi := c[0], c[1], c[2], c[3]
		var sum float64
		const n = 200000
		lo, hi := mu-12*sd, mu+12*sd
		h := (hi - lo) / n
		for i := range n {
			f := lo + (float64(i)+0.5)*h
			sum += math.Max(best-xi-f, 0) * math.Exp(-0.5*(f-mu)*(f-mu)/(sd*sd)) / (sd * math.Sqrt(2*math.Pi)) * h
		}
		if ei := ExpectedImprovement(mu, sd, best, xi); !near(ei, sum, 1e-8) {
			t.Errorf("EI%v = %v, integral %v", c, ei, sum)
		}
	}
	// Non-negative, falling with the mean and the margin, rising with the uncertainty.
	prev := math.Inf(1)
	for mu := -5.0; mu <= 50; mu += 0.25 {
		ei := ExpectedImprovement(mu, 1, 0, 0)
		if ei < 0 || ei > prev {
			t.Fatalf("EI(μ=%v) = %v after %v", mu, ei, prev)
		}
		prev = ei
	}
	prev = 0
	for sd := 0.0; sd <= 10; sd += 0.25 {
		ei := ExpectedImprovement(1, sd, 0, 0)
		if ei < prev {
			t.Fatalf("EI(σ=%v) = %v after %v", sd, ei, prev)
		}
		prev = ei
	}
	if ExpectedImprovement(0, 1, 0, 0.5) >= ExpectedImprovement(0, 1, 0, 0) {
		t.Error("a margin did not lower EI")
	}
}

// Bayesian optimization finds the minimum of a smooth function of log(lr) with few evaluations, deterministically.
func TestBayesSearch(t *testing.T) {
	dims := []Dim{{Name: "lr", Lo: 1e-5, Hi: 1, Log: true}, {Name: "m", Lo: 0, Hi: 1}}
	f := func(hp []float64, seed uint64) (float64, error) {
		a, b := math.Log10(hp[0])+2, hp[1]-0.3
		return a*a + 4*b*b + 0.1, nil
	}
	b := DefaultBayes()
	b.Initial, b.Iterations = 5, 20
	b.LogScores = true
	runs := withProcs(t, func() *SearchResult {
		r, err := BayesSearch(dims, b, 17, f)
		if err != nil {
			t.Fatal(err)
		}
		return r
	})
	r := runs[0]
	for _, o := range runs[1:] {
		for i := range r.Trials {
			if o.Trials[i].Score != r.Trials[i].Score || o.Trials[i].Params[0] != r.Trials[i].Params[0] {
				t.Fatalf("trial %d depends on GOMAXPROCS", i)
			}
		}
	}
	if len(r.Trials) != 25 {
		t.Fatalf("%d trials", len(r.Trials))
	}
	best := r.Trials[r.Best]
	if best.Score > 0.15 {
		t.Errorf("best %v scores %v, the minimum is 0.1 at (0.01, 0.3)", best.Params, best.Score)
	}
	initial := math.Inf(1)
	for _, tr := range r.Trials[:5] {
		initial = math.Min(initial, tr.Score)
	}
	random, _ := RandomSearch(dims, 25, 17, f)
	if best.Score >= initial || best.Score >= random.Trials[random.Best].Score {
		t.Errorf("BO's best %v, its initial design's %v, random search's %v", best.Score, initial, random.Trials[random.Best].Score)
	}
}
