package optim

import (
	"io"

	"github.com/fastgrad/fastgrad/kernels"
)

// Optimizer is what every optimizer of this package is, over parameters of element type F: a trainer can hold
// any of them as one. Scheduler and ReduceLROnPlateau take it as LRGroups, GradScaler and Accumulator as anything
// with Step, so a caller's own optimizer needs only what each uses.
type Optimizer[F kernels.Float] interface {
	// Step updates every parameter from its gradient; an error changes nothing.
	Step() error
	// StepCount returns the number of steps taken.
	StepCount() int
	LRGroups
	// ZeroGrad sets every gradient to zero.
	ZeroGrad()
	// SetClip clips the gradients at each step; SetNonfinite guards a step against gradients that are not
	// finite, and Skipped counts the steps it skipped; SetWorkers splits a step across goroutines.
	SetClip(Clip) error
	SetNonfinite(Nonfinite) error
	Skipped() (steps int, param string)
	SetWorkers(n int) error
	// GradNorm returns the gradients' norm before clipping, at the last step.
	GradNorm() float64
	// Save and Load write and read the optimizer as a checkpoint; TorchState and SetTorchState move its state
	// to and from PyTorch's names.
	Save(w io.Writer) error
	Load(r io.Reader) error
	TorchState() TorchState[F]
	SetTorchState(TorchState[F]) error
	Checkpointed
}

// Every optimizer is an Optimizer.
var (
	_ Optimizer[float32] = (*SGD[float32])(nil)
	_ Optimizer[float32] = (*Adagrad[float32])(nil)
	_ Optimizer[float32] = (*RMSprop[float32])(nil)
	_ Optimizer[float32] = (*Adam[float32])(nil)
	_ Optimizer[float32] = (*Adamax[float32])(nil)
	_ Optimizer[float32] = (*NAdam[float32])(nil)
	_ Optimizer[float32] = (*RAdam[float32])(nil)
	_ Optimizer[float32] = (*Adadelta[float32])(nil)
	_ Optimizer[float64] = (*Lion[float64])(nil)
	_ Optimizer[float32] = (*ASGD[float32])(nil)
	_ Optimizer[float64] = (*Rprop[float64])(nil)
)

// NewGroup returns a parameter group, its types inferred from its arguments, where a Group literal must spell
// them: optim.NewGroup(weights, optim.DefaultAdamW()).
func NewGroup[F kernels.Float, C any](params []*Param[F], config C) Group[F, C] {
	return Group[F, C]{Params: params, Config: config}
}
