//go:build !purego && (amd64 || arm64)

package kernels

import "github.com/fastgrad/fastgrad/kernels/internal/asm"

// install sets every kernel of f32 and f64 to its assembly in s: the described ones through the glue generated
// from their descriptions, least squares directly.
func install(f32 *ops[float32], f64 *ops[float64], s *asm.Set) {
	installDescribed(f32, f64, s)
	f32.leastSquares, f64.leastSquares = s.LeastSquaresF32, s.LeastSquaresF64
	f32.leastSquaresBatch, f64.leastSquaresBatch = s.LeastSquaresBatchF32, s.LeastSquaresBatchF64
}
