package shard_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
	"github.com/fastgrad/fastgrad/optim/shard"
)

// TestResplit trains on 4 workers, saves each worker's optimizer as an optim checkpoint, reads the 4 checkpoints
// back, merges and re-splits their state for 3 workers, continues there, and compares with the unsharded run
// throughout: the merged state at the cut, the weights and the merged state at the end.
func TestResplit(t *testing.T) {
	t.Run("f32", testResplit[float32])
	t.Run("f64", testResplit[float64])
}

func testResplit[F kernels.Float](t *testing.T) {
	const k1, k2 = 12, 10
	for _, su := range setups[F]() {
		if su.inf && su.guard == optim.NonfiniteStep {
			continue // its weights turn NaN, which checkpoints refuse
		}
		t.Run(su.name, func(t *testing.T) {
			ref, opt := newUnsharded(t, su)
			reference(t, su, ref, opt, 0, k1)
			atCut := opt.TorchState()
			reference(t, su, ref, opt, k1, k2)

			plan4, _ := shard.NewPlan(lens, 4, 1)
			plan3, _ := shard.NewPlan(lens, 3, 1)
			c4 := newCluster(t, su, plan4)
			c4.run(t, su, 0, k1)
			files := make([][]byte, 4)
			for k, w := range c4.workers {
				var buf bytes.Buffer
				if err := optim.SaveCheckpoint(&buf, w.Optimizer()); err != nil {
					t.Fatal(err)
				}
				files[k] = buf.Bytes()
			}

			// A new process: read the 4 checkpoints into workers over the old plan, with fresh replicas.
			read := newCluster(t, su, plan4)
			weights := newParams[F]()
			for k, w := range read.workers {
				if err := optim.LoadCheckpoint(bytes.NewReader(files[k]), w.Optimizer()); err != nil {
					t.Fatal(err)
				}
				a, b := plan4.Range(k)
				copyFlat(weights, read.replicas[k], a, b)
			}
			full, err := shard.Merge(plan4, read.states())
			if err != nil {
				t.Fatal(err)
			}
			sameState(t, atCut, full)
			states, err := shard.Split(plan3, full)
			if err != nil {
				t.Fatal(err)
			}
			c3 := newCluster(t, su, plan3)
			for k, w := range c3.workers {
				copyFlat(c3.replicas[k], weights, 0, plan3.Total())
				if err := w.Optimizer().SetTorchState(states[k]); err != nil {
					t.Fatal(err)
				}
			}
			c3.run(t, su, k1, k2)
			sameValues(t, ref, c3.replicas)
			end, err := shard.Merge(plan3, c3.states())
			if err != nil {
				t.Fatal(err)
			}
			sameState(t, opt.TorchState(), end)
		})
	}
}

// TestSplitMerge checks that Split then Merge gives the state back for every plan, and that Merge refuses states
// that do not line up.
func TestSplitMerge(t *testing.T) {
	su := setups[float32]()[0]
	ref, opt := newUnsharded(t, su)
	reference(t, su, ref, opt, 0, 3)
	want := opt.TorchState()
	for _, plan := range plans(t) {
		t.Run(fmt.Sprint(plan.Workers()), func(t *testing.T) {
			parts, err := shard.Split(plan, want)
			if err != nil {
				t.Fatal(err)
			}
			got, err := shard.Merge(plan, parts)
			if err != nil {
				t.Fatal(err)
			}
			sameState(t, want, got)
			if plan.Workers() > 1 {
				if _, err := shard.Merge(plan, parts[1:]); err == nil {
					t.Fatal("Merge took too few states")
				}
				last := parts[len(parts)-1].State
				x := last[len(last)-1].Tensors["exp_avg"]
				last[len(last)-1].Tensors["exp_avg"] = x[:len(x)-1]
				if _, err := shard.Merge(plan, parts); err == nil {
					t.Fatal("Merge took a piece one element short")
				}
			}
		})
	}
}
