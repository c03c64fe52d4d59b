package optim

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/fastgrad/fastgrad/kernels"
)

// TorchState is an optimizer's state as PyTorch's Optimizer.state_dict() holds it, under PyTorch's names: the
// tensors exp_avg, exp_avg_sq, max_exp_avg_sq, momentum_buffer, square_avg, grad_avg, acc_delta, exp_inf, sum,
// ax, prev and step_size, and the scalars step, mu_product, eta and mu. It is how a run moves between fastgrad and
// PyTorch: fill a PyTorch state_dict from it (tensors from the slices, param_groups from ParamGroups) or build one
// from a PyTorch state_dict to continue its run here.
type TorchState[F kernels.Float] struct {
	// State has one entry per parameter, in the optimizer's order across its groups: PyTorch's integer keys.
	State []TorchParamState[F]
	// ParamGroups has one entry per parameter group.
	ParamGroups []TorchGroup
}

// TorchParamState is one parameter's entry in PyTorch's state. An entry with no tensors and no scalars is a
// parameter PyTorch has not stepped yet.
type TorchParamState[F kernels.Float] struct {
	Tensors map[string][]F     // by PyTorch's names, e.g. exp_avg
	Scalars map[string]float64 // "step", NAdam's "mu_product", ASGD's "eta" and "mu"
}

// TorchGroup is one entry of PyTorch's param_groups: the group's options under PyTorch's names (lr, betas as a
// [2]float64, eps, weight_decay, amsgrad, momentum, …) and the indices of its parameters in State. A mode PyTorch
// does not have (a config's Mode other than ModeTorch) is the option "fastgrad_mode", "keras" or "tfjs", which
// PyTorch would ignore: such a group's steps cannot be continued in PyTorch as they are.
type TorchGroup struct {
	Options map[string]any
	Params  []int
}

// TorchState returns a copy of the optimizer's state under PyTorch's names, with what PyTorch keeps: SGD's has no
// step, and no entry before the first step or without momentum. A state kept in 16 bits is widened to
// F exactly, one in 8 bits dequantized exactly, and its group's options say its type ("fastgrad_state": "bf16",
// "f16" or "q8"), so that SetTorchState restores it only into an optimizer that keeps it so; WriteTorchState
// writes it as bfloat16 or float16 tensors, an 8-bit one as float32 (see StateType).
func (c *Core[F]) TorchState() TorchState[F] {
	s := TorchState[F]{State: make([]TorchParamState[F], len(c.params)), ParamGroups: make([]TorchGroup, len(c.groups))}
	extra := c.extra()
	for i := range c.params {
		g := c.groups[c.group[i]]
		ps := TorchParamState[F]{Tensors: map[string][]F{}, Scalars: map[string]float64{"step": float64(c.t)}}
		if c.name == "SGD" {
			// torch.optim.SGD keeps no step, and no state at all before its first step or without momentum.
			delete(ps.Scalars, "step")
			if c.t == 0 || len(g.names) == 0 {
				s.State[i] = TorchParamState[F]{}
				continue
			}
		}
		for k, name := range g.names {
			ps.Tensors[name] = c.stateValues(i, k)
		}
		if extra != nil {
			names := c.owner.extraNames()
			for k, name := range names {
				ps.Scalars[name] = extra[c.group[i]*len(names)+k]
			}
		}
		s.State[i] = ps
	}
	i := 0
	for g, gs := range c.groups {
		opts := maps.Clone(gs.options)
		opts["lr"] = gs.lr
		s.ParamGroups[g] = TorchGroup{Options: opts}
		for end := i + gs.params; i < end; i++ {
			s.ParamGroups[g].Params = append(s.ParamGroups[g].Params, i)
		}
	}
	return s
}

