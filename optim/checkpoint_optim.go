package optim

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"
)

// extraStater is an optimizer with scalar state beyond the core's (NAdam's mu_product per group).
type extraStater interface {
	extraState() []float64
	checkExtraState([]float64) error
}

func (c *core[F]) checkpointKind() string { return c.name }

func (c *core[F]) checkpointSize() int64 {
	size := int64(unsafe.Sizeof(F(0)))
	n := int64(1+8+4+8*len(c.extra())) + 4
	for _, g := range c.groups {
		n += 8 + 4
		for _, name := range g.names {
			n += 4 + int64(len(name))
		}
	}
	for i, p := range c.params {
		n += 4 + int64(len(p.Name)) + 8 + 4 + size*int64(len(c.state[i]))*int64(c.lens[i])
	}
	return n
}

func (c *core[F]) appendCheckpoint(b []byte) []byte {
	le := binary.LittleEndian
	b = append(b, byte(unsafe.Sizeof(F(0))))
	b = le.AppendUint64(b, uint64(c.t))
	b = appendFloats(b, c.extra())
	b = le.AppendUint32(b, uint32(len(c.groups)))
	i := 0
	for _, g := range c.groups {
		b = le.AppendUint64(b, math.Float64bits(g.lr))
		b = le.AppendUint32(b, uint32(g.params))
		for end := i + g.params; i < end; i++ {
			b = appendString(b, c.params[i].Name)
			b = le.AppendUint64(b, uint64(c.lens[i]))
			b = le.AppendUint32(b, uint32(len(g.names)))
			for k, name := range g.names {
				b = appendString(b, name)
				b, _ = binary.Append(b, le, c.state[i][k]) // a slice of floats cannot fail
			}
		}
	}
	return b
}

func (c *core[F]) readCheckpoint(d *decoder) (func() error, error) {
	size := int(unsafe.Sizeof(F(0)))
	if es := d.bytes(1); len(es) == 1 && int(es[0]) != size {
		return nil, fmt.Errorf("optim: %s: checkpoint of %d-byte elements, this optimizer has %d-byte ones", c.name, es[0], size)
	}
	t := d.count()
	extra := d.floats("extra scalars", len(c.extra()))
	if n := d.u32(); d.err == nil && int(n) != len(c.groups) {
		return nil, fmt.Errorf("optim: %s: checkpoint has %d parameter groups, the optimizer %d", c.name, n, len(c.groups))
	}
	lrs := make([]float64, len(c.groups))
	state := make([][][]F, len(c.params))
	i := 0
	for g, gs := range c.groups {
		lrs[g] = d.f64()
		if n := d.u32(); d.err == nil && int(n) != gs.params {
			return nil, fmt.Errorf("optim: %s: checkpoint group %d has %d parameters, the optimizer's %d", c.name, g, n, gs.params)
		}
		for end := i + gs.params; i < end; i++ {
			p := c.params[i]
			if name := d.string(); d.err == nil && name != p.Name {
				return nil, fmt.Errorf("optim: %s: checkpoint parameter %d is %q, the optimizer's %q", c.name, i, name, p.Name)
			}
			if n := d.u64(); d.err == nil && n != uint64(c.lens[i]) {
				return nil, fmt.Errorf("optim: %s: checkpoint parameter %q has %d elements, want %d", c.name, p.Name, n, c.lens[i])
			}
			if n := int(d.u32()); d.err == nil && n != len(gs.names) {
				return nil, fmt.Errorf("optim: %s: checkpoint parameter %q has %d state buffers, want %d", c.name, p.Name, n, len(gs.names))
			}
			state[i] = make([][]F, len(gs.names))
			for k, want := range gs.names {
				if name := d.string(); d.err == nil && name != want {
					return nil, fmt.Errorf("optim: %s: checkpoint parameter %q has state %q where %q belongs", c.name, p.Name, name, want)
				}
				state[i][k] = make([]F, c.lens[i])
				if raw := d.bytes(size * c.lens[i]); d.err == nil {
					binary.Decode(raw, binary.LittleEndian, state[i][k]) // raw has exactly the elements' size
				}
			}
		}
	}
	if d.err != nil {
		return nil, nil // the caller reports d.err
	}
	for g, lr := range lrs {
		if !(lr >= 0) || math.IsInf(lr, 0) {
			return nil, fmt.Errorf("optim: %s: checkpoint with learning rate %v for group %d", c.name, lr, g)
		}
	}
	if c.owner != nil {
		if err := c.owner.checkExtraState(extra); err != nil {
			return nil, err
		}
	}
	return func() error {
		for i := range state {
			for k := range state[i] {
				copy(c.state[i][k], state[i][k])
			}
		}
		for g, lr := range lrs {
			c.groups[g].lr = lr
		}
		if c.owner != nil {
			copy(c.owner.extraState(), extra)
		}
		c.t = t
		return nil
	}, nil
}

// extra returns the owner's scalar state, if it has any.
func (c *core[F]) extra() []float64 {
	if c.owner == nil {
		return nil
	}
	return c.owner.extraState()
}
