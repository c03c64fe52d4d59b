package optim_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/optim"
)

// torchHalfCheck is run by /usr/bin/python3 on files fastgrad wrote, each given as four arguments (the file, a
// dtype, a torch.optim optimizer, the file to write): it checks that every state tensor but the step is of that
// dtype, loads the file into the optimizer over float32 parameters w and b, and writes the tensors it read back
// out through torchstate.py, bfloat16 and float16 included.
const torchHalfCheck = `
import sys, torch, torchstate
args = sys.argv[1:]
for path, dtype, optimizer, out in zip(args[0::4], args[1::4], args[2::4], args[3::4]):
    tensors, metadata = torchstate._read(path)
    for name, t in tensors.items():
        if name.startswith("state.") and not name.endswith(".step") and str(t.dtype) != dtype:
            sys.exit("%s: %s is %s, want %s" % (path, name, t.dtype, dtype))
    named = [("w", torch.nn.Parameter(torch.zeros(5))), ("b", torch.nn.Parameter(torch.zeros(3)))]
    opt = getattr(torch.optim, optimizer)([p for _, p in named], lr=0.1)
    torchstate.load(path, opt, named)
    torchstate._write(out, tensors, metadata)
print(torch.__version__)
`

// TestTorchStateHalfInPyTorch writes the state of an Adam with bf16 state and an SGD with f16 state as
// safetensors files, has PyTorch (Debian's torch, at /usr/bin/python3) read them as torch.bfloat16 and
// torch.float16 tensors, load them into its optimizers and write them back through torchstate.py, and reads
// that back into the same state, bit for bit. It is skipped where that PyTorch is not installed.
func TestTorchStateHalfInPyTorch(t *testing.T) {
	if err := exec.Command("/usr/bin/python3", "-c", "import torch").Run(); err != nil {
		t.Skipf("no PyTorch at /usr/bin/python3: %v", err)
	}
	adam, sgd := optim.DefaultAdam(), optim.DefaultSGD()
	adam.AMSGrad, adam.State = true, optim.StateBF16
	sgd.Momentum, sgd.State = 0.9, optim.StateF16
	cases := []struct {
		optimizer, dtype string
		build            func(ps []*optim.Param[float32]) (optim.Optimizer[float32], error)
	}{
		{"Adam", "torch.bfloat16", func(ps []*optim.Param[float32]) (optim.Optimizer[float32], error) { return optim.NewAdam(ps, adam) }},
		{"SGD", "torch.float16", func(ps []*optim.Param[float32]) (optim.Optimizer[float32], error) { return optim.NewSGD(ps, sgd) }},
	}
	dir := t.TempDir()
	args := []string{"-c", torchHalfCheck}
	var opts []optim.Optimizer[float32]
	for _, c := range cases {
		ps := fixture[float32]()
		opt, err := c.build(ps)
		if err != nil {
			t.Fatal(err)
		}
		for s := 1; s <= 3; s++ {
			fixtureGrads(ps, s)
			if err := opt.Step(); err != nil {
				t.Fatal(err)
			}
		}
		in := filepath.Join(dir, c.optimizer+".safetensors")
		if err := optim.SaveTorchStateFile(in, opt.TorchState(), ps...); err != nil {
			t.Fatal(err)
		}
		args = append(args, in, c.dtype, c.optimizer, filepath.Join(dir, c.optimizer+"-torch.safetensors"))
		opts = append(opts, opt)
	}
	cmd := exec.Command("/usr/bin/python3", args...)
	cmd.Env = append(os.Environ(), "PYTHONPATH=.")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	version, err := cmd.Output()
	if err != nil {
		t.Fatalf("PyTorch: %v\n%s", err, stderr.String())
	}
	for k, c := range cases {
		back, _, err := optim.LoadTorchStateFile[float32](filepath.Join(dir, c.optimizer+"-torch.safetensors"))
		if err != nil {
			t.Fatal(err)
		}
		if want := opts[k].TorchState(); !reflect.DeepEqual(back.State, want.State) {
			t.Errorf("%s: the state PyTorch %s wrote back is %v, want %v", c.optimizer, strings.TrimSpace(string(version)), back.State, want.State)
		}
	}
}
