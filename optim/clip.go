package optim

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
)

// clipEps is what torch.nn.utils.clip_grad_norm_ adds to the total norm before dividing by it.
const clipEps = 1e-6

// ClipGradValue clamps every gradient element of params to [−c, c], as torch.nn.utils.clip_grad_value_; a NaN
// element stays NaN. It rejects a c that is negative or NaN, and a nil parameter, before it clips anything.
func ClipGradValue[F kernels.Float](params []*Param[F], c float64) error {
	if !(c >= 0) {
		return fmt.Errorf("optim: ClipGradValue: c=%v, want ≥ 0", c)
	}
	if err := checkNotNil("ClipGradValue", params); err != nil {
		return err
	}
	for _, p := range params {
		kernels.ClipValue(F(c), p.Grad)
	}
	return nil
}

// ClipGradNorm scales the gradients of params together so that their total norm is at most maxNorm, as
// torch.nn.utils.clip_grad_norm_ with norm_type normType: the total is the p-norm of the per-parameter p-norms
// (see PNorm for every p torch accepts: ±Inf, 0, and any other number, negative and fractional ones included);
// every gradient is multiplied by min(maxNorm/(total + 1e-6), 1), in F. It returns the total before clipping. A
// non-finite total is returned as it is, and the gradients are then multiplied by a NaN or 0 coefficient as
// PyTorch's would be; with errorIfNonfinite it returns an error instead and changes nothing, exactly when PyTorch
// raises (for p ≤ 0 a NaN gradient can give a finite total, as in PyTorch). A nil parameter or a NaN normType is
// an error.
//
// torch ≥ 2.0's foreach argument chooses how torch launches its kernels, not what they compute: there is nothing to
// choose here. See PNorm for the order of the sums and how close each p comes to PyTorch's value.
func ClipGradNorm[F kernels.Float](params []*Param[F], maxNorm, normType float64, errorIfNonfinite bool) (total float64, err error) {
	if err := checkNotNil("ClipGradNorm", params); err != nil {
		return 0, err
	}
	n, t, err := checkedNorm(params, maxNorm, normType, errorIfNonfinite)
	if err != nil {
		return float64(t), err
	}
	coef := n.Coef(maxNorm, t)
	for _, p := range params {
		kernels.Scale(coef, p.Grad)
	}
	return float64(t), nil
}

// ClipGradNormPerTensor applies ClipGradNorm to each parameter's gradient on its own, and returns the largest
// of their norms before clipping. On an error it changes nothing: with errorIfNonfinite it checks every norm
// before it clips any.
func ClipGradNormPerTensor[F kernels.Float](params []*Param[F], maxNorm, normType float64, errorIfNonfinite bool) (largest float64, err error) {
	if err := checkNotNil("ClipGradNormPerTensor", params); err != nil {
		return 0, err
	}
	if errorIfNonfinite {
		// A norm checked only as its turn came would fail after the gradients before it were clipped. The loop
		// below computes the norms again: the price of the option, not of a step's clipping, which never asks it.
		for i := range params {
			_, t, err := checkedNorm(params[i:i+1], maxNorm, normType, true)
			if err != nil {
				return largest, err
			}
			largest = max(largest, float64(t))
		}
		largest = 0
	}
	for i := range params {
		t, err := ClipGradNorm(params[i:i+1], maxNorm, normType, errorIfNonfinite)
		if err != nil {
			return largest, err
		}
		largest = max(largest, t)
	}
	return largest, nil
}

// checkNotNil rejects a nil parameter before a clip changes any gradient. fn names the function for the error.
func checkNotNil[F kernels.Float](fn string, params []*Param[F]) error {
	for i, p := range params {
		if p == nil {
			return fmt.Errorf("optim: %s: params[%d] is nil", fn, i)
		}
	}
	return nil
}

// checkedNorm is gradNorm, and with errorIfNonfinite the error ClipGradNorm returns for a norm that is not finite.
func checkedNorm[F kernels.Float](params []*Param[F], maxNorm, normType float64, errorIfNonfinite bool) (PNorm[F], F, error) {
	n, t, err := gradNorm(params, maxNorm, normType)
	if err == nil && errorIfNonfinite && (math.IsNaN(float64(t)) || math.IsInf(float64(t), 0)) {
		err = fmt.Errorf("optim: ClipGradNorm: the total norm of the gradients is %v", t)
	}
	return n, t, err
}

// gradNorm validates the arguments and returns the norm of type normType and the total norm of the gradients.
func gradNorm[F kernels.Float](params []*Param[F], maxNorm, normType float64) (PNorm[F], F, error) {
	if !(maxNorm >= 0) || math.IsInf(maxNorm, 0) {
		return PNorm[F]{}, 0, fmt.Errorf("optim: ClipGradNorm: maxNorm=%v, want finite and ≥ 0", maxNorm)
	}
	n, err := NewPNorm[F](normType)
	if err != nil {
		return n, 0, err
	}
	return n, n.paramsTotal(params), nil
}

