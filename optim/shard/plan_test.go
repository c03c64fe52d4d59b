package shard_test

import (
	"testing"

	"github.com/fastgrad/fastgrad/optim/shard"
)

// TestPlan checks a plan's ranges where empty tensors sit at a boundary and at the end.
func TestPlan(t *testing.T) {
	plan, err := shard.NewPlanAt([]int{0, 5, 0, 3, 0}, []int{0, 2, 5, 8})
	if err != nil {
		t.Fatal(err)
	}
	type pair = [2]int
	want := []struct{ pieces, owned, grad, window pair }{
		{pair{0, 2}, pair{0, 2}, pair{0, 5}, pair{0, 4}},
		{pair{1, 2}, pair{2, 2}, pair{2, 5}, pair{4, 4}},
		{pair{2, 5}, pair{2, 5}, pair{5, 8}, pair{4, 10}},
	}
	for k, w := range want {
		var got [4]pair
		got[0][0], got[0][1] = plan.Pieces(k)
		got[1][0], got[1][1] = plan.Owned(k)
		got[2][0], got[2][1] = plan.GradRange(k)
		got[3][0], got[3][1] = plan.Window(k)
		if got != [4]pair{w.pieces, w.owned, w.grad, w.window} {
			t.Errorf("worker %d: pieces, owned, grad range, window %v, want %v", k, got, w)
		}
	}
	for _, c := range []struct {
		lens   []int
		n      int
		align  int
		bounds []int
	}{
		{[]int{1000, 600}, 2, 256, []int{0, 768, 1600}},
		{[]int{1000, 600}, 4, 256, []int{0, 256, 768, 1000, 1600}},
	} {
		p, err := shard.NewPlan(c.lens, c.n, c.align)
		if err != nil {
			t.Fatal(err)
		}
		for k := range c.n {
			if lo, hi := p.Range(k); lo != c.bounds[k] || hi != c.bounds[k+1] {
				t.Errorf("NewPlan(%v, %d, %d): worker %d has [%d, %d), want [%d, %d)", c.lens, c.n, c.align, k, lo, hi, c.bounds[k], c.bounds[k+1])
			}
		}
	}
	for _, bad := range [][]int{{0, 4, 4, 8}, {1, 8}, {0, 9}, {0}} {
		if _, err := shard.NewPlanAt([]int{5, 3}, bad); err == nil {
			t.Errorf("NewPlanAt took bounds %v", bad)
		}
	}
	if _, err := shard.NewPlan([]int{3}, 4, 1); err == nil {
		t.Error("NewPlan gave 4 workers 3 elements")
	}
}
