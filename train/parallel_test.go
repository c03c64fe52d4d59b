package train

import (
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/fastgrad/fastgrad/optim"
)

// TestParallel checks that a multistart and every search really run their pieces at the same time, a barrier
// inside the optimizer constructor or the evaluation letting none through until two are inside: so the race
// detector, which runs this package's tests with -short, sees them run concurrently (a change that made them run one
// at a time would fail here, not silently take the race coverage away). It runs in milliseconds.
func TestParallel(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	p, _ := synthetic[float64](t, 40, 2, 3)
	dims := []Dim{{Name: "a", Lo: 0, Hi: 1}}
	for name, run := range map[string]func(wait func() error) error{
		"Multistart": func(wait func() error) error {
			cfg := Config[float64]{Batch: 10, Stop: Stop{MaxEpochs: 1}, Optimizer: func(ps []*optim.Param[float64]) (Stepper, error) {
				if err := wait(); err != nil {
					return nil, err
				}
				return sgd[float64](0.01, 0)(ps)
			}}
			_, err := Multistart(p, cfg, Starts{N: 4, Lo: -1, Hi: 1})
			return err
		},
		"GridSearch": func(wait func() error) error {
			_, err := GridSearch([]Axis{{"a", []float64{1, 2, 3}}}, 0, waitEval(wait))
			return err
		},
		"RandomSearch": func(wait func() error) error {
			_, err := RandomSearch(dims, 4, 0, waitEval(wait))
			return err
		},
		"BayesSearch": func(wait func() error) error {
			_, err := BayesSearch(dims, Bayes{Initial: 3, Candidates: 2, Noise: 1e-6}, 0, waitEval(wait))
			return err
		},
	} {
		if err := run(newRendezvous(2).wait); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// waitEval is an evaluation that passes the barrier wait before it scores.
func waitEval(wait func() error) Evaluate {
	return func(params []float64, _ uint64) (float64, error) { return params[0], wait() }
}

// rendezvous is a barrier for the first n callers of wait: each waits until all n have arrived, and reports an
// error if they never do (the calls came one at a time); later callers pass at once.
type rendezvous struct {
	n       int32
	arrived atomic.Int32
	all     chan struct{}
}

func newRendezvous(n int32) *rendezvous { return &rendezvous{n: n, all: make(chan struct{})} }

func (r *rendezvous) wait() error {
	if r.arrived.Add(1) == r.n {
		close(r.all)
	}
	select {
	case <-r.all:
		return nil
	case <-time.After(5 * time.Second):
		return errors.New("no two calls ran at the same time")
	}
}
