// Package detmath holds deterministic elementary functions, Exp, Log, Pow, Cos, Sin and Erfc, for the numbers that
// decide a training run's results: learning-rate schedules, bias corrections, a Gaussian process's normal CDF.
//
// Each function returns the same bits on every GOARCH, GOAMD64 level and build (purego or not), for every input;
// every NaN it returns is math.NaN(). Package math promises no such thing: some of its functions are assembly
// on some architectures (amd64's Exp and Log, nearly all of s390x's), and the compiler fuses its Go code into
// FMAs on arm64, ppc64le, s390x, riscv64 and GOAMD64=v3. Here each function is pure Go with one code path, every
// product is rounded by an explicit conversion so that no compiler can fuse it, and TestDigests checks a SHA-256
// of a million results per function on each target.
//
// Accuracy: each function evaluates in double-double arithmetic (exact products by Veltkamp/Dekker splitting) to a
// relative error of about 2^-100 (Pow: 2^-93 as |y·ln x| nears 746) and rounds once, subnormal results included.
// So a result is correctly rounded unless the exact value lies that close to a halfway point between doubles,
// and is never more than 1 ulp off. Pow is exact wherever x**y is representable and rounds exact halfway cases to
// even. The tests measure every function against a math/big reference (go test ./detmath -run Accuracy -v, with
// -args -long for ten times the inputs): of 1.6 million results, every one was correctly rounded.
//
// Special cases are those package math documents for the function of the same name.
package detmath
