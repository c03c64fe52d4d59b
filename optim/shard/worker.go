package shard

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// partialsPer is the number of entries of the partial vector per tensor: its norm partial, then its non-finite
// flag.
const partialsPer = 2

// Worker is one worker's part of a sharded optimizer: an ordinary optimizer over the pieces of the parameters in
// its Range, the clipping and the guard against non-finite gradients the unsharded optimizer would apply, and the
// partial vector it shares with the other workers. Its methods are called from one goroutine at a time; different
// Workers share nothing but their Plan.
type Worker[F kernels.Float] struct {
	plan   *Plan
	rank   int
	params []*optim.Param[F] // the whole parameters: this worker's replica
	local  []*optim.Param[F] // the pieces in its Range, over the same buffers
	opt    optim.Optimizer[F]
	parts  []F // the partial vector: this worker's Window computed by Partials, the rest gathered
	norms  []F // the norms clipping computes: the total, or with Clip.PerTensor each tensor's

	scaler   *optim.GradScaler[F] // nil without SetScaler
	found    *optim.Param[F]      // the scaler's one gradient: +Inf if any worker's is not finite, else 0
	clip     optim.Clip
	norm     optim.PNorm[F] // the clip's norm
	guard    optim.Nonfinite
	gradNorm float64
	skipped  int
	skipName string
}

// NewWorker returns worker rank of plan over params, the worker's replica of the whole parameters (lengths as the
// plan's). newOpt builds the worker's optimizer over the pieces it is given: each piece is named as its parameter
// and its Value and Grad are sub-slices of the parameter's, and they are the parameters [Pieces(rank)) of plan, in
// order, so that newOpt may put them in groups. newOpt must not clip or guard: the Worker does both, globally (see
// SetClip).
func NewWorker[F kernels.Float](plan *Plan, rank int, params []*optim.Param[F], newOpt func([]*optim.Param[F]) (optim.Optimizer[F], error)) (*Worker[F], error) {
	if rank < 0 || rank >= plan.Workers() {
		return nil, fmt.Errorf("shard: NewWorker: rank %d, want in [0, %d)", rank, plan.Workers())
	}
	if len(params) != plan.Tensors() {
		return nil, fmt.Errorf("shard: NewWorker: %d parameters, the plan has %d tensors", len(params), plan.Tensors())
	}
	for t, p := range params {
		lo, hi := plan.Tensor(t)
		if p == nil || len(p.Value) != hi-lo || len(p.Grad) != hi-lo {
			return nil, fmt.Errorf("shard: NewWorker: parameter %d is nil or not of the plan's length %d", t, hi-lo)
		}
	}
	a, b := plan.Range(rank)
	tlo, thi := plan.Pieces(rank)
	local := make([]*optim.Param[F], 0, thi-tlo)
	for t := tlo; t < thi; t++ {
		lo, hi := plan.Tensor(t)
		i, j := max(a, lo)-lo, min(b, hi)-lo
		if lo == hi {
			i, j = 0, 0
		}
		p := params[t]
		local = append(local, &optim.Param[F]{Name: p.Name, Value: p.Value[i:j:j], Grad: p.Grad[i:j:j]})
	}
	opt, err := newOpt(local)
	if err != nil {
		return nil, err
	}
	return &Worker[F]{plan: plan, rank: rank, params: params, local: local, opt: opt, parts: make([]F, plan.PartialLen()), norms: make([]F, 1)}, nil
}

// Optimizer returns the worker's optimizer over its pieces: its state, schedules (SetLR), checkpoints and
// TorchState are an ordinary optimizer's.
func (w *Worker[F]) Optimizer() optim.Optimizer[F] { return w.opt }

// Local returns the pieces the worker's optimizer updates.
func (w *Worker[F]) Local() []*optim.Param[F] { return w.local }

// SetClip makes every following Step clip the gradients as optim's SetClip does, with the norm of all the
// workers' gradients, of any norm type. It rejects what optim's SetClip rejects.
func (w *Worker[F]) SetClip(cl optim.Clip) error {
	p, err := cl.NormP()
	if err == nil {
		w.norm, err = optim.NewPNorm[F](p)
	}
	if err != nil || !(cl.Value >= 0) || math.IsInf(cl.Value, 0) || !(cl.MaxNorm >= 0) || math.IsInf(cl.MaxNorm, 0) {
		return fmt.Errorf("shard: SetClip(%+v): want finite Value and MaxNorm ≥ 0, and a NormType optim.Clip.NormP accepts", cl)
	}
	cl.NormType = p
	w.clip = cl
	n := 1
	if cl.PerTensor {
		n = w.plan.Tensors()
	}
	w.norms = make([]F, n) // here, so that a step allocates nothing
	return nil
}

