package detmath

import (
	"flag"
	"math"
	"math/big"
	"testing"
)

// long measures over ten times the inputs: go test ./detmath -run Accuracy -v -args -long.
var long = flag.Bool("long", false, "measure accuracy over ten times as many inputs")

// refPrec is the reference's precision: a result counts as correctly rounded when it equals the reference
// rounded, which could misjudge only an exact value within 2^-200 relative of a halfway point.
const refPrec = 200

// accuracyN returns how many inputs of each kind the accuracy tests draw.
func accuracyN(n int) int {
	switch {
	case *long:
		return 10 * n
	case testing.Short():
		return max(n/20, 20)
	}
	return n
}

// ulpError returns |y − v| in units of the last place of v (2^-1074 at the least), and whether y is v correctly
// rounded.
func ulpError(y float64, v *big.Float) (float64, bool) {
	rn, _ := v.Float64()
	if math.IsInf(y, 0) || math.IsInf(rn, 0) {
		if y == rn {
			return 0, true
		}
		return math.Inf(1), false
	}
	d := newF(refPrec+1100).Sub(newF(53).SetFloat64(y), v)
	exp := v.MantExp(nil) - 53
	if v.Sign() == 0 || exp < -1074 {
		exp = -1074
	}
	d.SetMantExp(d, -exp)
	u, _ := d.Abs(d).Float64()
	return u, y == rn
}

// measure compares f with the reference over inputs, fails past 1 ulp and logs the worst error and how many
// results are not correctly rounded.
func measure(t *testing.T, name string, inputs [][2]float64, f func(x, y float64) float64, ref func(x, y float64) *big.Float) {
	t.Helper()
	worst, worstAt, wrong := 0.0, [2]float64{}, 0
	for _, in := range inputs {
		got := f(in[0], in[1])
		u, ok := ulpError(got, ref(in[0], in[1]))
		if !ok {
			wrong++
			if wrong <= 5 {
				t.Logf("%s(%v): %v is not correctly rounded (%.3f ulp)", name, in, got, u)
			}
		}
		if u > worst || u != u {
			worst, worstAt = u, in
		}
		if !(u <= 1) {
			t.Errorf("%s(%v) = %v: %.3g ulp", name, in, got, u)
		}
	}
	t.Logf("%s: %d inputs, max error %.4f ulp (at %v), %d not correctly rounded", name, len(inputs), worst, worstAt, wrong)
}

func bf(x float64) *big.Float { return newF(53).SetFloat64(x) }

// one turns one-argument inputs into measure's pairs.
func one(xs []float64) [][2]float64 {
	out := make([][2]float64, len(xs))
	for i, x := range xs {
		out[i][0] = x
	}
	return out
}

// draws returns n values of draw() for each draw given, in turn.
func draws(n int, draw ...func() float64) []float64 {
	var xs []float64
	for range n {
		for _, d := range draw {
			xs = append(xs, d())
		}
	}
	return xs
}

func TestExpAccuracy(t *testing.T) {
	r := splitMix{1}
	n := accuracyN(20000)
	xs := draws(n, func() float64 { return r.in(-745.2, 709.8) })
	xs = append(xs, draws(n/4,
		func() float64 { return r.in(-745.2, -708.3) },
		func() float64 { return r.sign() * math.Ldexp(1+r.unit(), -int(r.intn(60))) })...)
	// Around the overflow and underflow thresholds, ulp by ulp.
	for _, x0 := range []float64{709.782712893384, -745.1332191019411, -744.4400719213812, -708.3964185322641} {
		x := x0
		for range 40 {
			x = math.Nextafter(x, math.Inf(-1))
		}
		for range 80 {
			xs = append(xs, x)
			x = math.Nextafter(x, math.Inf(1))
		}
	}
	measure(t, "Exp", one(xs), func(x, _ float64) float64 { return Exp(x) }, func(x, _ float64) *big.Float {
		return bigExp(bf(x), refPrec)
	})
}

func TestLogAccuracy(t *testing.T) {
	r := splitMix{2}
	n := accuracyN(20000)
	xs := draws(n, func() float64 { return math.Float64frombits(r.next() >> 1) }) // every positive double
	xs = append(xs, draws(n/2,
		func() float64 { return 1 + math.Ldexp(r.in(-1, 1), -int(r.intn(53))) },
		func() float64 { return r.in(0, 4) },
		func() float64 { return math.Float64frombits(r.intn(1 << 52)) })...) // subnormals
	var in []float64
	for _, x := range xs {
		if x > 0 && !math.IsInf(x, 0) {
			in = append(in, x)
		}
	}
	measure(t, "Log", one(in), func(x, _ float64) float64 { return Log(x) }, func(x, _ float64) *big.Float {
		return bigLog(bf(x), refPrec)
	})
}

