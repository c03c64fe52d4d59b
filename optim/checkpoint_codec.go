package optim

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

func appendString(b []byte, s string) []byte {
	return append(binary.LittleEndian.AppendUint32(b, uint32(len(s))), s...)
}

func appendFloats(b []byte, xs []float64) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(xs)))
	for _, x := range xs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
	}
	return b
}

// appendElements appends the elements of x, little-endian.
func appendElements[F kernels.Float](b []byte, x []F) []byte {
	b, _ = binary.Append(b, binary.LittleEndian, x) // a slice of floats cannot fail
	return b
}

// decoder reads a checkpoint's fields, remembering the first overrun.
type decoder struct {
	data    []byte
	at      int
	err     error
	version uint32 // of the checkpoint, for the parts whose layout changed
}

func (d *decoder) bytes(n int) []byte {
	if d.err != nil || n < 0 || n > len(d.data)-d.at {
		if d.err == nil {
			d.err = errors.New("truncated")
		}
		return nil
	}
	b := d.data[d.at : d.at+n]
	d.at += n
	return b
}

func (d *decoder) u8() byte {
	if b := d.bytes(1); b != nil {
		return b[0]
	}
	return 0
}

func (d *decoder) u32() uint32 {
	if b := d.bytes(4); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (d *decoder) u64() uint64 {
	if b := d.bytes(8); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

func (d *decoder) f64() float64 { return math.Float64frombits(d.u64()) }

// count reads a u64 count that must fit an int ≥ 0 (a step, an epoch).
func (d *decoder) count() int {
	n := d.u64()
	if d.err == nil && n > uint64(math.MaxInt) {
		d.err = fmt.Errorf("a count of %d", n)
	}
	return int(n)
}

func (d *decoder) string() string {
	n := d.u32()
	if n > maxCheckpointName {
		if d.err == nil {
			d.err = fmt.Errorf("a name of %d bytes", n)
		}
		return ""
	}
	return string(d.bytes(int(n)))
}

// floats reads a count and that many f64, which must be want of them.
func (d *decoder) floats(what string, want int) []float64 {
	if n := d.u32(); d.err == nil && int(n) != want {
		d.err = fmt.Errorf("%d %s, want %d", n, what, want)
	}
	if d.err != nil {
		return nil
	}
	xs := make([]float64, want)
	for i := range xs {
		xs[i] = d.f64()
	}
	return xs
}

// elements reads n elements of F into a new slice.
func elements[F kernels.Float](d *decoder, n int) []F {
	raw := d.bytes(int(unsafe.Sizeof(F(0))) * n)
	if raw == nil {
		return nil
	}
	x := make([]F, n)
	binary.Decode(raw, binary.LittleEndian, x) // raw has exactly the elements' size
	return x
}
