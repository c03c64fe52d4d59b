package bench

import (
	"fmt"
)

// Size is how large a case is: a working set sized for a cache level, a fixed number of elements, or, for the
// least-squares kernels only, a fixed matrix shape.
type Size struct {
	Name  string // l1, l2, l3, dram; n=N; or a least-squares shape such as 65536x64,batch=64
	Bytes int    // for a level: the working set, every array the kernel touches together
	N     int    // when > 0: elements per array (least squares: elements of X, in rows of lsqCols)
	// Rows and Cols, when Cols > 0, make the size a least-squares shape that applies to LeastSquares (Batch = 0) or
	// to LeastSquaresBatch (Batch rows per call) and to no other kernel. Cached gives every call the same batch, so
	// its rows stay in cache, which separates the kernel's own cost from the memory's.
	Rows, Cols, Batch int
	Cached            bool
}

// Elements returns the size of N elements per array, named n=N.
func Elements(n int) Size { return Size{Name: fmt.Sprintf("n=%d", n), N: n} }

// Levels are the names of the cache-level sizes, smallest first.
var Levels = []string{"l1", "l2", "l3", "dram"}

// Sizes returns the working-set sizes for this CPU, named as Levels: half of L1D, L2 and L3 (so the set stays
// resident next to everything else), and for DRAM four times L3, so that at most a quarter of the set can be in
// cache from one call to the next, but at least minDRAM. Cache sizes come from CacheInfo.
//
// The l3 and dram sets are capped at maxL3Set and maxDRAM, which DRAMCapped reports: on a server whose L3 is
// hundreds of MiB (480 MiB, shared by every guest, on one cloud Xeon seen here), four times it would take a default
// run from under a minute to a quarter of an hour. A capped dram set may then fit the whole L3, but a 2-core guest
// sharing it gets DRAM's bandwidth there (the header's measured bandwidth says which), and -sizes n=N or sweep
// reaches beyond it.
func Sizes() []Size {
	l1, l2, l3 := Caches()
	return []Size{{Name: "l1", Bytes: l1 / 2}, {Name: "l2", Bytes: l2 / 2}, {Name: "l3", Bytes: min(l3/2, maxL3Set)},
		{Name: "dram", Bytes: dramBytes(l3)}}
}

// dramBytes returns the DRAM working set for an L3 of l3 bytes.
func dramBytes(l3 int) int { return min(max(4*l3, minDRAM), maxDRAM) }

// DRAMCapped reports whether the dram set is smaller than four times this CPU's L3, capped at maxDRAM.
func DRAMCapped() bool {
	_, _, l3 := Caches()
	return dramBytes(l3) < 4*l3
}

const (
	// minDRAM is the least DRAM working set: well beyond small L3s, so that DRAM's numbers are DRAM's.
	minDRAM = 64 << 20
	// maxDRAM and maxL3Set bound the default run's largest sets: 4 × 64 MiB covers every L3 up to 64 MiB (every
	// desktop, and most servers' share of a core complex).
	maxDRAM  = 256 << 20
	maxL3Set = 64 << 20
)

// Caches returns the sizes in bytes of this CPU's L1 data cache, its L2 and its L3, as CacheInfo finds them.
func Caches() (l1d, l2, l3 int) {
	c1, c2, c3 := CacheInfo()
	return c1.Bytes, c2.Bytes, c3.Bytes
}

func orDefault(v, d int) int {
	if v <= 0 {
		return d
	}
	return v
}

// Level returns the name of the smallest cache level that holds a working set of the given bytes, or "dram"; a set
// as large as the dram set is "dram" even where DRAMCapped leaves it inside L3, so that it is held to the bandwidth
// measured there.
func Level(bytes int64) string {
	l1, l2, l3 := Caches()
	switch {
	case bytes >= int64(dramBytes(l3)):
		return "dram"
	case bytes <= int64(l1):
		return "l1"
	case bytes <= int64(l2):
		return "l2"
	case bytes <= int64(l3):
		return "l3"
	}
	return "dram"
}

// Shapes returns the least-squares shapes of the targets in docs/benchmarks.md: a matrix in L2 and one in L3, long matrices of
// short rows (1, 2, 3 and 16 elements) and of long rows that stream from DRAM, and mini-batches of 64 and 1024
// random rows of the L3 and DRAM matrices, a new batch each call or the same one (cached).
func Shapes() []Size {
	var s []Size
	for _, sh := range [][2]int{{4096, 64}, {65536, 64}, {1e6, 16}, {1e5, 512}, {1e5, 1}, {1e5, 2}, {1e5, 3}} {
		s = append(s, Size{Name: fmt.Sprintf("%dx%d", sh[0], sh[1]), Rows: sh[0], Cols: sh[1]})
	}
	for _, cached := range []bool{false, true} {
		for _, sh := range [][2]int{{65536, 64}, {1e6, 16}} {
			for _, batch := range []int{64, 1024} {
				name := fmt.Sprintf("%dx%d,batch=%d", sh[0], sh[1], batch)
				if cached {
					name += ",cached"
				}
				s = append(s, Size{Name: name, Rows: sh[0], Cols: sh[1], Batch: batch, Cached: cached})
			}
		}
	}
	return s
}

// elements returns how many elements of elemSize bytes fit a working set of the given bytes spread over arrays
// arrays, rounded down to a multiple of 64 (at least 64) so every size exercises whole vector blocks.
func elements(bytes, arrays, elemSize int) int {
	n := bytes / (arrays * elemSize) / 64 * 64
	return max(n, 64)
}
