package optim

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"

	"github.com/fastgrad/fastgrad/internal/atomicfile"
)

// The checkpoint format, version 2, all little-endian:
//
//	"FGCK" · version u32 · parts u32 · each part: kind (string) · size u64 · its state · CRC-32C u32 of everything before
//
// A string is a u32 length then its bytes. The parts are those given to SaveCheckpoint, in order; each kind writes
// its own state:
//
//	optimizer (kind: its name, e.g. "Adam"): element size u8 · step u64 · extra scalars (u32 count, f64 each)
//		· groups u32, each: lr f64 · parameters u32, each: name (string) · length u64
//		· state buffers u32, each: name (string) · length elements
//	"Scheduler": step u64 · base rates (u32 count, f64 each)
//	"ReduceLROnPlateau": epoch u64 · best f64 · bad epochs u64 · cooldown u64 · rates (u32 count, f64 each)
//	"GradScaler": scale f64 · growth tracker u64
//
// Load checks every field against the part it restores into, so a checkpoint of another optimizer, element type,
// parameter set, shape or list of parts is refused with an error that says which.
const (
	checkpointMagic   = "FGCK"
	checkpointVersion = 2
	maxCheckpointName = 1 << 16 // longer names are corruption, not parameters
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Checkpointed is a part of a training run whose state SaveCheckpoint writes and LoadCheckpoint restores: every
// optimizer of this package, *Scheduler, *ReduceLROnPlateau and *GradScaler. Its methods are unexported: a
// checkpoint holds only state this package knows how to check.
type Checkpointed interface {
	// checkpointKind names the part in the checkpoint.
	checkpointKind() string
	// checkpointSize is the size of the part's state, or a bound on it, so that Load reads no more than it may need.
	checkpointSize() int64
	// appendCheckpoint appends the part's state to b.
	appendCheckpoint(b []byte) []byte
	// readCheckpoint reads and checks the part's state, changing nothing, and returns what restores it.
	readCheckpoint(d *decoder) (restore func() error, err error)
}

// SaveCheckpoint writes the state of every part, in order, as one checkpoint: typically an optimizer, its
// schedulers and its loss scaler, so that their positions are saved together. The parameters' values are the
// caller's to save.
func SaveCheckpoint(w io.Writer, parts ...Checkpointed) error {
	if len(parts) == 0 {
		return errors.New("optim: SaveCheckpoint: no parts")
	}
	le := binary.LittleEndian
	b := le.AppendUint32([]byte(checkpointMagic), checkpointVersion)
	b = le.AppendUint32(b, uint32(len(parts)))
	for _, p := range parts {
		if p == nil {
			return errors.New("optim: SaveCheckpoint: a nil part")
		}
		b = appendString(b, p.checkpointKind())
		at := len(b)
		b = le.AppendUint64(b, 0)
		b = p.appendCheckpoint(b)
		le.PutUint64(b[at:], uint64(len(b)-at-8))
	}
	b = le.AppendUint32(b, crc32.Checksum(b, castagnoli))
	_, err := w.Write(b)
	return err
}

// LoadCheckpoint restores a checkpoint written by SaveCheckpoint into parts of the same kinds, in the same order,
// over the same parameters. It checks everything before it changes anything: on an error, which names the part and
// the field that differs (or a bad checksum or version), every part is left as it was. The one exception is an
// LRGroups of the caller's own under a Scheduler or ReduceLROnPlateau part that rejects a rate the checks passed
// (this package's optimizers reject none): that part is left as it was, the parts before it are restored.
func LoadCheckpoint(r io.Reader, parts ...Checkpointed) error {
	if len(parts) == 0 {
		return errors.New("optim: LoadCheckpoint: no parts")
	}
	// Read at most the size a checkpoint of these parts can have, and a little more to name another part's kind,
	// so that a huge or endless input costs nothing.
	limit := int64(4 + 4 + 4 + 4 + 1<<16)
	for _, p := range parts {
		if p == nil {
			return errors.New("optim: LoadCheckpoint: a nil part")
		}
		limit += 4 + int64(len(p.checkpointKind())) + 8 + p.checkpointSize()
	}
	data, err := io.ReadAll(io.LimitReader(r, limit))
	if err != nil {
		return fmt.Errorf("optim: reading a checkpoint: %w", err)
	}
	d := &decoder{data: data}
	if string(d.bytes(4)) != checkpointMagic {
		return errors.New("optim: not a fastgrad checkpoint")
	}
	if v := d.u32(); v != checkpointVersion {
		return fmt.Errorf("optim: checkpoint version %d, this build reads %d", v, checkpointVersion)
	}
	if len(data) < 12 {
		return errors.New("optim: checkpoint truncated")
	}
	if sum, at := crc32.Checksum(data[:len(data)-4], castagnoli), binary.LittleEndian.Uint32(data[len(data)-4:]); sum != at {
		return fmt.Errorf("optim: checkpoint checksum %08x, want %08x: the file is corrupt or truncated", at, sum)
	}
	d.data = data[:len(data)-4]
	if n := d.u32(); d.err == nil && int(n) != len(parts) {
		return fmt.Errorf("optim: checkpoint of %d parts, loading into %d", n, len(parts))
	}
	restores := make([]func() error, len(parts))
	for i, p := range parts {
		kind := p.checkpointKind()
		if k := d.string(); d.err == nil && k != kind {
			return fmt.Errorf("optim: checkpoint part %d is a %s, loading into a %s", i, k, kind)
		}
		size := d.u64()
		if d.err == nil && size > uint64(len(d.data)-d.at) {
			d.err = errors.New("truncated")
		}
		if d.err != nil {
			return fmt.Errorf("optim: %s: checkpoint: %w", kind, d.err)
		}
		part := &decoder{data: d.data[d.at : d.at+int(size)]}
		d.at += int(size)
		restore, err := p.readCheckpoint(part)
		if err == nil && part.err == nil && part.at != len(part.data) {
			part.err = fmt.Errorf("%d bytes after its state", len(part.data)-part.at)
		}
		if err == nil && part.err != nil {
			err = fmt.Errorf("optim: %s: checkpoint: %w", kind, part.err)
		}
		if err != nil {
			return err
		}
		restores[i] = restore
	}
	if d.at != len(d.data) {
		return fmt.Errorf("optim: checkpoint: %d bytes after the last part", len(d.data)-d.at)
	}
	for i, restore := range restores {
		if err := restore(); err != nil {
			// Only an optimizer of the caller's own that rejects a checked rate fails here.
			return fmt.Errorf("optim: checkpoint part %d (%s): %w", i, parts[i].checkpointKind(), err)
		}
	}
	return nil
}

// SaveCheckpointFile writes SaveCheckpoint's output to path atomically: a temporary file, synced, then renamed over
// path, so that path holds the old checkpoint or the whole new one, whatever happens.
func SaveCheckpointFile(path string, parts ...Checkpointed) error {
	return atomicfile.Write(path, func(w io.Writer) error { return SaveCheckpoint(w, parts...) })
}

// LoadCheckpointFile is LoadCheckpoint from the file at path.
func LoadCheckpointFile(path string, parts ...Checkpointed) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return LoadCheckpoint(f, parts...)
}

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

// decoder reads a checkpoint's fields, remembering the first overrun.
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
