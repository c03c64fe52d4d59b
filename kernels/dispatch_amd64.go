//go:build !purego

package kernels

// archImpls returns the amd64 assembly paths this CPU can run, best first. (Filled in by the AVX2 generator work.)
func archImpls() []*impl { return nil }
