package detmath

import (
	"math"
	"math/big"
	"sync"
)

// The high-precision reference: our own exp, log, sin/cos and erfc in math/big, from which the accuracy tests
// measure errors and the generator computes tables. math/big is exact integer arithmetic, so the reference and
// the tables come out the same on every machine.

// maxPrec is the precision of the cached constants: enough for reducing the largest double modulo π/2.
const maxPrec = 1600

var (
	constOnce     sync.Once
	piMax, ln2Max *big.Float
)

func newF(prec uint) *big.Float { return new(big.Float).SetPrec(prec) }

// atanInv returns atan(1/n) = Σ (-1)^k / ((2k+1)·n^(2k+1)).
func atanInv(n int64, prec uint) *big.Float {
	sum := newF(prec)
	pow := newF(prec).SetInt64(1)
	pow.Quo(pow, newF(prec).SetInt64(n)) // 1/n^(2k+1)
	n2 := newF(prec).SetInt64(n * n)
	for k := int64(0); pow.MantExp(nil) > -int(prec)-8; k++ {
		t := newF(prec).Quo(pow, newF(prec).SetInt64(2*k+1))
		if k%2 == 0 {
			sum.Add(sum, t)
		} else {
			sum.Sub(sum, t)
		}
		pow.Quo(pow, n2)
	}
	return sum
}

// consts computes π by Machin's formula, π = 16·atan(1/5) − 4·atan(1/239), and ln 2 = 2·atanh(1/3).
func consts() {
	p := uint(maxPrec + 64)
	piMax = newF(p).Mul(atanInv(5, p), newF(p).SetInt64(16))
	piMax.Sub(piMax, newF(p).Mul(atanInv(239, p), newF(p).SetInt64(4)))
	sum := newF(p)
	pow := newF(p).Quo(newF(p).SetInt64(1), newF(p).SetInt64(3))
	ninth := newF(p).Quo(newF(p).SetInt64(1), newF(p).SetInt64(9))
	for k := int64(0); pow.MantExp(nil) > -int(p)-8; k++ {
		sum.Add(sum, newF(p).Quo(pow, newF(p).SetInt64(2*k+1)))
		pow.Mul(pow, ninth)
	}
	ln2Max = sum.Mul(sum, newF(p).SetInt64(2))
}

// bigPi returns π rounded to prec bits (prec ≤ maxPrec).
func bigPi(prec uint) *big.Float {
	constOnce.Do(consts)
	return newF(prec).Set(piMax)
}

// bigLn2 returns ln 2 rounded to prec bits (prec ≤ maxPrec).
func bigLn2(prec uint) *big.Float {
	constOnce.Do(consts)
	return newF(prec).Set(ln2Max)
}

// bigExp returns e^x to prec bits, for |x| < 2^20: x = k·ln2 + r, e^r from its Taylor series after halving r
// ten times, squared back.
func bigExp(x *big.Float, prec uint) *big.Float {
	p := prec + 64
	ln2 := bigLn2(p + 32)
	q, _ := newF(p).Quo(x, ln2).Float64()
	k := math.RoundToEven(q)
	r := newF(p+32).Sub(x, newF(p+32).Mul(ln2, newF(p).SetFloat64(k)))
	r.SetPrec(p)
	r.SetMantExp(r, -10)
	sum := newF(p).SetInt64(1)
	term := newF(p).SetInt64(1)
	for n := int64(1); term.Sign() != 0 && term.MantExp(nil) > -int(p)-4; n++ {
		term.Mul(term, r)
		term.Quo(term, newF(p).SetInt64(n))
		sum.Add(sum, term)
	}
	for range 10 {
		sum.Mul(sum, sum)
	}
	sum.SetMantExp(sum, int(k))
	return newF(prec).Set(sum)
}

// bigLog returns ln x to prec bits for x > 0: x = m·2^e with m in [1/√2, √2), ln m = 2·atanh((m−1)/(m+1)).
func bigLog(x *big.Float, prec uint) *big.Float {
	p := prec + 64
	m := newF(p)
	e := x.MantExp(m)
	if m.Cmp(newF(p).SetFloat64(math.Sqrt2/2)) < 0 {
		m.SetMantExp(m, 1)
		e--
	}
	one := newF(p).SetInt64(1)
	z := newF(p).Quo(newF(p).Sub(m, one), newF(p).Add(m, one))
	z2 := newF(p).Mul(z, z)
	sum := newF(p).Set(z)
	pow := newF(p).Set(z)
	for k := int64(1); pow.Sign() != 0 && pow.MantExp(nil) > z.MantExp(nil)-int(p)-4; k++ {
		pow.Mul(pow, z2)
		sum.Add(sum, newF(p).Quo(pow, newF(p).SetInt64(2*k+1)))
	}
	sum.SetMantExp(sum, 1)
	sum.Add(sum, newF(p).Mul(bigLn2(p), newF(p).SetInt64(int64(e))))
	return newF(prec).Set(sum)
}

