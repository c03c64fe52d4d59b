// Package kernels holds fastgrad's fused, one-pass kernels over float32 and float64 slices: optimizer updates,
// the least-squares gradient and the reductions a trainer needs.
//
// Every kernel has one pure-Go reference, written for clarity, whose doc comment shows the equivalent Go loop. The
// reference is the specification: every other path (AVX2, AVX-512, NEON) returns bit-for-bit what it returns, for
// every length, alignment and input value, NaN payloads aside. The reference fixes the exact sequence of IEEE
// operations (an explicit conversion such as F(a*b) + c forbids the compiler's fused multiply-add) and, for
// reductions, a canonical summation order, so a training run gives the same bits on every CPU.
//
// The loops in the doc comments are Go to the letter: typed into a function with the kernel's signature, F its type
// parameter, each computes the kernel's bits, and a test runs each against its kernel. Every product that meets a
// sum is rounded to F first, and each scalar is rounded to F once, from the float64 expression the loop shows. The
// loops use these helpers:
//
//	// sqrt is the correctly rounded square root in F (for float32, rounding the float64 root gives it).
//	func sqrt[F Float](x F) F { return F(math.Sqrt(float64(x))) }
//
//	// maxNaN is torch.maximum: NaN if a or b is NaN, and b when they compare equal, so maxNaN(+0, −0) is −0
//	// where Go's max gives +0.
//	func maxNaN[F Float](a, b F) F {
//		if a > b || a != a {
//			return a
//		}
//		return b
//	}
//
//	// lerp is PyTorch's lerp(x, end, wt): from the nearer end, with its weight rounded to F.
//	func lerp[F Float](x, end F, wt float64) F {
//		if math.Abs(wt) < 0.5 {
//			return x + F(F(wt)*(end-x))
//		}
//		return end - F(F(1-wt)*(end-x))
//	}
//
//	// sign is ±1 by the sign of x, and x itself for ±0 and NaN (torch.sign on the CPU gives +0 for those: zsign).
//	func sign[F Float](x F) F {
//		switch {
//		case x > 0:
//			return 1
//		case x < 0:
//			return -1
//		}
//		return x
//	}
//
//	// zsign is torch.sign as torch computes it on the CPU: ±1 by the sign of x, and +0 for ±0 and for NaN, which
//	// compares neither greater nor less than 0.
//	func zsign[F Float](x F) F {
//		switch {
//		case x > 0:
//			return 1
//		case x < 0:
//			return -1
//		}
//		return 0
//	}
//
//	// clamp is torch.clamp(x, lo, hi): NaN if x, lo or hi is NaN, and otherwise min(max(x, lo), hi), keeping x
//	// where it equals a bound (so −0 stays −0) and giving hi where lo > hi.
//	func clamp[F Float](x, lo, hi F) F {
//		if lo != lo || hi != hi {
//			return F(math.NaN())
//		}
//		if x < lo {
//			x = lo
//		}
//		if x > hi {
//			x = hi
//		}
//		return x
//	}
//
// The path is chosen once, at start-up, from the CPU's features; see Impl, Impls and SetImpl. The environment
// variable FASTGRAD_CPU=generic|avx2|avx512|neon forces a path, and the build tag purego removes all assembly.
//
// Mismatched lengths, overlapping slices and a nil or zero optimizer step (an AdamStep{} or a nil *LionHyper) are
// programmer errors: kernels panic with a message naming the arguments, and never read or write past the end of a slice. The
// zero value of no step struct is a step anyone means (a zero ε turns a zero gradient into NaN weights), so it is
// refused rather than run; a field whose 0 would be destructive means "none" instead (AdamStep.DecoupledDecay).
package kernels
