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
			if regionOf(s[i]).overlaps(regionOf(s[j])) {
				panicOverlap(kernel, names, i, j)
			}
		}
	}
}

// mustDisjointRegions is mustDisjoint over the regions of slices of any element types.
func mustDisjointRegions(kernel, names string, written int, r ...region) {
	for i := range written {
		for j := i + 1; j < len(r); j++ {
			if r[i].overlaps(r[j]) {
				panicOverlap(kernel, names, i, j)
			}
		}
	}
}

// panicOverlap panics, naming slices i and j of the comma-separated names.
func panicOverlap(kernel, names string, i, j int) {
	n := strings.Split(names, ",")
	panic(fmt.Sprintf("kernels: %s: %s and %s overlap", kernel, n[i], n[j]))
}

// region is the memory a slice's elements occupy, [start, end).
type region struct{ start, end uintptr }

// regionOf returns the memory of s's elements; an empty slice occupies none.
func regionOf[T any](s []T) region {
	if len(s) == 0 {
		return region{}
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(s)))
	return region{start, start + uintptr(len(s))*unsafe.Sizeof(s[0])}
}

// overlaps reports whether r and o share a byte.
func (r region) overlaps(o region) bool { return r.start < o.end && o.start < r.end }

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
