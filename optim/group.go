package optim

import (
	"fmt"
	"slices"

	"github.com/fastgrad/fastgrad/kernels"
)

// Group is a parameter group: parameters that share one config, as an entry of PyTorch's param_groups. An
// optimizer built from several groups updates every group at each Step, each with its own hyperparameters and
// its own learning rate (LR(g), SetLR(g, lr), which schedules drive per group):
//
//	opt, err := optim.NewAdamGroups(
//		optim.NewGroup(weights, optim.DefaultAdamW()),
//		optim.NewGroup(biases, optim.DefaultAdam()), // no weight decay
//	)
//
// A group may be empty, as in PyTorch, but the optimizer needs at least one parameter in all, and no parameter may
// be in two groups.
type Group[F kernels.Float, C any] struct {
	Params []*Param[F]
	Config C
}

// config is what the optimizers' configs have in common: validation, the learning rate, and the names of the state
// buffers each parameter gets under the config (PyTorch's, in the order the kernel takes them).
type config interface {
	validate() error
	learningRate() float64
	stateNames() []string
	torchOptions() map[string]any // the config under PyTorch's param_groups names, lr included
}

// initialStater is a config whose state buffers start at a value other than 0 (Adagrad's sum).
type initialStater interface{ initialState() float64 }

// newGroups validates every group's config and the parameters of all of them, and returns the Core over them
// with its state allocated, and the configs in group order. A config's error names its group when there are
// several.
func newGroups[F kernels.Float, C config](name string, groups []Group[F, C]) (Core[F], []C, error) {
	if len(groups) == 0 {
		return Core[F]{}, nil, fmt.Errorf("optim: %s: no parameter groups", name)
	}
	cfgs := make([]C, len(groups))
	var all []*Param[F]
	for g, gr := range groups {
		err := gr.Config.validate()
		if st, ok := any(gr.Config).(stateTyper); ok && err == nil {
			err = checkStateType[F](name, st.stateType())
		}
		if err == nil {
			err = representable[F](name, gr.Config.torchOptions())
		}
		if err != nil {
			if len(groups) > 1 {
				err = fmt.Errorf("%w (group %d)", err, g)
			}
			return Core[F]{}, nil, err
		}
		cfgs[g] = gr.Config
		all = append(all, gr.Params...)
	}
	lens, err := checkParams(all)
	if err != nil {
		return Core[F]{}, nil, fmt.Errorf("%s (%s)", err, name)
	}
	c := Core[F]{name: name, params: all, lens: lens, group: make([]int, 0, len(all)), groups: make([]groupState, len(groups)),
		state: make([][][]F, len(all)), half: make([]halfState, len(all))}
	for g, gr := range groups {
		c.groups[g] = groupState{lr: gr.Config.learningRate(), names: gr.Config.stateNames(), params: len(gr.Params),
			options: gr.Config.torchOptions()}
		if is, ok := any(gr.Config).(initialStater); ok {
			c.groups[g].initial = is.initialState()
		}
		if st, ok := any(gr.Config).(stateTyper); ok {
			c.groups[g].stateType = st.stateType()
		}
		for range gr.Params {
			c.group = append(c.group, g)
		}
	}
	for i, n := range lens {
		names := c.groups[c.group[i]].names
		if s := c.stateType(i); s != StateFloat32 {
			c.half[i] = newHalfState(s, names, n)
		} else {
			c.state[i] = make([][]F, len(names))
			for k := range names {
				c.state[i][k] = make([]F, n)
			}
		}
		for k := range names {
			c.resetState(i, k)
		}
	}
	c.split()
	c.bufs = bufferAddresses(all, nil)
	return c, cfgs, nil
}

// groupState is what Core keeps of a group: its learning rate, which schedules change, the names of its
// parameters' state buffers, and its number of parameters (they follow the previous group's in Core.params).
type groupState struct {
	lr        float64
	names     []string
	params    int
	initial   float64        // the value the state buffers start at
	stateType StateType      // the type its parameters' state buffers are kept in
	options   map[string]any // the config under PyTorch's names, for TorchState
}

// resetState sets parameter i's state buffer k to its value before the first step (rounded to nearest, in a
// 16-bit state; quantized, in an 8-bit one).
func (c *Core[F]) resetState(i, k int) {
	v := F(c.groups[c.group[i]].initial)
	switch h := c.half[i]; {
	case h.q8 != nil:
		kernels.Quantize(h.q8[k], slices.Repeat([]float32{float32(v)}, c.lens[i]))
	case h.bf16 != nil:
		fill(h.bf16[k], kernels.ToBF16(float32(v)))
	case h.f16 != nil:
		fill(h.f16[k], kernels.ToF16(float32(v)))
	default:
		fill(c.state[i][k], v)
	}
}

// fill sets every element of x to v.
func fill[T any](x []T, v T) {
	for j := range x {
		x[j] = v
	}
}
