package train

import (
	"errors"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/fastgrad/fastgrad/optim"
)

// referenceShuffle is the shuffle written out again over []int, the reference for the orders.
func referenceShuffle(perm []int, seed uint64) {
	src := newPCG(seed, 0)
	for j := range perm {
		k := j + int(below(src, uint64(len(perm)-j)))
		perm[j], perm[k] = perm[k], perm[j]
	}
}

func TestShuffleIsFisherYates(t *testing.T) {
	const n, b = 103, 10
	ident := make([]int, n)
	for i := range ident {
		ident[i] = i
	}
	orders := []order{newShuffler[int32](ident, b, newPCG(5, 0)), newShuffler[int](ident, b, newPCG(5, 0)),
		newOrder(ident, b, newPCG(5, 0)), newPipeline[int32](ident, b, newPCG(5, 0)), newPipeline[int](ident, b, newPCG(5, 0))}
	defer func() {
		for _, o := range orders {
			o.stop()
		}
	}()
	want := slices.Clone(ident)
	referenceShuffle(want, 5)
	var prev []int
	for epoch := range 4 {
		for i, o := range orders {
			o.epoch()
			var got []int
			for from := 0; from < n; from += b {
				got = append(got, o.batch(from, min(from+b, n))...)
			}
			if epoch == 0 && !slices.Equal(got, want) {
				t.Errorf("order %d: the first epoch is not Fisher–Yates from the identity", i)
			}
			if i == 0 && epoch > 0 && slices.Equal(got, prev) {
				t.Errorf("epoch %d repeats the previous order", epoch)
			}
			if sorted := slices.Sorted(slices.Values(got)); !slices.Equal(sorted, ident) {
				t.Fatalf("order %d, epoch %d: not a permutation", i, epoch)
			}
			if i > 0 && !slices.Equal(got, prev) {
				t.Errorf("epoch %d: order %d differs from order %d", epoch, i, i-1)
			}
			prev = got
		}
	}
}

// Every ordering of three rows is equally likely: a χ² test over 60000 epochs, at a level a correct shuffle fails
// once in a thousand seeds (the seed is fixed, so the test is not flaky).
func TestShuffleUniform(t *testing.T) {
	s := newOrder([]int{0, 1, 2}, 3, newPCG(11, 0))
	counts := map[[3]int]int{}
	const epochs = 60000
	for range epochs {
		s.epoch()
		b := s.batch(0, 3)
		counts[[3]int{b[0], b[1], b[2]}]++
	}
	if len(counts) != 6 {
		t.Fatalf("%d distinct orders, want 6", len(counts))
	}
	var chi2 float64
	for _, c := range counts {
		d := float64(c) - epochs/6
		chi2 += d * d / (epochs / 6)
	}
	if chi2 > 20.5 { // χ²(5) at p = 0.001
		t.Errorf("χ² = %.1f over %v", chi2, counts)
	}
}

// spy is an optimizer that records which coordinate of the gradient is nonzero: with one-hot rows and batch 1,
// the row each step visited.
type spy struct {
	g    []float64
	rows []int
	err  error
}

func (s *spy) Step() error {
	for j, gj := range s.g {
		if gj != 0 {
			s.rows = append(s.rows, j)
		}
	}
	return s.err
}

func oneHot(n int) *Problem[float64] {
	X := make([]float64, n*n)
	y := make([]float64, n)
	for i := range n {
		X[i*n+i] = 1
		y[i] = float64(i + 1)
	}
	p, _ := NewProblem(X, y, n)
	return p
}

func spyRun(t *testing.T, p *Problem[float64], seed uint64, epochs int) []int {
	t.Helper()
	s := &spy{}
	cfg := Config[float64]{Batch: 1, Seed: seed, Stop: Stop{MaxEpochs: epochs},
		Optimizer: func(ps []*optim.Param[float64]) (Stepper, error) { s.g = ps[0].Grad; return s, nil }}
	mustTrain(t, p, make([]float64, p.Cols()), cfg)
	return s.rows
}

// Train visits every sample exactly once per epoch, in a new order each epoch, the same for the same seed.
func TestTrainVisitsAPermutationPerEpoch(t *testing.T) {
	const n = 12
	p := oneHot(n)
	rows := spyRun(t, p, 3, 3)
	if len(rows) != 3*n {
		t.Fatalf("%d steps", len(rows))
	}
	for e := range 3 {
		epoch := rows[e*n : (e+1)*n]
		if sorted := slices.Sorted(slices.Values(epoch)); !slices.Equal(sorted, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}) {
			t.Errorf("epoch %d visits %v", e, epoch)
		}
	}
	if slices.Equal(rows[:n], rows[n:2*n]) {
		t.Error("two epochs in the same order")
	}
	if !slices.Equal(rows, spyRun(t, p, 3, 3)) {
		t.Error("the same seed gave another order")
	}
	if slices.Equal(rows, spyRun(t, p, 4, 3)) {
		t.Error("seeds 3 and 4 gave the same order")
	}
	// A subset shuffles its own samples only.
	sub, _ := p.Subset([]int{7, 2, 9})
	got := spyRun(t, sub, 3, 2)
	if a, b := slices.Sorted(slices.Values(got[:3])), slices.Sorted(slices.Values(got[3:])); !slices.Equal(a, []int{2, 7, 9}) || !slices.Equal(b, a) {
		t.Errorf("subset epochs visit %v", got)
	}
}

func TestStepErrorEndsRun(t *testing.T) {
	p := oneHot(4)
	boom := errors.New("boom")
	s := &spy{err: boom}
	_, err := Train(p, make([]float64, 4), Config[float64]{Batch: 2, Stop: Stop{MaxEpochs: 2},
		Optimizer: func(ps []*optim.Param[float64]) (Stepper, error) { s.g = ps[0].Grad; return s, nil }})
	if !errors.Is(err, boom) {
		t.Errorf("got %v, want the optimizer's error", err)
	}
}

// A run large enough to draw its orders on another goroutine gives the bits of one that draws them inline, and
// leaves no goroutine behind.
func TestPipelinedRun(t *testing.T) {
	p, _ := synthetic[float32](t, pipelineRows+1000, 2, 19)
	before := runtime.NumGoroutine()
	ws := withProcs(t, func() []float32 {
		w := []float32{-4, 4}
		mustTrain(t, p, w, Config[float32]{Batch: 20, Optimizer: sgd[float32](0.001, 0.9), Seed: 3,
			Stop: Stop{MaxEpochs: 3}})
		return w
	})
	for _, w := range ws[1:] {
		if !slices.Equal(w, ws[0]) {
			t.Errorf("GOMAXPROCS 1 gave %v, more gave %v", ws[0], w)
		}
	}
	// The goroutine may still be finishing the shuffle of an epoch no one will run.
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after the runs, %d before", n, before)
	}
}
