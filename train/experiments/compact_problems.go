package experiments

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/detmath"
	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/train"
)

// compactProblems returns the compact-state experiment's problems: the synthetic 5000×2 regression and the
// quadratic fit in float32, and a small tanh network, a problem no closed form solves.
func compactProblems() ([]compactProblem, error) {
	X, y, err := train.Synthetic[float32](5000, 2, syntheticW, 1, 5000)
	if err != nil {
		return nil, err
	}
	synth, err := leastSquaresProblem("synthetic regression, 5000×2", X, y, 2, syntheticStart, 0.05, 1000)
	if err != nil {
		return nil, err
	}
	x, yq, err := quadraticData()
	if err != nil {
		return nil, err
	}
	Xq, err := train.Polynomial(x, 2)
	if err != nil {
		return nil, err
	}
	quad, err := leastSquaresProblem("quadratic fit", narrow32(Xq), narrow32(yq), 3, []float64{0, 0, 0}, 0.05, quadSteps)
	if err != nil {
		return nil, err
	}
	synth.notes = "The synthetic regression of the first experiment, its data rounded to float32. " + compactNotes
	quad.notes = "The quadratic fit α + βx + γx² of the third experiment, its data rounded to float32. " + compactNotes
	return []compactProblem{synth, quad, tanhProblem()}, nil
}

// compactNotes says what every compact-state section compares.
const compactNotes = "Adam (β = 0.9, 0.999, ε = 1e-8) on the full batch, the same steps in every storage mode: float32; float32 " +
	"weights and gradients with the moments stored in BF16, F16 or 8-bit blockwise state (kernels.AdamQ8); and every array in BF16 or F16, the gradient " +
	"rounded as a model held in 16 bits would compute it, the weights rounded to nearest or stochastically. " +
	"The objective is evaluated in float64 at the weights as stored."

// leastSquaresProblem returns the float32 least-squares problem min ‖Xw − y‖²/rows, its gradient computed by
// kernels.LeastSquares and its objective and closed form by package train in float64 on the same data.
func leastSquaresProblem(title string, X, y []float32, cols int, start []float64, lr float64, steps int) (compactProblem, error) {
	p64, err := train.NewProblem(widen64(X), widen64(y), cols)
	if err != nil {
		return compactProblem{}, err
	}
	q, err := train.NewQuadratic(p64, train.MSE)
	if err != nil {
		return compactProblem{}, err
	}
	sol, err := closedForm(p64)
	if err != nil {
		return compactProblem{}, err
	}
	minLoss, err := q.Loss(sol.W)
	if err != nil {
		return compactProblem{}, err
	}
	scale := float32(2 / float64(len(y)))
	return compactProblem{
		title: title, start: narrow32(start), lr: lr, steps: steps, closedForm: sol, minLoss: minLoss,
		grad: func(g, w []float32) { kernels.LeastSquares(g, nil, X, y, w, scale) },
		loss: func(w []float32) float64 {
			l, err := q.Loss(widen64(w))
			if err != nil {
				return math.NaN()
			}
			return l
		},
		// The excess as k·dᵀAd, d = w − w*, not as a difference of two objectives: near the minimum those agree
		// to their last digits, and the difference would be rounding noise, different wherever the closed form
		// differs in its last bit (gonum's BLAS is assembly on amd64 and Go on arm64).
		gap: func(w []float32) float64 {
			e, err := q.Excess(widen64(w), sol.W)
			if err != nil {
				return math.NaN()
			}
			return e
		},
	}, nil
}

// The tanh network: y = Σⱼ cⱼ·tanh(aⱼx + bⱼ) + d, tanhHidden units, fitted to sin(3x) at tanhPoints points evenly
// spread over [−1, 1]. Its weights are laid out as a, b, c, then d.
const (
	tanhHidden = 16
	tanhPoints = 128
	tanhSteps  = 2000
	tanhLR     = 0.01
)

// tanhProblem returns the network's problem, its weights started from a fixed pseudo-random draw.
func tanhProblem() compactProblem {
	x, y := make([]float32, tanhPoints), make([]float32, tanhPoints)
	for i := range x {
		x[i] = float32(-1 + 2*float64(i)/(tanhPoints-1))
		y[i] = float32(detmath.Sin(float64(3 * float64(x[i]))))
	}
	start := make([]float32, 3*tanhHidden+1)
	r := uint64(7)
	for i := range start {
		r = r*6364136223846793005 + 1442695040888963407
		u := float64(float64(r>>40) / (1 << 24)) // uniform on [0, 1)
		switch {
		case i < 2*tanhHidden:
			start[i] = float32(float64(4*u) - 2)
		case i < 3*tanhHidden:
			start[i] = float32(u - 0.5)
		}
	}
	h := make([]float32, tanhHidden)
	loss := func(w []float32) float64 { return tanhLoss(w, h, x, y) }
	return compactProblem{
		title: "tanh network, 1×16×1",
		notes: fmt.Sprintf("A network with one hidden layer of %d tanh units fitted to sin(3x) at %d points of [−1, 1], "+
			"its %d weights started from a fixed pseudo-random draw: a small problem with no closed form, whose loss keeps "+
			"falling slowly for thousands of steps, where low-precision state shows first. %s",
			tanhHidden, tanhPoints, len(start), compactNotes),
		start: start, lr: tanhLR, steps: tanhSteps,
		grad: func(g, w []float32) { tanhGrad(g, w, h, x, y) },
		loss: loss, gap: loss,
	}
}

// tanhForward fills h with the hidden units' outputs at x and returns the network's output.
func tanhForward(w, h []float32, x float32) float32 {
	a, b, c, d := w[:tanhHidden], w[tanhHidden:2*tanhHidden], w[2*tanhHidden:3*tanhHidden], w[3*tanhHidden]
	out := d
	for j := range h {
		h[j] = tanh32(float32(a[j]*x) + b[j])
		out += float32(c[j] * h[j])
	}
	return out
}

// tanhGrad writes into g the gradient of the mean squared error at w, accumulated point by point in order.
func tanhGrad(g, w, h, x, y []float32) {
	clear(g)
	ga, gb, gc := g[:tanhHidden], g[tanhHidden:2*tanhHidden], g[2*tanhHidden:3*tanhHidden]
	c := w[2*tanhHidden : 3*tanhHidden]
	s := float32(2.0 / tanhPoints)
	for i, xi := range x {
		e := float32(s * (tanhForward(w, h, xi) - y[i]))
		for j, hj := range h {
			gc[j] += float32(e * hj)
			dz := float32(float32(e*c[j]) * (1 - float32(hj*hj)))
			ga[j] += float32(dz * xi)
			gb[j] += dz
		}
		g[3*tanhHidden] += e
	}
}

// tanhLoss is the mean squared error at w, summed in float64.
func tanhLoss(w, h, x, y []float32) float64 {
	var sum float64
	for i, xi := range x {
		r := float64(tanhForward(w, h, xi)) - float64(y[i])
		sum += float64(r * r)
	}
	return float64(sum / tanhPoints)
}

// tanh32 is tanh(z) rounded to float32, as 1 − 2/(e^{2z} + 1) with the deterministic exponential; exact enough
// for a test problem and the same bits everywhere.
func tanh32(z float32) float32 {
	return float32(1 - 2/(detmath.Exp(float64(2*z))+1))
}

func narrow32(x []float64) []float32 {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = float32(v)
	}
	return out
}
