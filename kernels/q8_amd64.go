//go:build !purego

package kernels

import "github.com/fastgrad/fastgrad/kernels/internal/asm"

// Quantization gathers the bucket's least code and its threshold (two gathers per vector), dequantization loads
// each code's value with a scalar load: on an AMD EPYC (Zen 5, 2 shared vCPUs), ns per element of 4096 float32,
// the best of three runs (the machine is noisy):
//
//	              gathers   scalar loads (vector quotient and bucket, then a load, compare and store per element)
//	quantize       0.83 / 1.41    1.10 / 1.23      (AVX-512 / AVX2; the Go code: 2.6)
//	dequantize     0.47 / 0.46    0.29 / 0.30      (the Go code: 0.81)
//
// so the AVX2 quantization gathers too, which ties.

// installQ8 sets f32's 8-bit blockwise conversions to s's assembly, which takes whole blocks: a last, partial
// block runs the Go code, as short as it is rare (only a tensor's last block can be partial).
func installQ8(f32 *ops[float32], s *asm.Set) {
	quantize, dequantize := s.QuantizeQ8, s.DequantizeQ8
	f32.quantizeQ8 = func(t *q8Table, codes []uint8, scales []float32, x []float32) {
		n := len(x) &^ (Q8Block - 1)
		if n > 0 {
			quantize(codes[:n], scales[:n/Q8Block], x[:n], &t.up, &t.lo[0], t.zero)
		}
		quantizeQ8(t, codes[n:], scales[n/Q8Block:], x[n:])
	}
	f32.dequantizeQ8 = func(x []float32, t *q8Table, codes []uint8, scales []float32) {
		n := len(x) &^ (Q8Block - 1)
		if n > 0 {
			dequantize(x[:n], codes[:n], scales[:n/Q8Block], &t.values)
		}
		dequantizeQ8(x[n:], t, codes[n:], scales[n/Q8Block:])
	}
}
