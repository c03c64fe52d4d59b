package train

import (
	"errors"
	"reflect"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// Stepper is what train needs of an optimizer: one update of its parameters from their gradients. Every optimizer
// in package optim has this method.
type Stepper interface {
	Step() error
}

// Optimizer builds the optimizer a training run uses, over the parameters train hands it: a single one, named "w",
// whose Value is the weight vector and whose Grad train fills before each Step. A multistart or a search calls it
// once per run, from several goroutines at once.
type Optimizer[F kernels.Float] func(params []*optim.Param[F]) (Stepper, error)

// Use turns an optim constructor and its configuration into an Optimizer, e.g.
// train.Use(optim.NewAdam[float32], optim.DefaultAdam()).
func Use[F kernels.Float, C any, O Stepper](newOpt func([]*optim.Param[F], C) (O, error), cfg C) Optimizer[F] {
	return func(params []*optim.Param[F]) (Stepper, error) {
		if newOpt == nil {
			return nil, errNilOptimizer
		}
		o, err := newOpt(params, cfg)
		if err != nil {
			return nil, err // not o: a nil pointer in an interface would not compare equal to nil
		}
		return o, nil
	}
}

// isNil reports whether s is nil or holds a nil pointer: a constructor returning (nil, nil) through Use gives the
// latter, which compares unequal to nil and would panic at the first Step.
func isNil(s Stepper) bool {
	v := reflect.ValueOf(s)
	return !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil()
}

var errNilOptimizer = errors.New("train: no optimizer: a nil constructor, or one that returned neither an optimizer nor an error")
