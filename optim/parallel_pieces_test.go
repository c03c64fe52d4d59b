package optim

import (
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
)

// TestJobPieces: for every number of workers, the pieces cover the parameters laid end to end exactly once, in
// order; each starts in the parameter it names, at its start or at a multiple of kernels.Q8Block in it; and they
// shrink from 1/(2n) of the elements to minPiece.
func TestJobPieces(t *testing.T) {
	for _, lens := range [][]int{{1 << 17}, {200_003, 40_000, 3}, {0, 5, minPiece + 1, 0, 3 * minPiece, 7}, {16 << 20}} {
		starts := make([]int, len(lens)+1)
		for i, n := range lens {
			starts[i+1] = starts[i] + n
		}
		total := starts[len(lens)]
		for _, n := range []int{2, 3, 8, maxWorkers} {
			j := newJob(starts, n)
			lo := 0
			for k, p := range j.pieces {
				if p.lo != lo || p.hi <= p.lo {
					t.Fatalf("%v, %d workers: piece %d is [%d, %d), after one ending at %d", lens, n, k, p.lo, p.hi, lo)
				}
				if p.lo < starts[p.i] || p.lo >= starts[p.i+1] || (p.lo-starts[p.i])%kernels.Q8Block != 0 {
					t.Errorf("%v, %d workers: piece %d starts at %d, in parameter %d of [%d, %d)", lens, n, k, p.lo, p.i,
						starts[p.i], starts[p.i+1])
				}
				if size, want := p.hi-p.lo, max((total-p.lo)/(2*n), minPiece); p.hi < total && (size > want || size < want-kernels.Q8Block) {
					t.Errorf("%v, %d workers: piece %d has %d elements, want %d rounded down to a block", lens, n, k, size, want)
				}
				lo = p.hi
			}
			if lo != total {
				t.Errorf("%v, %d workers: the pieces end at %d of %d", lens, n, lo, total)
			}
		}
	}
}
