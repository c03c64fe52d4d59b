package optim

import (
	"encoding/binary"
	"fmt"
	"math"
)

// The Scheduler's, ReduceLROnPlateau's and GradScaler's parts of a checkpoint (see SaveCheckpoint) hold their
// State, and restore it through SetState once every part of the checkpoint has been checked.

func (s *Scheduler) checkpointKind() string { return "Scheduler" }

func (s *Scheduler) checkpointSize() int64 { return 8 + 4 + 8*int64(len(s.base)) }

func (s *Scheduler) appendCheckpoint(b []byte) []byte {
	b = binary.LittleEndian.AppendUint64(b, uint64(s.t))
	return appendFloats(b, s.base)
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

func (r *ReduceLROnPlateau) appendCheckpoint(b []byte) []byte {
	st, le := r.State(), binary.LittleEndian
	b = le.AppendUint64(b, uint64(st.Epoch))
	b = le.AppendUint64(b, math.Float64bits(st.Best))
	b = le.AppendUint64(b, uint64(st.BadEpochs))
	b = le.AppendUint64(b, uint64(st.Cooldown))
	return appendFloats(b, st.LRs)
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

func (s *GradScaler[F]) appendCheckpoint(b []byte) []byte {
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(s.scale))
	return binary.LittleEndian.AppendUint64(b, uint64(s.tracker))
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
