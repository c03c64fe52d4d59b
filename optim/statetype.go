package optim

import (
	"fmt"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// StateType is the type an optimizer keeps its state buffers in (exp_avg, momentum_buffer, sum, …), the State
// field of AdamConfig, SGDConfig, LionConfig and AdagradConfig. The 16-bit types halve the state's memory and
// the bytes a step moves; the step still computes in float32 and rounds each state value to nearest once, as
// PyTorch's fused CPU optimizers store low-precision state, so a run is as reproducible as in float32. StateQ8
// keeps a quarter of float32's bytes. The compact types need float32 parameters: the constructor refuses them over
// float64 ones.
//
// PyTorch has no 8-bit state, so TorchState gives a StateQ8 state dequantized (exactly, in float32) under the
// option fastgrad_state "q8", for inspection, and WriteTorchState writes those float32 values. SetTorchState takes
// such a state back only where quantizing it gives exactly those values again, since a state is never rounded as
// it is restored: it does for a state not yet stepped, but a stepped one in general requantizes to other codes and
// scales (a block whose largest magnitude no map value stood for at ±1 gets another scale), and is refused.
// Checkpoints (SaveCheckpoint) store 8-bit state as it is, codes and scales, and restore it exactly.
type StateType uint8

const (
	// StateFloat32, the zero value, keeps the state in the parameters' own type: float32, or float64 for float64
	// parameters.
	StateFloat32 StateType = iota
	// StateBF16 keeps the state in bfloat16 (kernels.BF16): float32's range, 8 significant bits.
	StateBF16
	// StateF16 keeps the state in IEEE half precision (kernels.F16): 11 significant bits, magnitudes below 65520.
	StateF16
	// StateQ8 keeps the state in 8-bit blocks (kernels.Q8): a byte per element and a float32 scale per
	// kernels.Q8Block elements, the first moments and momenta in kernels.Q8Signed, the sums of squares in
	// kernels.Q8Unsigned. Each step dequantizes a block, computes in float32 and quantizes it again.
	StateQ8
)

// String returns the type's name as the options of a state record it: "float32", "bf16", "f16" or "q8".
func (s StateType) String() string {
	switch s {
	case StateFloat32:
		return "float32"
	case StateBF16:
		return "bf16"
	case StateF16:
		return "f16"
	case StateQ8:
		return "q8"
	}
	return fmt.Sprintf("StateType(%d)", uint8(s))
}

// describe names s in an error: StateFloat32 is the parameters' type, which may be float64.
func (s StateType) describe() string {
	if s == StateFloat32 {
		return "the parameters' type"
	}
	return s.String()
}

// stateOption is the option that records a compact state type. PyTorch has none: it stores a state in its
// parameter's dtype.
const stateOption = "fastgrad_state"

// withState adds the state type to a config's PyTorch options unless it is the parameters' own.
func withState(opts map[string]any, s StateType) map[string]any {
	if s != StateFloat32 {
		opts[stateOption] = s.String()
	}
	return opts
}

// checkStateType checks a config's state type: one this package knows, needing float32 parameters unless it is
// the default.
func checkStateType[F kernels.Float](opt string, s StateType) error {
	switch {
	case s > StateQ8:
		return fmt.Errorf("optim: %s: State=%v: want StateFloat32, StateBF16, StateF16 or StateQ8", opt, s)
	case s != StateFloat32 && unsafe.Sizeof(F(0)) != 4:
		return fmt.Errorf("optim: %s: State=%v needs float32 parameters, these are float64", opt, s)
	}
	return nil
}

// stateTyper is a config that can keep its state in a compact type.
type stateTyper interface{ stateType() StateType }

// f32 returns x, of F known to be float32, as a []float32: a compact state or copy exists only over float32
// parameters.
func f32[F kernels.Float](x []F) []float32 { return any(x).([]float32) }
