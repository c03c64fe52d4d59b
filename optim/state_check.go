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
// that differs, or returns "". Every option the state gives must be one of the optimizer's and equal it (a state's
// lr is its own, and PyTorch's options that change how a step runs but not what it computes, such as foreach, are
// ignored): an option the optimizer does not have means a state of another optimizer, as Adam's amsgrad in a
// state offered to RAdam. A mode PyTorch does not have, and a 16-bit state type, must match both ways, since PyTorch's states never name
// one. Checkpoints and SetTorchState follow this one rule: a run continues only under the options it was saved
// with.
func (c *Core[F]) differentOption(g int, given map[string]any) string {
	for _, key := range slices.Sorted(maps.Keys(c.groups[g].options)) {
		want := c.groups[g].options[key]
		if got, ok := given[key]; ok && key != "lr" && key != modeOption && !sameOption(got, want) {
			return fmt.Sprintf("%s is %v, the optimizer's %v", key, got, want)
		}
	}
	if got, want := givenMode(c.name, given[modeOption]), c.groups[g].options[modeOption]; got != want {
		return fmt.Sprintf("%s is %v, the optimizer's %v", modeOption, given[modeOption], want)
	}
	if got, want := given[stateOption], c.groups[g].options[stateOption]; got != want {
		return fmt.Sprintf("its state is kept in %v, the optimizer keeps it in %v (the config's State)",
			orDefault(got), orDefault(want))
	}
	for _, key := range slices.Sorted(maps.Keys(given)) {
		if _, ok := c.groups[g].options[key]; !ok && key != modeOption && key != stateOption && !torchExecutionOption[key] {
			return fmt.Sprintf("it has option %s, which %s has not", key, c.name)
		}
	}
	return ""
}

// orDefault returns a state's stateOption, or names the default when it gives none.
func orDefault(state any) any {
	if state == nil {
		return "the parameters' type"
	}
	return state
}

// torchExecutionOption names the keys of PyTorch's param_groups that say how a step runs, or are not options at
// all, rather than what a step computes: a state may give them whatever the optimizer it is restored into.
var torchExecutionOption = map[string]bool{
	"params": true, "initial_lr": true, "foreach": true, "capturable": true, "differentiable": true, "fused": true,
}
