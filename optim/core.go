package optim

import (
	"fmt"
	"io"
	"math"
	"os"

	"github.com/fastgrad/fastgrad/internal/atomicfile"
	"github.com/fastgrad/fastgrad/kernels"
)

// core is what every optimizer shares: its parameters and their lengths, each parameter's state buffers under
// PyTorch's state names, the step count and the learning rate. An optimizer is its config, its validation and
// the kernel call of its Step.
type core[F kernels.Float] struct {
	name     string // the optimizer, for errors
	params   []*Param[F]
	lens     []int
	state    [][][]F  // state[i][k]: parameter i's buffer named stateNames[k]
	names    []string // PyTorch's state names, e.g. exp_avg
	lr       float64
	t        int
	clip     Clip
	gradNorm float64     // before clipping, at the last step
	owner    extraStater // the optimizer, if it has scalar state beyond the core's, for checkpoints
}

// newCore validates the parameters and allocates, for each, one zeroed buffer per state name.
func newCore[F kernels.Float](name string, params []*Param[F], lr float64, stateNames ...string) (core[F], error) {
	lens, err := checkParams(params)
	if err != nil {
		return core[F]{}, fmt.Errorf("%s (%s)", err, name)
	}
	c := core[F]{name: name, params: params, lens: lens, names: stateNames, lr: lr, state: make([][][]F, len(params))}
	for i, n := range lens {
		c.state[i] = make([][]F, len(stateNames))
		for k := range stateNames {
			c.state[i][k] = make([]F, n)
		}
	}
	return c, nil
}

// begin starts a step: it checks no parameter was resized, clips the gradients if SetClip asked for it, and
// counts the step.
func (c *core[F]) begin() error {
	if err := checkUnchanged(c.params, c.lens); err != nil {
		return err
	}
	c.clipGrads()
	c.t++
	return nil
}

// StepCount returns the number of steps taken (PyTorch's state["step"]).
func (c *core[F]) StepCount() int { return c.t }

// NumGroups returns the number of parameter groups: one.
func (c *core[F]) NumGroups() int { return 1 }

// LR returns the learning rate of the next step.
func (c *core[F]) LR(group int) float64 {
	c.mustGroup(group)
	return c.lr
}

// SetLR changes the learning rate from the next step on, as a schedule does. Zero is allowed here (a schedule may
// anneal to it), unlike in a config; a negative, NaN or infinite rate is rejected and changes nothing.
func (c *core[F]) SetLR(group int, lr float64) error {
	c.mustGroup(group)
	if !(lr >= 0) || math.IsInf(lr, 0) {
		return fmt.Errorf("optim: %s: SetLR(%d, %v): want a finite rate ≥ 0", c.name, group, lr)
	}
	c.lr = lr
	return nil
}

func (c *core[F]) mustGroup(group int) {
	if group != 0 {
		panic(fmt.Sprintf("optim: %s: group %d out of range [0, 1)", c.name, group))
	}
}

// ZeroGrad sets every parameter's gradient to zero.
func (c *core[F]) ZeroGrad() {
	for _, p := range c.params {
		clear(p.Grad)
	}
}

// Save writes the optimizer's state, in fastgrad's checkpoint format: the step count, the learning rate, every
// parameter's state buffers under PyTorch's names, and any scalar state (NAdam's mu_product). The parameters'
// values are the caller's to save.
func (c *core[F]) Save(w io.Writer) error { return c.save(w, c.extra()) }

// Load restores a state written by Save from an optimizer of the same kind, element type, parameter names and
// lengths and options, and returns an error naming the first field that differs (or a bad checksum or version)
// otherwise, changing nothing.
func (c *core[F]) Load(r io.Reader) error {
	if c.owner == nil {
		return c.load(r, 0, nil)
	}
	return c.load(r, len(c.extra()), c.owner.setExtraState)
}

// SaveFile writes Save's output to path atomically: a temporary file, synced, then renamed over path.
func (c *core[F]) SaveFile(path string) error {
	return atomicfile.Write(path, c.Save)
}

// LoadFile is Load from the file at path.
func (c *core[F]) LoadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return c.Load(f)
}

// extra returns the owner's scalar state, if it has any.
func (c *core[F]) extra() []float64 {
	if c.owner == nil {
		return nil
	}
	return c.owner.extraState()
}
