package kernels

import (
	"fmt"
	"strings"
	"unsafe"
)

// mustLen panics, naming the kernel and both arguments, unless slice name has length want, the length of slice
// ref. Length mismatches are programmer errors, reported as gonum/blas reports them.
func mustLen(kernel, name string, got int, ref string, want int) {
	if got != want {
		panic(fmt.Sprintf("kernels: %s: len(%s)=%d, want len(%s)=%d", kernel, name, got, ref, want))
	}
}

// mustDisjoint panics, naming the kernel and both arguments, if two of the slices s share memory where at least
// one of the two is written: the first written of them are. Overlap would make the result depend on the order in
// which a path reads and writes its elements, so every path refuses it alike rather than disagree. names lists the
// slices' names, comma-separated, in order; empty slices overlap nothing.
func mustDisjoint[F Float](kernel, names string, written int, s ...[]F) {
	for i := range written {
		for j := i + 1; j < len(s); j++ {
			if overlap(s[i], s[j]) {
				n := strings.Split(names, ",")
				panic(fmt.Sprintf("kernels: %s: %s and %s overlap", kernel, n[i], n[j]))
			}
		}
	}
}

// overlap reports whether a and b share an element.
func overlap[F Float](a, b []F) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	size := unsafe.Sizeof(a[0])
	a0, b0 := uintptr(unsafe.Pointer(unsafe.SliceData(a))), uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return a0 < b0+uintptr(len(b))*size && b0 < a0+uintptr(len(a))*size
}

// mustStep panics, naming the kernel and the argument, if s is nil or points at the zero value of its type. No
// kernel's zero step is a step anyone means: a zero ε divides 0 by 0 into NaN weights, and where a zero is
// harmless (a learning rate of 0) it still moves nothing. Fill a step whole, or from its Hyper's Step method.
func mustStep[S comparable](kernel, name string, s *S) {
	mustNotNil(kernel, name, s)
	if zero := *new(S); *s == zero {
		panic(fmt.Sprintf("kernels: %s: %s is the zero %T", kernel, name, zero))
	}
}

// mustNotNil panics, naming the kernel and the argument, if s is nil.
func mustNotNil[S any](kernel, name string, s *S) {
	if s == nil {
		panic(fmt.Sprintf("kernels: %s: %s is nil", kernel, name))
	}
}
