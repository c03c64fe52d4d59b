package train

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
)

// Config describes a training run. Set exactly one of Optimizer and Lookahead.
type Config[F kernels.Float] struct {
	Objective Objective // MSE (the zero value) or SSE
	// Batch is the number of samples per step, from 1 to the problem's Rows(). Rows() is full-batch gradient
	// descent, every step over all samples in order; anything less is mini-batch SGD over a fresh shuffle of the
	// samples every epoch, the last batch of an epoch holding what is left.
	Batch int
	// Optimizer updates the weights from each step's gradient.
	Optimizer Optimizer[F]
	// Lookahead, instead of an optimizer, runs Nesterov momentum in its lookahead form.
	Lookahead *Lookahead
	// Estimator is the gradient each step uses: the batch's (the zero value), SAG's or SAGA's.
	Estimator Estimator
	// Seed fixes the shuffles: the same seed gives the same run, bit for bit.
	Seed uint64
	Stop Stop // when to end the run
	// Validation, if set, is evaluated after every epoch, for Stop.Patience and the result.
	Validation *Problem[F]
	// Record keeps a History of every step.
	Record bool
}

// Lookahead is Nesterov momentum as the gradient at the point momentum is about to carry the weights to: with
// velocity v (initially 0), each step evaluates g = ∇L(w + μv), then v ← μv − LR·g and w ← w + v. It is the same
// method as PyTorch's Nesterov SGD, which evaluates the gradient at w itself and moves w by a corrected step; the
// two produce different iterates.
type Lookahead struct {
	LR       float64 // > 0
	Momentum float64 // μ in [0, 1)
}

func (l *Lookahead) validate() error {
	switch {
	case !(l.LR > 0) || math.IsInf(l.LR, 0):
		return fmt.Errorf("train: Lookahead: LR=%v, want finite and > 0", l.LR)
	case !(l.Momentum >= 0 && l.Momentum < 1):
		return fmt.Errorf("train: Lookahead: Momentum=%v, want in [0, 1)", l.Momentum)
	}
	return nil
}

// Estimator is how a step estimates the gradient from its mini-batch.
type Estimator int

const (
	// BatchGradient is the gradient over the batch's samples alone.
	BatchGradient Estimator = iota
	// SAG (stochastic average gradient) keeps the gradient each sample had when last visited and steps along
	// their average, refreshing the batch's samples first. For least squares a sample's gradient is its residual
	// times its features, so SAG and SAGA keep one residual per sample and one running sum: O(n + d) memory, not
	// O(n·d). Their first step is a full gradient step (the table is filled by one pass at the start).
	SAG
	// SAGA corrects the batch's fresh gradients by their stale ones and adds the stale average: an unbiased
	// estimate, where SAG's is biased towards the past.
	SAGA
)

// String names the estimator.
func (e Estimator) String() string {
	switch e {
	case BatchGradient:
		return "batch"
	case SAG:
		return "SAG"
	case SAGA:
		return "SAGA"
	}
	return fmt.Sprintf("Estimator(%d)", int(e))
}

func (c *Config[F]) validate(p *Problem[F], w []F) error {
	if p == nil {
		return fmt.Errorf("train: nil problem")
	}
	if len(w) != p.cols {
		return fmt.Errorf("train: len(w)=%d, want the problem's %d columns", len(w), p.cols)
	}
	if err := c.Objective.validate(); err != nil {
		return err
	}
	if c.Batch < 1 || c.Batch > p.Rows() {
		return fmt.Errorf("train: Batch=%d, want in [1, Rows()=%d]", c.Batch, p.Rows())
	}
	switch {
	case c.Optimizer == nil && c.Lookahead == nil:
		return fmt.Errorf("train: no Optimizer and no Lookahead")
	case c.Optimizer != nil && c.Lookahead != nil:
		return fmt.Errorf("train: both Optimizer and Lookahead are set")
	case c.Lookahead != nil:
		if err := c.Lookahead.validate(); err != nil {
			return err
		}
	}
	if c.Estimator < BatchGradient || c.Estimator > SAGA {
		return fmt.Errorf("train: unknown estimator %d", int(c.Estimator))
	}
	if err := c.Stop.validate(); err != nil {
		return err
	}
	if c.Validation != nil {
		if err := p.sameShape(c.Validation); err != nil {
			return err
		}
	} else if c.Stop.Patience > 0 {
		return fmt.Errorf("train: Stop.Patience=%d needs a Validation problem", c.Stop.Patience)
	}
	return nil
}
