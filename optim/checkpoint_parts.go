package optim

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// The Scheduler's, ReduceLROnPlateau's, GradScaler's and Accumulator's parts of a checkpoint (see SaveCheckpoint) hold their
// State (the Accumulator: its pending micro-batches), and restore it once every part of the checkpoint has been
// checked.

func (s *Scheduler) checkpointKind() string { return "Scheduler" }

func (s *Scheduler) checkpointSize() int64 { return 8 + 4 + 8*int64(len(s.base)) }

func (s *Scheduler) appendCheckpoint(b []byte) ([]byte, error) {
	b = binary.LittleEndian.AppendUint64(b, uint64(s.t))
	return appendFloats(b, s.base), nil
}

func (s *Scheduler) readCheckpoint(d *decoder) (func() error, error) {
	st := SchedulerState{Step: d.count(), BaseLRs: d.floats("base rates", len(s.base))}
	if d.err != nil {
		return nil, nil // the caller reports d.err
	}
	if err := s.checkState(st); err != nil {
		return nil, fmt.Errorf("optim: Scheduler: checkpoint: %w", err)
	}
	return func() error { return s.SetState(st) }, nil
}

func (r *ReduceLROnPlateau) checkpointKind() string { return "ReduceLROnPlateau" }

func (r *ReduceLROnPlateau) checkpointSize() int64 { return 8 + 8 + 8 + 8 + 4 + 8*int64(len(r.before)) }

func (r *ReduceLROnPlateau) appendCheckpoint(b []byte) ([]byte, error) {
	st, le := r.State(), binary.LittleEndian
	b = le.AppendUint64(b, uint64(st.Epoch))
	b = le.AppendUint64(b, math.Float64bits(st.Best))
	b = le.AppendUint64(b, uint64(st.BadEpochs))
	b = le.AppendUint64(b, uint64(st.Cooldown))
	return appendFloats(b, st.LRs), nil
}

func (r *ReduceLROnPlateau) readCheckpoint(d *decoder) (func() error, error) {
	st := PlateauState{Epoch: d.count(), Best: d.f64(), BadEpochs: d.count(), Cooldown: d.count()}
	st.LRs = d.floats("rates", len(r.before))
	if d.err != nil {
		return nil, nil // the caller reports d.err
	}
	if err := r.checkState(st); err != nil {
		return nil, fmt.Errorf("optim: ReduceLROnPlateau: checkpoint: %w", err)
	}
	return func() error { return r.SetState(st) }, nil
}

func (s *GradScaler[F]) checkpointKind() string { return "GradScaler" }

func (s *GradScaler[F]) checkpointSize() int64 { return 8 + 8 }

func (s *GradScaler[F]) appendCheckpoint(b []byte) ([]byte, error) {
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(s.scale))
	return binary.LittleEndian.AppendUint64(b, uint64(s.tracker)), nil
}

func (s *GradScaler[F]) readCheckpoint(d *decoder) (func() error, error) {
	st := GradScalerState{Scale: d.f64(), Tracker: d.count()}
	if d.err != nil {
		return nil, nil // the caller reports d.err
	}
	if err := s.checkState(st); err != nil {
		return nil, err
	}
	return func() error { return s.SetState(st) }, nil
}

func (a *Accumulator[F]) checkpointKind() string { return "Accumulator" }

func (a *Accumulator[F]) checkpointSize() int64 {
	n := int64(8 + 8 + 4)
	for i, p := range a.params {
		n += 4 + int64(len(p.Name)) + 8 + int64(unsafe.Sizeof(F(0)))*int64(a.lens[i])
	}
	return n
}

// appendCheckpoint saves the sums of the pending micro-batches too, so that a run saved between two steps resumes
// where it was.
func (a *Accumulator[F]) appendCheckpoint(b []byte) ([]byte, error) {
	le := binary.LittleEndian
	b = le.AppendUint64(le.AppendUint64(b, uint64(a.k)), uint64(a.n))
	return appendNamedBuffers(b, a.params, a.lens, a.sums, a.n > 0), nil
}

// appendNamedBuffers appends the parameters' count, then each one's name and length, followed by its buffer's
// elements when with is true.
func appendNamedBuffers[F kernels.Float](b []byte, params []*Param[F], lens []int, bufs [][]F, with bool) []byte {
	le := binary.LittleEndian
	b = le.AppendUint32(b, uint32(len(params)))
	for i, p := range params {
		b = le.AppendUint64(appendString(b, p.Name), uint64(lens[i]))
		if with {
			b = appendElements(b, bufs[i])
		}
	}
	return b
}

// readNamedBuffers reads what appendNamedBuffers wrote for these parameters, the buffers nil unless with, and
// returns an error naming the part (kind, and noun in the message) if the parameters differ. It returns nil, nil
// if d failed; the caller reports d.err.
func readNamedBuffers[F kernels.Float](d *decoder, kind, noun string, params []*Param[F], lens []int, with bool) ([][]F, error) {
	if m := int(d.u32()); d.err == nil && m != len(params) {
		return nil, fmt.Errorf("optim: %s: checkpoint of %d parameters, this %s's %d", kind, m, noun, len(params))
	}
	bufs := make([][]F, len(params))
	for i, p := range params {
		if name := d.string(); d.err == nil && name != p.Name {
			return nil, fmt.Errorf("optim: %s: checkpoint parameter %d is %q, the %s's %q", kind, i, name, noun, p.Name)
		}
		if m := d.u64(); d.err == nil && m != uint64(lens[i]) {
			return nil, fmt.Errorf("optim: %s: checkpoint parameter %q has %d elements, want %d", kind, p.Name, m, lens[i])
		}
		if with {
			bufs[i] = elements[F](d, lens[i])
		}
	}
	if d.err != nil {
		return nil, nil
	}
	return bufs, nil
}

func (a *Accumulator[F]) readCheckpoint(d *decoder) (func() error, error) {
	k, n := d.count(), d.count()
	if d.err == nil && k != a.k {
		return nil, fmt.Errorf("optim: Accumulator: checkpoint of k=%d micro-batches, this accumulator's %d", k, a.k)
	}
	if d.err == nil && n >= k {
		return nil, fmt.Errorf("optim: Accumulator: checkpoint with %d pending micro-batches, want fewer than k=%d", n, k)
	}
	sums, err := readNamedBuffers(d, "Accumulator", "accumulator", a.params, a.lens, n > 0)
	if d.err != nil || err != nil {
		return nil, err // on d.err, nil: the caller reports d.err
	}
	return func() error {
		for i, s := range sums {
			switch {
			case s != nil:
				copy(a.sums[i], s)
			case a.sums != nil: // k = 1 keeps no sums
				clear(a.sums[i])
			}
		}
		a.n = n
		return nil
	}, nil
}
