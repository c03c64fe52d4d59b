package kerneldesc

import "fmt"

// Reduction is a kernel that folds one term per element of its arrays into a single result. Its Kernel is the term:
// a body that only reads (no Store, no constant block), whose last value is the term of the current element.
type Reduction struct {
	Kernel
	Fold Fold
}

// Fold is how a reduction combines its terms.
type Fold uint8

// The folds. A lowering may visit the elements in any order and in as many accumulators as it likes, provided it
// gives the bits these definitions give. It may also fold the term of elements that are all +0 for lanes past the
// end: the builder refuses a reduction whose term of +0 elements would change the result.
const (
	// Sum adds the terms in the canonical reduction order of kernels/reduce.go: term i into accumulator i mod L
	// (L = 64 for float32, 32 for float64), each accumulator from +0 in index order, then the pairwise tree
	// acc[j] += acc[j+h] for h = L/2, …, 1. An accumulator is never −0, so a lowering may add +0 for a missing
	// element.
	Sum Fold = iota
	// Max is the largest term, a NaN if any term is NaN, and +0 for no elements. Its terms are Abs values, whose
	// bits order as unsigned integers the way their values do, with every NaN above +Inf: so any visiting order
	// gives the same result, the payload of a NaN aside, and a missing element may count as +0.
	Max
	// Finite reports whether no term is NaN or ±Inf: a bool rather than an element. It does not depend on the
	// order, and a missing element may count as +0.
	Finite
)

// Result returns the Go type of the reduction's result, given that of its elements.
func (r *Reduction) Result(elem string) string {
	if r.Fold == Finite {
		return "bool"
	}
	return elem
}

// Term returns the value of the term: the body's last.
func (r *Reduction) Term() Value { return Value(len(r.Body) - 1) }

// newReduction starts the reduction name over arrays, implementing the ops field entry.
func newReduction(name, doc, entry string, arrays ...string) *builder {
	b := newKernel(name, doc, &Block{}, arrays...)
	b.kern.Entry = entry
	return b
}

// reduce returns the reduction folding term, which must be the body's last value, by fold.
func (b *builder) reduce(term Value, fold Fold) *Reduction {
	k := b.kern
	if int(term) != len(k.Body)-1 {
		panic(fmt.Sprintf("%s: the term is not the body's last value", k.Name))
	}
	if b.isMask(term) {
		panic(fmt.Sprintf("%s: the term is a mask", k.Name))
	}
	if fold == Max && k.Body[term].Kind != Abs {
		panic(fmt.Sprintf("%s: a Max reduction's term must be an Abs", k.Name))
	}
	for i, op := range k.Body {
		if op.Kind == Store || op.Kind == Const {
			panic(fmt.Sprintf("%s: a reduction's term has a %v (operation %d)", k.Name, op.Kind, i))
		}
	}
	// done checks that every array and every value is used; the term is, by the fold.
	k.Body = append(k.Body, Op{Kind: Store, Args: []Value{term}})
	b.done()
	k.Body = k.Body[:len(k.Body)-1]
	r := &Reduction{Kernel: *k, Fold: fold}
	if !zeroIsNeutral[float32](r) || !zeroIsNeutral[float64](r) {
		panic(fmt.Sprintf("%s: the term of +0 elements changes the result, so lanes past the end could not be padded with +0", k.Name))
	}
	return r
}

// zeroIsNeutral reports whether folding the term of one element that is +0 in every array gives the result of no
// elements.
func zeroIsNeutral[F Float](r *Reduction) bool {
	zeros, none := make([][]F, len(r.Arrays)), make([][]F, len(r.Arrays))
	for i := range zeros {
		zeros[i] = []F{0}
	}
	return Reduce(r, zeros) == Reduce(r, none)
}

// Reduce performs r over arrays, given in r.Arrays' order and at least as long as the first: the terms one element
// at a time, in index order, folded as r.Fold defines. The result is an F, or a bool for Finite.
func Reduce[F Float](r *Reduction, arrays [][]F) any {
	if len(arrays) != len(r.Arrays) {
		panic(fmt.Sprintf("kerneldesc: %s takes %d arrays, not %d", r.Name, len(r.Arrays), len(arrays)))
	}
	var acc [64]F
	lanes := 64
	if !is32[F]() {
		lanes = 32
	}
	var m F // Max's result so far
	finite := true
	vals := make([]F, len(r.Body))
	for i := range arrays[0] {
		for j, op := range r.Body {
			vals[j] = eval(op, vals, arrays, nil, i)
		}
		t := vals[r.Term()]
		switch r.Fold {
		case Sum:
			acc[i%lanes] += t
		case Max:
			if t > m || t != t {
				m = t
			}
		case Finite:
			finite = finite && t-t == 0
		}
	}
	switch r.Fold {
	case Sum:
		for h := lanes / 2; h >= 1; h /= 2 {
			for j := range h {
				acc[j] += acc[j+h]
			}
		}
		return acc[0]
	case Max:
		return m
	}
	return finite
}
