package shard_test

import (
	"testing"

	"github.com/fastgrad/fastgrad/optim"
	"github.com/fastgrad/fastgrad/optim/shard"
)

// TestNoAllocs checks that a worker's Partials and Step allocate nothing, for every setup's clipping, guard and scaler,
// on a worker whose range cuts tensors at both ends.
func TestNoAllocs(t *testing.T) {
	for _, su := range setups[float32]() {
		plan, err := shard.NewPlan(lens, 5, 1)
		if err != nil {
			t.Fatal(err)
		}
		ps := newParams[float32]()
		w := newWorker(t, su, plan, 2, ps)
		grad(ps, 0, 0, plan.Total(), false)
		allocs := testing.AllocsPerRun(20, func() {
			w.Partials()
			if err := w.Step(); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per step", su.name, allocs)
		}
		if n, _ := w.Skipped(); n != 0 && su.guard == optim.NonfiniteSkip {
			t.Errorf("%s: skipped %d steps of finite gradients", su.name, n)
		}
	}
}
