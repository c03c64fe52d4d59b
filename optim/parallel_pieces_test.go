package optim

import (
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
)

// TestJobPieces: for every number of workers, the regions' pieces cover the parameters laid end to end exactly
// once, in order; each starts in the parameter it names, at its start or at a multiple of kernels.Q8Block in it;
// the regions are a worker's share each, to a block; and a region's pieces halve what is left of it, down to
// minPiece.
func TestJobPieces(t *testing.T) {
	for _, lens := range [][]int{{1 << 17}, {200_003, 40_000, 3}, {0, 5, minPiece + 1, 0, 3 * minPiece, 7}, {16 << 20}} {
		starts := make([]int, len(lens)+1)
		for i, n := range lens {
			starts[i+1] = starts[i] + n
		}
		total := starts[len(lens)]
		for _, n := range []int{2, 3, 8, maxWorkers} {
			j := newJob(starts, n)
			if len(j.regions) != n {
				t.Fatalf("%v, %d workers: %d regions", lens, n, len(j.regions))
			}
			lo, count := 0, 0
			for k := range j.regions {
				r := &j.regions[k]
				end := total
				if k < n-1 {
					end = total / n * (k + 1)
				}
				for m, p := range r.pieces {
					if p.lo != lo || p.hi <= p.lo {
						t.Fatalf("%v, %d workers: region %d's piece %d is [%d, %d), after one ending at %d", lens, n, k, m, p.lo, p.hi, lo)
					}
					if p.lo < starts[p.i] || p.lo >= starts[p.i+1] || (p.lo-starts[p.i])%kernels.Q8Block != 0 {
						t.Errorf("%v, %d workers: region %d's piece %d starts at %d, in parameter %d of [%d, %d)", lens, n, k, m,
							p.lo, p.i, starts[p.i], starts[p.i+1])
					}
					last := m == len(r.pieces)-1
					if size, want := p.hi-p.lo, max((end-p.lo)/2, minPiece); !last && (size > want || size < want-kernels.Q8Block) {
						t.Errorf("%v, %d workers: region %d's piece %d has %d elements, want %d rounded down to a block", lens, n,
							k, m, size, want)
					}
					lo = p.hi
				}
				if lo > end || lo < end-kernels.Q8Block {
					t.Errorf("%v, %d workers: region %d ends at %d, want %d rounded down to a block", lens, n, k, lo, end)
				}
				count += len(r.pieces)
			}
			if lo != total || int64(count) != j.pieces {
				t.Errorf("%v, %d workers: the pieces end at %d of %d; %d pieces, the job counts %d", lens, n, lo, total,
					count, j.pieces)
			}
		}
	}
}

// all returns the job's pieces in order.
func (j *job) all() []piece {
	var all []piece
	for k := range j.regions {
		all = append(all, j.regions[k].pieces...)
	}
	return all
}
