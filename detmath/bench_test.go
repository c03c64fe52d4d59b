package detmath

import (
	"math"
	"testing"
)

// sink keeps the benchmarked calls from being optimized away.
var sink float64

// benchInputs are 1024 arguments from the range a training step uses.
func benchInputs(a, b float64) []float64 {
	r := splitMix{42}
	xs := make([]float64, 1024)
	for i := range xs {
		xs[i] = r.in(a, b)
	}
	return xs
}

func bench1(b *testing.B, xs []float64, ours, theirs func(float64) float64) {
	for _, c := range []struct {
		name string
		f    func(float64) float64
	}{{"detmath", ours}, {"math", theirs}} {
		b.Run(c.name, func(b *testing.B) {
			s := 0.0
			for i := 0; b.Loop(); i++ {
				s += c.f(xs[i&1023])
			}
			sink = s
		})
	}
}

func BenchmarkExp(b *testing.B)  { bench1(b, benchInputs(-700, 700), Exp, math.Exp) }
func BenchmarkLog(b *testing.B)  { bench1(b, benchInputs(1e-3, 1e3), Log, math.Log) }
func BenchmarkCos(b *testing.B)  { bench1(b, benchInputs(-10, 10), Cos, math.Cos) }
func BenchmarkSin(b *testing.B)  { bench1(b, benchInputs(-10, 10), Sin, math.Sin) }
func BenchmarkErfc(b *testing.B) { bench1(b, benchInputs(-6, 27), Erfc, math.Erfc) }

// BenchmarkCosHuge measures the reduction of arguments up to 1e300.
func BenchmarkCosHuge(b *testing.B) { bench1(b, benchInputs(0, 1e300), Cos, math.Cos) }

// BenchmarkPow measures β^t: β in [0.9, 1), integer t below 5000 (no result underflows).
func BenchmarkPow(b *testing.B) {
	xs, ys := benchInputs(0.9, 1), benchInputs(0, 5000)
	for i := range ys {
		ys[i] = math.Floor(ys[i])
	}
	for _, c := range []struct {
		name string
		f    func(x, y float64) float64
	}{{"detmath", Pow}, {"math", math.Pow}} {
		b.Run(c.name, func(b *testing.B) {
			s := 0.0
			for i := 0; b.Loop(); i++ {
				s += c.f(xs[i&1023], ys[i&1023])
			}
			sink = s
		})
	}
}
