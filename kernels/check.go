package kernels

import "fmt"

// mustLen panics, naming the kernel and both arguments, unless slice name has length want, the length of slice
// ref. Length mismatches are programmer errors, reported as gonum/blas reports them.
func mustLen(kernel, name string, got int, ref string, want int) {
	if got != want {
		panic(fmt.Sprintf("kernels: %s: len(%s)=%d, want len(%s)=%d", kernel, name, got, ref, want))
	}
}
