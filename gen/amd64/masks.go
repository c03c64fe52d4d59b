package main

import (
	"github.com/mmcloughlin/avo/attr"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/operand"
)

// masks makes the read-only bit masks the functions of one generated file broadcast. A file declares each mask once,
// however many of its functions read it: a second declaration of one symbol does not assemble.
type masks struct {
	c    *build.Context
	made map[string]operand.Mem
}

func newMasks(c *build.Context) *masks { return &masks{c: c, made: map[string]operand.Mem{}} }

// get returns the read-only element of type e named name + e's suffix: bits32 for float32, bits64 for float64.
func (m *masks) get(name string, e elem, bits32 uint32, bits64 uint64) operand.Mem {
	name += e.suffix
	if g, ok := m.made[name]; ok {
		return g
	}
	g := m.c.StaticGlobal(name)
	m.c.DataAttributes(attr.RODATA | attr.NOPTR)
	if e.size == 4 {
		m.c.AddDatum(0, operand.U32(bits32))
	} else {
		m.c.AddDatum(0, operand.U64(bits64))
	}
	m.made[name] = g
	return g
}

// lanes returns the read-only vector named name holding bits in every 32-bit lane, 64 bytes long so that an
// operand of any width, XMM to ZMM, reads only copies of bits.
func (m *masks) lanes(name string, bits uint32) operand.Mem {
	return m.vector(name, func(int) uint32 { return bits })
}

// vector returns the read-only ZMM-wide vector named name whose 32-bit lane i holds lane(i).
func (m *masks) vector(name string, lane func(i int) uint32) operand.Mem {
	if g, ok := m.made[name]; ok {
		return g
	}
	g := m.c.StaticGlobal(name)
	m.c.DataAttributes(attr.RODATA | attr.NOPTR)
	for i := range 16 {
		m.c.AddDatum(4*i, operand.U32(lane(i)))
	}
	m.made[name] = g
	return g
}

// abs returns all the bits but the sign: x AND it is |x|.
func (m *masks) abs(e elem) operand.Mem { return m.get("absmask", e, 1<<31-1, 1<<63-1) }

// exponent returns the exponent bits: x AND them is all of them exactly when x is NaN or ±Inf.
func (m *masks) exponent(e elem) operand.Mem { return m.get("expmask", e, 0xff<<23, 0x7ff<<52) }
