package kopt

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// checkParams accepts one or more parameters, each with a gradient as long as its values.
func checkParams[F kernels.Float](name string, params []*optim.Param[F]) error {
	if len(params) == 0 {
		return fmt.Errorf("kopt: %s: no parameters", name)
	}
	for i, p := range params {
		if p == nil || len(p.Grad) != len(p.Value) {
			return fmt.Errorf("kopt: %s: params[%d] is nil or its Grad and Value differ in length", name, i)
		}
	}
	return nil
}

// inRange checks that a hyperparameter is finite and within [lo, hi), or (lo, hi) when open.
func inRange(opt, name string, v, lo, hi float64, open bool) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < lo || v >= hi || open && v == lo {
		return fmt.Errorf("kopt: %s: %s=%v out of range", opt, name, v)
	}
	return nil
}
