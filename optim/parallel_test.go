package optim_test

import (
	"bytes"
	"runtime"
	"slices"
	"testing"

	"github.com/fastgrad/fastgrad/optim"
)

// bigParams are large enough for a step to be split (more than 128K elements in all), with a tensor that is cut
// into pieces with a remainder, one of a single piece and a tiny one.
func bigParams() []*optim.Param[float32] { return namedParams("w", 200_003, 40_000, 3) }

// newSplit builds the optimizer name over ps with SetWorkers(workers).
func newSplit(t *testing.T, name string, ps []*optim.Param[float32], workers int) stepper {
	t.Helper()
	opt, err := constructors[name](ps, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := opt.(interface{ SetWorkers(int) error }).SetWorkers(workers); err != nil {
		t.Fatal(err)
	}
	return opt
}

// runSplit takes 3 steps of the optimizer name over bigParams with the given GOMAXPROCS and workers (0: the
// default), and returns the values and the checkpoint (every state buffer) after them.
func runSplit(t *testing.T, name string, procs, workers int) ([]*optim.Param[float32], []byte) {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	ps := bigParams()
	opt := newSplit(t, name, ps, workers)
	steps(t, opt, ps, 3)
	var buf bytes.Buffer
	if err := optim.SaveCheckpoint(&buf, opt.(optim.Checkpointed)); err != nil {
		t.Fatal(err)
	}
	return ps, buf.Bytes()
}

// TestStepSameBitsForEveryGOMAXPROCS: a step split across goroutines gives the values and state of the step on one
// goroutine, bit for bit, whatever GOMAXPROCS and SetWorkers are.
func TestStepSameBitsForEveryGOMAXPROCS(t *testing.T) {
	for name := range constructors {
		want, wantState := runSplit(t, name, 1, 1)
		for _, c := range []struct{ procs, workers int }{{1, 0}, {2, 0}, {8, 0}, {2, 3}, {8, 8}, {1, 4}} {
			ps, state := runSplit(t, name, c.procs, c.workers)
			for i := range ps {
				if !slices.Equal(ps[i].Value, want[i].Value) {
					t.Errorf("%s, GOMAXPROCS %d, workers %d: %s differs from the serial step's", name, c.procs, c.workers, ps[i].Name)
				}
			}
			if !bytes.Equal(state, wantState) {
				t.Errorf("%s, GOMAXPROCS %d, workers %d: the state differs from the serial step's", name, c.procs, c.workers)
			}
		}
	}
}

// TestSplitStepAllocatesNothing: a step split across the pool allocates nothing, once the pool has started; nor
// one with weight copies, and with a 16-bit or 8-bit state.
func TestSplitStepAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts mean nothing under the race detector")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for name, ctor := range constructors {
		for k, mutate := range append([]any{nil, nil}, compactModes[name]...) {
			ps := bigParams()
			opt, err := ctor(ps, mutate)
			if err != nil {
				t.Fatal(err)
			}
			if err := opt.(interface{ SetWorkers(int) error }).SetWorkers(4); err != nil {
				t.Fatal(err)
			}
			if k > 0 {
				withCopies(t, opt, ps)
			}
			if a := testing.AllocsPerRun(20, func() { opt.Step() }); a != 0 {
				t.Errorf("%s (variant %d): %v allocations per split Step", name, k, a)
			}
		}
	}
}

// TestSplitAsGOMAXPROCSChanges: with SetWorkers(0), the pieces are cut again when GOMAXPROCS changes between steps
// (helpers of an earlier step may still hold the old cut), and the steps keep the serial step's bits.
func TestSplitAsGOMAXPROCSChanges(t *testing.T) {
	want, _ := runSplit(t, "Adam", 1, 1)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	ps := bigParams()
	opt := newSplit(t, "Adam", ps, 0)
	for _, procs := range []int{2, 5, 2} {
		runtime.GOMAXPROCS(procs)
		steps(t, opt, ps, 1)
	}
	for i := range ps {
		if !slices.Equal(ps[i].Value, want[i].Value) {
			t.Errorf("%s differs from the serial steps'", ps[i].Name)
		}
	}
}

// TestStepPoolIsBounded: the helpers come from one pool, which grows to the most a step has asked for and no
// further, so optimizers and steps do not pile up goroutines.
func TestStepPoolIsBounded(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	warm := bigParams()
	steps(t, newSplit(t, "Adam", warm, 4), warm, 1)
	before := runtime.NumGoroutine()
	for range 30 {
		ps := bigParams()
		steps(t, newSplit(t, "Adam", ps, 4), ps, 2)
	}
	if after := runtime.NumGoroutine(); after > before {
		t.Errorf("%d goroutines after 30 optimizers of 4 workers each, %d before", after, before)
	}
}
