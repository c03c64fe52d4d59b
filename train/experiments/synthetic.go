package experiments

import (
	"fmt"

	"github.com/fastgrad/fastgrad/train"
	"github.com/fastgrad/fastgrad/train/plots"
)

// The synthetic regressions: y = 3·x₀ − 2·x₁ + N(0, 1), the columns uniform on (−5, 5) and (−15, 15), so that the
// loss's curvature is nine times larger along w₁ than along w₀. Every optimizer starts from (−4, 4).
var (
	syntheticW     = []float64{3, -2}
	syntheticStart = []float64{-4, 4}
	syntheticRuns  = []setup{{sgd, 0.005}, {momentum, 0.0005}, {rmsprop, 0.02}, {adam, 0.05}}
)

// syntheticProblem returns the n×2 regression and its closed form.
func syntheticProblem(n int) (*train.Problem[float64], *train.Solution, error) {
	X, y, err := train.Synthetic[float64](n, 2, syntheticW, 1, uint64(n))
	if err != nil {
		return nil, nil, err
	}
	p, err := train.NewProblem(X, y, 2)
	if err != nil {
		return nil, nil, err
	}
	sol, err := closedForm(p)
	return p, sol, err
}

// synthetic is experiment 1: SGD, momentum, RMSprop and Adam, batch 20, 1000 steps, on 500×2 and 5000×2.
func synthetic(dir string) ([]Section, error) {
	var out []Section
	for _, n := range []int{500, 5000} {
		p, sol, err := syntheticProblem(n)
		if err != nil {
			return nil, err
		}
		q, err := train.NewQuadratic(p, train.MSE)
		if err != nil {
			return nil, err
		}
		s := Section{Title: fmt.Sprintf("Synthetic regression, %d×2", n), ClosedForm: sol.W}
		s.ClosedFormLoss, _ = q.Loss(sol.W)
		s.Notes = append(s.Notes, fmt.Sprintf("X uniform on (−5, 5), column j scaled by 2j+1; y = 3·x₀ − 2·x₁ + N(0, 1). "+
			"Mini-batches of 20, a fresh shuffle every epoch, up to 1000 steps from w = (−4, 4). "+
			"The MSE's curvature is 9 times larger along w₁ than along w₀ (cond(X) = %.3g).", sol.Cond))
		var curves []plots.Curve
		var paths []plots.Path
		var momentumRun *train.History[float64]
		for _, r := range syntheticRuns {
			w := append([]float64(nil), syntheticStart...)
			cfg := r.config(train.Config[float64]{Batch: 20, Seed: 1, Stop: train.Stop{MaxIter: 1000}, Record: true})
			res, err := train.Train(p, w, cfg)
			if err != nil {
				return nil, fmt.Errorf("%s: %s: %w", s.Title, r.m.name, err)
			}
			s.Runs = append(s.Runs, summarize(r.m.name, r.lr, res, w, sol.W))
			c, err := excess(r.m.name, q, res.History, sol.W)
			if err != nil {
				return nil, err
			}
			c.Smooth = smoothing
			curves = append(curves, c)
			paths = append(paths, trajectory(r.m.name, res.History, 0, 1))
			if r.m.name == momentum.name {
				momentumRun = res.History
			}
		}
		title := fmt.Sprintf("%d×2, batch 20", n)
		if err := plots.Convergence(s.figure(dir, fmt.Sprintf("synthetic%d-convergence.svg", n)), title,
			"MSE − MSE(closed form)", curves); err != nil {
			return nil, err
		}
		surf, err := surface(q, sol.W, 0, 1, paths, "w₀", "w₁")
		if err != nil {
			return nil, err
		}
		if err := plots.Contour(s.figure(dir, fmt.Sprintf("synthetic%d-contour.svg", n)), title, surf, paths); err != nil {
			return nil, err
		}
		if n == 500 {
			tr, err := withLoss(paths[1], q, momentumRun)
			if err != nil {
				return nil, err
			}
			if err := plots.AnimateContour(s.figure(dir, "synthetic500-momentum.gif"), "momentum 0.9, 500×2", surf, tr); err != nil {
				return nil, err
			}
		}
		out = append(out, s)
	}
	return out, nil
}
