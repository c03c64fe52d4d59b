package optim

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/detmath"
	"github.com/fastgrad/fastgrad/kernels"
)

// PNorm is the norm of type p that torch.nn.utils.clip_grad_norm_ clips by (its norm_type), computed in the order
// ClipGradNorm, ClipGradNormPerTensor and SetClip compute it. It is exported for code that holds the gradients in
// pieces and combines their norms elsewhere (optim/shard): Tensor is one gradient's norm, Total combines the
// gradients' norms, Coef is the clipping coefficient, and ClipGradNorm is exactly
// Coef(maxNorm, Total(len(params), func(i int) F { return Tensor(params[i].Grad) })).
//
// As in PyTorch the total is the norm of the vector of the per-tensor norms, and the norm of an empty gradient is
// 0 for every p. Per p, in F:
//
//	p = 2     Tensor: F(√SumSq(g)), SumSq in the kernels' canonical order; Total: F(√Σ F(nᵢ·nᵢ)), in order
//	p = +Inf  Tensor: MaxAbs(g); Total: the largest nᵢ, or the first NaN
//	p = −Inf  the smallest |gᵢ| (the smallest nᵢ), NaN if any element is NaN
//	p = 0     the number of elements that are not 0 (a NaN counts), converted to F; Total: the number of nonzero nᵢ
//	p = 1     Σ |gᵢ|, added in F in index order
//	other p   s = Σ F(|gᵢ|^F(p)) added in F in index order, then F(s^(F(1)/F(p))); negative and fractional p too
//
// where a^b is detmath.Pow (correctly rounded in float64, then rounded to F), so every path, GOARCH and GOMAXPROCS
// gives the same bits. For p other than 2 and +Inf this is the arithmetic of PyTorch's CPU kernel (torch 1.13: it
// accumulates in F, raises to p and 1/p both rounded to F, and adds in index order within one thread's share), so
// the results differ from PyTorch's only where PyTorch sums in another order (a tensor split across its threads)
// or its pow rounds differently (the C library's, within 1 ulp): within the rounding of the sums, not bit for bit.
// p = 2 and +Inf are the kernels' reductions, as before: +Inf equals PyTorch's exactly, 2 within the rounding of a
// sum of squares. For p = 0 a gradient's count is the exact count rounded once to F (PyTorch's float32 count stops
// growing at 2²⁴ in one thread). The cost: 0, 1 and −Inf are plain loops, a few times the time of the 2-norm's
// vectorized kernel; the general p takes one detmath.Pow per element, about half a microsecond (go test ./optim
// -run '^$' -bench ClipGradNorm), about a thousand times the 2-norm's time.
type PNorm[F kernels.Float] struct{ p float64 }

// NewPNorm returns the norm of type p. Every p but NaN is valid, as in PyTorch.
func NewPNorm[F kernels.Float](p float64) (PNorm[F], error) {
	if math.IsNaN(p) {
		return PNorm[F]{}, fmt.Errorf("optim: ClipGradNorm: normType=NaN, want a number or ±Inf")
	}
	return PNorm[F]{p}, nil
}

// Tensor returns the norm of one gradient g.
func (n PNorm[F]) Tensor(g []F) F {
	switch {
	case n.p == 2:
		return F(math.Sqrt(float64(kernels.SumSq(g))))
	case math.IsInf(n.p, 1):
		return kernels.MaxAbs(g)
	}
	if len(g) == 0 {
		return 0 // PyTorch's norm of an empty tensor, whatever p
	}
	return n.finish(n.fold(n.start(), g))
}

// Total returns the norm of the k per-tensor norms norm(0), …, norm(k−1) (each a Tensor's), combined in that
// order: the gradients' total norm. For one tensor, Total(1, …) is the norm ClipGradNormPerTensor clips it by,
// which for p = 2 and the general p is not always the Tensor norm itself, as in PyTorch.
func (n PNorm[F]) Total(k int, norm func(i int) F) F {
	switch {
	case n.p == 2:
		var sq F
		for i := range k {
			x := norm(i)
			sq += F(x * x) // rounded before the sum: no fused multiply-add
		}
		return F(math.Sqrt(float64(sq)))
	case math.IsInf(n.p, 1):
		var m F
		for i := range k {
			x := norm(i)
			if x != x {
				return x
			}
			m = max(m, x)
		}
		return m
	}
	if k == 0 {
		return 0
	}
	// The norms go through the fold in chunks of a buffer on the stack: the same order as one slice, no allocation.
	var buf [64]F
	acc := n.start()
	for lo := 0; lo < k; lo += len(buf) {
		c := buf[:min(len(buf), k-lo)]
		for i := range c {
			c[i] = norm(lo + i)
		}
		acc = n.fold(acc, c)
	}
	return n.finish(acc)
}

// Coef returns what the gradients are multiplied by given their total norm t: min(maxNorm/(t + 1e-6), 1) in F,
// with PyTorch's roundings: t + 1e-6 in F, then Python's max_norm / tensor, which torch evaluates as the tensor's
// reciprocal times max_norm (Tensor.__rdiv__), two roundings in F rather than one division. A NaN stays NaN, as
// PyTorch's clamp keeps it.
func (n PNorm[F]) Coef(maxNorm float64, t F) F {
	return min(F(F(1)/(t+F(clipEps))*F(maxNorm)), 1)
}

// ProvesFinite reports whether a finite norm proves every element it covers finite, so that a step need not read
// the gradients again to check them: true for p > 0, where a NaN or an infinity makes the norm NaN or +Inf. For
// p ≤ 0 it does not: |∞|^p is 0 or 1, and the count and the minimum of |gᵢ| stay finite over a NaN.
func (n PNorm[F]) ProvesFinite() bool { return n.p > 0 }

// paramsTotal is the total norm of the parameters' gradients.
func (n PNorm[F]) paramsTotal(params []*Param[F]) F {
	return n.Total(len(params), func(i int) F { return n.Tensor(params[i].Grad) })
}

// The norms other than 2 and +Inf are a fold over the values in index order, from start, then finish: the
// smallest |x| (−Inf), the number of nonzero x (0), Σ|x| (1), or Σ F(|x|^F(p)) and its 1/p-th power.

// start is the fold's value before any element.
func (n PNorm[F]) start() F {
	if math.IsInf(n.p, -1) {
		return F(math.Inf(1))
	}
	return 0
}

// fold adds the values of x to acc, in index order.
func (n PNorm[F]) fold(acc F, x []F) F {
	switch p := n.p; {
	case math.IsInf(p, -1):
		for _, v := range x {
			acc = min(acc, F(math.Abs(float64(v)))) // Go's min keeps a NaN, as PyTorch's does
		}
	case p == 0:
		c := 0
		for _, v := range x {
			if v != 0 { // a NaN counts, as in PyTorch
				c++
			}
		}
		acc += F(c) // one rounding per slice: a gradient's count is exact, or correctly rounded past 2²⁴ in float32
	case p == 1:
		for _, v := range x {
			acc += F(math.Abs(float64(v)))
		}
	default:
		e := float64(F(p))
		for _, v := range x {
			acc += F(detmath.Pow(math.Abs(float64(v)), e))
		}
	}
	return acc
}

// finish is the norm of the values folded into acc.
func (n PNorm[F]) finish(acc F) F {
	if p := n.p; p == 0 || p == 1 || math.IsInf(p, -1) {
		return acc
	}
	return F(detmath.Pow(float64(acc), float64(F(1)/F(n.p))))
}
