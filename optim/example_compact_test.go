package optim_test

import (
	"fmt"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// AdamW with its moments in bfloat16, half the memory of float32 ones, and a bfloat16 copy of the weights that
// every step refreshes, rounded stochastically: the float32 master weights stay on the CPU, the copy feeds the
// forward pass, as in DeepSpeed's ZeRO-Offload. The copy's random bits come from its seed and the step count, so a
// run resumed from a checkpoint, or split across workers, writes the same copy.
func ExampleCore_SetWeightCopy() {
	w := &optim.Param[float32]{Name: "w", Value: []float32{0.5, -1.25, 2, 1.0 / 3}, Grad: make([]float32, 4)}
	cfg := optim.DefaultAdamW()
	cfg.LR, cfg.State = 0.01, optim.StateBF16
	opt, err := optim.NewAdam([]*optim.Param[float32]{w}, cfg)
	if err != nil {
		panic(err)
	}
	half := make([]kernels.BF16, len(w.Value))
	if err := opt.SetWeightCopy("w", optim.WeightCopy{BF16: half, Stochastic: true, Seed: 42}); err != nil {
		panic(err)
	}
	for range 3 {
		for i, v := range w.Value {
			w.Grad[i] = 2 * v // the gradient of Σw²
		}
		if err := opt.Step(); err != nil {
			panic(err)
		}
	}
	fmt.Printf("float32 weights: %.5f\n", w.Value)
	fmt.Printf("bfloat16 copy:   %.5f\n", []float32{half[0].Float32(), half[1].Float32(), half[2].Float32(), half[3].Float32()})
	fmt.Printf("exp_avg in bf16: %.5f\n", opt.TorchState().State[0].Tensors["exp_avg"])
	// Output:
	// float32 weights: [0.46984 -1.21964 1.96939 0.30324]
	// bfloat16 copy:   [0.47070 -1.22656 1.96875 0.30273]
	// exp_avg in bf16: [0.26562 -0.67188 1.07812 0.17480]
}
