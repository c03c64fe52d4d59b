package train

import (
	"time"

	"github.com/fastgrad/fastgrad/kernels"
)

// History records a run step by step. Step t (from 0) evaluated Loss[t] and GradNorm[t] at the point its
// gradient was taken, then moved the weights to Weights[t]; Start holds the weights before the first step, so
// Start, Weights[0], Weights[1], … is the trajectory. Elapsed is the only field that differs between two runs with
// the same inputs.
type History[F kernels.Float] struct {
	Start    []F             // the weights before the first step
	Epoch    []int           // the epoch of each step, from 0
	Loss     []F             // the objective on the step's batch
	GradNorm []F             // ‖g‖₂ of the gradient (or SAG/SAGA estimate) the step used
	Weights  [][]F           // the weights after each step
	Elapsed  []time.Duration // wall time from the start of the run to the end of each step
	// Validation holds the validation loss after each epoch, when the run has a validation problem.
	Validation []F

	chunk []F // storage the next Weights are cut from, so that recording allocates once per many steps
}

func newHistory[F kernels.Float](w []F) *History[F] {
	return &History[F]{Start: append([]F(nil), w...)}
}

func (h *History[F]) record(epoch int, loss, gradNorm F, w []F, elapsed time.Duration) {
	if len(h.chunk) < len(w) {
		h.chunk = make([]F, 1024*len(w))
	}
	s := h.chunk[:len(w):len(w)]
	h.chunk = h.chunk[len(w):]
	copy(s, w)
	h.Epoch = append(h.Epoch, epoch)
	h.Loss = append(h.Loss, loss)
	h.GradNorm = append(h.GradNorm, gradNorm)
	h.Weights = append(h.Weights, s)
	h.Elapsed = append(h.Elapsed, elapsed)
}

// Len returns the number of steps recorded.
func (h *History[F]) Len() int { return len(h.Loss) }

// Trajectory returns weights i and j along the run, from Start to the last step, for plotting a descent in the
// plane of two weights; nil if i or j is not a weight's index.
func (h *History[F]) Trajectory(i, j int) (xs, ys []float64) {
	if i < 0 || j < 0 || i >= len(h.Start) || j >= len(h.Start) {
		return nil, nil
	}
	xs = make([]float64, 0, len(h.Weights)+1)
	ys = make([]float64, 0, len(h.Weights)+1)
	xs, ys = append(xs, float64(h.Start[i])), append(ys, float64(h.Start[j]))
	for _, w := range h.Weights {
		xs, ys = append(xs, float64(w[i])), append(ys, float64(w[j]))
	}
	return xs, ys
}
