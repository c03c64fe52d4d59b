//go:build !purego

package kernels

import "github.com/fastgrad/fastgrad/kernels/internal/asm"

// Quantization gathers one packed entry per element (a bucket's least code and its threshold's key, q8Table.packed),
// dequantization loads each code's value with a scalar load: the faster forms on an AMD EPYC (Zen 5, 2 shared
// vCPUs). ns per element of 4096 float32, AVX-512 / AVX2, the best of three or more runs (the machine is noisy):
//
//	quantize    one gather (packed) 0.56 / 0.59    two gathers (lo, then up) 0.83 / 1.41
//	            scalar loads 1.10 / 1.23 (the vector quotient and bucket, then per element a load, a compare and a store)
//	dequantize  scalar loads 0.29 / 0.30           a gather 0.47 / 0.46
//
// The Go code takes 2.6 to quantize and 0.81 to dequantize.

// installQ8 sets f32's 8-bit blockwise conversions to s's assembly, which takes whole blocks: a last, partial
// block runs the Go code, as short as it is rare (only a tensor's last block can be partial).
func installQ8(f32 *ops[float32], s *asm.Set) {
	quantize, dequantize := s.QuantizeQ8, s.DequantizeQ8
	f32.quantizeQ8 = func(t *q8Table, codes []uint8, scales []float32, x []float32) {
		n := len(x) &^ (Q8Block - 1)
		if n > 0 {
			quantize(codes[:n], scales[:n/Q8Block], x[:n], &t.packed, t.zero)
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
