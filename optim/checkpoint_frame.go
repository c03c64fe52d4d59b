package optim

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// unboundedSize is the checkpointSize of a part whose state has no size known in advance (a user's bytes).
const unboundedSize = math.MaxInt64 / 4

// encodeCheckpoint returns the checkpoint of parts, framed and sealed.
func encodeCheckpoint(parts []Checkpointed) ([]byte, error) {
	if len(parts) == 0 {
		return nil, errors.New("optim: SaveCheckpoint: no parts")
	}
	le := binary.LittleEndian
	b := le.AppendUint32([]byte(checkpointMagic), checkpointVersion)
	b = le.AppendUint64(b, 0) // the body's size, once known
	b = le.AppendUint32(b, uint32(len(parts)))
	for _, p := range parts {
		if p == nil {
			return nil, errors.New("optim: SaveCheckpoint: a nil part")
		}
		b = appendString(b, p.checkpointKind())
		at := len(b)
		b = le.AppendUint64(b, 0)
		var err error
		if b, err = p.appendCheckpoint(b); err != nil {
			return nil, fmt.Errorf("optim: SaveCheckpoint: %s: %w", p.checkpointKind(), err)
		}
		le.PutUint64(b[at:], uint64(len(b)-at-8))
	}
	le.PutUint64(b[8:], uint64(len(b)-16))
	return le.AppendUint32(b, crc32.Checksum(b, castagnoli)), nil
}

// checkpointLimit bounds the size of a checkpoint of parts, so that a forged size or an endless input costs
// nothing: the framing, each part's kind and size, and a little more to name another part's kind.
func checkpointLimit(parts []Checkpointed) int64 {
	limit := int64(4 + 4 + 8 + 4 + 4 + maxCheckpointName)
	for _, p := range parts {
		limit += 4 + int64(len(p.checkpointKind())) + 8 + min(p.checkpointSize(), unboundedSize)
		limit = min(limit, unboundedSize)
	}
	return limit
}

// readFrame reads one checkpoint from r, at most limit bytes of it, checks its checksum, and returns its body (the
// parts) and its version. Versions 3 and 4 are read to their end and no further; versions 1 and 2, which do not give their
// size, to the end of r.
func readFrame(r io.Reader, limit int64) (body []byte, version uint32, err error) {
	head := make([]byte, 8)
	if _, err := io.ReadFull(r, head); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, 0, errors.New("optim: not a fastgrad checkpoint")
		}
		return nil, 0, fmt.Errorf("optim: reading a checkpoint: %w", err)
	}
	if string(head[:4]) != checkpointMagic {
		return nil, 0, errors.New("optim: not a fastgrad checkpoint")
	}
	le := binary.LittleEndian
	switch version = le.Uint32(head[4:]); version {
	case 1, 2:
		rest, err := io.ReadAll(io.LimitReader(r, limit))
		if err != nil {
			return nil, 0, fmt.Errorf("optim: reading a checkpoint: %w", err)
		}
		data := append(head, rest...)
		if len(data) < 12 {
			return nil, 0, errors.New("optim: checkpoint truncated")
		}
		if err := checkSum(data); err != nil {
			return nil, 0, err
		}
		return data[8 : len(data)-4], version, nil
	}
	// Version 3 or 4, or damage, or a later version framed as they are: only the checksum can tell them apart.
	size := make([]byte, 8)
	if _, err := io.ReadFull(r, size); err != nil {
		return nil, 0, truncated(err)
	}
	n := le.Uint64(size)
	if n > uint64(limit) {
		return nil, 0, fmt.Errorf("optim: checkpoint of %d bytes, more than these parts can take: the file is corrupt, or of other parts", n)
	}
	rest, err := io.ReadAll(io.LimitReader(r, int64(n)+4)) // grows with what r gives, not with a forged n
	if err != nil {
		return nil, 0, fmt.Errorf("optim: reading a checkpoint: %w", err)
	}
	if uint64(len(rest)) < n+4 {
		return nil, 0, fmt.Errorf("optim: checkpoint truncated: %d of its %d bytes", 16+len(rest), 16+n+4)
	}
	data := append(append(head, size...), rest...)
	if err := checkSum(data); err != nil {
		return nil, 0, err
	}
	if version < 3 || version > checkpointVersion {
		return nil, 0, fmt.Errorf("optim: checkpoint version %d, this build reads 1 to %d", version, checkpointVersion)
	}
	return data[16 : len(data)-4], version, nil
}

