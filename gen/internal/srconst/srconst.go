// Package srconst holds the constants of the stochastic rounding to binary16 (kernels' stochasticF16) that every
// generator's lowering of it reads: one table, so that the instruction sets cannot drift apart.
package srconst

// F16 are the binary16 rounding's constants, in the order of the indices below.
var F16 = [...]uint32{
	0x7fffffff,     // all but the sign
	0x8000,         // binary16's sign, in the low half
	112 << 23,      // float32's exponent bias less binary16's, in place
	0x4b800000,     // 2²⁴
	0x47800000,     // 2¹⁶
	0x38800000 - 1, // below 2⁻¹⁴, the smallest normal binary16
	0x47800000 - 1, // below 65536, from which the rounding is to Inf
	0x7f800000,     // Inf, below the NaNs
	0x7c00,         // binary16's Inf
	0x7e00,         // binary16's NaN
}

// The indices of F16.
const (
	Abs = iota
	Sign
	Rebias
	Two24
	Two16
	BelowNormal
	BelowOverflow
	Inf
	Inf16
	NaN16
)