// Clip is the clipping an optimizer's Step applies to the gradients before its update (SetClip). The zero Clip
// clips nothing.
type Clip struct {
	Value     float64 // > 0: first clamp every element to [−Value, Value], as ClipGradValue
	MaxNorm   float64 // > 0: then scale the gradients to a norm of at most MaxNorm, as ClipGradNorm
	NormType  float64 // PyTorch's norm_type p: any number or ±Inf (see PNorm); 0 means 2, unless NormZero
	NormZero  bool    // clip by PyTorch's norm_type=0, the count of nonzero elements (NormType must be 0)
	PerTensor bool    // each parameter's norm on its own, as ClipGradNormPerTensor, instead of the total
	// ErrorIfNonfinite, with MaxNorm, makes Step fail with a *NonfiniteError, clipping and changing nothing, when a
	// gradient holds a NaN or an infinity, as PyTorch's error_if_nonfinite does when the norm is not finite (and
	// as SetNonfinite(NonfiniteFail) does with or without clipping). It checks the gradients
	// before Value's clamp, so an infinity Value would have clamped fails too. It also fails, as PyTorch does, when
	// the norm of finite gradients overflows; Value's clamp, if any, has then been applied. For NormType ≤ 0 it is
	// stricter than PyTorch, whose norm can be finite over a NaN gradient: it fails on any non-finite gradient.
	ErrorIfNonfinite bool
}

// NormP returns the norm type p cl clips by: 0 with NormZero, 2 for a NormType of 0, NormType otherwise. It returns
// an error for a NaN NormType, or NormZero with a NormType other than 0.
func (cl Clip) NormP() (float64, error) {
	switch {
	case math.IsNaN(cl.NormType):
		return 0, fmt.Errorf("Clip.NormType=NaN, want a number or ±Inf")
	case cl.NormZero && cl.NormType != 0:
		return 0, fmt.Errorf("Clip.NormZero with NormType=%v, want 0", cl.NormType)
	case cl.NormType == 0 && !cl.NormZero:
		return 2, nil
	}
	return cl.NormType, nil
}

// SetClip makes every following Step clip the gradients first; the zero Clip turns clipping off. It rejects a
// negative or non-finite bound and a NormType NormP rejects.
func (c *Core[F]) SetClip(cl Clip) error {
	p, err := cl.NormP()
	switch {
	case !(cl.Value >= 0) || math.IsInf(cl.Value, 0):
		return fmt.Errorf("optim: %s: Clip.Value=%v, want finite and ≥ 0", c.name, cl.Value)
	case !(cl.MaxNorm >= 0) || math.IsInf(cl.MaxNorm, 0):
		return fmt.Errorf("optim: %s: Clip.MaxNorm=%v, want finite and ≥ 0", c.name, cl.MaxNorm)
	case err != nil:
		return fmt.Errorf("optim: %s: %w", c.name, err)
	}
	cl.NormType = p
	c.clip = cl
	n := 1
	if cl.PerTensor {
		n = len(c.params)
	}
	c.norms = make([]F, n) // here, so that a step allocates nothing
	return nil
}

// GradNorm returns the gradients' norm before clipping at the last Step (with Clip.PerTensor, the largest
// parameter's), or 0 if Step does not clip by norm.
func (c *Core[F]) GradNorm() float64 { return c.gradNorm }

// clipGrads checks the gradients as SetNonfinite and Clip.ErrorIfNonfinite ask, then clips them as SetClip asked.
// It reports skip when the step is to be skipped; on a skip or an error it has changed nothing.
func (c *Core[F]) clipGrads() (skip bool, err error) {
	cl := c.clip
	byNorm := cl.MaxNorm > 0
	// Before Value's clamp, the norms are the gradients' own, and for p > 0 they prove them finite with no pass of
	// their own.
	norm := PNorm[F]{cl.NormType} // validated by SetClip
	early := byNorm && cl.Value == 0 && norm.ProvesFinite()
	if early {
		c.computeNorms(norm)
	}
	if c.guard != NonfiniteStep || byNorm && cl.ErrorIfNonfinite {
		if i := c.nonfinite(early); i >= 0 {
			if c.guard == NonfiniteSkip {
				c.skipped++
				c.skippedParam = c.params[i].Name
				return true, nil
			}
			return false, &NonfiniteError{Optimizer: c.name, Param: c.params[i].Name, Index: i}
		}
	}
	if cl.Value > 0 {
		ClipGradValue(c.params, cl.Value)
	}
	if !byNorm {
		return false, nil
	}
	if !early {
		c.computeNorms(norm)
	}
	if cl.ErrorIfNonfinite {
		// Finite gradients whose norm overflowed: PyTorch fails here too.
		for i, t := range c.norms {
			if t-t != 0 {
				if cl.PerTensor {
					return false, fmt.Errorf("optim: %s: ClipGradNorm: the norm of the gradient of %q is %v", c.name, c.params[i].Name, t)
				}
				return false, fmt.Errorf("optim: %s: ClipGradNorm: the total norm of the gradients is %v", c.name, t)
			}
		}
	}
	c.gradNorm = 0
	for i, t := range c.norms {
		coef := norm.Coef(cl.MaxNorm, t)
		if cl.PerTensor {
			kernels.Scale(coef, c.params[i].Grad)
		} else {
			for _, p := range c.params {
				kernels.Scale(coef, p.Grad)
			}
		}
		c.gradNorm = max(c.gradNorm, float64(t))
	}
	return false, nil
}

// computeNorms sets c.norms to the gradients' total norm, or with Clip.PerTensor to each parameter's, as
// ClipGradNorm and ClipGradNormPerTensor compute them.
func (c *Core[F]) computeNorms(n PNorm[F]) {
	if !c.clip.PerTensor {
		c.norms[0] = n.paramsTotal(c.params)
		return
	}
	for i := range c.params {
		c.norms[i] = n.paramsTotal(c.params[i : i+1])
	}
}
