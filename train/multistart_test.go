package train

import (
	"runtime"
	"slices"
	"testing"
)

// withProcs runs f under each GOMAXPROCS and returns its results in order.
func withProcs[T any](t *testing.T, f func() T) []T {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var out []T
	for _, procs := range []int{1, 2, 8} {
		runtime.GOMAXPROCS(procs)
		out = append(out, f())
	}
	return out
}

func TestMultistartDeterministic(t *testing.T) {
	p, _ := synthetic[float32](t, 500, 2, 13)
	cfg := Config[float32]{Batch: 20, Optimizer: adam[float32](0.05), Stop: Stop{MaxEpochs: 2}, Record: true}
	runs := withProcs(t, func() *MultistartResult[float32] {
		m, err := Multistart(p, cfg, Starts{N: 7, Lo: -10, Hi: 10, Seed: 42})
		if err != nil {
			t.Fatal(err)
		}
		return m
	})
	a := runs[0]
	for _, b := range runs[1:] {
		if a.Best != b.Best {
			t.Errorf("best %d and %d", a.Best, b.Best)
		}
		for i := range a.Runs {
			ra, rb := a.Runs[i], b.Runs[i]
			if !slices.Equal(ra.W, rb.W) || ra.Loss != rb.Loss || !slices.Equal(a.Start[i], b.Start[i]) ||
				!slices.Equal(ra.History.Loss, rb.History.Loss) || !slices.Equal(ra.History.GradNorm, rb.History.GradNorm) {
				t.Errorf("start %d differs between GOMAXPROCS values", i)
			}
		}
	}
	for i, r := range a.Runs {
		if r.Loss < a.Runs[a.Best].Loss || r.Loss == a.Runs[a.Best].Loss && i < a.Best {
			t.Errorf("run %d (loss %v) beats the best, %d (loss %v)", i, r.Loss, a.Best, a.Runs[a.Best].Loss)
		}
		for _, w := range a.Start[i] {
			if w < -10 || w >= 10 {
				t.Errorf("start %d: %v outside [−10, 10)", i, a.Start[i])
			}
		}
		if i > 0 && slices.Equal(a.Start[i], a.Start[i-1]) {
			t.Errorf("starts %d and %d coincide", i-1, i)
		}
		if !slices.Equal(r.History.Start, a.Start[i]) {
			t.Errorf("run %d did not start from its point", i)
		}
	}
	if _, err := Multistart(p, cfg, Starts{N: 0}); err == nil {
		t.Error("no starts accepted")
	}
	if _, err := Multistart(p, cfg, Starts{N: 2, Lo: 1, Hi: 0}); err == nil {
		t.Error("an empty range accepted")
	}
}

// A run that diverges loses to every run that does not.
func TestMultistartBestSkipsDivergence(t *testing.T) {
	if got := argmin([]float64{3, nan(), 1, 1, -2 * inf(), nan()}); got != 4 {
		t.Errorf("argmin %d", got)
	}
	if got := argmin([]float64{nan(), 5, 5}); got != 1 {
		t.Errorf("argmin with NaN first: %d", got)
	}
}
