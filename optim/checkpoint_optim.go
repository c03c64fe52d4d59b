package optim

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// extraStater is an optimizer with scalar state beyond Core's, a few scalars per group: NAdam's mu_product,
// ASGD's eta and mu.
type extraStater interface {
	extraNames() []string              // PyTorch's names of a group's scalars
	extraState() []float64             // every group's scalars, group after group, each in extraNames' order
	initialExtra(lr float64) []float64 // a group's scalars before its first step, at rate lr
	checkExtraState([]float64) error
}

func (c *Core[F]) checkpointKind() string { return c.name }

func (c *Core[F]) checkpointSize() int64 {
	size := int64(unsafe.Sizeof(F(0)))
	n := int64(1+8+4+8*len(c.extra())) + 4
	for _, g := range c.groups {
		n += 8 + 4 + maxCheckpointName + 4
		for _, name := range g.names {
			n += 4 + int64(len(name))
		}
	}
	for i, p := range c.params {
		k, n0 := int64(len(c.groups[c.group[i]].names)), int64(c.lens[i])
		st := size * n0
		switch c.stateType(i) {
		case StateBF16, StateF16:
			st = 2 * n0
		case StateQ8:
			st = n0 + 4*int64(kernels.Q8Blocks(c.lens[i]))
		}
		n += 4 + int64(len(p.Name)) + 8 + 1 + 4 + k + size*n0 + k*st
	}
	return n
}

func (c *Core[F]) appendCheckpoint(b []byte) ([]byte, error) { return c.appendState(b, true) }

func (c *Core[F]) readCheckpoint(d *decoder) (func() error, error) { return c.readState(d, true) }

// StateOnly returns the part of a checkpoint that holds an optimizer's state without its parameters' values, for a
// run whose values are saved elsewhere; loading it leaves the values as they are. Any other part is returned as it
// is.
func StateOnly(part Checkpointed) Checkpointed {
	if o, ok := part.(interface{ stateOnly() Checkpointed }); ok {
		return o.stateOnly()
	}
	return part
}

func (c *Core[F]) stateOnly() Checkpointed { return stateOnlyPart[F]{c} }

// stateOnlyPart is an optimizer's part of a checkpoint without the values.
type stateOnlyPart[F kernels.Float] struct{ c *Core[F] }

func (s stateOnlyPart[F]) checkpointKind() string { return s.c.name }
func (s stateOnlyPart[F]) checkpointSize() int64  { return s.c.checkpointSize() }
func (s stateOnlyPart[F]) appendCheckpoint(b []byte) ([]byte, error) {
	return s.c.appendState(b, false)
}
func (s stateOnlyPart[F]) readCheckpoint(d *decoder) (func() error, error) {
	return s.c.readState(d, false)
}

// appendState appends the optimizer's part: its state, and the values if withValues.
func (c *Core[F]) appendState(b []byte, withValues bool) ([]byte, error) {
	le := binary.LittleEndian
	b = append(b, byte(unsafe.Sizeof(F(0))))
	b = le.AppendUint64(b, uint64(c.t))
	b = appendFloats(b, c.extra())
	b = le.AppendUint32(b, uint32(len(c.groups)))
	i := 0
	for _, g := range c.groups {
		b = le.AppendUint64(b, math.Float64bits(g.lr))
		opts, err := json.Marshal(g.options) // keys sorted: the same state gives the same bytes
		if err != nil {
			return nil, err
		}
		b = appendString(b, string(opts))
		b = le.AppendUint32(b, uint32(g.params))
		for end := i + g.params; i < end; i++ {
			b = appendString(b, c.params[i].Name)
			b = le.AppendUint64(b, uint64(c.lens[i]))
			if withValues {
				b = appendElements(append(b, 1), c.params[i].Value)
			} else {
				b = append(b, 0)
			}
			b = le.AppendUint32(b, uint32(len(g.names)))
			for k, name := range g.names {
				b = append(appendString(b, name), byte(g.stateType))
				switch h := c.half[i]; {
				case h.bf16 != nil:
					b = appendHalf(b, h.bf16[k])
				case h.f16 != nil:
					b = appendHalf(b, h.f16[k])
				case h.q8 != nil:
					b = appendQ8(b, h.q8[k])
				default:
					b = appendElements(b, c.state[i][k])
				}
			}
		}
	}
	return b, nil
}

