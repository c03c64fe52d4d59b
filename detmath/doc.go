// Package detmath holds deterministic elementary functions: Exp, Log, Pow, Cos, Sin and Erfc return the same
// bits on every GOARCH, GOAMD64 level and build (purego or not), which package math does not promise (it has
// assembly on some architectures, and the compiler fuses its Go code into FMAs on others).
//
// Each function is pure Go with one code path everywhere. It evaluates in double-double arithmetic (about 2^-100
// relative error) whose products are rounded explicitly, so no compiler can fuse them, and rounds once at the end,
// subnormal results included. The results are therefore correctly rounded except, perhaps, for inputs whose
// exact value lies within about 2^-100 relative of a rounding boundary; the tests measure every function against
// a math/big reference over tens of thousands of inputs (none was found not correctly rounded, and the error
// is at most 1 ulp by construction), and check a SHA-256 digest of a million results per function on every
// target.
//
// Special cases (NaN, ±Inf, ±0, overflow and underflow) are those package math documents for the function of
// the same name. NaN results are math.NaN(); no other NaN payload is promised.
package detmath