// SetNonfinite chooses what every following Step does when a gradient of any worker holds a NaN or an infinity,
// as optim's SetNonfinite does. All workers decide alike, from the same gathered partials.
func (w *Worker[F]) SetNonfinite(n optim.Nonfinite) error {
	if n > optim.NonfiniteFail {
		return fmt.Errorf("shard: SetNonfinite(%v): want NonfiniteStep, NonfiniteSkip or NonfiniteFail", n)
	}
	w.guard = n
	return nil
}

// SetScaler makes the worker scale its loss dynamically, as an optim.GradScaler with cfg over the whole
// parameters would, and as every other worker does: the trainer multiplies its loss by Scaler().Scale() before
// computing the gradients; Partials divides the gradients it reads by the scale again, as GradScaler.Unscale;
// Step skips the step of every worker if any gradient is not finite, and updates the scale (GradScaler.Step then
// GradScaler.Update), so that the scales of all workers stay equal. It returns cfg's validation error.
func (w *Worker[F]) SetScaler(cfg optim.GradScalerConfig) error {
	found := &optim.Param[F]{Name: "found_inf", Value: make([]F, 1), Grad: make([]F, 1)}
	s, err := optim.NewGradScaler([]*optim.Param[F]{found}, cfg)
	if err != nil {
		return err
	}
	w.scaler, w.found = s, found
	return nil
}

// Scaler returns the scaler SetScaler made, or nil: its Scale multiplies the loss, and its State, SetState and
// checkpoints are an optim.GradScaler's, the same on every worker.
func (w *Worker[F]) Scaler() *optim.GradScaler[F] { return w.scaler }

// GradNorm returns the gradients' norm before clipping at the last Step, as optim's GradNorm.
func (w *Worker[F]) GradNorm() float64 { return w.gradNorm }

// Skipped returns how many steps NonfiniteSkip has skipped and the name of the parameter that made it skip the
// last, as optim's Skipped.
func (w *Worker[F]) Skipped() (steps int, param string) { return w.skipped, w.skipName }

// Partials computes the worker's partial reductions from its replica's reduced gradient over GradRange(rank),
// writes them into its Window of the partial vector, and returns the whole vector, into which the trainer then
// all-gathers the other workers' windows. For each tensor it is the norm owner of, in order: the tensor's norm
// partial (optim.PNorm's Tensor, as optim computes a parameter's norm) and 1 if its gradient holds a NaN or an
// infinity, else 0 (only when the guard or Clip.ErrorIfNonfinite asks; then it is checked before Clip.Value's
// clamp, which Partials applies to GradRange(rank) in place). Entries the clipping
// and the guard do not need are 0. It allocates nothing.
func (w *Worker[F]) Partials() []F {
	cl := w.clip
	byNorm := cl.MaxNorm > 0
	check := w.guard != optim.NonfiniteStep || byNorm && cl.ErrorIfNonfinite || w.scaler != nil
	if w.scaler != nil {
		// GradScaler.Unscale's multiplier, on the gradients this worker reads.
		w.scaleGrads(F(float32(1 / w.scaler.Scale())))
	}
	// Before Value's clamp the norm of a tensor proves its gradient finite with no pass of its own (for p > 0),
	// as in optim.
	early := byNorm && cl.Value == 0 && w.norm.ProvesFinite()
	tlo, thi := w.plan.Owned(w.rank)
	for t := tlo; t < thi; t++ {
		g := w.params[t].Grad
		n := F(0)
		if early {
			n = w.norm.Tensor(g)
		}
		bad := F(0)
		if check && (!early || n-n != 0) && !kernels.AllFinite(g) {
			bad = 1
		}
		w.parts[partialsPer*t], w.parts[partialsPer*t+1] = n, bad
	}
	if cl.Value > 0 {
		w.clipValue(F(cl.Value))
	}
	if byNorm && !early {
		for t := tlo; t < thi; t++ {
			w.parts[partialsPer*t] = w.norm.Tensor(w.params[t].Grad)
		}
	}
	return w.parts
}

