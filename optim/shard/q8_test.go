package shard_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/fastgrad/fastgrad/optim"
	"github.com/fastgrad/fastgrad/optim/shard"
)

// TestQ8Align checks the one boundary constraint: Adam with 8-bit blockwise state keeps the unsharded bits when
// NewPlan's align is 256, and not when ranges cut its quantization blocks.
func TestQ8Align(t *testing.T) {
	cfg := optim.DefaultAdam()
	cfg.State = optim.StateQ8
	su := setup[float32]{name: "AdamQ8", build: func(p []*optim.Param[float32]) (optim.Optimizer[float32], error) {
		return built[float32](optim.NewAdam(p, cfg))
	}, clip: optim.Clip{MaxNorm: 1}}
	ref, opt := newUnsharded(t, su)
	reference(t, su, ref, opt, 0, 10)
	for _, n := range []int{2, 3, 5, 8} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			plan, err := shard.NewPlan(lens, n, 256)
			if err != nil {
				t.Fatal(err)
			}
			c := newCluster(t, su, plan)
			c.run(t, su, 0, 10)
			sameValues(t, ref, c.replicas)
		})
	}
	plan, _ := shard.NewPlan(lens, 5, 1)
	c := newCluster(t, su, plan)
	c.run(t, su, 0, 10)
	same := true
	for i, p := range c.replicas[0] {
		for j, v := range p.Value {
			same = same && math.Float32bits(v) == math.Float32bits(ref[i].Value[j])
		}
	}
	if same {
		t.Fatal("ranges cutting 8-bit blocks kept the bits: the constraint NewPlan's align documents is not needed")
	}
}
