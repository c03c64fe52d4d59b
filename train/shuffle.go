package train

import "math/rand/v2"

// shuffler holds the visiting order of an epoch: a permutation of row indices of X, reshuffled in place at the
// start of every epoch and cut into mini-batches, so the rows themselves never move.
//
// The shuffle is Fisher–Yates from the front, done lazily: position j receives its final row when the batch that
// contains j is asked for. That draws the same numbers and makes the same swaps as shuffling everything first, so
// the order is the same, but the random accesses of the swaps overlap with the gradient of the previous batch
// instead of forming a separate pass.
type shuffler struct {
	perm  []int
	src   *rand.PCG
	ready int // perm[:ready] is final for this epoch
}

func newShuffler(rows []int, src *rand.PCG) *shuffler {
	return &shuffler{perm: rows, src: src}
}

// epoch starts a new epoch: the order is drawn afresh from the previous one, which is as good a start as any.
func (s *shuffler) epoch() { s.ready = 0 }

// batch returns positions [from, to) of this epoch's order, finishing the shuffle up to to.
func (s *shuffler) batch(from, to int) []int {
	perm := s.perm
	n := uint64(len(perm))
	for j := s.ready; j < to; j++ {
		k := j + int(below(s.src, n-uint64(j)))
		perm[j], perm[k] = perm[k], perm[j]
	}
	if to > s.ready {
		s.ready = to
	}
	return perm[from:to]
}