// SetTorchState restores a state under PyTorch's names, from TorchState or from a PyTorch state_dict. An optimizer
// that keeps its state in a compact type takes only a state whose options say so and whose tensors that type
// holds exactly: a state is never rounded as it is restored. The groups
// must hold the same parameters in the same order; each group's lr is taken from the state, and every other
// option the state gives must be one of the optimizer's and equal it, so that another optimizer's state (Adam's,
// offered to RAdam) is refused; PyTorch's options of how a step runs (foreach, capturable, differentiable, fused)
// and a scheduler's initial_lr are ignored. Every parameter must have the step count of the others, a whole number in [0, 2³¹−1], and the tensors
// its group's options call for, of its length; or no entry at all, which restores the state before the first step.
// A state with no step is accepted from SGD, which PyTorch gives none (its StepCount is then 1 once stepped: the
// step count of an SGD run travels in fastgrad's checkpoints, not in PyTorch's state), and so are SGD parameters
// without momentum with no entry, as PyTorch gives them. SetTorchState returns an error that names
// what differs, and then changes nothing.
func (c *Core[F]) SetTorchState(s TorchState[F]) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("optim: %s: SetTorchState: "+format, append([]any{c.name}, args...)...)
	}
	if len(s.State) != len(c.params) {
		return fail("%d parameter states, the optimizer has %d parameters", len(s.State), len(c.params))
	}
	if len(s.ParamGroups) != len(c.groups) {
		return fail("%d param_groups, the optimizer has %d", len(s.ParamGroups), len(c.groups))
	}
	lrs := make([]float64, len(c.groups))
	i := 0
	for g, gs := range c.groups {
		tg := s.ParamGroups[g]
		for k, at := range tg.Params {
			if at != i+k {
				return fail("param_groups[%d] holds parameters %v, the optimizer's group %d holds %d from %d on", g, tg.Params, g, gs.params, i)
			}
		}
		if len(tg.Params) != gs.params {
			return fail("param_groups[%d] has %d parameters, the optimizer's group %d has %d", g, len(tg.Params), g, gs.params)
		}
		i += gs.params
		lr, ok := number(tg.Options["lr"])
		if !ok || !(lr >= 0) || math.IsInf(lr, 0) {
			return fail("param_groups[%d]: lr %v, want a finite rate ≥ 0", g, tg.Options["lr"])
		}
		lrs[g] = lr
		if diff := c.differentOption(g, tg.Options); diff != "" {
			return fail("param_groups[%d]: %s", g, diff)
		}
	}
	// optional reports whether parameter i may have no entry in a stepped state: an SGD parameter without
	// momentum, which PyTorch gives none.
	optional := func(i int) bool { return c.name == "SGD" && len(c.groups[c.group[i]].names) == 0 }
	empty := func(ps TorchParamState[F]) bool { return len(ps.Tensors) == 0 && len(ps.Scalars) == 0 }
	first, step, stepKnown := -1, 0.0, false // first is the first parameter with an entry
	for i, ps := range s.State {
		if empty(ps) {
			continue
		}
		if first < 0 {
			for j := range i {
				if !optional(j) {
					return fail("state of parameter %d, none of parameter %d: fastgrad steps every parameter together", i, j)
				}
			}
			first = i
		}
		st, ok := ps.Scalars["step"]
		switch {
		case !ok && c.name != "SGD":
			return fail("parameter %d has no step", i)
		case ok && !(st >= 0 && st == math.Trunc(st) && st <= math.MaxInt32):
			// Checked before the comparison with the others': a NaN step differs from itself.
			return fail("parameter %d: step %v, want a whole number in [0, %d]", i, st, math.MaxInt32)
		case ok && stepKnown && st != step:
			return fail("parameter %d is at step %v, parameter 0 at %v: fastgrad steps every parameter together", i, st, step)
		case ok:
			step, stepKnown = st, true
		}
	}
	stepped := first >= 0
	if stepped {
		for i, ps := range s.State {
			if empty(ps) && !optional(i) {
				return fail("parameter %d has no state, parameter %d has", i, first)
			}
		}
	}
	t := 0
	switch {
	case stepKnown:
		t = int(step)
	case stepped:
		t = 1 // SGD's momentum_buffer exists from its first step on
	}
	extra := slices.Clone(c.extra())
	var extraNames []string
	if c.owner != nil {
		extraNames = c.owner.extraNames()
	}
	for i, ps := range s.State {
		if !stepped {
			break
		}
		names := c.groups[c.group[i]].names
		for name, v := range ps.Tensors {
			if !slices.Contains(names, name) {
				return fail("parameter %d has a tensor %q, which its group's options do not keep (they keep %v)", i, name, names)
			}
			if len(v) != c.lens[i] {
				return fail("parameter %d's %s has %d elements, want %d", i, name, len(v), c.lens[i])
			}
			if bad := badValue(v, nonNegativeState[name]); bad != "" {
				return fail("parameter %d's %s%s", i, name, bad)
			}
			if bad := c.unheld(i, name, v); bad != "" {
				return fail("parameter %d's %s%s", i, name, bad)
			}
		}
		for _, name := range names {
			if _, ok := ps.Tensors[name]; !ok {
				return fail("parameter %d has no %s", i, name)
			}
		}
		for _, name := range extraNames {
			if _, ok := ps.Scalars[name]; !ok {
				// Without it, another optimizer's state of the same tensors (Adam's) would load as this one's.
				return fail("parameter %d has no %s", i, name)
			}
		}
		for name, v := range ps.Scalars {
			k := slices.Index(extraNames, name)
			switch {
			case name == "step":
			case k >= 0:
				g, at := c.group[i], c.group[i]*len(extraNames)+k
				// Bits, so that a NaN in every parameter is reported as NaN, not as differing from itself.
				if i > 0 && c.group[i-1] == g && math.Float64bits(v) != math.Float64bits(extra[at]) {
					return fail("parameter %d has %s %v, the one before it in its group %v", i, name, v, extra[at])
				}
				extra[at] = v
			default:
				return fail("parameter %d has a scalar %q this optimizer does not keep", i, name)
			}
		}
	}
	if c.owner != nil && stepped {
		if err := c.owner.checkExtraState(extra); err != nil {
			return err
		}
	}
	// Everything is checked: restore it.
	for i := range c.params {
		for k, name := range c.groups[c.group[i]].names {
			if stepped {
				c.setState(i, k, s.State[i].Tensors[name])
			} else {
				c.resetState(i, k)
			}
		}
	}
	for g, lr := range lrs {
		c.groups[g].lr = lr
	}
	if c.owner != nil {
		if !stepped {
			for g, lr := range lrs {
				copy(extra[g*len(extraNames):], c.owner.initialExtra(lr))
			}
		}
		copy(c.owner.extraState(), extra)
	}
	c.t = t
	return nil
}

// number reads an option's numeric value, as Go or encoding/json gives it.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	}
	return 0, false
}

// sameOption reports whether an option from a state equals the optimizer's: numbers and bools as they are, betas
// as a [2]float64 or a list of two numbers (as encoding/json decodes PyTorch's tuple).
func sameOption(got, want any) bool {
	if w, ok := want.([2]float64); ok {
		var g []float64
		switch x := got.(type) {
		case [2]float64:
			g = x[:]
		case []float64:
			g = x
		case []any:
			for _, e := range x {
				f, ok := number(e)
				if !ok {
					return false
				}
				g = append(g, f)
			}
		}
		return slices.Equal(g, w[:])
	}
	if w, ok := want.(float64); ok {
		g, ok := number(got)
		return ok && g == w
	}
	return got == want
}
