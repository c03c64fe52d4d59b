package train

import "github.com/fastgrad/fastgrad/kernels"

// updater owns how the weights move: point is where the next gradient is taken, step applies the gradient that
// was written into the run's gradient buffer.
type updater[F kernels.Float] interface {
	point() []F
	step() error
}

// optimizerStep moves the weights with an optimizer, from the gradient at the weights themselves.
type optimizerStep[F kernels.Float] struct {
	w   []F
	opt Stepper
}

func (u *optimizerStep[F]) point() []F  { return u.w }
func (u *optimizerStep[F]) step() error { return u.opt.Step() }

// lookahead is Nesterov momentum in its lookahead form (see Lookahead).
type lookahead[F kernels.Float] struct {
	w, g, v, at []F
	mu, negLR   F
}

func newLookahead[F kernels.Float](l *Lookahead, w, g []F) *lookahead[F] {
	return &lookahead[F]{w: w, g: g, v: make([]F, len(w)), at: make([]F, len(w)), mu: F(l.Momentum), negLR: F(-l.LR)}
}

func (u *lookahead[F]) point() []F {
	copy(u.at, u.w)
	kernels.Axpy(u.mu, u.v, u.at)
	return u.at
}

func (u *lookahead[F]) step() error {
	kernels.Scale(u.mu, u.v)
	kernels.Axpy(u.negLR, u.g, u.v)
	kernels.Axpy(1, u.v, u.w)
	return nil
}
