package experiments

import (
	"fmt"
	"math"
	"strings"

	"github.com/fastgrad/fastgrad/train"
	"github.com/fastgrad/fastgrad/train/plots"
)

// Gradient descent on f(x) = x² from x = 4: the least-squares problem of one sample, x·1 ≈ 0, under the SSE.
var parabolaLRs = []float64{0.1, 0.45, 0.9, 1, 1.05}

const (
	parabolaStart = 4.0
	parabolaSteps = 30
)

// parabola is experiment 4: each step is x ← x − α·2x = (1 − 2α)·x, so α < 0.5 slides down one side, 0.5 < α < 1
// jumps from side to side towards 0, α = 1 bounces between ±4 forever and α > 1 climbs out.
func parabola(dir string) ([]Section, error) {
	p, err := train.NewProblem([]float64{1}, []float64{0}, 1)
	if err != nil {
		return nil, err
	}
	s := Section{Title: "Gradient descent on f(x) = x²", ClosedForm: []float64{0}, ClosedFormLoss: 0}
	s.Notes = append(s.Notes, "f(x) = x² is the SSE of one sample (x·1 ≈ 0). From x = 4, each step is x ← x − α·f′(x) = (1 − 2α)·x: "+
		"α < 0.5 slides down one side, 0.5 < α < 1 jumps from side to side towards 0, α = 1 bounces between ±4 and α > 1 climbs out. "+
		"The relative error column is |x|, the closed form being 0.")
	var curves []plots.Curve
	for _, lr := range parabolaLRs {
		w := []float64{parabolaStart}
		res, err := train.Train(p, w, train.Config[float64]{Objective: train.SSE, Batch: 1, Optimizer: sgd.opt(lr),
			Stop: train.Stop{MaxIter: parabolaSteps}, Record: true})
		if err != nil {
			return nil, err
		}
		name := fmt.Sprintf("α = %g", lr)
		s.Runs = append(s.Runs, summarize(name, lr, res, w, s.ClosedForm))
		xs, _ := res.History.Trajectory(0, 0)
		first := make([]string, 0, 6)
		for _, x := range xs[:6] {
			first = append(first, fmt.Sprintf("%.4g", x))
		}
		s.Notes = append(s.Notes, fmt.Sprintf("α = %g: x = %s, … , %.4g after %d steps.", lr, strings.Join(first, ", "), w[0], res.Iters))
		c := plots.Curve{Name: name}
		for _, x := range xs {
			c.Values = append(c.Values, float64(x*x))
		}
		curves = append(curves, c)
		if lr == 0.1 || lr == 0.9 {
			f := func(x float64) float64 { return float64(x * x) }
			if err := plots.AnimateCurve(s.figure(dir, fmt.Sprintf("parabola-%g.gif", lr)),
				fmt.Sprintf("gradient descent on x², α = %g", lr), f, -4.5, 4.5, xs); err != nil {
				return nil, err
			}
		}
	}
	if err := plots.Convergence(s.figure(dir, "parabola-convergence.svg"), "f(x) = x² from x = 4", "f(x)", curves,
		"α = 0.1 and α = 0.9 draw one curve: each step multiplies x by 1 − 2α, which is 0.8 and −0.8,",
		"so both shrink x² by 0.64 a step; α = 0.9 only flips x's sign each time (its GIF jumps side to side)."); err != nil {
		return nil, err
	}
	if math.IsNaN(s.Runs[0].Loss) {
		return nil, fmt.Errorf("parabola: α = 0.1 diverged")
	}
	return []Section{s}, nil
}
