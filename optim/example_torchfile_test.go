package optim_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/fastgrad/fastgrad/optim"
)

// A run PyTorch saved with torchstate.save continues in Go, and goes back: testdata/torch/torch/adam-float32.safetensors
// holds torch.optim.Adam(lr=0.01) over w (5 elements) and b (3) after 3 steps, and the values.
func ExampleLoadTorchStateFile() {
	w := &optim.Param[float32]{Name: "w", Value: make([]float32, 5), Grad: make([]float32, 5)}
	b := &optim.Param[float32]{Name: "b", Value: make([]float32, 3), Grad: make([]float32, 3)}
	params := []*optim.Param[float32]{w, b}
	cfg := optim.DefaultAdam()
	cfg.LR = 0.01
	opt, err := optim.NewAdam(params, cfg)
	if err != nil {
		panic(err)
	}

	state, weights, err := optim.LoadTorchStateFile[float32]("testdata/torch/torch/adam-float32.safetensors")
	if err != nil {
		panic(err)
	}
	if err := opt.SetTorchState(state); err != nil { // checks every option, name, length and value first
		panic(err)
	}
	for _, p := range params {
		copy(p.Value, weights[p.Name])
	}
	fmt.Println("continuing PyTorch's run at step", opt.StepCount())

	// ... train in Go, then hand the run back to PyTorch:
	dir, err := os.MkdirTemp("", "fastgrad-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	if err := optim.SaveTorchStateFile(filepath.Join(dir, "adam.safetensors"), opt.TorchState(), params...); err != nil {
		panic(err)
	}
	// Output: continuing PyTorch's run at step 3
}
