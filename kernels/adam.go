package kernels

import (
	"math"

	"github.com/fastgrad/fastgrad/detmath"
)

// AdamHyper holds the hyperparameters of Adam, AdamW and AMSGrad, with PyTorch's names and meanings.
type AdamHyper struct {
	LR          float64 // learning rate
	Beta1       float64 // decay of the first moment (PyTorch's betas[0])
	Beta2       float64 // decay of the second moment (PyTorch's betas[1])
	Eps         float64 // added to the denominator
	WeightDecay float64 // L2 penalty added to the gradient, or, with Decoupled, decay of the weights
	Decoupled   bool    // AdamW: w ← (1 − LR·WeightDecay)·w instead of adding WeightDecay·w to the gradient
	AMSGrad     bool    // divide by the running maximum of the second moment
	Maximize    bool    // ascend: use −g
	EpsHat      bool    // Keras / the Adam paper's ε̂: w −= (LR·√(1−β2ᵗ)/(1−β1ᵗ))·m/(√v + ε)
}

// Step returns the scalars of step t (t ≥ 1, counted as PyTorch counts: the first Step call is t = 1), computed
// once in float64. It panics if t < 1.
func (h AdamHyper) Step(t int) AdamStep {
	if t < 1 {
		panic("kernels: AdamHyper.Step: t < 1")
	}
	bc1 := 1 - detmath.Pow(h.Beta1, float64(t))
	bc2 := 1 - detmath.Pow(h.Beta2, float64(t))
	s := AdamStep{
		Maximize: h.Maximize,
		Beta1:    h.Beta1,
		Beta2:    h.Beta2,
		Eps:      h.Eps,
		AMSGrad:  h.AMSGrad,
		StepSize: h.LR / bc1,
		BC2Sqrt:  math.Sqrt(bc2),
	}
	if h.Decoupled {
		s.DecoupledDecay = float64(h.LR * h.WeightDecay)
	} else {
		s.WeightDecay = h.WeightDecay
	}
	if h.EpsHat {
		s.StepSize = float64(s.StepSize * s.BC2Sqrt)
		s.BC2Sqrt = 1
	}
	return s
}

// AdamStep holds the per-step scalars of the Adam kernel, in float64. AdamHyper.Step fills it as PyTorch does; a
// caller with its own schedule may fill it directly. The kernel rounds each field to the element type once per
// call.
type AdamStep struct {
	Maximize       bool    // g' = −g
	WeightDecay    float64 // coupled L2: g' += WeightDecay·w; 0 means none (then w never enters g')
	DecoupledDecay float64 // AdamW's lr·wd: w ← (1 − DecoupledDecay)·w first; 0 means none (Adam)
	Beta1          float64 // m is moved towards g' by the weight 1 − Beta1 (PyTorch's lerp)
	Beta2          float64
	StepSize       float64 // lr/(1 − β1ᵗ); with ε̂, lr·√(1 − β2ᵗ)/(1 − β1ᵗ)
	BC2Sqrt        float64 // √(1 − β2ᵗ); with ε̂, 1 (dividing by 1 is exact)
	Eps            float64
	AMSGrad        bool // the vmax argument holds the running maximum of v
}

// Adam performs one Adam, AdamW or AMSGrad step in place over w, m, v (and vmax with AMSGrad), given gradient g.
// It is equivalent to the loop below (sqrt, lerp and maxNaN as the package documentation defines them):
//
//	wd, decay, b2, omb2 := F(s.WeightDecay), F(1-s.DecoupledDecay), F(s.Beta2), F(1-s.Beta2)
//	bc2sqrt, eps, stepSize := F(s.BC2Sqrt), F(s.Eps), F(s.StepSize)
//	for i := range w {
//		gi := g[i]
//		if s.Maximize {
//			gi = -gi
//		}
//		if s.WeightDecay != 0 {
//			gi += F(wd * w[i])
//		}
//		wi := F(w[i] * decay)
//		m[i] = lerp(m[i], gi, 1-s.Beta1)
//		v[i] = F(v[i]*b2) + F(F(omb2*gi)*gi)
//		vi := v[i]
//		if s.AMSGrad {
//			vmax[i] = maxNaN(vmax[i], v[i])
//			vi = vmax[i]
//		}
//		den := sqrt(vi)/bc2sqrt + eps
//		w[i] = wi + F(-stepSize*m[i])/den
//	}
//
// g, m, v and vmax must have the length of w, and vmax must be nil unless s.AMSGrad; otherwise Adam panics. It
// also panics if two of its slices overlap.
func Adam[F Float](s *AdamStep, w, g, m, v, vmax []F) {
	mustAdamArgs("Adam", s, len(w), len(g), len(m), len(v), vmax)
	mustDisjoint("Adam", "w,m,v,vmax,g", 4, w, m, v, vmax, g)
	a := newAdamArgs[F](s)
	opsOf[F]().adam(a, w, g, m, v, vmax)
}

// mustAdamArgs panics unless s is a step and the slices' lengths fit it: g, m, v and vmax of the length n of w,
// vmax nil unless s.AMSGrad.
func mustAdamArgs[S any](kernel string, s *AdamStep, n, g, m, v int, vmax []S) {
	mustStep(kernel, "s", s)
	mustLen(kernel, "g", g, "w", n)
	mustLen(kernel, "m", m, "w", n)
	mustLen(kernel, "v", v, "w", n)
	if s.AMSGrad {
		mustLen(kernel, "vmax", len(vmax), "w", n)
	} else if vmax != nil {
		panic("kernels: " + kernel + ": vmax given but s.AMSGrad is false")
	}
}

// adamArgs is an AdamStep rounded to F, as the reference reads it; each assembly path lays it out for its loads.
type adamArgs[F Float] struct {
	moments[F]
	bc2sqrt F
	eps     F
	nss     F // −step size
}

func newAdamArgs[F Float](s *AdamStep) adamArgs[F] {
	a := adamArgs[F]{
		moments: newMoments[F](s.Maximize, s.WeightDecay, 1-s.DecoupledDecay, s.Beta1, s.Beta2),
		bc2sqrt: F(s.BC2Sqrt),
		eps:     F(s.Eps),
		nss:     F(-s.StepSize),
	}
	return a
}

// adamRef is the reference Adam loop; see Adam. vmax is nil unless AMSGrad.
func adamRef[F Float](a adamArgs[F], w, g, m, v, vmax []F) {
	for i := range w {
		wi, _, mi, vi := a.update(w[i], g[i], m[i], v[i])
		m[i], v[i] = mi, vi
		if vmax != nil {
			vi = maxNaN(vmax[i], vi)
			vmax[i] = vi
		}
		den := sqrt(vi)/a.bc2sqrt + a.eps
		w[i] = wi + F(a.nss*mi)/den
	}
}

// maxNaN returns the larger of a and b, NaN if either is NaN (torch.maximum), and b when they compare equal, so
// maxNaN(+0, −0) = −0. x86 MAXPS(a, b) computes the same except for a NaN a, which the assembly patches.
func maxNaN[F Float](a, b F) F {
	if a > b || a != a {
		return a
	}
	return b
}
