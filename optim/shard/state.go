package shard

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// Merge joins the workers' states (each Worker's Optimizer().TorchState(), in rank order) into the state of the
// unsharded optimizer over the whole parameters: each tensor's buffers are its pieces' concatenated in rank order
// and its scalars are its pieces', which must agree. The result is what the unsharded optimizer's TorchState
// holds after the same steps, bit for bit; it may be given to its SetTorchState, written with optim's
// WriteTorchState, or split again for another number of workers with Split. The workers' optimizers must have one
// parameter group; Merge returns an error naming what does not line up.
func Merge[F kernels.Float](plan *Plan, shards []optim.TorchState[F]) (optim.TorchState[F], error) {
	var full optim.TorchState[F]
	if len(shards) != plan.Workers() {
		return full, fmt.Errorf("shard: Merge: %d states for %d workers", len(shards), plan.Workers())
	}
	for k, s := range shards {
		lo, hi := plan.Pieces(k)
		if len(s.State) != hi-lo || len(s.ParamGroups) != 1 {
			return full, fmt.Errorf("shard: Merge: worker %d's state has %d parameters in %d groups, want %d in one", k, len(s.State), len(s.ParamGroups), hi-lo)
		}
	}
	full.State = make([]optim.TorchParamState[F], plan.Tensors())
	for k, s := range shards {
		lo, _ := plan.Pieces(k)
		a, b := plan.Range(k)
		for i, ps := range s.State {
			tlo, thi := plan.Tensor(lo + i)
			for name, x := range ps.Tensors {
				if n := max(0, min(b, thi)-max(a, tlo)); len(x) != n {
					return full, fmt.Errorf("shard: Merge: worker %d, parameter %d: %s has %d elements, its piece %d", k, lo+i, name, len(x), n)
				}
			}
			if err := appendPiece(&full.State[lo+i], ps, k == 0 || lo+i >= pieceHi(plan, k-1)); err != nil {
				return full, fmt.Errorf("shard: Merge: worker %d, parameter %d: %v", k, lo+i, err)
			}
		}
	}
	full.ParamGroups = []optim.TorchGroup{{Options: maps.Clone(shards[0].ParamGroups[0].Options), Params: indices(plan.Tensors())}}
	return full, nil
}

func pieceHi(plan *Plan, k int) int {
	_, hi := plan.Pieces(k)
	return hi
}

// appendPiece appends a piece's state to its tensor's; first says it is the tensor's first piece.
func appendPiece[F kernels.Float](dst *optim.TorchParamState[F], ps optim.TorchParamState[F], first bool) error {
	if first {
		dst.Tensors, dst.Scalars = map[string][]F{}, maps.Clone(ps.Scalars)
		for name, x := range ps.Tensors {
			dst.Tensors[name] = slices.Clone(x)
		}
		return nil
	}
	if len(ps.Tensors) != len(dst.Tensors) || !maps.EqualFunc(ps.Scalars, dst.Scalars, sameBits) {
		return fmt.Errorf("its pieces' states differ (scalars %v and %v)", dst.Scalars, ps.Scalars)
	}
	for name, x := range ps.Tensors {
		y, ok := dst.Tensors[name]
		if !ok {
			return fmt.Errorf("a piece has %s, another not", name)
		}
		dst.Tensors[name] = append(y, x...)
	}
	return nil
}

func sameBits(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

func indices(n int) []int {
	x := make([]int, n)
	for i := range x {
		x[i] = i
	}
	return x
}

// Split cuts the state of the unsharded optimizer (its TorchState, or Merge's result) into the states of plan's
// workers, in rank order, for each Worker's Optimizer().SetTorchState: each piece's buffers are copies of its
// range of the tensor's, its scalars the tensor's. Merge(plan, Split(plan, s)) equals s, so a run saved by N
// workers continues on M with Split(planM, Merge(planN, states)). It returns an error if s does not have one group
// and one entry per tensor of the plan's lengths.
func Split[F kernels.Float](plan *Plan, s optim.TorchState[F]) ([]optim.TorchState[F], error) {
	if len(s.State) != plan.Tensors() || len(s.ParamGroups) != 1 {
		return nil, fmt.Errorf("shard: Split: a state of %d parameters in %d groups, want %d in one", len(s.State), len(s.ParamGroups), plan.Tensors())
	}
	shards := make([]optim.TorchState[F], plan.Workers())
	for k := range shards {
		a, b := plan.Range(k)
		lo, hi := plan.Pieces(k)
		st := make([]optim.TorchParamState[F], 0, hi-lo)
		for t := lo; t < hi; t++ {
			tlo, thi := plan.Tensor(t)
			i, j := max(a, tlo)-tlo, min(b, thi)-tlo
			if tlo == thi {
				i, j = 0, 0
			}
			ps := optim.TorchParamState[F]{Scalars: maps.Clone(s.State[t].Scalars)}
			if s.State[t].Tensors != nil {
				ps.Tensors = map[string][]F{}
			}
			for name, x := range s.State[t].Tensors {
				if len(x) != thi-tlo {
					return nil, fmt.Errorf("shard: Split: parameter %d's %s has %d elements, want %d", t, name, len(x), thi-tlo)
				}
				ps.Tensors[name] = slices.Clone(x[i:j])
			}
			st = append(st, ps)
		}
		shards[k] = optim.TorchState[F]{State: st, ParamGroups: []optim.TorchGroup{{Options: maps.Clone(s.ParamGroups[0].Options), Params: indices(hi - lo)}}}
	}
	return shards, nil
}
