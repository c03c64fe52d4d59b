package optim

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/fastgrad/fastgrad/internal/atomicfile"
)

// The checkpoint format, version 4, all little-endian:
//
//	"FGCK" · version u32 · body size u64 · body · CRC-32C u32 of everything before it
//	body: parts u32 · each part: kind (string) · size u64 · its state
//
// A string is a u32 length then its bytes. The size comes before the body and the checksum is checked before any
// field of the body is read, so damage anywhere reads as damage, and a reader takes exactly the checkpoint's bytes
// from a stream, leaving what follows. The parts are those given to SaveCheckpoint, in order; each kind writes its
// own state:
//
//	optimizer (kind: its name, e.g. "Adam"): element size u8 · step u64 · extra scalars (u32 count, f64 each)
//		· groups u32, each: lr f64 · options (string: JSON, PyTorch's names) · parameters u32, each:
//		name (string) · length u64 · value u8 (1 if the value follows, 0 for StateOnly) · [length elements]
//		· state buffers u32, each: name (string) · type u8 (0: of the element size, 1: bfloat16, 2: float16,
//		3: 8-bit blockwise, as StateType) · length elements of that type; for type 3, length codes u8, then
//		⌈length/256⌉ block scales f32 (the map is the buffer's: unsigned for sums of squares, else signed)
//	"Scheduler": step u64 · base rates (u32 count, f64 each)
//	"ReduceLROnPlateau": epoch u64 · best f64 · bad epochs u64 · cooldown u64 · rates (u32 count, f64 each)
//	"GradScaler": scale f64 · growth tracker u64
//	"Accumulator": k u64 · pending u64 · parameters u32, each: name (string) · length u64 · [length elements of
//		the pending sum, if pending > 0]
//	"EMA", "SWA" (an Average): element size u8 · count u64 · WeightedSum u8 · Warmup u8 · Decay f64
//		· WarmupGamma f64 · WarmupPower f64 · MinDecay f64 (SWA: all 0) · parameters u32, each: name (string)
//		· length u64 · [length elements of the average, if count > 0]
//	a user's part (kind: "user:" and its name): the bytes it marshals to
//
// Versions 1 (one optimizer, one group), 2 (the parts as above without the framing's size, the groups' options
// or the values) and 3 (without the state buffers' type) are still read: 1 and 2 to the end of the input, which
// their checksum covers. An optimizer whose config keeps its state in a compact type refuses the older versions, which
// hold it in the element type, as it refuses a state of another type.
const (
	checkpointMagic   = "FGCK"
	checkpointVersion = 4
	maxCheckpointName = 1 << 16 // longer names are corruption, not parameters
)

// Checkpointed is a part of a training run whose state SaveCheckpoint writes and LoadCheckpoint restores: every
// optimizer of this package (with its parameters' values; StateOnly leaves them out), *Scheduler,
// *ReduceLROnPlateau, *GradScaler, *Accumulator, *Average, and a user's own state through Bytes, Binary, Marshaled
// and Tensor. Its methods are unexported: a checkpoint holds only state that can be checked before it is restored.
type Checkpointed interface {
	// checkpointKind names the part in the checkpoint.
	checkpointKind() string
	// checkpointSize bounds the size of the part's state (unboundedSize if it has no bound), so that Load reads
	// no more than it may need.
	checkpointSize() int64
	// appendCheckpoint appends the part's state to b.
	appendCheckpoint(b []byte) ([]byte, error)
	// readCheckpoint reads and checks the part's state, changing nothing, and returns what restores it.
	readCheckpoint(d *decoder) (restore func() error, err error)
}

// SaveCheckpoint writes the state of every part, in order, as one checkpoint: typically the optimizers (with their
// parameters' values), schedulers, loss scaler and accumulator of a run, and the user's own parts (the epoch, the
// RNG, the data loader's position), so that a run is saved whole, at one point, in one checksummed unit. Nothing is
// written unless every part could be encoded.
func SaveCheckpoint(w io.Writer, parts ...Checkpointed) error {
	b, err := encodeCheckpoint(parts)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// LoadCheckpoint restores a checkpoint written by SaveCheckpoint into parts of the same kinds, in the same order,
// over the same parameters and options. It reads exactly the checkpoint's bytes from r (versions 3 and 4; older versions
// to the end of r), and checks everything before it changes anything: on an error, which names the part and the
// field that differs (or damage, or an unknown version), every part is left as it was. An optimizer's checkpoint
// restores its parameters' values when it holds them. The one exception to all-or-nothing is a part whose restore
// itself can fail after the checks passed: an LRGroups of the caller's own under a Scheduler or
// ReduceLROnPlateau that rejects a checked rate (this package's optimizers reject none), or a Marshaled value whose
// UnmarshalBinary fails where it succeeded on a fresh value. That part is left as it was, the parts before it are
// restored.
func LoadCheckpoint(r io.Reader, parts ...Checkpointed) error {
	return loadCheckpoint(r, nil, parts)
}

// loadCheckpoint is LoadCheckpoint, with atEnd, if not nil, checked after the checkpoint is read and before any
// part is restored.
func loadCheckpoint(r io.Reader, atEnd func() error, parts []Checkpointed) error {
	if len(parts) == 0 {
		return errors.New("optim: LoadCheckpoint: no parts")
	}
	for _, p := range parts {
		if p == nil {
			return errors.New("optim: LoadCheckpoint: a nil part")
		}
	}
	body, version, err := readFrame(r, checkpointLimit(parts))
	if err != nil {
		return err
	}
	restores, err := decodeParts(body, version, parts)
	if err != nil {
		return err
	}
	if atEnd != nil {
		if err := atEnd(); err != nil {
			return err
		}
	}
	for i, restore := range restores {
		if err := restore(); err != nil {
			return fmt.Errorf("optim: checkpoint part %d (%s): %w", i, parts[i].checkpointKind(), err)
		}
	}
	return nil
}

// SaveCheckpointFile writes SaveCheckpoint's output to path atomically: a temporary file, synced, then renamed over
// path, so that path holds the old checkpoint or the whole new one, whatever happens.
func SaveCheckpointFile(path string, parts ...Checkpointed) error {
	b, err := encodeCheckpoint(parts)
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, b)
}

// LoadCheckpointFile is LoadCheckpoint from the file at path. The checkpoint must be the whole file: bytes after it
// are an error.
func LoadCheckpointFile(path string, parts ...Checkpointed) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return loadCheckpoint(f, func() error {
		switch n, err := f.Read(make([]byte, 1)); {
		case n > 0:
			return fmt.Errorf("optim: %s: bytes after the checkpoint: not a checkpoint file, or a damaged one", path)
		case err != io.EOF:
			return fmt.Errorf("optim: reading a checkpoint: %w", err)
		}
		return nil
	}, parts)
}

// CheckpointVersion is the version of the format SaveCheckpoint writes. LoadCheckpoint reads it and every earlier
// one.
const CheckpointVersion = checkpointVersion