// clipValue clamps the gradient of GradRange(rank) to [−c, c], as optim's Clip.Value.
func (w *Worker[F]) clipValue(c F) { w.gradRange(c, kernels.ClipValue[F]) }

// scaleGrads multiplies the gradient of GradRange(rank) by c.
func (w *Worker[F]) scaleGrads(c F) { w.gradRange(c, kernels.Scale[F]) }

// gradRange calls f(c, g) on every gradient slice g of GradRange(rank) once.
func (w *Worker[F]) gradRange(c F, f func(F, []F)) {
	a, b := w.plan.GradRange(w.rank)
	tlo, _ := w.plan.Pieces(w.rank)
	for t := tlo; t < w.plan.Tensors(); t++ {
		lo, hi := w.plan.Tensor(t)
		if lo >= b {
			break
		}
		if i, j := max(a, lo), min(b, hi); i < j {
			f(c, w.params[t].Grad[i-lo:j-lo])
		}
	}
}

// Step combines the gathered partial vector (every worker's Window filled) in the tensors' order, exactly as the
// unsharded optimizer combines its parameters' norms and checks, so that every worker takes the same decision
// and the same coefficient whatever the number of workers; then it clips its own pieces' gradients and steps its
// optimizer over them. A step skipped by the guard changes no weight or state; a failed one returns a
// *optim.NonfiniteError or the error of a norm that overflowed, as optim's Step. It allocates nothing but an
// error.
func (w *Worker[F]) Step() error {
	if w.scaler == nil {
		return w.step()
	}
	w.found.Grad[0] = 0
	if w.firstNonfinite() >= 0 {
		w.found.Grad[0] = F(math.Inf(1))
	}
	_, err := w.scaler.Step((*scaledStep[F])(w))
	w.scaler.Update()
	return err
}

// scaledStep is a Worker's step after its scaler found the gradients finite.
type scaledStep[F kernels.Float] Worker[F]

func (s *scaledStep[F]) Step() error { return (*Worker[F])(s).step() }

// step is Step without loss scaling.
func (w *Worker[F]) step() error {
	cl := w.clip
	byNorm := cl.MaxNorm > 0
	if w.guard != optim.NonfiniteStep || byNorm && cl.ErrorIfNonfinite {
		if t := w.firstNonfinite(); t >= 0 {
			if w.guard == optim.NonfiniteSkip {
				w.skipped++
				w.skipName = w.params[t].Name
				return nil
			}
			return &optim.NonfiniteError{Optimizer: "shard", Param: w.params[t].Name, Index: t}
		}
	}
	if byNorm {
		w.combineNorms()
		if cl.ErrorIfNonfinite {
			for i, t := range w.norms {
				if t-t != 0 {
					if cl.PerTensor {
						return fmt.Errorf("shard: ClipGradNorm: the norm of the gradient of %q is %v", w.params[i].Name, t)
					}
					return fmt.Errorf("shard: ClipGradNorm: the total norm of the gradients is %v", t)
				}
			}
		}
		w.scaleLocal()
	}
	return w.opt.Step()
}

// firstNonfinite returns the first tensor whose flag is set, or −1.
func (w *Worker[F]) firstNonfinite() int {
	for t := range w.plan.Tensors() {
		if w.parts[partialsPer*t+1] != 0 {
			return t
		}
	}
	return -1
}

// combineNorms sets w.norms from the tensors' norm partials with optim.PNorm's Total, in the tensors' order, as
// optim's clipping does, and w.gradNorm to the largest.
func (w *Worker[F]) combineNorms() {
	part := func(t int) F { return w.parts[partialsPer*t] }
	if w.clip.PerTensor {
		for t := range w.plan.Tensors() {
			w.norms[t] = w.norm.Total(1, func(int) F { return part(t) }) // optim's norm of one parameter
		}
	} else {
		w.norms[0] = w.norm.Total(w.plan.Tensors(), part)
	}
	w.gradNorm = 0
	for _, t := range w.norms {
		w.gradNorm = max(w.gradNorm, float64(t))
	}
}

// scaleLocal multiplies the gradients of the worker's pieces by the clipping coefficients.
func (w *Worker[F]) scaleLocal() {
	tlo, _ := w.plan.Pieces(w.rank)
	for i, p := range w.local {
		t := 0
		if w.clip.PerTensor {
			t = tlo + i
		}
		kernels.Scale(w.norm.Coef(w.clip.MaxNorm, w.norms[t]), p.Grad)
	}
}
