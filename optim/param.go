package optim

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// Param is one named parameter: its values and the gradient the caller computes into before each step. The
// buffers belong to the caller; an optimizer updates Value in place and only reads Grad.
type Param[F kernels.Float] struct {
	Name  string
	Value []F
	Grad  []F
}

// checkParams validates a parameter list for a new optimizer and returns each parameter's length.
func checkParams[F kernels.Float](params []*Param[F]) ([]int, error) {
	if len(params) == 0 {
		return nil, fmt.Errorf("optim: no parameters")
	}
	names := map[string]bool{}
	seen := map[*Param[F]]int{}
	lens := make([]int, len(params))
	for i, p := range params {
		if j, ok := seen[p]; ok && p != nil {
			return nil, fmt.Errorf("optim: params[%d] and params[%d] are the same parameter %q, given twice", j, i, p.Name)
		}
		seen[p] = i
		switch {
		case p == nil:
			return nil, fmt.Errorf("optim: params[%d] is nil", i)
		case p.Name == "":
			return nil, fmt.Errorf("optim: params[%d] has no name", i)
		case names[p.Name]:
			return nil, fmt.Errorf("optim: two parameters are named %q", p.Name)
		case len(p.Grad) != len(p.Value):
			return nil, fmt.Errorf("optim: parameter %q: len(Grad)=%d, want len(Value)=%d", p.Name, len(p.Grad), len(p.Value))
		}
		names[p.Name] = true
		lens[i] = len(p.Value)
	}
	if err := checkShared(params); err != nil {
		return nil, err
	}
	return lens, nil
}

// checkShared rejects parameters whose buffers share memory: a step would update the shared elements twice, or
// read a gradient another parameter's update has overwritten. Sorting the buffers by address finds any overlap
// in O(k log k).
func checkShared[F kernels.Float](params []*Param[F]) error {
	type span struct {
		lo, hi uintptr
		what   string
	}
	var spans []span
	for _, p := range params {
		for _, b := range []struct {
			s    []F
			what string
		}{{p.Value, "Value"}, {p.Grad, "Grad"}} {
			if len(b.s) > 0 {
				lo := uintptr(unsafe.Pointer(unsafe.SliceData(b.s)))
				spans = append(spans, span{lo, lo + uintptr(len(b.s))*unsafe.Sizeof(b.s[0]), fmt.Sprintf("%q's %s", p.Name, b.what)})
			}
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.lo, b.lo) })
	for i := 1; i < len(spans); i++ {
		if spans[i].lo < spans[i-1].hi {
			return fmt.Errorf("optim: parameters %s and %s share memory", spans[i-1].what, spans[i].what)
		}
	}
	return nil
}

// bufferAddresses appends to dst the addresses of every parameter's Value and Grad, in order.
func bufferAddresses[F kernels.Float](params []*Param[F], dst []uintptr) []uintptr {
	for _, p := range params {
		dst = append(dst, uintptr(unsafe.Pointer(unsafe.SliceData(p.Value))), uintptr(unsafe.Pointer(unsafe.SliceData(p.Grad))))
	}
	return dst
}

// checkMoved checks again that no parameters share memory if the caller gave any parameter a new Value or Grad
// since the last check: the whole step's buffers, before anything is counted or written, where the kernels would
// only see one piece's, and panic halfway through a step (or race, in a split one). Unmoved buffers cost a
// comparison each and no allocation.
func (c *Core[F]) checkMoved() error {
	at := 0
	for _, p := range c.params {
		if uintptr(unsafe.Pointer(unsafe.SliceData(p.Value))) != c.bufs[at] || uintptr(unsafe.Pointer(unsafe.SliceData(p.Grad))) != c.bufs[at+1] {
			if err := checkShared(c.params); err != nil {
				return fmt.Errorf("%v (%s, since it was built)", err, c.name)
			}
			c.bufs = bufferAddresses(c.params, c.bufs[:0])
			return nil
		}
		at += 2
	}
	return nil
}

// errNotBuilt is the error of an optimizer used as its zero value.
var errNotBuilt = errors.New("optim: an optimizer not built by its New function (a zero value): use NewAdam, NewSGD, …")

// checkUnchanged reports an error if the caller resized a parameter's buffers after the optimizer was built: its
// state would no longer line up with the values.
func checkUnchanged[F kernels.Float](params []*Param[F], lens []int) error {
	for i, p := range params {
		if len(p.Value) != lens[i] || len(p.Grad) != lens[i] {
			return fmt.Errorf("optim: parameter %q was resized: len(Value)=%d, len(Grad)=%d, want %d",
				p.Name, len(p.Value), len(p.Grad), lens[i])
		}
	}
	return nil
}
