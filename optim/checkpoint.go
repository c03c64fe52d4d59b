package optim

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"unsafe"
)

// The checkpoint format, version 1, all little-endian:
//
//	"FGCK" · version u32 · optimizer (string) · element size u8 · step i64 · lr f64 · extra scalars (u32 count, f64 each)
//	· parameters u32, each: name (string) · length u64 · state buffers u32, each: name (string) · length elements
//	· CRC-32C u32 of everything before it
//
// A string is a u32 length then its bytes. Load checks every field against the optimizer it restores into, so a
// checkpoint of another optimizer, element type, parameter set or shape is refused with an error that says which.
const (
	checkpointMagic   = "FGCK"
	checkpointVersion = 1
	maxCheckpointName = 1 << 16 // longer names are corruption, not parameters
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// extraStater is an optimizer with scalar state beyond the core's (NAdam's mu_product).
type extraStater interface {
	extraState() []float64
	setExtraState([]float64) error
}

// Save writes the optimizer's whole state: its step count, learning rate, every parameter's state buffers and
// any scalar state. The parameters' values are the caller's and are not included.
func (c *core[F]) save(w io.Writer, extra []float64) error {
	var b bytes.Buffer
	b.WriteString(checkpointMagic)
	le := binary.LittleEndian
	b.Write(le.AppendUint32(nil, checkpointVersion))
	putString(&b, c.name)
	b.WriteByte(byte(unsafe.Sizeof(F(0))))
	b.Write(le.AppendUint64(nil, uint64(c.t)))
	b.Write(le.AppendUint64(nil, math.Float64bits(c.lr)))
	b.Write(le.AppendUint32(nil, uint32(len(extra))))
	for _, x := range extra {
		b.Write(le.AppendUint64(nil, math.Float64bits(x)))
	}
	b.Write(le.AppendUint32(nil, uint32(len(c.params))))
	for i, p := range c.params {
		putString(&b, p.Name)
		b.Write(le.AppendUint64(nil, uint64(c.lens[i])))
		b.Write(le.AppendUint32(nil, uint32(len(c.names))))
		for k, name := range c.names {
			putString(&b, name)
			if err := binary.Write(&b, le, c.state[i][k]); err != nil {
				return err
			}
		}
	}
	b.Write(le.AppendUint32(nil, crc32.Checksum(b.Bytes(), castagnoli)))
	_, err := w.Write(b.Bytes())
	return err
}

func putString(b *bytes.Buffer, s string) {
	b.Write(binary.LittleEndian.AppendUint32(nil, uint32(len(s))))
	b.WriteString(s)
}

// load reads a checkpoint written by save for an optimizer of the same kind, element type and parameters, and
// restores it, handing the nextra extra scalars to setExtra (if not nil), which may refuse them. Nothing changes
// unless every check passes.
func (c *core[F]) load(r io.Reader, nextra int, setExtra func([]float64) error) error {
	size := int64(unsafe.Sizeof(F(0)))
	// The size a checkpoint for this optimizer has: read at most that and a little more (room for another
	// optimizer's header, to name it), so that a huge or endless input costs nothing.
	want := int64(4+4+4+len(c.name)+1+8+8+4) + 8*int64(nextra) + 4 + 4
	for i, p := range c.params {
		want += 4 + int64(len(p.Name)) + 8 + 4
		for _, name := range c.names {
			want += 4 + int64(len(name)) + size*int64(c.lens[i])
		}
	}
	data, err := io.ReadAll(io.LimitReader(r, want+1<<16))
	if err != nil {
		return fmt.Errorf("optim: %s: reading a checkpoint: %w", c.name, err)
	}
	d := &decoder{data: data}
	if string(d.bytes(4)) != checkpointMagic {
		return fmt.Errorf("optim: %s: not a fastgrad checkpoint", c.name)
	}
	if v := d.u32(); v != checkpointVersion {
		return fmt.Errorf("optim: %s: checkpoint version %d, this build reads %d", c.name, v, checkpointVersion)
	}
	if len(data) < 12 {
		return fmt.Errorf("optim: %s: checkpoint truncated", c.name)
	}
	if sum, at := crc32.Checksum(data[:len(data)-4], castagnoli), binary.LittleEndian.Uint32(data[len(data)-4:]); sum != at {
		return fmt.Errorf("optim: %s: checkpoint checksum %08x, want %08x: the file is corrupt or truncated", c.name, at, sum)
	}
	d.data = data[:len(data)-4]
	if name := d.string(); name != c.name {
		return fmt.Errorf("optim: checkpoint of a %s, loading into a %s", name, c.name)
	}
	if es := d.bytes(1); len(es) == 1 && int64(es[0]) != size {
		return fmt.Errorf("optim: %s: checkpoint of %d-byte elements, this optimizer has %d-byte ones", c.name, es[0], size)
	}
	t, lr := int(d.u64()), math.Float64frombits(d.u64())
	if n := int(d.u32()); d.err == nil && n != nextra {
		return fmt.Errorf("optim: %s: checkpoint has %d extra scalars, want %d", c.name, n, nextra)
	}
	extra := make([]float64, nextra)
	for i := range extra {
		extra[i] = math.Float64frombits(d.u64())
	}
	if n := int(d.u32()); d.err == nil && n != len(c.params) {
		return fmt.Errorf("optim: %s: checkpoint has %d parameters, the optimizer %d", c.name, n, len(c.params))
	}
	state := make([][][]F, len(c.params))
	for i, p := range c.params {
		if name := d.string(); d.err == nil && name != p.Name {
			return fmt.Errorf("optim: %s: checkpoint parameter %d is %q, the optimizer's %q", c.name, i, name, p.Name)
		}
		if n := d.u64(); d.err == nil && n != uint64(c.lens[i]) {
			return fmt.Errorf("optim: %s: checkpoint parameter %q has %d elements, want %d", c.name, p.Name, n, c.lens[i])
		}
		if n := int(d.u32()); d.err == nil && n != len(c.names) {
			return fmt.Errorf("optim: %s: checkpoint parameter %q has %d state buffers, want %d", c.name, p.Name, n, len(c.names))
		}
		state[i] = make([][]F, len(c.names))
		for k, want := range c.names {
			if name := d.string(); d.err == nil && name != want {
				return fmt.Errorf("optim: %s: checkpoint parameter %q has state %q where %q belongs", c.name, p.Name, name, want)
			}
			state[i][k] = make([]F, c.lens[i])
			if raw := d.bytes(int(size) * c.lens[i]); d.err == nil {
				binary.Read(bytes.NewReader(raw), binary.LittleEndian, state[i][k])
			}
		}
	}
	if d.err == nil && d.at != len(d.data) {
		d.err = fmt.Errorf("%d bytes after the last state buffer", len(d.data)-d.at)
	}
	if d.err != nil {
		return fmt.Errorf("optim: %s: checkpoint: %w", c.name, d.err)
	}
	if t < 0 || !(lr >= 0) || math.IsInf(lr, 0) {
		return fmt.Errorf("optim: %s: checkpoint with step %d and learning rate %v", c.name, t, lr)
	}
	if setExtra != nil {
		if err := setExtra(extra); err != nil {
			return err
		}
	}
	for i := range state {
		for k := range state[i] {
			copy(c.state[i][k], state[i][k])
		}
	}
	c.t, c.lr = t, lr
	return nil
}

// decoder reads the checkpoint's fields, remembering the first overrun.
type decoder struct {
	data []byte
	at   int
	err  error
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
