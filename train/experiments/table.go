package experiments

import (
	"fmt"

	"github.com/fastgrad/fastgrad/train"
	"github.com/fastgrad/fastgrad/train/plots"
)

// The notebooks' six-point table, fitted by y ≈ a + b·x.
var (
	tableX = []float64{5, 15, 25, 35, 45, 55}
	tableY = []float64{5, 20, 14, 32, 22, 38}
)

// tableLR and tableSteps are the notebook's step size and step count.
const (
	tableLR    = 2e-5
	tableSteps = 100000
)

// table is experiment 2: plain gradient descent on the SSE from a = b = 0, then the stochastic version with
// batches of 3.
func table(dir string) ([]Section, error) {
	X, err := train.Polynomial(tableX, 1)
	if err != nil {
		return nil, err
	}
	p, err := train.NewProblem(X, tableY, 2)
	if err != nil {
		return nil, err
	}
	sol, err := closedForm(p)
	if err != nil {
		return nil, err
	}
	normal, err := train.SolveNormal(p)
	if err != nil {
		return nil, err
	}
	q, err := train.NewQuadratic(p, train.SSE)
	if err != nil {
		return nil, err
	}
	s := Section{Title: "The six-point table", ClosedForm: sol.W}
	s.ClosedFormLoss, _ = q.Loss(sol.W)
	s.Notes = append(s.Notes,
		"x = [5, 15, 25, 35, 45, 55], y = [5, 20, 14, 32, 22, 38], fitted by y ≈ a + b·x: the SSE, plain gradient descent with α = 2e-5 for 100000 steps from a = b = 0, then the same with mini-batches of 3 (a fresh shuffle every epoch).",
		fmt.Sprintf("cond(XᵀX) = %.4g: the SSE is a long narrow valley, and α small enough for its steep walls crawls along its floor — after 100000 steps a is still short of the closed form, while b, which the steep direction mostly sets, is close.", normal.Cond))
	var curves []plots.Curve
	var paths []plots.Path
	for _, run := range []struct {
		name  string
		batch int
	}{{"gradient descent", 6}, {"SGD, batch 3", 3}} {
		w := make([]float64, 2)
		res, err := train.Train(p, w, train.Config[float64]{Objective: train.SSE, Batch: run.batch, Seed: 1,
			Optimizer: sgd.opt(tableLR), Stop: train.Stop{MaxIter: tableSteps}, Record: true})
		if err != nil {
			return nil, fmt.Errorf("%s: %s: %w", s.Title, run.name, err)
		}
		s.Runs = append(s.Runs, summarize(run.name, tableLR, res, w, sol.W))
		c, err := excess(run.name, q, res.History, sol.W)
		if err != nil {
			return nil, err
		}
		if run.batch < len(tableY) {
			c.Smooth = smoothing
		}
		curves = append(curves, c)
		paths = append(paths, trajectory(run.name, res.History, 0, 1))
	}
	if err := plots.Convergence(s.figure(dir, "table-convergence.svg"), "six points, α = 2e-5", "SSE − SSE(closed form)", curves); err != nil {
		return nil, err
	}
	surf, err := surface(q, sol.W, 0, 1, paths, "a", "b")
	if err != nil {
		return nil, err
	}
	if err := plots.Contour(s.figure(dir, "table-contour.svg"), "SSE(a, b)", surf, paths); err != nil {
		return nil, err
	}
	return []Section{s}, nil
}
