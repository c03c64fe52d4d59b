package optim_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"

	"github.com/fastgrad/fastgrad/optim"
)

// A run saved mid-way and resumed by a new process from nothing but its checkpoint: the weights, AdamW's state,
// the schedule, the accumulator's pending micro-batches, the epoch and the RNG that draws the data travel in one
// atomic, checksummed file, so the resumed run ends with the bits of the run straight through.
func ExampleSaveCheckpointFile() {
	dir, err := os.MkdirTemp("", "fastgrad-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "run.ckpt")

	straight := newRun()
	straight.train(8)

	first := newRun()
	first.train(5) // then saved, and the process stops
	if err := optim.SaveCheckpointFile(path, first.parts()...); err != nil {
		panic(err)
	}

	resumed := newRun() // a new process builds the run as at its start, then loads
	if err := optim.LoadCheckpointFile(path, resumed.parts()...); err != nil {
		panic(err)
	}
	fmt.Printf("resumed at epoch %d, step %d, %d micro-batches pending\n", resumed.epoch, resumed.opt.StepCount(), resumed.acc.Pending())
	resumed.train(8)
	fmt.Println("the same weights as straight through:", slices.Equal(resumed.w.Value, straight.w.Value))
	// Output:
	// resumed at epoch 5, step 6, 2 micro-batches pending
	// the same weights as straight through: true
}

// run is a small training run: a linear model fitted to samples an RNG draws, by AdamW under a cosine schedule,
// one step per 3 micro-batches of 4 samples each, 4 micro-batches per epoch.
type run struct {
	w     *optim.Param[float32]
	opt   *optim.Adam[float32]
	sched *optim.Scheduler
	acc   *optim.Accumulator[float32]
	rng   *rand.PCG
	epoch int64
}

func newRun() *run {
	w := &optim.Param[float32]{Name: "w", Value: make([]float32, 4), Grad: make([]float32, 4)}
	params := []*optim.Param[float32]{w}
	opt, err := optim.NewAdam(params, optim.DefaultAdamW())
	if err != nil {
		panic(err)
	}
	cosine, err := optim.CosineAnnealingLR(10, 0)
	if err != nil {
		panic(err)
	}
	sched, err := optim.NewScheduler(opt, cosine)
	if err != nil {
		panic(err)
	}
	acc, err := optim.NewAccumulator(opt, params, 3)
	if err != nil {
		panic(err)
	}
	return &run{w: w, opt: opt, sched: sched, acc: acc, rng: rand.NewPCG(1, 2)}
}

// parts lists what a checkpoint of the run holds, the same list to save and to load.
func (r *run) parts() []optim.Checkpointed {
	return []optim.Checkpointed{r.opt, r.sched, r.acc, optim.Marshaled("rng", r.rng), optim.Binary("epoch", &r.epoch)}
}

// train runs the epochs from r.epoch up to until.
func (r *run) train(until int64) {
	data := rand.New(r.rng)
	for ; r.epoch < until; r.epoch++ {
		for range 4 {
			clear(r.w.Grad)
			for range 4 { // the gradient of (w·x − y)² over 4 samples, y = 1·x₀ + 2·x₁ + 3·x₂ + 4·x₃
				var x [4]float32
				var wx, y float32
				for j := range x {
					x[j] = data.Float32()
					wx += r.w.Value[j] * x[j]
					y += float32(j+1) * x[j]
				}
				for j := range x {
					r.w.Grad[j] += 2 * (wx - y) * x[j]
				}
			}
			stepped, err := r.acc.Add()
			if err != nil {
				panic(err)
			}
			if stepped {
				if err := r.sched.Step(); err != nil {
					panic(err)
				}
			}
		}
	}
}
