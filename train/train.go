package train

import (
	"math"
	"time"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// Result is the outcome of a run.
type Result[F kernels.Float] struct {
	W      []F    // the final weights: the slice given to Train, updated in place
	Loss   F      // the objective over all training samples at W
	Iters  int    // optimizer steps taken
	Epochs int    // epochs completed
	Reason Reason // the rule that ended the run
	// With a validation problem: its loss at W, and its lowest loss after an epoch.
	ValLoss, BestValLoss F
	BestEpoch            int         // the epoch of BestValLoss, from 0; −1 without a validation problem
	History              *History[F] // nil unless Config.Record
}

// Train fits p from the weights w, which it updates in place, as cfg says. Within a step it allocates nothing:
// mini-batches are slices of one permutation, and the gradient, residual and state buffers are made once.
func Train[F kernels.Float](p *Problem[F], w []F, cfg Config[F]) (*Result[F], error) {
	if err := cfg.validate(p, w); err != nil {
		return nil, err
	}
	r, err := newRun(p, w, &cfg)
	if err != nil {
		return nil, err
	}
	reason, err := r.loop()
	if r.shuf != nil {
		r.shuf.stop()
	}
	if err != nil {
		return nil, err
	}
	res := &Result[F]{W: w, Loss: p.gradient(cfg.Objective, r.g, nil, w), Iters: r.iters, Epochs: r.epochs,
		Reason: reason, BestEpoch: -1, History: r.hist}
	if cfg.Validation != nil {
		res.ValLoss = cfg.Validation.gradient(cfg.Objective, r.g, nil, w)
		res.BestValLoss, res.BestEpoch = r.bestVal, r.bestEpoch
	}
	return res, nil
}

// run is the state of one call of Train.
type run[F kernels.Float] struct {
	p    *Problem[F]
	cfg  *Config[F]
	w, g []F
	prev []F // the weights before the step, for Stop.StepTol
	est  estimator[F]
	upd  updater[F]
	shuf order // nil for full batches
	hist *History[F]
	t0   time.Time

	iters, epochs int
	needNorm      bool // the gradient's norm is read every step
	bestVal       F
	bestEpoch     int
	sinceBest     int
}

func newRun[F kernels.Float](p *Problem[F], w []F, cfg *Config[F]) (*run[F], error) {
	r := &run[F]{p: p, cfg: cfg, w: w, g: make([]F, len(w)), t0: time.Now(), bestEpoch: -1}
	full := cfg.Batch == p.Rows()
	r.needNorm = cfg.Record || full && cfg.Stop.GradTol > 0
	if cfg.Stop.StepTol > 0 {
		r.prev = make([]F, len(w))
	}
	if cfg.Record {
		r.hist = newHistory(w)
	}
	switch cfg.Estimator {
	case SAG, SAGA:
		r.est = newSAG(p, cfg.Objective, cfg.Estimator == SAGA)
	default:
		r.est = newBatchGradient(p, cfg.Objective, cfg.Batch)
	}
	if cfg.Lookahead != nil {
		r.upd = newLookahead(cfg.Lookahead, w, r.g)
	} else {
		opt, err := cfg.Optimizer([]*optim.Param[F]{{Name: "w", Value: w, Grad: r.g}})
		if err != nil {
			return nil, err
		}
		if isNil(opt) {
			return nil, errNilOptimizer
		}
		r.upd = &optimizerStep[F]{w: w, opt: opt}
	}
	// Last, as it may start a goroutine: nothing fails after it.
	if !full {
		rows := make([]int, p.Rows())
		for i := range rows {
			rows[i] = p.rowIndex(i)
		}
		r.shuf = newOrder(rows, cfg.Batch, newPCG(cfg.Seed, 0))
	}
	return r, nil
}

// loop runs epochs until a rule fires. The rules are checked in this order: within a step, divergence and (full
// batch) the gradient before the update, then the step's size and the iteration count after it; after an epoch,
// (mini-batch) the full gradient, patience and the epoch count.
func (r *run[F]) loop() (Reason, error) {
	n, b := r.p.Rows(), r.cfg.Batch
	for {
		if r.shuf != nil {
			r.shuf.epoch()
		}
		for from := 0; from < n; from += b {
			var batch []int
			if r.shuf != nil {
				batch = r.shuf.batch(from, min(from+b, n))
			}
			if reason, err := r.iterate(batch); reason != 0 || err != nil {
				return reason, err
			}
		}
		r.epochs++
		if reason := r.endEpoch(); reason != 0 {
			return reason, nil
		}
	}
}

// iterate takes one step on batch (nil: every sample).
func (r *run[F]) iterate(batch []int) (Reason, error) {
	stop := &r.cfg.Stop
	loss := r.est.estimate(r.g, r.upd.point(), batch)
	if math.IsNaN(float64(loss)) || math.IsInf(float64(loss), 0) {
		return StopDiverged, nil
	}
	var norm F
	if r.needNorm {
		norm = l2(r.g)
		if batch == nil && float64(norm) < stop.GradTol {
			return StopGrad, nil
		}
	}
	if r.prev != nil {
		copy(r.prev, r.w)
	}
	if err := r.upd.step(); err != nil {
		return 0, err
	}
	r.iters++
	if r.hist != nil {
		r.hist.record(r.epochs, loss, norm, r.w, time.Since(r.t0))
	}
	if r.prev != nil && distance(r.w, r.prev) < stop.StepTol {
		return StopStep, nil
	}
	if stop.MaxIter > 0 && r.iters >= stop.MaxIter {
		return StopMaxIter, nil
	}
	return 0, nil
}

// endEpoch applies the rules checked once per epoch.
func (r *run[F]) endEpoch() Reason {
	stop := &r.cfg.Stop
	if r.shuf != nil && stop.GradTol > 0 {
		r.p.gradient(r.cfg.Objective, r.g, nil, r.w)
		if float64(l2(r.g)) < stop.GradTol {
			return StopGrad
		}
	}
	if v := r.cfg.Validation; v != nil {
		loss := v.gradient(r.cfg.Objective, r.g, nil, r.w)
		if r.hist != nil {
			r.hist.Validation = append(r.hist.Validation, loss)
		}
		if loss < r.bestVal || r.bestEpoch < 0 && !math.IsNaN(float64(loss)) { // NaN improves on nothing
			r.bestVal, r.bestEpoch, r.sinceBest = loss, r.epochs-1, 0
		} else {
			r.sinceBest++
		}
		if stop.Patience > 0 && r.sinceBest >= stop.Patience {
			return StopPatience
		}
	}
	if stop.MaxEpochs > 0 && r.epochs >= stop.MaxEpochs {
		return StopMaxEpochs
	}
	return 0
}

// l2 returns ‖x‖₂, from the canonical sum of squares.
func l2[F kernels.Float](x []F) F {
	return F(math.Sqrt(float64(kernels.SumSq(x))))
}

// distance returns ‖a − b‖₂, accumulated in float64 in index order; the conversion keeps the compiler from fusing
// the multiply and the add, which it would do on some CPUs and not others.
func distance[F kernels.Float](a, b []F) float64 {
	var s float64
	for i := range a {
		d := float64(a[i]) - float64(b[i])
		s += float64(d * d)
	}
	return math.Sqrt(s)
}
