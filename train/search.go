package train

import (
	"fmt"
	"math"
)

// Evaluate scores one configuration: lower is better. params are in the order of the search's dimensions. seed is
// the trial's own, derived from the search's seed and the trial's index, so that a trial scores the same whatever
// runs before it or beside it. A score of NaN or +Inf (a diverged run) ranks last; an error ends the search.
// Searches call it from several goroutines at once.
type Evaluate func(params []float64, seed uint64) (float64, error)

// Trial is one configuration a search evaluated.
type Trial struct {
	Params []float64 // in the order of the search's dimensions
	Score  float64   // what the evaluation returned
}

// SearchResult lists a search's trials in the order they were proposed.
type SearchResult struct {
	Names  []string // the dimensions' names
	Trials []Trial  // in the order proposed
	Best   int      // the trial with the lowest score, the first among equals
}

// GridSearch evaluates every combination of the axes' values, in parallel; the first axis varies slowest.
func GridSearch(axes []Axis, seed uint64, eval Evaluate) (*SearchResult, error) {
	if len(axes) == 0 || eval == nil {
		return nil, fmt.Errorf("train: GridSearch: no axes or no evaluation")
	}
	names := make([]string, len(axes))
	total := 1
	for k, a := range axes {
		if len(a.Values) == 0 {
			return nil, fmt.Errorf("train: GridSearch: axis %q has no values", a.Name)
		}
		for _, v := range a.Values {
			if !finite(v) {
				return nil, fmt.Errorf("train: GridSearch: axis %q has the value %v", a.Name, v)
			}
		}
		if total > math.MaxInt32/len(a.Values) {
			return nil, fmt.Errorf("train: GridSearch: too many combinations")
		}
		total *= len(a.Values)
		names[k] = a.Name
	}
	points := make([][]float64, total)
	for i := range points {
		p := make([]float64, len(axes))
		rest := i
		for k := len(axes) - 1; k >= 0; k-- {
			n := len(axes[k].Values)
			p[k] = axes[k].Values[rest%n]
			rest /= n
		}
		points[i] = p
	}
	return evaluateAll(names, points, seed, eval)
}

// RandomSearch evaluates n configurations drawn uniformly from the dimensions (log-uniformly where asked), in
// parallel. The points are drawn from the seed before any is evaluated.
func RandomSearch(dims []Dim, n int, seed uint64, eval Evaluate) (*SearchResult, error) {
	names, err := checkDims(dims)
	if err != nil {
		return nil, err
	}
	if n <= 0 || eval == nil {
		return nil, fmt.Errorf("train: RandomSearch: n=%d trials, want > 0, and an evaluation", n)
	}
	src := newPCG(pointSeed(seed), 0)
	points := make([][]float64, n)
	for i := range points {
		points[i] = make([]float64, len(dims))
		for k, d := range dims {
			points[i][k] = d.value(uniform(src))
		}
	}
	return evaluateAll(names, points, seed, eval)
}

func checkDims(dims []Dim) ([]string, error) {
	if len(dims) == 0 {
		return nil, fmt.Errorf("train: search: no dimensions")
	}
	names := make([]string, len(dims))
	for k, d := range dims {
		if err := d.validate(); err != nil {
			return nil, err
		}
		names[k] = d.Name
	}
	return names, nil
}

// pointSeed is the seed of the streams that choose a search's points, apart from the trials' own seeds.
func pointSeed(seed uint64) uint64 { return derive(seed, math.MaxUint64) }

// evaluateAll scores the points in parallel, trial i with seed derive(seed, i).
func evaluateAll(names []string, points [][]float64, seed uint64, eval Evaluate) (*SearchResult, error) {
	r := &SearchResult{Names: names, Trials: make([]Trial, len(points))}
	err := forEach(len(points), func(i int) error {
		s, err := eval(points[i], derive(seed, uint64(i)))
		if err != nil {
			return fmt.Errorf("train: search: trial %d %v: %w", i, points[i], err)
		}
		r.Trials[i] = Trial{Params: points[i], Score: s}
		return nil
	})
	if err != nil {
		return nil, err
	}
	r.best()
	return r, nil
}

func (r *SearchResult) best() {
	scores := make([]float64, len(r.Trials))
	for i, t := range r.Trials {
		scores[i] = t.Score
		if math.IsInf(t.Score, 1) {
			scores[i] = math.NaN() // +Inf and NaN both mean "no usable score": neither wins over the other
		}
	}
	r.Best = argmin(scores)
}
