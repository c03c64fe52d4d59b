package train

import (
	"fmt"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
)

// KFold splits samples 0, …, n−1 into k folds of sizes differing by at most one, after shuffling them with the
// seed.
func KFold(n, k int, seed uint64) ([][]int, error) {
	if k < 2 || k > n {
		return nil, fmt.Errorf("train: KFold: k=%d folds of %d samples, want 2 ≤ k ≤ n", k, n)
	}
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	fisherYates(perm, newPCG(seed, 0))
	folds := make([][]int, k)
	for f := range folds {
		folds[f] = perm[f*n/k : (f+1)*n/k]
	}
	return folds, nil
}

// CrossValidate returns an Evaluate that scores a configuration by k-fold cross-validation on p: for each fold,
// build's configuration trains from zero weights on the other folds, and the score is the mean objective on the
// held-out folds (+Inf if a run diverged). build receives the trial's parameters and the number of training
// samples in a fold (for a full batch). The folds are drawn once, from seed, and shared by every trial; fold f of
// a trial trains with a seed derived from the trial's seed and f.
func CrossValidate[F kernels.Float](p *Problem[F], k int, seed uint64,
	build func(params []float64, rows int) (Config[F], error)) (Evaluate, error) {
	if p == nil || build == nil {
		return nil, fmt.Errorf("train: CrossValidate: nil problem or build")
	}
	folds, err := KFold(p.Rows(), k, seed)
	if err != nil {
		return nil, err
	}
	trainOn, heldOut := make([]*Problem[F], k), make([]*Problem[F], k)
	for f, fold := range folds {
		rest := make([]int, 0, p.Rows()-len(fold))
		for g, other := range folds {
			if g != f {
				rest = append(rest, other...)
			}
		}
		if trainOn[f], err = p.Subset(rest); err != nil {
			return nil, err
		}
		if heldOut[f], err = p.Subset(fold); err != nil {
			return nil, err
		}
	}
	return func(params []float64, trialSeed uint64) (float64, error) {
		var sum float64
		for f := range folds {
			cfg, err := build(params, trainOn[f].Rows())
			if err != nil {
				return 0, err
			}
			cfg.Seed = derive(trialSeed, uint64(f))
			res, err := Train(trainOn[f], make([]F, p.cols), cfg)
			if err != nil {
				return 0, err
			}
			loss, err := heldOut[f].Loss(cfg.Objective, res.W)
			if err != nil {
				return 0, err
			}
			if res.Reason == StopDiverged || !finite(float64(loss)) {
				return math.Inf(1), nil
			}
			sum += float64(loss)
		}
		return sum / float64(k), nil
	}, nil
}
