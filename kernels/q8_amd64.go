//go:build !purego

package kernels

import "github.com/fastgrad/fastgrad/kernels/internal/asm"

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
