package kernels

// Rounding is how float32 results are stored into a 16-bit type: to nearest, ties to even (the zero value), or
// stochastically.
type Rounding struct {
	// Stochastic rounds each value to one of its two neighbours at random, away from zero with probability its
	// distance from the nearer-to-zero one in units of their gap (in 1/2¹⁶ steps), by the bits Key gives it.
	Stochastic bool
	Key        RoundingKey
	// Offset is the index, in the whole tensor, of the first element of the slices: a call on part of a tensor
	// rounds its elements as a call on the whole tensor would. Only stochastic rounding depends on it.
	Offset int
}

// RoundToBF16 stores src into dst as bfloat16, rounding each value as rnd says. It is equivalent to
//
//	for i := range src {
//		if rnd.Stochastic {
//			dst[i] = rnd.Key.BF16(src[i], rnd.Offset+i)
//		} else {
//			dst[i] = ToBF16(src[i])
//		}
//	}
//
// It panics if len(dst) != len(src) or rnd.Offset is negative.
func RoundToBF16(dst []BF16, src []float32, rnd Rounding) {
	mustRounding("RoundToBF16", len(dst), len(src), rnd)
	if !rnd.Stochastic {
		opsOf[float32]().roundBF16(dst, src)
		return
	}
	opsOf[float32]().stochasticBF16(dst, src, rnd.Key, rnd.Offset)
}

// RoundToF16 stores src into dst as binary16, rounding each value as rnd says. It is equivalent to
//
//	for i := range src {
//		if rnd.Stochastic {
//			dst[i] = rnd.Key.F16(src[i], rnd.Offset+i)
//		} else {
//			dst[i] = ToF16(src[i])
//		}
//	}
//
// It panics if len(dst) != len(src) or rnd.Offset is negative.
func RoundToF16(dst []F16, src []float32, rnd Rounding) {
	mustRounding("RoundToF16", len(dst), len(src), rnd)
	if !rnd.Stochastic {
		opsOf[float32]().roundF16(dst, src)
		return
	}
	opsOf[float32]().stochasticF16(dst, src, rnd.Key, rnd.Offset)
}

// mustRounding panics unless a rounding of src into dst is well formed.
func mustRounding(kernel string, dst, src int, rnd Rounding) {
	mustLen(kernel, "dst", dst, "src", src)
	mustOffset(kernel, rnd)
}

// WidenBF16 converts src to float32 into dst, exactly. It is equivalent to
//
//	for i := range src {
//		dst[i] = src[i].Float32()
//	}
//
// It panics if len(dst) != len(src).
func WidenBF16(dst []float32, src []BF16) {
	mustLen("WidenBF16", "dst", len(dst), "src", len(src))
	opsOf[float32]().widenBF16(dst, src)
}

// WidenF16 converts src to float32 into dst, exactly. It is equivalent to
//
//	for i := range src {
//		dst[i] = src[i].Float32()
//	}
//
// It panics if len(dst) != len(src).
func WidenF16(dst []float32, src []F16) {
	mustLen("WidenF16", "dst", len(dst), "src", len(src))
	opsOf[float32]().widenF16(dst, src)
}

// The references of the conversions: the loops the exported functions' docs show.

func widenBF16Ref(dst []float32, src []BF16) {
	for i, h := range src {
		dst[i] = h.Float32()
	}
}

func widenF16Ref(dst []float32, src []F16) {
	for i, h := range src {
		dst[i] = h.Float32()
	}
}

func roundBF16Ref(dst []BF16, src []float32) {
	for i, x := range src {
		dst[i] = ToBF16(x)
	}
}

func roundF16Ref(dst []F16, src []float32) {
	for i, x := range src {
		dst[i] = ToF16(x)
	}
}

func stochasticBF16Ref(dst []BF16, src []float32, k RoundingKey, offset int) {
	for i, x := range src {
		dst[i] = k.BF16(x, offset+i)
	}
}

func stochasticF16Ref(dst []F16, src []float32, k RoundingKey, offset int) {
	for i, x := range src {
		dst[i] = k.F16(x, offset+i)
	}
}
