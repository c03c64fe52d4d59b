package optim

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/fastgrad/fastgrad/kernels"
)

// nonNegativeState names the state buffers that hold sums or averages of squares or of magnitudes: a negative
// value in one is not a state any run reaches, and its square root is NaN.
var nonNegativeState = map[string]bool{
	"exp_avg_sq": true, "max_exp_avg_sq": true, "square_avg": true, "sum": true, "acc_delta": true, "exp_inf": true,
	"step_size": true,
}

// badValue checks a parameter's value or state buffer from a checkpoint or a state to restore, and describes the
// first bad element, or returns "": a NaN or an infinity, or a negative number where nonNegative, could only turn
// the weights into NaN at the next steps, so such a state is refused rather than restored.
func badValue[F kernels.Float](x []F, nonNegative bool) string {
	for j, v := range x {
		f := float64(v)
		if math.IsNaN(f) || math.IsInf(f, 0) || (nonNegative && f < 0) {
			want := "finite"
			if nonNegative {
				want = "finite and ≥ 0"
			}
			return fmt.Sprintf("[%d] is %v, want %s", j, f, want)
		}
	}
	return ""
}

// differentOption compares the options a state gives for group g with the optimizer's, and describes the first
// that differs, or returns "". Every option the state gives must equal the optimizer's (a state's lr is its own,
// and options this package has no use for, such as PyTorch's foreach, are ignored); a mode PyTorch does not have
// must match both ways, since PyTorch's states never name one. Checkpoints and SetTorchState follow this one rule:
// a run continues only under the options it was saved with.
func (c *core[F]) differentOption(g int, given map[string]any) string {
	for _, key := range slices.Sorted(maps.Keys(c.groups[g].options)) {
		want := c.groups[g].options[key]
		if got, ok := given[key]; ok && key != "lr" && !sameOption(got, want) {
			return fmt.Sprintf("%s is %v, the optimizer's %v", key, got, want)
		}
	}
	if got, want := given[modeOption], c.groups[g].options[modeOption]; got != want {
		return fmt.Sprintf("%s is %v, the optimizer's %v", modeOption, got, want)
	}
	return ""
}
