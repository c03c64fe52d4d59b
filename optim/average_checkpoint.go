package optim

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"
)

// An Average's part of a checkpoint (see SaveCheckpoint) holds its count, its configuration (an EMA's) and its
// averages; it is restored only into an Average of the same kind, configuration and parameters.

func (a *Average[F]) checkpointKind() string {
	if a == nil || a.kind == "" {
		return "Average"
	}
	return a.kind
}

func (a *Average[F]) checkpointSize() int64 {
	n := int64(1 + 8 + 2 + 4*8 + 4)
	if a == nil {
		return n
	}
	for i, p := range a.params {
		n += 4 + int64(len(p.Name)) + 8 + int64(unsafe.Sizeof(F(0)))*int64(a.lens[i])
	}
	return n
}

// configFields are an EMA's configuration as a checkpoint holds it: the zero configuration for SWA.
func (a *Average[F]) configFields() (flags [2]bool, vals [4]float64) {
	c := a.cfg
	return [2]bool{c.WeightedSum, c.Warmup}, [4]float64{c.Decay, c.WarmupGamma, c.WarmupPower, c.MinDecay}
}

func (a *Average[F]) appendCheckpoint(b []byte) ([]byte, error) {
	if a == nil || a.params == nil {
		return nil, fmt.Errorf("a nil or zero Average (make one with NewEMA or NewSWA)")
	}
	if a.swapped {
		return nil, fmt.Errorf("the averages are swapped in (Swap back first)")
	}
	le := binary.LittleEndian
	b = le.AppendUint64(append(b, byte(unsafe.Sizeof(F(0)))), uint64(a.n))
	flags, vals := a.configFields()
	for _, f := range flags {
		b = append(b, boolByte(f))
	}
	for _, v := range vals {
		b = le.AppendUint64(b, math.Float64bits(v))
	}
	return appendNamedBuffers(b, a.params, a.lens, a.avg, a.n > 0), nil
}

func boolByte(v bool) byte {
	if v {
		return 1
	}
	return 0
}

func (a *Average[F]) readCheckpoint(d *decoder) (func() error, error) {
	if a == nil || a.params == nil {
		return nil, fmt.Errorf("optim: Average: checkpoint into a nil or zero Average (make one with NewEMA or NewSWA)")
	}
	k := a.kind
	if size := int(d.u8()); d.err == nil && size != int(unsafe.Sizeof(F(0))) {
		return nil, fmt.Errorf("optim: %s: checkpoint of %d-byte elements, this average's are %d-byte", k, size, unsafe.Sizeof(F(0)))
	}
	n := d.count()
	flags, vals := a.configFields()
	names := [...]string{"WeightedSum", "Warmup", "Decay", "WarmupGamma", "WarmupPower", "MinDecay"}
	for i, want := range flags {
		if got := d.u8(); d.err == nil && got != boolByte(want) {
			return nil, fmt.Errorf("optim: %s: checkpoint with %s=%v, this average's %v", k, names[i], got == 1, want)
		}
	}
	for i, want := range vals {
		if got := d.f64(); d.err == nil && math.Float64bits(got) != math.Float64bits(want) {
			return nil, fmt.Errorf("optim: %s: checkpoint with %s=%v, this average's %v", k, names[2+i], got, want)
		}
	}
	avg, err := readNamedBuffers(d, k, "average", a.params, a.lens, n > 0)
	if d.err != nil || err != nil {
		return nil, err // on d.err, nil: the caller reports d.err
	}
	if a.swapped {
		return nil, fmt.Errorf("optim: %s: loading while the averages are swapped in (Swap back first)", k)
	}
	return func() error {
		for i, s := range avg {
			if s != nil {
				copy(a.avg[i], s)
			} else {
				clear(a.avg[i])
			}
		}
		a.n = n
		return nil
	}, nil
}