// bigPow returns x**y for x > 0 as e^(y·ln x), with ln x to enough bits that y·ln x keeps refPrec of them.
func bigPow(x, y float64) *big.Float {
	p := uint(refPrec + 64)
	z := newF(p).Mul(bigLog(bf(x), p), bf(y))
	if z.Cmp(bf(800)) > 0 {
		return newF(p).SetInf(false)
	}
	if z.Cmp(bf(-800)) < 0 {
		return newF(p)
	}
	return bigExp(z, refPrec)
}

// powInputs draws the pairs that matter: β^t (x in (0, 1), integer t up to 1e7), x near 1 with fractional y,
// the schedules' (1 − t/T)^p, (t+1)^-p and 0.96^(t·0.004), and random pairs.
func powInputs(r *splitMix, n int) [][2]float64 {
	var in [][2]float64
	for range n {
		in = append(in,
			[2]float64{r.unit(), float64(int64(r.intn(1e7)))},
			[2]float64{1 - math.Ldexp(r.unit(), -int(r.intn(30))), float64(int64(r.intn(1e7)))},
			[2]float64{1 + math.Ldexp(r.in(-1, 1), -int(r.intn(50))), r.sign() * math.Ldexp(r.unit(), int(r.intn(60)))},
			[2]float64{math.Float64frombits(r.next() >> 1), r.in(-2, 2)},
		)
		T := float64(int64(r.intn(1e6) + 1))
		tt := float64(int64(r.intn(uint64(T))))
		in = append(in,
			[2]float64{1 - tt/T, r.in(0.1, 5)},
			[2]float64{tt + 1, -r.in(0.1, 2)},
			[2]float64{0.96, float64(tt * 0.004)},
		)
	}
	return in
}

func TestPowAccuracy(t *testing.T) {
	r := splitMix{3}
	var in [][2]float64
	for _, p := range powInputs(&r, accuracyN(4000)) {
		if p[0] > 0 && !math.IsInf(p[0], 0) && p[0] != 1 && p[1] != 0 {
			in = append(in, p)
		}
	}
	measure(t, "Pow", in, Pow, bigPow)
}

// trigInputs draws [-10, 10], [-1e6, 1e6], the doubles nearest to multiples of π/2 and their neighbours, every
// magnitude up to the largest double, and the double closest to a multiple of π/2.
func trigInputs(r *splitMix, n int) []float64 {
	xs := draws(n, func() float64 { return r.in(-10, 10) })
	xs = append(xs, draws(n/4,
		func() float64 { return r.in(-1e6, 1e6) },
		func() float64 { return r.sign() * math.Float64frombits(r.intn(2047<<52)) },
		func() float64 { return r.sign() * math.Ldexp(1+r.unit(), int(r.intn(1090))-66) })...)
	halfPi := newF(maxPrec).SetMantExp(bigPi(maxPrec), -1)
	for range n / 40 {
		k := int64(r.intn(1<<uint(r.intn(40)))) + 1
		near, _ := newF(maxPrec).Mul(halfPi, newF(64).SetInt64(k)).Float64()
		for d := -2; d <= 2; d++ {
			xs = append(xs, math.Float64frombits(uint64(int64(math.Float64bits(near))+int64(d))))
		}
	}
	return append(xs, math.Ldexp(6381956970095103, 797), math.Pi/2, math.Pi, 1e22, math.MaxFloat64)
}

func TestSinCosAccuracy(t *testing.T) {
	r := splitMix{4}
	xs := one(trigInputs(&r, accuracyN(10000)))
	measure(t, "Sin", xs, func(x, _ float64) float64 { return Sin(x) }, func(x, _ float64) *big.Float {
		s, _ := bigSinCos(x, refPrec)
		return s
	})
	measure(t, "Cos", xs, func(x, _ float64) float64 { return Cos(x) }, func(x, _ float64) *big.Float {
		_, c := bigSinCos(x, refPrec)
		return c
	})
}

func TestErfcAccuracy(t *testing.T) {
	r := splitMix{5}
	n := accuracyN(10000)
	xs := draws(n, func() float64 { return r.in(-6, 27.3) })
	xs = append(xs, draws(n/4,
		func() float64 { return r.in(-1, 1) },
		func() float64 { return r.in(26.5, 27.3) },
		func() float64 { return r.sign() * math.Ldexp(1+r.unit(), -int(r.intn(64))) })...)
	measure(t, "Erfc", one(xs), func(x, _ float64) float64 { return Erfc(x) }, func(x, _ float64) *big.Float {
		return bigErfc(bf(x), refPrec)
	})
}
