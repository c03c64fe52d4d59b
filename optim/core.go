package optim

import (
	"fmt"
	"io"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
)

// Core is what every optimizer shares, and embeds: its parameters in groups, each parameter's state buffers under
// PyTorch's state names, the step count, the groups' learning rates, clipping, the guard against non-finite
// gradients, checkpoints, and the split of a step into pieces for goroutines. Its methods are every optimizer's,
// documented here once. It is exported for that alone: only the NewXxx functions build one, and a Core of
// its own, a zero value, fails every call (Step returns an error, LR panics). An optimizer is its configs, their
// validation, and the kernel call of a piece of its Step.
type Core[F kernels.Float] struct {
	name         string // the optimizer, for errors
	params       []*Param[F]
	lens         []int
	group        []int        // group[i]: the group of params[i]
	groups       []groupState // the groups' parameters follow each other in params
	state        [][][]F      // state[i][k]: parameter i's buffer named groups[group[i]].names[k]
	half         []halfState  // half[i]: parameter i's buffers instead, if its group keeps them in 16 bits
	t            int
	clip         Clip
	norms        []F     // the norms clipping computes: the total, or with Clip.PerTensor each parameter's
	gradNorm     float64 // before clipping, at the last step
	guard        Nonfinite
	skipped      int          // steps the guard skipped
	skippedParam string       // the parameter whose gradient made it skip the last
	owner        extraStater  // the optimizer, if it has scalar state beyond Core's, for checkpoints
	bufs         []uintptr    // the addresses of the Values and Grads checked not to share memory
	copies       []weightCopy // copies[i]: parameter i's weight copy; nil until SetWeightCopy
	copier       copyingUpdater[F]
	parallel
}

// begin starts a step: it checks no parameter was resized and the step count can grow, checks the gradients are
// finite if SetNonfinite or Clip asked for it, clips them if SetClip asked for it, and counts the step. It reports
// skip for a step the guard skips, having changed nothing but the count of skips.
func (c *Core[F]) begin() (skip bool, err error) {
	if c.lens == nil {
		return false, errNotBuilt
	}
	if err := checkUnchanged(c.params, c.lens); err != nil {
		return false, err
	}
	if err := c.checkMoved(); err != nil {
		return false, err
	}
	if c.t == math.MaxInt {
		// Only a forged checkpoint gets here. Counting on would wrap to a negative count, which the kernels'
		// bias corrections reject with a panic.
		return false, fmt.Errorf("optim: %s: the step count is at its largest, %d", c.name, c.t)
	}
	if skip, err := c.clipGrads(); skip || err != nil {
		return skip, err
	}
	c.t++
	return false, nil
}

// groupStepper is an optimizer's part of a step: each group's scalars, then the update of a piece of a parameter.
type groupStepper interface {
	updater
	prepare(group int)
}

// step takes one step of the optimizer o, whose Core c is: it checks the parameters, clips, counts the step, has o
// compute each group's scalars, and runs o's update over every parameter.
func (c *Core[F]) step(o groupStepper) error {
	if skip, err := c.begin(); skip || err != nil {
		return err
	}
	for g := range c.groups {
		o.prepare(g)
	}
	c.run(c.withCopies(o))
	return nil
}

// StepCount returns the number of steps taken (PyTorch's state["step"]).
func (c *Core[F]) StepCount() int { return c.t }

// NumGroups returns the number of parameter groups.
func (c *Core[F]) NumGroups() int { return len(c.groups) }

// LR returns the learning rate of group's next step. It panics if group is out of range.
func (c *Core[F]) LR(group int) float64 {
	c.mustGroup(group)
	return c.groups[group].lr
}

// SetLR changes group's learning rate from the next step on, as a schedule does. Zero is allowed here (a schedule
// may anneal to it), unlike in a config; a negative, NaN or infinite rate is rejected and changes nothing. It panics
// if group is out of range.
func (c *Core[F]) SetLR(group int, lr float64) error {
	c.mustGroup(group)
	if !(lr >= 0) || math.IsInf(lr, 0) {
		return fmt.Errorf("optim: %s: SetLR(%d, %v): want a finite rate ≥ 0", c.name, group, lr)
	}
	c.groups[group].lr = lr
	return nil
}

// mustGroup panics on a group index out of range: it is a programming error, as an index out of range is.
func (c *Core[F]) mustGroup(group int) {
	if c.lens == nil {
		panic(errNotBuilt.Error())
	}
	if group < 0 || group >= len(c.groups) {
		panic(fmt.Sprintf("optim: %s: group %d out of range [0, %d)", c.name, group, len(c.groups)))
	}
}

// ZeroGrad sets every parameter's gradient to zero.
func (c *Core[F]) ZeroGrad() {
	for _, p := range c.params {
		clear(p.Grad)
	}
}

// Save writes the optimizer as a checkpoint of one part (see SaveCheckpoint): the step count, each group's learning
// rate and options, every parameter's value and state buffers under PyTorch's names, and any scalar state (NAdam's
// mu_product). SaveCheckpoint saves it together with the rest of a run.
func (c *Core[F]) Save(w io.Writer) error { return SaveCheckpoint(w, c) }

// Load restores what Save wrote, values included, into an optimizer of the same kind, element type, groups,
// parameter names, lengths and options. Otherwise it returns an error naming the first field that differs (or
// damage, or an unknown version), and changes nothing.
func (c *Core[F]) Load(r io.Reader) error { return LoadCheckpoint(r, c) }

// SaveFile writes Save's output to path atomically: a temporary file, synced, then renamed over path.
func (c *Core[F]) SaveFile(path string) error { return SaveCheckpointFile(path, c) }

// LoadFile is Load from the file at path.
func (c *Core[F]) LoadFile(path string) error { return LoadCheckpointFile(path, c) }
