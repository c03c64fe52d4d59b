package bench

import (
	"fmt"

	"github.com/klauspost/cpuid/v2"
)

// Size is a cache level a case's working set is sized for, or a fixed number of elements per array.
type Size struct {
	Name  string // l1, l2, l3 or dram; or n=N for a fixed N
	Bytes int    // the working set: every array the kernel touches, together
	N     int    // when > 0, the elements per array, whatever the kernel (Bytes is then unused)
}

// Elements returns the size of N elements per array, named n=N.
func Elements(n int) Size { return Size{Name: fmt.Sprintf("n=%d", n), N: n} }

// Sizes returns the working-set sizes for this CPU: half of L1D, L2 and L3 (so the set stays resident next to
// everything else), and four times L3 for DRAM, cut to maxDRAM but never below twice L3. Unknown cache sizes fall
// back to common ones.
func Sizes() []Size {
	c := cpuid.CPU.Cache
	l1, l2, l3 := orDefault(c.L1D, 32<<10), orDefault(c.L2, 1<<20), orDefault(c.L3, 16<<20)
	return []Size{{Name: "l1", Bytes: l1 / 2}, {Name: "l2", Bytes: l2 / 2}, {Name: "l3", Bytes: l3 / 2},
		{Name: "dram", Bytes: max(min(4*l3, maxDRAM), 2*l3)}}
}

// maxDRAM bounds the DRAM working set on CPUs with a huge L3, so that a run stays short and fits in memory; a
// quarter GiB is well beyond most L3s.
const maxDRAM = 256 << 20

func orDefault(v, d int) int {
	if v <= 0 {
		return d
	}
	return v
}

// elements returns how many elements of elemSize bytes fit a working set of the given bytes spread over arrays
// arrays, rounded down to a multiple of 64 (at least 64) so every size exercises whole vector blocks.
func elements(bytes, arrays, elemSize int) int {
	n := bytes / (arrays * elemSize) / 64 * 64
	return max(n, 64)
}
