package train

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
)

// Starts configures a multistart: N runs from random points, each weight uniform in [Lo, Hi).
type Starts struct {
	N      int     // the number of runs
	Lo, Hi float64 // the range of each weight of a start
	// Seed fixes everything random: start i draws its point from stream i of Seed, and its run shuffles with a
	// seed derived from Seed and i (Config.Seed is not used).
	Seed uint64
}

// MultistartResult holds every run of a multistart and which one won.
type MultistartResult[F kernels.Float] struct {
	Runs  []*Result[F] // by start index; each W is the run's own slice
	Start [][]F        // the point each run started from
	Best  int          // the run with the lowest final training loss, the lowest index among equals
}

// Multistart runs cfg from s.N random points, in parallel, and keeps every result. The result is the same, bit for
// bit, whatever GOMAXPROCS is. cfg.Optimizer is called from several goroutines at once.
func Multistart[F kernels.Float](p *Problem[F], cfg Config[F], s Starts) (*MultistartResult[F], error) {
	switch {
	case s.N <= 0:
		return nil, fmt.Errorf("train: Multistart: N=%d, want > 0", s.N)
	// The width too must be finite, and the ends in F, or the starts would be ±Inf or NaN.
	case !finite(s.Lo) || !finite(s.Hi) || s.Lo > s.Hi || !finite(s.Hi-s.Lo) || !finite(float64(F(s.Lo))) || !finite(float64(F(s.Hi))):
		return nil, fmt.Errorf("train: Multistart: range [%v, %v) is not a finite interval", s.Lo, s.Hi)
	}
	if p == nil {
		return nil, fmt.Errorf("train: nil problem")
	}
	if err := cfg.validate(p, make([]F, p.cols)); err != nil {
		return nil, err
	}
	m := &MultistartResult[F]{Runs: make([]*Result[F], s.N), Start: make([][]F, s.N)}
	err := forEach(s.N, func(i int) error {
		src := newPCG(s.Seed, uint64(i))
		w := make([]F, p.cols)
		for j := range w {
			w[j] = F(s.Lo + float64((s.Hi-s.Lo)*uniform(src)))
		}
		m.Start[i] = append([]F(nil), w...)
		c := cfg
		c.Seed = derive(s.Seed, uint64(i))
		res, err := Train(p, w, c)
		if err != nil {
			return fmt.Errorf("train: Multistart: start %d: %w", i, err)
		}
		m.Runs[i] = res
		return nil
	})
	if err != nil {
		return nil, err
	}
	losses := make([]float64, s.N)
	for i, r := range m.Runs {
		losses[i] = float64(r.Loss)
	}
	m.Best = argmin(losses)
	return m, nil
}

// argmin returns the index of the smallest value, the first among equals; NaN counts as larger than anything.
func argmin(v []float64) int {
	best := 0
	for i, x := range v {
		if less(x, v[best]) {
			best = i
		}
	}
	return best
}

// less orders numbers with NaN last.
func less(a, b float64) bool {
	return a < b || !math.IsNaN(a) && math.IsNaN(b)
}
