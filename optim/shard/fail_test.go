package shard_test

import (
	"errors"
	"math"
	"sync"
	"testing"

	"github.com/fastgrad/fastgrad/optim"
	"github.com/fastgrad/fastgrad/optim/shard"
)

// TestFail checks that NonfiniteFail and Clip.ErrorIfNonfinite fail on every worker as the unsharded optimizer
// fails, naming the same parameter, and change no weight.
func TestFail(t *testing.T) {
	for _, c := range []struct {
		name  string
		clip  optim.Clip
		guard optim.Nonfinite
	}{
		{"NonfiniteFail", optim.Clip{}, optim.NonfiniteFail},
		{"ErrorIfNonfinite", optim.Clip{MaxNorm: 1, ErrorIfNonfinite: true}, optim.NonfiniteStep},
		{"ErrorIfNonfinite/Inf", optim.Clip{MaxNorm: 1, NormType: math.Inf(1), ErrorIfNonfinite: true}, optim.NonfiniteStep},
	} {
		su := setups[float32]()[1]
		su.clip, su.guard, su.inf = c.clip, c.guard, true
		ref, opt := newUnsharded(t, su)
		grad(ref, 7, 0, 7928, true) // 7928: the total of lens
		var want *optim.NonfiniteError
		if err := opt.Step(); !errors.As(err, &want) {
			t.Fatalf("%s: unsharded: %v", c.name, err)
		}
		for _, n := range []int{1, 3, 8} {
			plan, _ := shard.NewPlan(lens, n, 1)
			cl := newCluster(t, su, plan)
			errs := make([]error, n)
			var wg sync.WaitGroup
			for r, w := range cl.workers {
				wg.Go(func() {
					a, b := plan.GradRange(r)
					grad(cl.replicas[r], 7, a, b, true)
					cl.comm.allGatherPartials(r, w.Partials())
					errs[r] = w.Step()
				})
			}
			wg.Wait()
			for r, err := range errs {
				var got *optim.NonfiniteError
				if !errors.As(err, &got) || got.Param != want.Param || got.Index != want.Index {
					t.Fatalf("%s: N=%d worker %d: %v, unsharded %v", c.name, n, r, err, want)
				}
			}
			sameValues(t, ref, cl.replicas)
		}
	}
}
