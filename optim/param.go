package optim

import (
	"fmt"

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
	lens := make([]int, len(params))
	for i, p := range params {
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
	return lens, nil
}

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
