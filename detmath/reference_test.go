package detmath

import (
	"math"
	"math/big"
	"runtime"
	"testing"
)

// TestReference checks the math/big reference the accuracy tests trust: its constants, its identities, the two
// erfc methods against each other, and agreement with package math on amd64 (a second opinion: within 3 ulps,
// since math's own errors pass 1 ulp at times, as this test logs; s390x's assembly Erfc was found 43 ulps off).
func TestReference(t *testing.T) {
	const p = 256
	if v, _ := bigPi(p).Float64(); v != math.Pi {
		t.Errorf("π = %v", v)
	}
	if v, _ := bigLn2(p).Float64(); v != math.Ln2 {
		t.Errorf("ln 2 = %v", v)
	}
	if twoOverPi[1] != 0xa2f9836e4e441529 || twoOverPi[2] != 0xfc2757d1f534ddc0 {
		t.Errorf("2/π begins %#x %#x", twoOverPi[1], twoOverPi[2])
	}
	tiny := func(d, v *big.Float, bits int) bool {
		return d.Sign() == 0 || d.MantExp(nil) < v.MantExp(nil)-bits
	}
	r := splitMix{8}
	for range accuracyN(300) {
		// e^(ln x) = x; sin 2x = 2·sin x·cos x, which checks the reduction of x and 2x (quadrants differ).
		x := math.Float64frombits(r.next() >> 2)
		X := bf(x)
		if back := bigExp(bigLog(X, p), p); !tiny(newF(p).Sub(back, X), X, 240) {
			t.Errorf("exp(log(%v)) = %v", x, back)
		}
		x = r.sign() * math.Ldexp(1+r.unit(), int(r.intn(1080))-60)
		s1, c1 := bigSinCos(x, p)
		s2, _ := bigSinCos(float64(2*x), p)
		twice := newF(p).Mul(s1, c1)
		twice.SetMantExp(twice, 1)
		if !tiny(newF(p).Sub(twice, s2), newF(p).SetInt64(1), 240) {
			t.Errorf("sin 2x ≠ 2 sin x cos x at x = %v", x)
		}
		x = r.in(5, 7)
		a, b := erfcSeries(bf(x), p), erfcFraction(bf(x), p)
		if !tiny(newF(p).Sub(a, b), a, 240) {
			t.Errorf("erfc(%v): series %v, fraction %v", x, a, b)
		}
	}
	secondOpinion := []struct {
		name   string
		f      func(float64) float64
		ref    func(float64) *big.Float
		lo, hi float64
	}{
		{"Exp", math.Exp, func(x float64) *big.Float { return bigExp(bf(x), p) }, -700, 700},
		{"Log", math.Log, func(x float64) *big.Float { return bigLog(bf(x), p) }, 1e-300, 1e300},
		{"Sin", math.Sin, func(x float64) *big.Float { s, _ := bigSinCos(x, p); return s }, -10, 10},
		{"Cos", math.Cos, func(x float64) *big.Float { _, c := bigSinCos(x, p); return c }, -10, 10},
		{"Erfc", math.Erfc, func(x float64) *big.Float { return bigErfc(bf(x), p) }, -6, 26},
	}
	if runtime.GOARCH != "amd64" {
		return
	}
	for _, c := range secondOpinion {
		worst := 0.0
		for range accuracyN(1000) {
			x := r.in(c.lo, c.hi)
			u, _ := ulpError(c.f(x), c.ref(x))
			if !(u <= 3) {
				t.Errorf("math.%s(%v) is %.3g ulp from the reference", c.name, x, u)
			}
			worst = max(worst, u)
		}
		t.Logf("math.%s: at most %.2f ulp from the reference", c.name, worst)
	}
}
