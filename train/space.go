package train

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/detmath"
)

// Dim is the range of one hyperparameter, for random and Bayesian search.
type Dim struct {
	Name   string  // for the result
	Lo, Hi float64 // the range, both ends included
	// Log draws the value log-uniformly, as learning rates are usually searched; it needs Lo > 0.
	Log bool
	// Integer draws an integer in [Lo, Hi], both ends included (a batch size).
	Integer bool
}

func (d Dim) validate() error {
	switch {
	case !finite(d.Lo) || !finite(d.Hi) || d.Lo > d.Hi || !finite(d.Hi-d.Lo): // a wider range would draw NaN and Hi
		return fmt.Errorf("train: Dim %q: [%v, %v] is not a finite interval", d.Name, d.Lo, d.Hi)
	case d.Log && d.Lo <= 0:
		return fmt.Errorf("train: Dim %q: a log range needs Lo > 0, not %v", d.Name, d.Lo)
	case d.Integer && (d.Lo != math.Trunc(d.Lo) || d.Hi != math.Trunc(d.Hi)):
		return fmt.Errorf("train: Dim %q: an integer range needs integer ends, not [%v, %v]", d.Name, d.Lo, d.Hi)
	}
	return nil
}

// span returns the interval the unit cube maps onto linearly: the range itself, its logarithm, and for integers
// one more unit at the top so that flooring reaches Hi as often as the others.
func (d Dim) span() (lo, hi float64) {
	lo, hi = d.Lo, d.Hi
	if d.Integer {
		hi++
	}
	if d.Log {
		return detmath.Log(lo), detmath.Log(hi)
	}
	return lo, hi
}

// value maps u in [0, 1) to the hyperparameter's value.
func (d Dim) value(u float64) float64 {
	lo, hi := d.span()
	v := lo + float64(u*(hi-lo))
	if d.Log {
		v = detmath.Exp(v)
	}
	if d.Integer {
		v = math.Min(math.Floor(v), d.Hi) // Exp may round up to Hi+1
	}
	return math.Max(math.Min(v, d.Hi), d.Lo) // nor may rounding leave the range
}

// unit maps a value back into [0, 1], for the Gaussian process: an integer sits at the middle of its cell.
func (d Dim) unit(v float64) float64 {
	lo, hi := d.span()
	if d.Integer {
		v += 0.5
	}
	if d.Log {
		v = detmath.Log(v)
	}
	if hi == lo {
		return 0
	}
	return (v - lo) / (hi - lo)
}

// Axis is the values of one hyperparameter, for grid search.
type Axis struct {
	Name   string    // for the result
	Values []float64 // tried in this order
}
