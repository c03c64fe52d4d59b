package optim

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"

	"github.com/fastgrad/fastgrad/kernels"
)

// halfState is a parameter's state buffers when its group keeps them in a compact type, in the order of the
// group's state names: bf16 under StateBF16, f16 under StateF16, q8 under StateQ8, the others nil. Core.state
// holds no buffers for it then.
type halfState struct {
	bf16 [][]kernels.BF16
	f16  [][]kernels.F16
	q8   []kernels.Q8
}

// newHalfState allocates the buffers named names, of n elements in type s, or returns the zero halfState for
// StateFloat32.
func newHalfState(s StateType, names []string, n int) halfState {
	var h halfState
	for _, name := range names {
		switch s {
		case StateBF16:
			h.bf16 = append(h.bf16, make([]kernels.BF16, n))
		case StateF16:
			h.f16 = append(h.f16, make([]kernels.F16, n))
		case StateQ8:
			h.q8 = append(h.q8, kernels.NewQ8(q8Map(name), n))
		}
	}
	return h
}

// q8Map returns the map an 8-bit state buffer is kept in: the unsigned one for the sums and averages of squares,
// which are never negative, so that all 256 codes serve magnitudes.
func q8Map(name string) kernels.Q8Map {
	if nonNegativeState[name] {
		return kernels.Q8Unsigned
	}
	return kernels.Q8Signed
}

// stateType returns the type parameter i's state is kept in.
func (c *Core[F]) stateType(i int) StateType { return c.groups[c.group[i]].stateType }

// stateValues returns a copy of parameter i's state buffer k, widened exactly to F if it is kept in 16 bits,
// dequantized if in 8.
func (c *Core[F]) stateValues(i, k int) []F {
	h := c.half[i]
	switch {
	case h.q8 != nil:
		return dequantized[F](h.q8[k])
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

// setState stores x into parameter i's state buffer k, rounded to nearest if it is kept in 16 bits, quantized if
// in 8 (exactly, if unheld found nothing).
func (c *Core[F]) setState(i, k int, x []F) {
	h := c.half[i]
	switch {
	case h.q8 != nil:
		kernels.Quantize(h.q8[k], f32(x))
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

// unheld describes the first value of x, parameter i's state buffer name, that its state type does not hold
// exactly, or returns "": a state to restore is refused rather than rounded. An 8-bit state holds x when
// quantizing it gives x back.
func (c *Core[F]) unheld(i int, name string, x []F) string {
	s := c.stateType(i)
	var back []float32
	if s == StateQ8 {
		q := kernels.NewQ8(q8Map(name), len(x))
		kernels.Quantize(q, f32(x))
		back = make([]float32, len(x))
		kernels.Dequantize(back, q)
	}
	for j, v := range x {
		var b float32
		switch s {
		case StateBF16:
			b = kernels.ToBF16(float32(v)).Float32()
		case StateF16:
			b = kernels.ToF16(float32(v)).Float32()
		case StateQ8:
			b = back[j]
		default:
			return ""
		}
		if float64(b) != float64(v) {
			return fmt.Sprintf("[%d] is %v, which the optimizer's %v state does not hold exactly", j, float64(v), s)
		}
	}
	return ""
}

// dequantized returns the values of an 8-bit buffer as F, exactly.
func dequantized[F kernels.Float](q kernels.Q8) []F {
	x := make([]float32, q.Len())
	kernels.Dequantize(x, q)
	out := make([]F, len(x))
	for j, v := range x {
		out[j] = F(v)
	}
	return out
}

// appendQ8 appends an 8-bit buffer as it is: its codes, then its scales little-endian.
func appendQ8(b []byte, q kernels.Q8) []byte {
	b = append(b, q.Codes...)
	for _, v := range q.Scales {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
	}
	return b
}

// q8Elements reads an 8-bit buffer of n elements in map m into a new Q8, or returns the zero Q8 on a short input.
func q8Elements(d *decoder, m kernels.Q8Map, n int) kernels.Q8 {
	codes := d.bytes(n)
	raw := d.bytes(4 * kernels.Q8Blocks(n))
	if d.err != nil {
		return kernels.Q8{}
	}
	q := kernels.NewQ8(m, n)
	copy(q.Codes, codes)
	for j := range q.Scales {
		q.Scales[j] = math.Float32frombits(binary.LittleEndian.Uint32(raw[4*j:]))
	}
	return q
}

// badScale describes the first scale of q that no quantization stores, or returns "": negative, infinite, or a
// NaN other than the quiet NaN of a block that held one (which badValue then refuses as it dequantizes to NaN).
func badScale(q kernels.Q8) string {
	for j, v := range q.Scales {
		if !(v >= 0 && v <= math.MaxFloat32) && math.Float32bits(v) != 0x7fc00000 {
			return fmt.Sprintf(" scale [%d] is %v, want finite and ≥ 0", j, v)
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
