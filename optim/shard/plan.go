package shard

import (
	"fmt"
	"slices"
)

// Plan is the split of a model's parameters across n workers. The parameters' elements, tensor after tensor in
// the optimizer's order, form one flat index space [0, Total()); worker k owns the optimizer state of the range
// Range(k) of it, which may begin or end in the middle of a tensor. Each tensor also has one norm owner: the worker
// whose range holds its first element (the last worker for an empty tensor at the very end). The norm owner
// computes the tensor's partial reductions from the whole tensor's gradient, which is why they do not depend on
// n (see the package documentation). A Plan is immutable and safe to share between goroutines.
type Plan struct {
	offs   []int    // offs[t]: the flat index of tensor t's first element; offs[len(lens)] is the total
	bounds []int    // bounds[k]: the flat index of worker k's first element; bounds[n] is the total
	owned  []int    // owned[k]: the first tensor whose norm owner is k; owned[n] is the number of tensors
	pieces [][2]int // pieces[k]: the tensors [lo, hi) worker k's optimizer holds a piece of
}

// NewPlan splits tensors of the lengths lens across n workers in ranges as equal as align allows: each boundary is
// moved down to the nearest flat index whose offset in its tensor is a multiple of align (a tensor's first element
// always qualifies). align = 1 puts no constraint; an optimizer keeping its state in 8-bit blocks (optim.StateQ8)
// needs align a multiple of 256, so that no quantization block is cut. It returns an error if a worker would get no
// element.
func NewPlan(lens []int, n, align int) (*Plan, error) {
	if n < 1 || align < 1 {
		return nil, fmt.Errorf("shard: NewPlan: n=%d, align=%d, want both ≥ 1", n, align)
	}
	offs, err := offsets(lens)
	if err != nil {
		return nil, err
	}
	total := offs[len(lens)]
	bounds := make([]int, n+1)
	for k := 1; k < n; k++ {
		b := k * total / n
		t := tensorAt(offs, b)
		bounds[k] = b - (b-offs[t])%align
	}
	bounds[n] = total
	return newPlan(offs, bounds)
}

// NewPlanAt returns the plan whose worker k owns the flat range [bounds[k], bounds[k+1]): bounds starts at 0, ends
// at the total length of lens and increases strictly, so that no worker is empty.
func NewPlanAt(lens []int, bounds []int) (*Plan, error) {
	offs, err := offsets(lens)
	if err != nil {
		return nil, err
	}
	if len(bounds) < 2 || bounds[0] != 0 || bounds[len(bounds)-1] != offs[len(lens)] {
		return nil, fmt.Errorf("shard: NewPlanAt: bounds %v, want 0 … %d", bounds, offs[len(lens)])
	}
	return newPlan(offs, slices.Clone(bounds))
}

func offsets(lens []int) ([]int, error) {
	if len(lens) == 0 {
		return nil, fmt.Errorf("shard: no tensors")
	}
	offs := make([]int, len(lens)+1)
	for t, n := range lens {
		if n < 0 {
			return nil, fmt.Errorf("shard: tensor %d has length %d", t, n)
		}
		offs[t+1] = offs[t] + n
	}
	return offs, nil
}

// tensorAt returns the tensor holding flat index i: the last tensor starting at or before i that is not empty.
func tensorAt(offs []int, i int) int {
	t, _ := slices.BinarySearch(offs[1:], i+1) // the first tensor ending after i
	return min(t, len(offs)-2)
}

func newPlan(offs, bounds []int) (*Plan, error) {
	n := len(bounds) - 1
	for k := range n {
		if bounds[k+1] <= bounds[k] {
			return nil, fmt.Errorf("shard: worker %d of %d would own no element (bounds %v)", k, n, bounds)
		}
	}
	p := &Plan{offs: offs, bounds: bounds, owned: make([]int, n+1)}
	t := 0
	for k := range n {
		p.owned[k] = t
		for t < len(offs)-1 && offs[t] < bounds[k+1] {
			t++
		}
	}
	p.owned[n] = len(offs) - 1
	p.pieces = make([][2]int, n)
	lo, hi := 0, 0
	for k := range n {
		a, b := p.Range(k)
		// A tensor is a piece of every worker whose range it meets; an empty one, of its norm owner.
		for lo < len(offs)-1 && offs[lo+1] <= a && offs[lo] < a {
			lo++
		}
		for hi < len(offs)-1 && (offs[hi] < b || k == n-1) {
			hi++
		}
		p.pieces[k] = [2]int{lo, hi}
	}
	return p, nil
}

// Workers returns n, the number of workers.
func (p *Plan) Workers() int { return len(p.bounds) - 1 }

// Tensors returns the number of tensors.
func (p *Plan) Tensors() int { return len(p.offs) - 1 }

// Total returns the number of elements of all tensors.
func (p *Plan) Total() int { return p.offs[len(p.offs)-1] }

// Range returns the flat range [lo, hi) whose optimizer state worker k owns and whose parameters it updates: the
// range of the all-gather of updated parameters, and of a reduce-scatter of gradients.
func (p *Plan) Range(k int) (lo, hi int) { return p.bounds[k], p.bounds[k+1] }

// Tensor returns tensor t's flat range [lo, hi).
func (p *Plan) Tensor(t int) (lo, hi int) { return p.offs[t], p.offs[t+1] }

// GradRange returns the flat range [lo, hi) of the reduced gradient worker k reads: its own Range and the rest
// of every tensor it is the norm owner of. A trainer that all-reduces its gradients has it all; one that
// reduce-scatters them must also send worker k the gradient of [Range(k)'s hi, GradRange(k)'s hi).
func (p *Plan) GradRange(k int) (lo, hi int) {
	lo, hi = p.Range(k)
	if t := p.owned[k+1]; t > p.owned[k] {
		hi = max(hi, p.offs[t])
	}
	return lo, hi
}

// Pieces returns the tensors [lo, hi) worker k's optimizer holds a piece of: those its range meets, and the
// empty tensors it is the norm owner of.
func (p *Plan) Pieces(k int) (lo, hi int) { return p.pieces[k][0], p.pieces[k][1] }

// Owned returns the tensors [lo, hi) whose norm owner is worker k. They follow each other: the norm owners of the
// tensors in order never decrease.
func (p *Plan) Owned(k int) (lo, hi int) { return p.owned[k], p.owned[k+1] }

// Window returns the entries [lo, hi) of the partial vector (Worker.Partials) worker k computes: those of the
// tensors it owns. The all-gather of partials sends every worker each worker's window.
func (p *Plan) Window(k int) (lo, hi int) {
	return partialsPer * p.owned[k], partialsPer * p.owned[k+1]
}

// PartialLen returns the length of the partial vector: partialsPer entries per tensor.
func (p *Plan) PartialLen() int { return partialsPer * p.Tensors() }
