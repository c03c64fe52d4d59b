package train

import (
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

func nan() float64 { return math.NaN() }
func inf() float64 { return math.Inf(1) }

func TestKFold(t *testing.T) {
	folds, err := KFold(23, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	var all []int
	for _, f := range folds {
		if len(f) < 4 || len(f) > 5 {
			t.Errorf("fold of %d", len(f))
		}
		all = append(all, f...)
	}
	slices.Sort(all)
	for i, v := range all {
		if v != i {
			t.Fatalf("folds do not partition 0…22: %v", folds)
		}
	}
	again, _ := KFold(23, 5, 1)
	other, _ := KFold(23, 5, 2)
	if !slices.EqualFunc(folds, again, slices.Equal) || slices.EqualFunc(folds, other, slices.Equal) {
		t.Error("folds are not a function of the seed")
	}
	for _, k := range []int{1, 24} {
		if _, err := KFold(23, k, 1); err == nil {
			t.Errorf("k=%d accepted", k)
		}
	}
}

// sgdSearch is cross-validated mini-batch SGD over (learning rate, momentum).
func sgdSearch(t testing.TB, p *Problem[float64]) Evaluate {
	eval, err := CrossValidate(p, 5, 3, func(hp []float64, rows int) (Config[float64], error) {
		return Config[float64]{Batch: 20, Optimizer: sgd[float64](hp[0], hp[1]), Stop: Stop{MaxEpochs: 3}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return eval
}

func TestGridSearch(t *testing.T) {
	p, _ := synthetic[float64](t, 400, 2, 14)
	axes := []Axis{{"lr", []float64{1e-4, 1e-3, 0.05}}, {"momentum", []float64{0, 0.9}}}
	results := withProcs(t, func() *SearchResult {
		r, err := GridSearch(axes, 5, sgdSearch(t, p))
		if err != nil {
			t.Fatal(err)
		}
		return r
	})
	r := results[0]
	for _, o := range results[1:] {
		if o.Best != r.Best || !slices.EqualFunc(o.Trials, r.Trials, func(a, b Trial) bool {
			return a.Score == b.Score && slices.Equal(a.Params, b.Params)
		}) {
			t.Error("the grid's results depend on GOMAXPROCS")
		}
	}
	want := [][]float64{{1e-4, 0}, {1e-4, 0.9}, {1e-3, 0}, {1e-3, 0.9}, {0.05, 0}, {0.05, 0.9}}
	for i, tr := range r.Trials {
		if !slices.Equal(tr.Params, want[i]) {
			t.Errorf("trial %d: %v, want %v", i, tr.Params, want[i])
		}
		if tr.Score < r.Trials[r.Best].Score {
			t.Errorf("trial %d beats the best", i)
		}
	}
	// The loss's largest curvature is 150: lr 0.05 diverges, with or without momentum; 1e-4 without momentum
	// has barely moved in three epochs.
	for _, i := range []int{4, 5} {
		if s := r.Trials[i].Score; !(s > 1e6) {
			t.Errorf("trial %v scored %v: it should have diverged", r.Trials[i].Params, s)
		}
	}
	if r.Best != 2 && r.Best != 3 || r.Trials[0].Score < 2*r.Trials[r.Best].Score {
		t.Errorf("best trial %d; trial 0 scored %v", r.Best, r.Trials[0].Score)
	}
	if !slices.Equal(r.Names, []string{"lr", "momentum"}) {
		t.Errorf("names %v", r.Names)
	}
}

func TestRandomSearch(t *testing.T) {
	dims := []Dim{{Name: "lr", Lo: 1e-5, Hi: 1, Log: true}, {Name: "batch", Lo: 1, Hi: 4, Integer: true}, {Name: "x", Lo: -1, Hi: 1}}
	eval := func(hp []float64, seed uint64) (float64, error) { return hp[0] + hp[1] + hp[2], nil }
	r, err := RandomSearch(dims, 400, 9, eval)
	if err != nil {
		t.Fatal(err)
	}
	decades := make([]int, 5)
	batches := map[float64]int{}
	for _, tr := range r.Trials {
		lr, b, x := tr.Params[0], tr.Params[1], tr.Params[2]
		if lr < 1e-5 || lr > 1 || x < -1 || x > 1 || b != math.Trunc(b) || b < 1 || b > 4 {
			t.Fatalf("trial outside the space: %v", tr.Params)
		}
		decades[int(-math.Floor(math.Log10(lr)))-1]++
		batches[b]++
	}
	for d, c := range decades {
		if c < 50 || c > 110 { // 80 expected per decade
			t.Errorf("decade 1e-%d drew %d of 400: not log-uniform (%v)", d+1, c, decades)
		}
	}
	if len(batches) != 4 || batches[4] < 70 {
		t.Errorf("integer draws %v", batches)
	}
	again, _ := RandomSearch(dims, 400, 9, eval)
	if !slices.EqualFunc(r.Trials, again.Trials, func(a, b Trial) bool { return slices.Equal(a.Params, b.Params) }) {
		t.Error("the same seed drew other points")
	}
}

// Every trial gets its own seed.
func TestTrialSeedsDistinct(t *testing.T) {
	var mu sync.Mutex
	seen := map[uint64]bool{}
	_, err := GridSearch([]Axis{{"a", make([]float64, 200)}}, 9, func(hp []float64, seed uint64) (float64, error) {
		mu.Lock()
		defer mu.Unlock()
		if seen[seed] {
			return 0, errors.New("seed reused")
		}
		seen[seed] = true
		return 0, nil
	})
	if err != nil {
		t.Error(err)
	}
}

// The error reported is the lowest failing trial's, whatever GOMAXPROCS is.
func TestSearchErrorIsLowestIndex(t *testing.T) {
	errs := withProcs(t, func() string {
		_, err := GridSearch([]Axis{{"a", []float64{0, 1, 2, 3, 4, 5, 6, 7}}}, 1, func(hp []float64, seed uint64) (float64, error) {
			if hp[0] == 3 || hp[0] == 6 {
				time.Sleep(time.Duration(7-hp[0]) * time.Millisecond)
				return 0, errors.New("bad")
			}
			return hp[0], nil
		})
		if err == nil {
			t.Fatal("no error")
		}
		return err.Error()
	})
	for _, e := range errs {
		if !strings.Contains(e, "trial 3 ") {
			t.Errorf("error %q, want trial 3's", e)
		}
	}
}

// A hundred cross-validated configurations on 5000×2 take well under a second or two; the benchmark
// BenchmarkSearch100 measures it.
func TestSearch100(t *testing.T) {
	p, ref := synthetic[float64](t, 5000, 2, 15)
	eval, err := CrossValidate(p, 5, 1, func(hp []float64, rows int) (Config[float64], error) {
		return Config[float64]{Batch: 20, Optimizer: sgd[float64](hp[0], hp[1]), Stop: Stop{MaxEpochs: 2}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r, err := RandomSearch([]Dim{{Name: "lr", Lo: 1e-5, Hi: 0.1, Log: true}, {Name: "momentum", Lo: 0, Hi: 0.95}}, 100, 2, eval)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	t.Logf("100 configurations × 5 folds in %v; best %v, score %.4f", took, r.Trials[r.Best].Params, r.Trials[r.Best].Score)
	if !raceEnabled && took > 20*time.Second {
		t.Errorf("took %v", took)
	}
	// The best configuration's score is near the noise floor (the noise variance, 1) that the closed form reaches.
	floor, _ := p.Loss(MSE, ref)
	if s := r.Trials[r.Best].Score; s > 1.1*floor {
		t.Errorf("best score %v, closed form's training loss %v", s, floor)
	}
}

// The score is the mean held-out loss over the folds, each fold trained with its own seed; a diverged run scores
// +Inf.
func TestCrossValidate(t *testing.T) {
	p, _ := synthetic[float64](t, 60, 2, 16)
	build := func(hp []float64, rows int) (Config[float64], error) {
		if rows != 45 {
			t.Errorf("%d training rows per fold, want 45", rows)
		}
		return Config[float64]{Batch: 5, Optimizer: sgd[float64](hp[0], 0), Stop: Stop{MaxEpochs: 40}}, nil
	}
	eval, err := CrossValidate(p, 4, 7, build)
	if err != nil {
		t.Fatal(err)
	}
	got, err := eval([]float64{0.001}, 21)
	if err != nil {
		t.Fatal(err)
	}
	folds, _ := KFold(60, 4, 7)
	var want float64
	for f, fold := range folds {
		var rest []int
		for g, o := range folds {
			if g != f {
				rest = append(rest, o...)
			}
		}
		tr, _ := p.Subset(rest)
		held, _ := p.Subset(fold)
		cfg, _ := build([]float64{0.001}, 45)
		cfg.Seed = derive(21, uint64(f))
		w := make([]float64, 2)
		mustTrain(t, tr, w, cfg)
		l, _ := held.Loss(MSE, w)
		want += l / 4
	}
	if math.Abs(got-want) > 1e-15*want {
		t.Errorf("score %v, want %v", got, want)
	}
	if s, err := eval([]float64{10}, 21); err != nil || !math.IsInf(s, 1) {
		t.Errorf("lr 10 scored %v, %v: want +Inf", s, err)
	}
}
