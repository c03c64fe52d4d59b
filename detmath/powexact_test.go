package detmath

import (
	"math"
	"math/big"
	"testing"
)

// TestPowIntegerExact checks Pow(x, n) for integer n against x^n computed exactly in math/big: equal to it
// rounded (so exact where x^n is representable, and ties to even on halfway cases, subnormal ones included),
// and within 1 ulp however large n is. Bases are short odd integers times powers of two, whose powers are often
// representable, and powers of two.
func TestPowIntegerExact(t *testing.T) {
	r := splitMix{7}
	exact, representable, checked, wrong := 0, 0, 0, 0
	for range accuracyN(20000) {
		m := float64(int64(r.intn(1<<uint(1+r.intn(20)))) | 1)
		e := int(r.intn(200)) - 100
		n := int64(r.intn(80)) - 40
		if r.intn(4) == 0 { // powers of two, through the subnormal range and past it
			m, e, n = 1, int(r.intn(40))-20, int64(r.intn(200))-100
		}
		x := r.sign() * math.Ldexp(m, e)
		// x^n = (±m)^n·2^(e·n) exactly; for n < 0, its reciprocal to 300 bits (never a tie: not dyadic unless m = 1).
		p := new(big.Int).Exp(big.NewInt(int64(m)), big.NewInt(max(n, -n)), nil)
		v := new(big.Float).SetInt(p)
		if n < 0 {
			v = newF(300).Quo(newF(300).SetInt64(1), v)
		}
		v.SetMantExp(v, e*int(n))
		if x < 0 && n%2 != 0 {
			v.Neg(v)
		}
		want, _ := v.Float64()
		got := Pow(x, float64(n))
		checked++
		if n >= 0 || m == 1 { // x^n is exact in v: the result must be v rounded, bit for bit
			exact++
			if v.Cmp(newF(53).SetFloat64(want)) == 0 {
				representable++
			}
			if !same(got, want) {
				t.Errorf("Pow(%v, %d) = %v, want %v (x^n rounded)", x, n, got, want)
			}
			continue
		}
		if u, ok := ulpError(got, v); !(u <= 1) {
			t.Errorf("Pow(%v, %d) = %v: %.3g ulp", x, n, got, u)
		} else if !ok {
			wrong++
		}
	}
	t.Logf("%d integer powers, %d of them exact in math/big and matched bit for bit (%d representable); %d others not correctly rounded",
		checked, exact, representable, wrong)
}

// TestPowHalfway checks exact halfway cases, which a close approximation cannot round: m^n with 54 significant
// bits, and m^n·2^-1075 halfway between subnormals. Both round to even.
func TestPowHalfway(t *testing.T) {
	cases := 0
	for m := int64(3); m < 2000; m += 2 {
		for n := int64(2); n <= 34; n++ {
			p := new(big.Int).Exp(big.NewInt(m), big.NewInt(n), nil)
			if p.BitLen() != 54 {
				continue
			}
			cases++
			want, _ := new(big.Float).SetInt(p).Float64()
			if got := Pow(float64(m), float64(n)); got != want {
				t.Errorf("Pow(%d, %d) = %v, want %v (%v rounded to even)", m, n, got, want, p)
			}
		}
		// (m·2^-215)^5 = m^5·2^-1075, an odd multiple of half the smallest subnormal.
		x := math.Ldexp(float64(m), -215)
		want, _ := new(big.Float).SetMantExp(new(big.Float).SetInt(new(big.Int).Exp(big.NewInt(m), big.NewInt(5), nil)), -1075).Float64()
		if got := Pow(x, 5); got != want {
			t.Errorf("Pow(%v, 5) = %v, want %v", x, got, want)
		}
		cases++
	}
	t.Logf("%d halfway cases", cases)
}
