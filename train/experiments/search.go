package experiments

import (
	"fmt"

	"github.com/fastgrad/fastgrad/train"
)

// searchSeed fixes the folds, the points drawn and the trials' shuffles.
const searchSeed = 7

// search is the hand tuning of the notebooks done by machine: SGD's learning rate and momentum on the 5000×2
// regression, scored by 5-fold cross-validation (1 epoch of batch 20 per fold), by a grid, a random search and
// Bayesian optimization; each search's best configuration is then trained on all the data.
func search(dir string) ([]Section, error) {
	p, sol, err := syntheticProblem(5000)
	if err != nil {
		return nil, err
	}
	config := func(hp []float64) train.Config[float64] {
		return train.Config[float64]{Batch: 20, Stop: train.Stop{MaxEpochs: 1},
			Optimizer: sgdWith(hp[0], hp[1], false)}
	}
	eval, err := train.CrossValidate(p, 5, searchSeed, func(hp []float64, rows int) (train.Config[float64], error) {
		return config(hp), nil
	})
	if err != nil {
		return nil, err
	}
	dims := []train.Dim{{Name: "lr", Lo: 1e-5, Hi: 0.05, Log: true}, {Name: "momentum", Lo: 0, Hi: 0.95}}
	bayes := train.DefaultBayes()
	bayes.Initial, bayes.Iterations, bayes.LogScores = 6, 14, true
	s := Section{Title: "Hyperparameter search", ClosedForm: sol.W}
	s.ClosedFormLoss, _ = p.Loss(train.MSE, sol.W)
	s.Notes = append(s.Notes, "SGD's learning rate (log-uniform on [1e-5, 0.05]) and momentum (uniform on [0, 0.95]) on the 5000×2 regression, "+
		"each configuration scored by its mean held-out MSE over 5 folds (one epoch of batch 20 per fold; the noise floor is about 1). "+
		"Each search's best configuration is then trained the same way on all the data; the table shows that run.")
	for _, sr := range []struct {
		name string
		run  func() (*train.SearchResult, error)
	}{
		{"grid, 5 × 3", func() (*train.SearchResult, error) {
			return train.GridSearch([]train.Axis{{Name: "lr", Values: []float64{1e-4, 3e-4, 1e-3, 3e-3, 1e-2}},
				{Name: "momentum", Values: []float64{0, 0.5, 0.9}}}, searchSeed, eval)
		}},
		{"random, 20 trials", func() (*train.SearchResult, error) { return train.RandomSearch(dims, 20, searchSeed, eval) }},
		{"Bayesian, 6 + 14 trials", func() (*train.SearchResult, error) { return train.BayesSearch(dims, bayes, searchSeed, eval) }},
	} {
		r, err := sr.run()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", sr.name, err)
		}
		best := r.Trials[r.Best]
		s.Notes = append(s.Notes, fmt.Sprintf("%s: best lr = %.4g, momentum = %.3g, cross-validated MSE %.5f (trial %d of %d).",
			sr.name, best.Params[0], best.Params[1], best.Score, r.Best+1, len(r.Trials)))
		w := make([]float64, 2)
		cfg := config(best.Params)
		cfg.Seed = searchSeed
		res, err := train.Train(p, w, cfg)
		if err != nil {
			return nil, err
		}
		s.Runs = append(s.Runs, summarize(fmt.Sprintf("SGD, momentum %.3g (%s)", best.Params[1], sr.name), best.Params[0], res, w, sol.W))
	}
	return []Section{s}, nil
}