// truncated is the error of a checkpoint whose input ended in its framing.
func truncated(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("optim: checkpoint truncated")
	}
	return fmt.Errorf("optim: reading a checkpoint: %w", err)
}

// checkSum checks the CRC-32C that ends data.
func checkSum(data []byte) error {
	sum, at := crc32.Checksum(data[:len(data)-4], castagnoli), binary.LittleEndian.Uint32(data[len(data)-4:])
	if sum != at {
		return fmt.Errorf("optim: checkpoint checksum %08x, want %08x: the file is corrupt or truncated", at, sum)
	}
	return nil
}

// decodeParts reads a checkpoint's body into parts, checking every field and changing nothing, and returns what
// restores each part.
func decodeParts(body []byte, version uint32, parts []Checkpointed) ([]func() error, error) {
	if version == 1 {
		return decodeVersion1(body, parts)
	}
	d := &decoder{data: body, version: version}
	if n := d.u32(); d.err == nil && int(n) != len(parts) {
		return nil, fmt.Errorf("optim: checkpoint of %d parts, loading into %d", n, len(parts))
	}
	restores := make([]func() error, len(parts))
	for i, p := range parts {
		kind := p.checkpointKind()
		if k := d.string(); d.err == nil && k != kind {
			return nil, fmt.Errorf("optim: checkpoint part %d is %q, loading into %q", i, k, kind)
		}
		size := d.u64()
		if d.err == nil && size > uint64(len(d.data)-d.at) {
			d.err = errors.New("truncated")
		}
		if d.err != nil {
			return nil, fmt.Errorf("optim: %s: checkpoint: %w", kind, d.err)
		}
		restore, err := readPart(p, &decoder{data: d.data[d.at : d.at+int(size)], version: version})
		if err != nil {
			return nil, err
		}
		d.at += int(size)
		restores[i] = restore
	}
	if d.err == nil && d.at != len(d.data) {
		return nil, fmt.Errorf("optim: checkpoint: %d bytes after the last part", len(d.data)-d.at)
	}
	return restores, nil
}

// readPart reads one part's state, which must fill part.data exactly.
func readPart(p Checkpointed, part *decoder) (func() error, error) {
	restore, err := p.readCheckpoint(part)
	if err == nil && part.err == nil && part.at != len(part.data) {
		part.err = fmt.Errorf("%d bytes after its state", len(part.data)-part.at)
	}
	if err == nil && part.err != nil {
		err = fmt.Errorf("optim: %s: checkpoint: %w", p.checkpointKind(), part.err)
	}
	return restore, err
}

// decodeVersion1 reads a version-1 checkpoint, one optimizer of one group, whose body (after the version) is that
// optimizer's kind and then its state.
func decodeVersion1(body []byte, parts []Checkpointed) ([]func() error, error) {
	if len(parts) != 1 {
		return nil, fmt.Errorf("optim: checkpoint of 1 parts (version 1), loading into %d", len(parts))
	}
	d := &decoder{data: body, version: 1}
	kind := parts[0].checkpointKind()
	if k := d.string(); d.err == nil && k != kind {
		return nil, fmt.Errorf("optim: checkpoint part 0 is %q, loading into %q", k, kind)
	}
	if d.err != nil {
		return nil, fmt.Errorf("optim: %s: checkpoint: %w", kind, d.err)
	}
	restore, err := readPart(parts[0], &decoder{data: d.data[d.at:], version: 1})
	if err != nil {
		return nil, err
	}
	return []func() error{restore}, nil
}
