package kernels

import (
	"runtime/debug"
	"syscall"
	"testing"
	"unsafe"
)

// arena holds arrays between two PROT_NONE pages, so that reading or writing even one element past the end of a
// slice that ends at the second, or before the start of one that starts at the first, faults. side(s, k, n) returns
// such a slice of array k; the arena is unmapped when the test ends.
type arena[F any] struct {
	regions [][]F
}

func newArena[F any](t *testing.T, arrays, maxN int) *arena[F] {
	t.Helper()
	page := syscall.Getpagesize()
	size := int(unsafe.Sizeof(*new(F)))
	bytes := (maxN*size + page - 1) / page * page
	a := &arena[F]{}
	for range arrays {
		mem, err := syscall.Mmap(-1, 0, page+bytes+page, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
		if err != nil {
			t.Fatalf("mmap: %v", err)
		}
		for _, guard := range [][]byte{mem[:page], mem[page+bytes:]} {
			if err := syscall.Mprotect(guard, syscall.PROT_NONE); err != nil {
				t.Fatalf("mprotect: %v", err)
			}
		}
		t.Cleanup(func() { syscall.Munmap(mem) })
		a.regions = append(a.regions, unsafe.Slice((*F)(unsafe.Pointer(&mem[page])), bytes/size))
	}
	return a
}

// TestArenaGuards checks the harness itself: one element past a slice at side 0, or one before a slice at side 1,
// is on a PROT_NONE page.
func TestArenaGuards(t *testing.T) {
	ar := newArena[float64](t, 1, 100)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	for s := range sides {
		x := ar.side(s, 0, 10)
		at := unsafe.Pointer(unsafe.SliceData(x))
		if s == 0 {
			at = unsafe.Add(at, len(x)*8)
		} else {
			at = unsafe.Add(at, -8)
		}
		faulted := func() (faulted bool) {
			defer func() { faulted = recover() != nil }()
			_ = *(*float64)(at)
			return false
		}()
		if !faulted {
			t.Errorf("side %d: reading the element beyond the slice did not fault", s)
		}
	}
}
