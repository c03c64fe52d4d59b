package experiments

import (
	"fmt"
	"math"
	"strings"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/train"
	"github.com/fastgrad/fastgrad/train/plots"
)

// The compact-state experiment trains the same float32 problems with Adam keeping its weights, gradients and
// moments in each storage kernels offers, full batch, so that the only difference between two runs is where
// values were rounded to 16 bits.

// compactMode is one way to store Adam's arrays.
type compactMode struct {
	name string
	// start returns the step function of a run from the weights w: each call takes the float32 gradient at w and
	// the step number, and leaves the updated weights, widened, in w.
	start func(w []float32, h kernels.AdamHyper) func(g []float32, t int)
}

// compactModes are the storage modes compared, float32 first: the baseline.
var compactModes = []compactMode{
	{"float32", float32Adam},
	{"BF16 moments", stateAdam[kernels.BF16]},
	{"F16 moments", stateAdam[kernels.F16]},
	{"8-bit moments", q8Adam},
	{"all BF16", halfAdam[kernels.BF16](false)},
	{"all BF16, stochastic", halfAdam[kernels.BF16](true)},
	{"all F16", halfAdam[kernels.F16](false)},
}

func float32Adam(w []float32, h kernels.AdamHyper) func(g []float32, t int) {
	m, v := make([]float32, len(w)), make([]float32, len(w))
	return func(g []float32, t int) {
		s := h.Step(t)
		kernels.Adam(&s, w, g, m, v, nil)
	}
}

// stateAdam keeps the weights and gradients in float32 and the moments in H.
func stateAdam[H kernels.Half](w []float32, h kernels.AdamHyper) func(g []float32, t int) {
	m, v := make([]H, len(w)), make([]H, len(w))
	return func(g []float32, t int) {
		s := h.Step(t)
		kernels.AdamStored(&s, w, g, m, v, nil, kernels.Rounding{})
	}
}

// q8Adam keeps the weights and gradients in float32 and the moments in 8-bit blockwise state.
func q8Adam(w []float32, h kernels.AdamHyper) func(g []float32, t int) {
	m, v := kernels.NewQ8(kernels.Q8Signed, len(w)), kernels.NewQ8(kernels.Q8Unsigned, len(w))
	return func(g []float32, t int) {
		s := h.Step(t)
		kernels.AdamQ8(&s, w, g, m, v, kernels.Q8{})
	}
}

// halfAdam keeps every array in H, as a model held in H would: the weights start rounded to nearest, the gradient
// is rounded as it would be computed in H, and the weights round stochastically when stochastic is set (the
// key's seed is fixed, its step is the step's).
func halfAdam[H kernels.Half](stochastic bool) func(w []float32, h kernels.AdamHyper) func(g []float32, t int) {
	return func(w []float32, h kernels.AdamHyper) func(g []float32, t int) {
		n := len(w)
		wh, gh, m, v := make([]H, n), make([]H, n), make([]H, n), make([]H, n)
		for i, x := range w {
			wh[i] = kernels.Rounded[H](x, kernels.Rounding{}, i)
			w[i] = kernels.Widened(wh[i])
		}
		return func(g []float32, t int) {
			for i, x := range g {
				gh[i] = kernels.Rounded[H](x, kernels.Rounding{}, i)
			}
			rnd := kernels.Rounding{}
			if stochastic {
				rnd = kernels.Rounding{Stochastic: true, Key: kernels.NewRoundingKey(1, uint64(t))}
			}
			s := h.Step(t)
			kernels.AdamStored(&s, wh, gh, m, v, nil, rnd)
			for i, x := range wh {
				w[i] = kernels.Widened(x)
			}
		}
	}
}

// compactProblem is a float32 objective: grad writes its gradient at w into g, and loss is the objective at w,
// evaluated in float64 so that the comparison does not depend on float32 rounding. gap is what the report and the
// curves show: the objective's excess over the closed form's where there is one, else the objective itself.
type compactProblem struct {
	title      string
	notes      string
	start      []float32
	lr         float64
	steps      int
	grad       func(g, w []float32)
	loss       func(w []float32) float64
	gap        func(w []float32) float64
	closedForm *train.Solution // nil without one
	minLoss    float64         // the objective at the closed form
}

// compactEvery is how many steps apart the convergence curves sample the objective.
const compactEvery = 10

// compact is the compact-state experiment: each problem trained by Adam in every storage mode.
func compact(dir string) ([]Section, error) {
	problems, err := compactProblems()
	if err != nil {
		return nil, err
	}
	var out []Section
	for i, p := range problems {
		s := Section{Title: "Compact state: " + p.title, Notes: []string{p.notes}}
		if p.closedForm != nil {
			s.ClosedForm, s.ClosedFormLoss = p.closedForm.W, p.minLoss
		}
		var curves []plots.Curve
		final := make([]string, len(compactModes))
		for j, mode := range compactModes {
			o, c := runCompact(p, mode)
			s.Runs = append(s.Runs, o)
			curves = append(curves, c)
			final[j] = fmt.Sprintf("%s %.2g", mode.name, c.Values[len(c.Values)-1])
		}
		what := "Final objective"
		if p.closedForm != nil {
			what = "Final excess over the closed form's objective"
		}
		s.Notes = append(s.Notes, what+": "+strings.Join(final, "; ")+".")
		ylabel := "MSE"
		if p.closedForm != nil {
			ylabel = "MSE − MSE(closed form)"
		}
		if err := plots.Convergence(s.figure(dir, fmt.Sprintf("compact%d-convergence.svg", i+1)),
			"Adam, "+p.title+", by storage", ylabel, curves); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// runCompact trains p with Adam in mode and returns the outcome and the curve of p's gap, sampled every
// compactEvery steps and after the last.
func runCompact(p compactProblem, mode compactMode) (Outcome, plots.Curve) {
	w := append([]float32(nil), p.start...)
	g := make([]float32, len(w))
	step := mode.start(w, kernels.AdamHyper{LR: p.lr, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8})
	c := plots.Curve{Name: mode.name, Every: compactEvery}
	for t := 1; t <= p.steps; t++ {
		if (t-1)%compactEvery == 0 {
			c.Values = append(c.Values, p.gap(w))
		}
		p.grad(g, w)
		step(g, t)
	}
	c.Values = append(c.Values, p.gap(w))
	o := Outcome{Optimizer: "Adam, " + mode.name, LR: p.lr, Loss: p.loss(w), Iters: p.steps, Reason: train.StopMaxIter}
	w64 := widen64(w)
	if p.closedForm != nil {
		o.W = w64
	}
	o.RelErr = relErr(w64, p.closedForm)
	return o, c
}

// relErr is ‖w − w*‖/‖w*‖ against the closed form, or NaN without one.
func relErr(w []float64, sol *train.Solution) float64 {
	if sol == nil {
		return math.NaN()
	}
	c, err := train.Compare(w, sol.W)
	if err != nil {
		return math.NaN()
	}
	return c.RelErr
}

func widen64(w []float32) []float64 {
	out := make([]float64, len(w))
	for i, x := range w {
		out[i] = float64(x)
	}
	return out
}