// bigSinCos returns sin x and cos x to prec bits for a finite double x: x = k·π/2 + r exactly enough (π to as
// many bits as x has integer bits, and 128 more for the cancellation), then the Taylor series of r.
func bigSinCos(x float64, prec uint) (sin, cos *big.Float) {
	ax := math.Abs(x)
	_, e := math.Frexp(ax)
	p := prec + uint(max(e, 0)) + 128
	halfPi := bigPi(p)
	halfPi.SetMantExp(halfPi, -1)
	X := newF(p).SetFloat64(ax)
	k, _ := newF(p).Add(newF(p).Quo(X, halfPi), newF(p).SetFloat64(0.5)).Int(nil)
	r := newF(p).Sub(X, newF(p).Mul(halfPi, newF(p).SetInt(k)))
	q := new(big.Int).And(k, big.NewInt(3)).Int64()
	s, c := sinCosSeries(r, prec+64)
	switch q {
	case 1:
		s, c = c, s.Neg(s)
	case 2:
		s, c = s.Neg(s), c.Neg(c)
	case 3:
		s, c = c.Neg(c), s
	}
	if x < 0 {
		s.Neg(s)
	}
	return newF(prec).Set(s), newF(prec).Set(c)
}

// sinCosSeries sums the Taylor series of sin r and cos r for |r| ≤ 1.
func sinCosSeries(r *big.Float, p uint) (sin, cos *big.Float) {
	sin, cos = newF(p), newF(p).SetInt64(1)
	term := newF(p).SetInt64(1)
	for n := int64(1); term.Sign() != 0 && term.MantExp(nil) > -int(p)-4; n++ {
		term.Mul(term, r)
		term.Quo(term, newF(p).SetInt64(n))
		switch n % 4 {
		case 0:
			cos.Add(cos, term)
		case 1:
			sin.Add(sin, term)
		case 2:
			cos.Sub(cos, term)
		case 3:
			sin.Sub(sin, term)
		}
	}
	return sin, cos
}

// bigErfc returns erfc x to prec bits. Below 6 it is 1 − erf x, with erf x = (2/√π)·e^(−x²)·Σ 2^n x^(2n+1)/(2n+1)!!
// (positive terms) summed with as many more bits as the subtraction cancels; from 6 on, Laplace's continued
// fraction erfc x = e^(−x²)/√π / (x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), deep enough for prec bits.
func bigErfc(x *big.Float, prec uint) *big.Float {
	xf, _ := x.Float64()
	if xf >= 6 {
		return erfcFraction(x, prec)
	}
	if xf <= -6 {
		return newF(prec).Sub(newF(prec+64).SetInt64(2), erfcFraction(newF(x.Prec()).Neg(x), prec+64))
	}
	return erfcSeries(x, prec)
}

// erfcSeries is 1 − erf x from erf's series of positive terms, for |x| < 7 or so (the cost grows as x²).
func erfcSeries(x *big.Float, prec uint) *big.Float {
	xf, _ := x.Float64()
	p := prec + 64 + uint(1.5*xf*xf)
	X := newF(p).Abs(x)
	x2 := newF(p).Mul(X, X)
	twoX2 := newF(p).SetMantExp(x2, 1)
	term := newF(p).Set(X)
	sum := newF(p).Set(X)
	for n := int64(1); term.Sign() != 0 && term.MantExp(nil) > sum.MantExp(nil)-int(p)-4; n++ {
		term.Mul(term, twoX2)
		term.Quo(term, newF(p).SetInt64(2*n+1))
		sum.Add(sum, term)
	}
	erf := newF(p).Mul(sum, bigExp(newF(p).Neg(x2), p))
	erf.Quo(erf, newF(p).Sqrt(bigPi(p)))
	erf.SetMantExp(erf, 1)
	if x.Sign() < 0 {
		erf.Neg(erf)
	}
	return newF(prec).Sub(newF(p).SetInt64(1), erf)
}

// erfcFraction evaluates Laplace's continued fraction for x ≥ 6 from the depth 14400/x² + 40, found to leave
// an error below 2^-300 there.
func erfcFraction(x *big.Float, prec uint) *big.Float {
	p := prec + 64
	X := newF(p).Set(x)
	xf, _ := x.Float64()
	t := newF(p).Set(X)
	for k := int64(14400/(xf*xf)) + 40; k >= 1; k-- {
		a := newF(p).SetInt64(k)
		a.SetMantExp(a, -1)
		t.Add(X, a.Quo(a, t))
	}
	e := bigExp(newF(p).Neg(newF(p).Mul(X, X)), p)
	e.Quo(e, t)
	return newF(prec).Quo(e, newF(p).Sqrt(bigPi(p)))
}
