package detmath

import (
	"math"
	"testing"
)

// TestExactSteps checks the exact building blocks against math/big: twoProd and twoSum lose nothing, and scale
// rounds (hi+lo)·2^k once, ties to even, across the subnormal range.
func TestExactSteps(t *testing.T) {
	r := splitMix{9}
	for range accuracyN(100000) {
		a := r.sign() * math.Ldexp(1+r.unit(), int(r.intn(400))-200)
		b := r.sign() * math.Ldexp(1+r.unit(), int(r.intn(400))-200)
		p, e := twoProd(a, b)
		if newF(200).Add(bf(p), bf(e)).Cmp(newF(200).Mul(bf(a), bf(b))) != 0 {
			t.Fatalf("twoProd(%v, %v) = %v + %v", a, b, p, e)
		}
		s, e := twoSum(a, b)
		if newF(2000).Add(bf(s), bf(e)).Cmp(newF(2000).Add(bf(a), bf(b))) != 0 {
			t.Fatalf("twoSum(%v, %v) = %v + %v", a, b, s, e)
		}
		// hi in [1, 2), lo at most half an ulp of it, some exact halves; k near and past the subnormal range.
		hi := 1 + r.unit()
		lo := math.Ldexp(r.in(-0.5, 0.5), -52)
		if r.intn(8) == 0 {
			hi = 1 + math.Ldexp(float64(int64(r.intn(1<<12))), -12)
			lo = []float64{0, 0x1p-80, -0x1p-80}[r.intn(3)]
		}
		hi, lo = fastTwoSum(hi, lo)
		k := int(r.intn(80)) - 1080
		if r.intn(16) == 0 {
			k = int(r.intn(2100)) - 1050
		}
		want, _ := newF(200).SetMantExp(newF(200).Add(bf(hi), bf(lo)), k).Float64()
		if got := scale(hi, lo, k); got != want {
			t.Fatalf("scale(%v, %v, %d) = %v, want %v", hi, lo, k, got, want)
		}
	}
}

// TestSubnormalScaling checks the case that double rounding breaks: hi alone sits exactly halfway between two
// subnormals, and only lo says which way the value lies.
func TestSubnormalScaling(t *testing.T) {
	hi := 1.5
	for _, c := range []struct {
		lo   float64
		want float64
	}{{0, 2 * 0x1p-1074}, {0x1p-70, 2 * 0x1p-1074}, {-0x1p-70, 0x1p-1074}} {
		if got := scale(hi, c.lo, -1074); got != c.want {
			t.Errorf("scale(1.5, %v, -1074) = %v, want %v", c.lo, got, c.want)
		}
	}
}
