package conformance

import (
	"encoding/binary"
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
	"github.com/fastgrad/fastgrad/train"
)

// The train runs' problem: trainRows samples of trainCols features. With batches of 32 an epoch is 20 steps, so
// runs of trainEpochs epochs take trainSteps steps or more.
const (
	trainRows   = 640
	trainCols   = 13 // a float32 SIMD block and a tail on every path
	trainSteps  = 1000
	trainEpochs = 50
)

// trainSpec is one train run.
type trainSpec struct {
	name      string
	batch     int
	opt       trainOptimizer
	lookahead *train.Lookahead
	estimator train.Estimator
	seed      uint64
	starts    int // a multistart of this many runs, if not 0
}

// trainOptimizer is a train run's optimizer, for each element type.
type trainOptimizer struct {
	f32 train.Optimizer[float32]
	f64 train.Optimizer[float64]
}

// use is train.Use for both element types.
func use[C any, A, B train.Stepper](a func([]*optim.Param[float32], C) (A, error), b func([]*optim.Param[float64], C) (B, error), cfg C) trainOptimizer {
	return trainOptimizer{train.Use(a, cfg), train.Use(b, cfg)}
}

// trainRuns lists the train runs, each of at least trainSteps steps: mini-batch Adam and momentum SGD with a
// fresh shuffle every epoch, SAG and SAGA, full-batch gradient descent with momentum and in the lookahead form,
// and a multistart, on a synthetic problem standardized by a Scaler.
func trainRuns() []typed {
	adam := optim.DefaultAdam()
	adam.LR = 0.01
	momentum := optim.DefaultSGD()
	momentum.LR, momentum.Momentum = 0.005, 0.9
	sgd := optim.DefaultSGD()
	sgd.LR = 0.002
	specs := []trainSpec{
		{name: "train/minibatch-adam", batch: 32, opt: use(optim.NewAdam[float32], optim.NewAdam[float64], adam), seed: 1},
		{name: "train/minibatch-momentum", batch: 32, opt: use(optim.NewSGD[float32], optim.NewSGD[float64], momentum), seed: 2},
		{name: "train/sag", batch: 32, opt: use(optim.NewSGD[float32], optim.NewSGD[float64], sgd), estimator: train.SAG, seed: 3},
		{name: "train/saga", batch: 32, opt: use(optim.NewSGD[float32], optim.NewSGD[float64], sgd), estimator: train.SAGA, seed: 4},
		{name: "train/fullbatch-momentum", batch: trainRows, opt: use(optim.NewSGD[float32], optim.NewSGD[float64], momentum)},
		{name: "train/fullbatch-lookahead", batch: trainRows, lookahead: &train.Lookahead{LR: 0.005, Momentum: 0.9}},
		{name: "train/multistart-adam", batch: 32, opt: use(optim.NewAdam[float32], optim.NewAdam[float64], adam), seed: 5, starts: 4},
	}
	var out []typed
	for _, s := range specs {
		out = append(out, typed{s.name,
			func() ([]byte, error) { return runTrain(s, s.opt.f32) },
			func() ([]byte, error) { return runTrain(s, s.opt.f64) }})
	}
	return out
}

// runTrain trains s with opt (nil for a lookahead run) and returns its result's bits: every run's weights and
// loss, and a multistart's winner.
func runTrain[F kernels.Float](s trainSpec, opt train.Optimizer[F]) ([]byte, error) {
	p, err := trainProblem[F]()
	if err != nil {
		return nil, err
	}
	cfg := train.Config[F]{Batch: s.batch, Estimator: s.estimator, Seed: s.seed, Stop: train.Stop{MaxEpochs: trainEpochs}}
	if s.lookahead != nil {
		cfg.Lookahead = s.lookahead
	} else {
		cfg.Optimizer = opt
	}
	if s.batch == trainRows {
		cfg.Stop = train.Stop{MaxIter: trainSteps}
	}
	var b []byte
	if s.starts > 0 {
		m, err := train.Multistart(p, cfg, train.Starts{N: s.starts, Lo: -3, Hi: 3, Seed: s.seed})
		if err != nil {
			return nil, err
		}
		for _, r := range m.Runs {
			if b, err = appendResult(b, r); err != nil {
				return nil, err
			}
		}
		return binary.LittleEndian.AppendUint64(b, uint64(m.Best)), nil
	}
	r, err := train.Train(p, make([]F, trainCols), cfg)
	if err != nil {
		return nil, err
	}
	return appendResult(b, r)
}

// appendResult appends a run's weights, loss and step count.
func appendResult[F kernels.Float](b []byte, r *train.Result[F]) ([]byte, error) {
	if r.Reason == train.StopDiverged || r.Iters < trainSteps {
		return nil, fmt.Errorf("the run stopped after %d steps (%v): a weak test", r.Iters, r.Reason)
	}
	b = appendBits(b, r.W...)
	b = appendBits(b, r.Loss)
	return binary.LittleEndian.AppendUint64(b, uint64(r.Iters)), nil
}

// trainProblem returns the train runs' problem: synthetic data with weights of mixed signs and scales, standardized.
func trainProblem[F kernels.Float]() (*train.Problem[F], error) {
	truth := make([]float64, trainCols)
	for j := range truth {
		truth[j] = float64(j%5) - 1.5 + float64(0.25*float64(j))
	}
	X, y, err := train.Synthetic[F](trainRows, trainCols, truth, 0.5, 7)
	if err != nil {
		return nil, err
	}
	scaler, err := train.FitScaler(X, trainCols, train.Standardize)
	if err != nil {
		return nil, err
	}
	if X, err = scaler.Transform(X); err != nil {
		return nil, err
	}
	return train.NewProblem(X, y, trainCols)
}
