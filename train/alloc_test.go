package train

import "testing"

// A step allocates nothing: a run of many epochs allocates what a run of one does (the buffers made once).
func TestNoAllocationPerStep(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own account, by varying amounts")
	}
	p, _ := synthetic[float32](t, 400, 4, 12)
	for name, cfg := range map[string]Config[float32]{
		"SGD":       {Batch: 20, Optimizer: sgd[float32](0.001, 0.9)},
		"Adam":      {Batch: 20, Optimizer: adam[float32](0.01)},
		"lookahead": {Batch: 20, Lookahead: &Lookahead{LR: 0.001, Momentum: 0.9}},
		"SAGA":      {Batch: 20, Estimator: SAGA, Optimizer: sgd[float32](0.001, 0)},
		"full":      {Batch: 400, Optimizer: sgd[float32](0.001, 0), Stop: Stop{StepTol: 1e-30, GradTol: 1e-30}},
	} {
		allocs := func(epochs int) float64 {
			c := cfg
			c.Stop.MaxEpochs = epochs
			return testing.AllocsPerRun(5, func() {
				if _, err := Train(p, make([]float32, 4), c); err != nil {
					t.Fatal(err)
				}
			})
		}
		if one, many := allocs(1), allocs(50); many != one {
			t.Errorf("%s: %v allocations for 1 epoch, %v for 50", name, one, many)
		}
	}
}
