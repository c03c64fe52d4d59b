package experiments

import (
	"fmt"

	"github.com/fastgrad/fastgrad/train"
	"github.com/fastgrad/fastgrad/train/plots"
)

// The quadratic: y = 1 − 2x + 0.5x² + N(0, 0.5²) at 100 points evenly spread over [−3, 3].
var (
	quadW    = []float64{1, -2, 0.5}
	quadRuns = []setup{{sgd, 0.01}, {momentum, 0.001}, {nesterov, 0.001}, {lookahead, 0.001}, {adagrad, 0.5}, {adam, 0.05}}
)

const (
	quadRows  = 100
	quadSteps = 2000
	quadBatch = 20
	// illScale multiplies the x² column in the ill-conditioned variant: its weight γ becomes a million times
	// larger and the loss a million million times flatter along it.
	illScale = 1e-6
)

// quadraticData returns the points and targets of the quadratic fit. The noise is the targets of a synthetic
// problem whose weights are zero, drawn as train draws every random number: the same bits on every CPU.
func quadraticData() (x, y []float64, err error) {
	_, noise, err := train.Synthetic[float64](quadRows, 1, []float64{0}, 0.5, 3)
	if err != nil {
		return nil, nil, err
	}
	x, y = make([]float64, quadRows), make([]float64, quadRows)
	for i := range x {
		x[i] = -3 + 6*float64(i)/(quadRows-1)
		y[i] = quadW[0] + float64(quadW[1]*x[i]) + float64(quadW[2]*x[i]*x[i]) + noise[i]
	}
	return x, y, nil
}

// quadratic is experiment 3: the fit of α + βx + γx² by six optimizers, then the same on the ill-conditioned
// α + βx + 1e-6·γx², and on that variant standardized, the weights mapped back to its units.
func quadratic(dir string) ([]Section, error) {
	x, y, err := quadraticData()
	if err != nil {
		return nil, err
	}
	X, err := train.Polynomial(x, 2)
	if err != nil {
		return nil, err
	}
	ill := append([]float64(nil), X...)
	if err := train.ScaleColumns(ill, 3, []float64{1, 1, illScale}); err != nil {
		return nil, err
	}
	scaler, err := train.FitScaler(ill, 3, train.Standardize)
	if err != nil {
		return nil, err
	}
	scaled, err := scaler.Transform(ill)
	if err != nil {
		return nil, err
	}
	var out []Section
	for _, v := range []struct {
		title, file string
		X           []float64
		scaler      *train.Scaler[float64]
		contour     bool
		stuck       bool // describe how far the optimizers got with γ
		note        string
	}{
		{"Quadratic fit", "quadratic", X, nil, true, false,
			"y = 1 − 2x + 0.5x² + N(0, 0.5²) at 100 points evenly spread over [−3, 3], features 1, x, x²; MSE, mini-batches of 20, 2000 steps from 0."},
		{"Quadratic fit, ill-conditioned", "quadratic-ill", ill, nil, false, true,
			"The same data with the x² column scaled by 1e-6, so that γ is a million times larger and the loss a million million times flatter along it. Same optimizers, rates and steps."},
		{"Quadratic fit, ill-conditioned and standardized", "quadratic-std", scaled, scaler, false, false,
			"The ill-conditioned features standardized (each non-constant column to mean 0 and standard deviation 1), trained as before, and the weights mapped back to the ill-conditioned units: the scaling undoes the conditioning, and every optimizer recovers γ."},
	} {
		s, err := quadraticSection(dir, v.title, v.file, v.X, ill, y, v.scaler, v.contour)
		if err != nil {
			return nil, err
		}
		s.Notes = append([]string{v.note}, s.Notes...)
		if v.stuck {
			s.Notes = append(s.Notes, stuck(s))
		}
		out = append(out, s)
	}
	return out, nil
}

