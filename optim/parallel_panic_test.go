package optim

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// panicky is an updater whose update of one piece panics, counting the pieces it updated.
type panicky struct {
	at      int // the element a panicking piece starts at
	updated atomic.Int64
}

func (p *panicky) update(i, lo, hi int) {
	if lo == p.at {
		panic(fmt.Sprintf("piece at %d", lo))
	}
	time.Sleep(100 * time.Microsecond) // so that helpers are still taking pieces when one panics
	p.updated.Add(1)
}

// TestSplitStepPanic: a panic in a piece of a split step, whichever goroutine runs it, reaches the caller's
// goroutine, where it can be recovered; no piece is taken after it, none is still running once run returns, and
// the optimizer's next step runs as if nothing had happened.
func TestSplitStepPanic(t *testing.T) {
	w := &Param[float32]{Name: "w", Value: make([]float32, 64*minPiece), Grad: make([]float32, 64*minPiece)}
	o, err := NewAdam([]*Param[float32]{w}, DefaultAdam())
	if err != nil {
		t.Fatal(err)
	}
	if err := o.SetWorkers(4); err != nil {
		t.Fatal(err)
	}
	pieces := newJob([]int{0, 64 * minPiece}, 4).all()
	for _, k := range []int{0, 5, len(pieces) - 1} {
		at := pieces[k].lo
		u := &panicky{at: at}
		got := func() (v any) {
			defer func() { v = recover() }()
			o.run(u)
			return nil
		}()
		if want := fmt.Sprintf("piece at %d", at); got != want {
			t.Errorf("panic at piece %d: the caller recovered %v, want %q", k, got, want)
		}
		done := u.updated.Load()
		time.Sleep(5 * time.Millisecond)
		if after := u.updated.Load(); after != done || k == 0 && done >= int64(len(pieces)-1) {
			t.Errorf("panic at piece %d: %d pieces updated when run returned, %d later", k, done, after)
		}
	}
	for range 3 {
		if err := o.Step(); err != nil {
			t.Fatal(err)
		}
	}
	if o.StepCount() != 3 {
		t.Errorf("step count %d after 3 steps", o.StepCount())
	}
}
