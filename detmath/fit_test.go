package detmath

import (
	"math/big"
)

// chebFit interpolates f at the n+1 Chebyshev nodes of [c−w, c+w] and returns the interpolant's Chebyshev
// coefficients, whose tail bounds the error of truncating it.
func chebFit(f func(*big.Float) *big.Float, c, w float64, n int, prec uint) []*big.Float {
	pi := bigPi(prec)
	fv := make([]*big.Float, n+1)
	us := make([]*big.Float, n+1)
	for k := 0; k <= n; k++ {
		theta := newF(prec).Mul(pi, newF(prec).SetInt64(int64(2*k+1)))
		theta.Quo(theta, newF(prec).SetInt64(int64(2*n+2)))
		_, u := sinCosSeries(theta, prec)
		us[k] = u
		x := newF(prec).Mul(u, newF(prec).SetFloat64(w))
		fv[k] = f(x.Add(x, newF(prec).SetFloat64(c)))
	}
	cheb := make([]*big.Float, n+1)
	for j := range cheb {
		cheb[j] = newF(prec)
	}
	for k := 0; k <= n; k++ {
		tPrev, t := newF(prec).SetInt64(1), newF(prec).Set(us[k])
		for j := 0; j <= n; j++ {
			cheb[j].Add(cheb[j], newF(prec).Mul(fv[k], tPrev))
			next := newF(prec).Mul(us[k], t)
			next.SetMantExp(next, 1)
			tPrev, t = t, next.Sub(next, tPrev)
		}
	}
	for j := range cheb {
		cheb[j].Quo(cheb[j], newF(prec).SetInt64(int64(n+1)))
		if j > 0 {
			cheb[j].SetMantExp(cheb[j], 1)
		}
	}
	return cheb
}

// chebToMono turns Σ cheb[j]·T_j((x−c)/w) into monomial coefficients in t = x − c.
func chebToMono(cheb []*big.Float, w float64, prec uint) []*big.Float {
	n := len(cheb) - 1
	// Monomial coefficients of T_j by T_{j+1} = 2u·T_j − T_{j−1}, exact in integers.
	tPrev, t := []*big.Int{big.NewInt(1)}, []*big.Int{big.NewInt(0), big.NewInt(1)}
	mono := make([]*big.Float, n+1)
	for i := range mono {
		mono[i] = newF(prec)
	}
	for j := 0; j <= n; j++ {
		for i, b := range tPrev {
			mono[i].Add(mono[i], newF(prec).Mul(cheb[j], newF(prec).SetInt(b)))
		}
		next := make([]*big.Int, len(t)+1)
		for i := range next {
			next[i] = new(big.Int)
			if i > 0 {
				next[i].Lsh(t[i-1], 1)
			}
			if i < len(tPrev) {
				next[i].Sub(next[i], tPrev[i])
			}
		}
		tPrev, t = t, next
	}
	scale := newF(prec).SetInt64(1)
	W := newF(prec).SetFloat64(w)
	for i := range mono {
		mono[i].Quo(mono[i], scale)
		scale.Mul(scale, W)
	}
	return mono
}

// erfcScaled returns g(x) = e^(x²)·erfc x, the smooth factor that erfc's pieces approximate.
func erfcScaled(x *big.Float, prec uint) *big.Float {
	p := prec + 32
	x2 := newF(p).Mul(x, x)
	return newF(prec).Mul(bigErfc(x, p), bigExp(x2, p))
}
