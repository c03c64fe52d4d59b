package train

import "github.com/fastgrad/fastgrad/kernels"

// sag is the SAG and SAGA estimator for least squares. Sample i's gradient is 2c·rᵢ·xᵢ (c = 1/n for MSE, 1 for
// SSE), so remembering it needs only the residual rᵢ: the table is one number per sample, O(n) memory instead of
// the O(n·d) of general SAG, and the running sum Σ rᵢxᵢ of the remembered gradients is d numbers.
//
// The table starts full, from one pass at the first point (rather than empty, which makes SAG's first epoch
// crawl): its first estimate is then the full gradient.
type sag[F kernels.Float] struct {
	p      *Problem[F]
	obj    Objective
	unbias bool // SAGA
	all    []int
	table  []F // the last residual of each row of X the problem holds, indexed by row
	sum    []F // Σ table[i]·xᵢ over the problem's rows
	delta  []F // Σ (new − old residual)·xᵢ over the batch
	resid  []F // the batch's new residuals
	unused []F // the kernel's gradient output, which the estimate does not use
	c2     F   // 2c: the factor from Σ rᵢxᵢ to the gradient
	n      int
	filled bool
}

func newSAG[F kernels.Float](p *Problem[F], obj Objective, unbias bool) *sag[F] {
	n := p.Rows()
	e := &sag[F]{p: p, obj: obj, unbias: unbias, table: make([]F, len(p.y)), sum: make([]F, p.cols),
		delta: make([]F, p.cols), resid: make([]F, n), unused: make([]F, p.cols),
		c2: F(2 * obj.perSample(n)), n: n}
	e.all = p.rows
	if e.all == nil {
		e.all = make([]int, n)
		for i := range e.all {
			e.all[i] = i
		}
	}
	return e
}

// fill sets every sample's residual at w and the sum of their gradients, in one pass.
func (e *sag[F]) fill(w []F) {
	r := e.resid[:e.n]
	kernels.LeastSquaresBatch(e.sum, r, e.p.x, e.p.y, w, e.all, 1)
	for k, i := range e.all {
		e.table[i] = r[k]
	}
	e.filled = true
}

func (e *sag[F]) estimate(g, at []F, batch []int) F {
	if !e.filled {
		e.fill(at)
	}
	if batch == nil {
		batch = e.all
	}
	b := len(batch)
	r := e.resid[:b]
	sumSq := kernels.LeastSquaresBatch(e.unused, r, e.p.x, e.p.y, at, batch, 1)
	cols := e.p.cols
	clear(e.delta)
	for k, i := range batch {
		d := r[k] - e.table[i]
		e.table[i] = r[k]
		row := e.p.x[i*cols : (i+1)*cols]
		for j, xj := range row {
			e.delta[j] += F(d * xj)
		}
	}
	if e.unbias {
		// SAGA: 2c·((n/b)·Σ_batch (new − old)·xᵢ + the old sum), then the sum moves to the new residuals.
		k := F(float64(e.n) / float64(b))
		for j := range g {
			g[j] = F(e.c2 * (F(k*e.delta[j]) + e.sum[j]))
			e.sum[j] += e.delta[j]
		}
	} else {
		for j := range g {
			e.sum[j] += e.delta[j]
			g[j] = F(e.c2 * e.sum[j])
		}
	}
	return scaledLoss(e.obj, sumSq, b)
}
