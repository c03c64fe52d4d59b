package train

import "github.com/fastgrad/fastgrad/kernels"

// estimator writes a step's gradient estimate at the point at into g and returns the objective on the batch.
// batch lists rows of X; nil means every sample of the problem, in order.
type estimator[F kernels.Float] interface {
	estimate(g, at []F, batch []int) F
}

// batchGradient is the plain mini-batch gradient, one fused kernel call per step.
type batchGradient[F kernels.Float] struct {
	p   *Problem[F]
	obj Objective
	// The scale for the usual batch size, so that a step does not divide.
	size  int
	scale F
}

func newBatchGradient[F kernels.Float](p *Problem[F], obj Objective, batch int) *batchGradient[F] {
	return &batchGradient[F]{p: p, obj: obj, size: batch, scale: F(obj.gradScale(batch))}
}

func (e *batchGradient[F]) estimate(g, at []F, batch []int) F {
	if batch == nil {
		return e.p.gradient(e.obj, g, nil, at)
	}
	s := e.scale
	if len(batch) != e.size {
		s = F(e.obj.gradScale(len(batch)))
	}
	sum := kernels.LeastSquaresBatch(g, nil, e.p.x, e.p.y, at, batch, s)
	return scaledLoss(e.obj, sum, len(batch))
}