// stuck describes how far the optimizers got with γ on the ill-conditioned variant.
func stuck(s Section) string {
	best := s.Runs[0]
	for _, r := range s.Runs {
		if r.W[2] > best.W[2] {
			best = r
		}
	}
	var adamLR float64
	for _, r := range quadRuns {
		if r.m.name == adam.name {
			adamLR = r.lr
		}
	}
	return fmt.Sprintf("After %d steps no optimizer has γ beyond %.3g (%s), of %.4g. "+
		"SGD's step along γ is its rate times the gradient, which the 1e-6 scale makes a million times smaller while γ's "+
		"target is a million times larger; Adam moves each weight by about its rate (%g) per step and would need some %.0e steps; "+
		"Adagrad's steps shrink as its sums of squares grow. α absorbs what γ cannot explain, and the fit stalls at %.2g times "+
		"the minimum's MSE.", quadSteps, best.W[2], best.Optimizer, s.ClosedForm[2], adamLR, s.ClosedForm[2]/adamLR,
		best.Loss/s.ClosedFormLoss)
}

// quadraticSection trains every optimizer on features X and reports weights in the units of orig (the features
// X came from by scaler, or X itself when scaler is nil), next to orig's closed form.
func quadraticSection(dir, title, file string, X, orig, y []float64, scaler *train.Scaler[float64], contour bool) (Section, error) {
	s := Section{Title: title}
	p, err := train.NewProblem(X, y, 3)
	if err != nil {
		return s, err
	}
	if scaler == nil {
		orig = X
	}
	po, err := train.NewProblem(orig, y, 3)
	if err != nil {
		return s, err
	}
	sol, err := closedForm(po)
	if err != nil {
		return s, err
	}
	s.ClosedForm = sol.W
	qo, err := train.NewQuadratic(po, train.MSE)
	if err != nil {
		return s, err
	}
	s.ClosedFormLoss, _ = qo.Loss(sol.W)
	if scaler == nil {
		normal, err := train.SolveNormal(po)
		if err != nil {
			return s, err
		}
		s.Notes = append(s.Notes, fmt.Sprintf("cond(X) = %.3g, and cond(XᵀX) = %.3g: the normal equations square it.", sol.Cond, normal.Cond))
	}
	// The curves are drawn in the units trained in: against the minimum of the trained problem.
	ref, err := closedForm(p)
	if err != nil {
		return s, err
	}
	q, err := train.NewQuadratic(p, train.MSE)
	if err != nil {
		return s, err
	}
	var curves []plots.Curve
	var paths []plots.Path
	for _, r := range quadRuns {
		w := make([]float64, 3)
		res, err := train.Train(p, w, r.config(train.Config[float64]{Batch: quadBatch, Seed: 2,
			Stop: train.Stop{MaxIter: quadSteps}, Record: true}))
		if err != nil {
			return s, fmt.Errorf("%s: %s: %w", title, r.m.name, err)
		}
		reported := w
		if scaler != nil {
			if reported, err = scaler.Weights(w); err != nil {
				return s, err
			}
		}
		s.Runs = append(s.Runs, summarize(r.m.name, r.lr, res, reported, sol.W))
		c, err := excess(r.m.name, q, res.History, ref.W)
		if err != nil {
			return s, err
		}
		c.Smooth = smoothing
		curves = append(curves, c)
		paths = append(paths, trajectory(r.m.name, res.History, 1, 2))
	}
	if err := plots.Convergence(s.figure(dir, file+"-convergence.svg"), title, "MSE − MSE(closed form)", curves); err != nil {
		return s, err
	}
	if contour {
		surf, err := surface(q, ref.W, 1, 2, paths, "β", "γ")
		if err != nil {
			return s, err
		}
		if err := plots.Contour(s.figure(dir, file+"-contour.svg"), title+": MSE over (β, γ), α at its optimum", surf, paths); err != nil {
			return s, err
		}
	}
	return s, nil
}
