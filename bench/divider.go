package bench

import (
	"math"

	"github.com/fastgrad/fastgrad/kernels"
)

// Divider is what one division and one square root cost this CPU's divider, in nanoseconds, at full throughput
// (many independent operations in flight), for one element type. Division and square root share the divider,
// so a kernel's divider time is the sum of its operations' costs.
type Divider struct {
	Type string  // f32 or f64
	Div  float64 // ns per division
	Sqrt float64 // ns per square root
}

// dividerLen is the length of the probe's arrays: in L1, so that only the divider limits the loop.
const dividerLen = 2048

// MeasureDivider measures the divider in float32 and float64, with the probe budget derived from the cases'
// budget b.
func MeasureDivider(b Budget) []Divider {
	b = probeBudget(b)
	return []Divider{measureDivider[float32]("f32", b), measureDivider[float64]("f64", b)}
}

// measureDivider times scalar divisions and square roots in pure Go, which the compiler emits as one DIVSS,
// SQRTSS, DIVSD or SQRTSD (FDIV, FSQRT on arm64) each, independent of each other. The paths' vector instructions
// cannot be timed from Go without fastgrad's own kernels; their limit is modelled from these (see Roofline.Limit).
func measureDivider[F kernels.Float](typ string, b Budget) Divider {
	x, y := make([]F, dividerLen), make([]F, dividerLen)
	for i := range x {
		x[i] = 1 + F(i)/dividerLen // in [1, 2): normal numbers, no special cases
	}
	per := func(ns float64) float64 { return ns / dividerLen }
	return Divider{
		Type: typ,
		Div:  per(b.best(func() { divide(y, x) })),
		Sqrt: per(b.best(func() { root(y, x) })),
	}
}

// divide sets y[i] = 1.5/x[i].
func divide[F kernels.Float](y, x []F) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] = 1.5 / v
	}
}

// root sets y[i] = √x[i], correctly rounded in F (one square root instruction of F's width).
func root[F kernels.Float](y, x []F) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] = F(math.Sqrt(float64(v)))
	}
}