// readState reads and checks an optimizer's part, of any version, and returns what restores it: the state, and
// the values if the part holds them and restoreValues.
func (c *Core[F]) readState(d *decoder, restoreValues bool) (func() error, error) {
	size := int(unsafe.Sizeof(F(0)))
	if es := d.u8(); d.err == nil && int(es) != size {
		return nil, fmt.Errorf("optim: %s: checkpoint of %d-byte elements, this optimizer has %d-byte ones", c.name, es, size)
	}
	t := d.count()
	var lrs []float64
	if d.version == 1 {
		lrs = []float64{d.f64()}
	}
	extra := d.floats("extra scalars", len(c.extra()))
	groups := 1
	if d.version > 1 {
		groups = int(d.u32())
	}
	if d.err == nil && groups != len(c.groups) {
		return nil, fmt.Errorf("optim: %s: checkpoint has %d parameter groups, the optimizer %d", c.name, groups, len(c.groups))
	}
	values := make([][]F, len(c.params))
	state := make([][][]F, len(c.params))
	half := make([]halfState, len(c.params))
	i := 0
	for g, gs := range c.groups {
		if d.version > 1 {
			lrs = append(lrs, d.f64())
		}
		if d.version > 2 {
			if opts := d.string(); d.err == nil {
				if err := c.checkpointOptions(g, opts); err != nil {
					return nil, err
				}
			}
		}
		if d.version > 1 {
			if n := int(d.u32()); d.err == nil && n != gs.params {
				return nil, fmt.Errorf("optim: %s: checkpoint group %d has %d parameters, the optimizer's %d", c.name, g, n, gs.params)
			}
		} else if n := int(d.u32()); d.err == nil && n != len(c.params) {
			return nil, fmt.Errorf("optim: %s: checkpoint group 0 has %d parameters, the optimizer's %d", c.name, n, len(c.params))
		}
		for end := i + gs.params; i < end; i++ {
			p := c.params[i]
			if name := d.string(); d.err == nil && name != p.Name {
				return nil, fmt.Errorf("optim: %s: checkpoint parameter %d is %q, the optimizer's %q", c.name, i, name, p.Name)
			}
			if n := d.u64(); d.err == nil && n != uint64(c.lens[i]) {
				return nil, fmt.Errorf("optim: %s: checkpoint parameter %q has %d elements, want %d", c.name, p.Name, n, c.lens[i])
			}
			if d.version > 2 {
				switch has := d.u8(); {
				case d.err == nil && has > 1:
					return nil, fmt.Errorf("optim: %s: checkpoint parameter %q: value flag %d, want 0 or 1", c.name, p.Name, has)
				case has == 1:
					values[i] = elements[F](d, c.lens[i])
				}
			}
			if bad := badValue(values[i], false); bad != "" {
				return nil, fmt.Errorf("optim: %s: checkpoint parameter %q: value%s", c.name, p.Name, bad)
			}
			if n := int(d.u32()); d.err == nil && n != len(gs.names) {
				return nil, fmt.Errorf("optim: %s: checkpoint parameter %q has %d state buffers, want %d", c.name, p.Name, n, len(gs.names))
			}
			state[i] = make([][]F, len(gs.names))
			for k, want := range gs.names {
				if name := d.string(); d.err == nil && name != want {
					return nil, fmt.Errorf("optim: %s: checkpoint parameter %q has state %q where %q belongs", c.name, p.Name, name, want)
				}
				st := StateFloat32
				if d.version > 3 {
					st = StateType(d.u8())
				}
				if d.err == nil && st != gs.stateType {
					return nil, fmt.Errorf("optim: %s: checkpoint parameter %q: %s is kept in %v, the optimizer keeps it in %v (the config's State)",
						c.name, p.Name, want, st.describe(), gs.stateType.describe())
				}
				var bad string
				switch st {
				case StateBF16:
					h := halfElements[kernels.BF16](d, c.lens[i])
					half[i].bf16 = append(half[i].bf16, h)
					bad = badValue(widened[F](h), nonNegativeState[want])
				case StateF16:
					h := halfElements[kernels.F16](d, c.lens[i])
					half[i].f16 = append(half[i].f16, h)
					bad = badValue(widened[F](h), nonNegativeState[want])
				case StateQ8:
					q := q8Elements(d, q8Map(want), c.lens[i])
					half[i].q8 = append(half[i].q8, q)
					if bad = badScale(q); bad == "" && d.err == nil {
						bad = badValue(dequantized[F](q), nonNegativeState[want])
					}
				default:
					state[i][k] = elements[F](d, c.lens[i])
					bad = badValue(state[i][k], nonNegativeState[want])
				}
				if bad != "" {
					return nil, fmt.Errorf("optim: %s: checkpoint parameter %q: %s%s", c.name, p.Name, want, bad)
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
				switch h := half[i]; {
				case h.bf16 != nil:
					copy(c.half[i].bf16[k], h.bf16[k])
				case h.f16 != nil:
					copy(c.half[i].f16[k], h.f16[k])
				case h.q8 != nil:
					copy(c.half[i].q8[k].Codes, h.q8[k].Codes)
					copy(c.half[i].q8[k].Scales, h.q8[k].Scales)
				default:
					copy(c.state[i][k], state[i][k])
				}
			}
			if values[i] != nil && restoreValues {
				copy(c.params[i].Value, values[i])
			}
		}
		for g, lr := range lrs {
			c.groups[g].lr = lr
		}
		if c.owner != nil {
			copy(c.owner.extraState(), extra)
		}
		c.t = t
		if restoreValues {
			for i, v := range values {
				if v != nil {
					c.refreshCopy(i)
				}
			}
		}
		return nil
	}, nil
}

// checkpointOptions checks group g's options as a checkpoint gives them, JSON, by the rule SetTorchState follows.
func (c *Core[F]) checkpointOptions(g int, text string) error {
	var opts map[string]any
	if err := json.Unmarshal([]byte(text), &opts); err != nil {
		return fmt.Errorf("optim: %s: checkpoint group %d: options %.40q: %v", c.name, g, text, err)
	}
	if diff := c.differentOption(g, opts); diff != "" {
		return fmt.Errorf("optim: %s: checkpoint group %d: %s", c.name, g, diff)
	}
	return nil
}

// extra returns the owner's scalar state, if it has any.
func (c *Core[F]) extra() []float64 {
	if c.owner == nil {
		return nil
	}
	return c.owner.extraState()
}
