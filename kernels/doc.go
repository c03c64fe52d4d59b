// Package kernels holds fastgrad's fused, one-pass kernels over float32 and float64 slices: optimizer updates,
// the least-squares gradient and the reductions a trainer needs.
//
// Every kernel has one pure-Go reference, written for clarity, whose doc comment shows the equivalent Go loop. The
// reference is the specification: every other path (AVX2, AVX-512, NEON) returns bit-for-bit what it returns, for
// every length, alignment and input value, NaN payloads aside. The reference fixes the exact sequence of IEEE
// operations (an explicit conversion such as F(a*b) + c forbids the compiler's fused multiply-add) and, for
// reductions, a canonical summation order, so a training run gives the same bits on every CPU.
//
// The path is chosen once, at start-up, from the CPU's features; see Impl, Impls and SetImpl. The environment
// variable FASTGRAD_CPU=generic|avx2|avx512|neon forces a path, and the build tag purego removes all assembly.
//
// Mismatched lengths are programmer errors: kernels panic with a message naming the arguments, and never read or
// write past the end of a slice.
package kernels
