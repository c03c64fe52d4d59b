//go:build !purego && (amd64 || arm64)

package kernels

import "github.com/fastgrad/fastgrad/kernels/internal/asm"

// install sets every kernel of f32 and f64 to its assembly in s: the described ones through the glue generated
// from their descriptions, least squares and stochastic rounding directly. The 8-bit conversions start as the Go
// code, which installQ8 replaces where a path has assembly for them. The conversions serve ops[float32] only; f64
// holds the same functions so that no entry is nil.
func install(f32 *ops[float32], f64 *ops[float64], s *asm.Set) {
	installDescribed(f32, f64, s)
	f32.leastSquares, f64.leastSquares = s.LeastSquaresF32, s.LeastSquaresF64
	f32.leastSquaresBatch, f64.leastSquaresBatch = s.LeastSquaresBatchF32, s.LeastSquaresBatchF64
	// The bits of index i are those of uint32(i): the kernels count from the offset's low 32 bits, wrapping.
	f32.stochasticBF16 = func(dst []BF16, src []float32, k RoundingKey, offset int) {
		s.StochasticBF16F32(bits16(dst), src, k.k0, k.k1, uint32(offset))
	}
	f32.stochasticF16 = func(dst []F16, src []float32, k RoundingKey, offset int) {
		s.StochasticF16F32(bits16(dst), src, k.k0, k.k1, uint32(offset))
	}
	f64.stochasticBF16, f64.stochasticF16 = f32.stochasticBF16, f32.stochasticF16
	f32.quantizeQ8, f32.dequantizeQ8 = quantizeQ8, dequantizeQ8
	f64.quantizeQ8, f64.dequantizeQ8 = quantizeQ8, dequantizeQ8
}
