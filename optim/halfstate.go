package optim

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/fastgrad/fastgrad/kernels"
)

// halfState is a parameter's state buffers when its group keeps them in 16 bits, in the order of the group's
// state names: bf16 under StateBF16, f16 under StateF16, the other nil. Core.state holds no buffers for it then.
type halfState struct {
	bf16 [][]kernels.BF16
	f16  [][]kernels.F16
}

// newHalfState allocates k buffers of n elements in type s, or returns the zero halfState for StateFloat32.
func newHalfState(s StateType, k, n int) halfState {
	var h halfState
	for range k {
		switch s {
		case StateBF16:
			h.bf16 = append(h.bf16, make([]kernels.BF16, n))
		case StateF16:
			h.f16 = append(h.f16, make([]kernels.F16, n))
		}
	}
	return h
}

// stateType returns the type parameter i's state is kept in.
func (c *Core[F]) stateType(i int) StateType { return c.groups[c.group[i]].stateType }

// stateValues returns a copy of parameter i's state buffer k, widened exactly to F if it is kept in 16 bits.
func (c *Core[F]) stateValues(i, k int) []F {
	h := c.half[i]
	switch {
	case h.bf16 != nil:
		return widened[F](h.bf16[k])
	case h.f16 != nil:
		return widened[F](h.f16[k])
	}
	return slices.Clone(c.state[i][k])
}

// widened returns the values of a 16-bit buffer as F, exactly.
func widened[F kernels.Float, S kernels.Half](x []S) []F {
	out := make([]F, len(x))
	for j, v := range x {
		out[j] = F(kernels.Widened(v))
	}
	return out
}

// setState stores x into parameter i's state buffer k, rounded to nearest if it is kept in 16 bits (exactly, if
// unheld found nothing).
func (c *Core[F]) setState(i, k int, x []F) {
	h := c.half[i]
	switch {
	case h.bf16 != nil:
		for j, v := range x {
			h.bf16[k][j] = kernels.ToBF16(float32(v))
		}
	case h.f16 != nil:
		for j, v := range x {
			h.f16[k][j] = kernels.ToF16(float32(v))
		}
	default:
		copy(c.state[i][k], x)
	}
}

// unheld describes the first value of x that parameter i's state type does not hold exactly, or returns "": a
// state to restore is refused rather than rounded.
func (c *Core[F]) unheld(i int, x []F) string {
	s := c.stateType(i)
	for j, v := range x {
		var back float32
		switch s {
		case StateBF16:
			back = kernels.ToBF16(float32(v)).Float32()
		case StateF16:
			back = kernels.ToF16(float32(v)).Float32()
		default:
			return ""
		}
		if float64(back) != float64(v) {
			return fmt.Sprintf("[%d] is %v, which the optimizer's %v state does not hold exactly", j, float64(v), s)
		}
	}
	return ""
}

// appendHalf appends the elements of a 16-bit buffer, little-endian.
func appendHalf[S kernels.Half](b []byte, x []S) []byte {
	for _, v := range x {
		b = binary.LittleEndian.AppendUint16(b, uint16(v))
	}
	return b
}

// halfElements reads n 16-bit elements into a new slice.
func halfElements[S kernels.Half](d *decoder, n int) []S {
	raw := d.bytes(2 * n)
	if raw == nil {
		return nil
	}
	x := make([]S, n)
	for j := range x {
		x[j] = S(binary.LittleEndian.Uint16(raw[2*j:]))
	}
	return x
}
