package optim_test

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// torchFileCase is a case of testdata/torch/cases.json (see gen.py there): PyTorch's state after 3 steps is in
// torch/<file>.safetensors, and W6 are its values after 3 more.
type torchFileCase struct {
	File      string         `json:"file"`
	Name      string         `json:"name"`
	Optimizer string         `json:"optimizer"`
	Config    map[string]any `json:"config"`
	Dtype     string         `json:"dtype"`
	C, T, W6  []string
}

// TestTorchStateFiles reads every file PyTorch 1.13 wrote with torchstate.py, continues its run in fastgrad and
// compares with PyTorch's own continuation, within the tolerances of TestTorchStateAgainstPyTorch (two
// implementations); writes the state back out and reads it bit for bit; and checks that go/<file>.safetensors,
// which gen.py check loads into PyTorch and continues, is what fastgrad writes (-update rewrites them).
func TestTorchStateFiles(t *testing.T) {
	for _, c := range torchCases[torchFileCase](t, "testdata/torch/cases.json") {
		if c.Dtype == "float32" {
			checkTorchFile[float32](t, c, 1e-4, 1e-5)
		} else {
			checkTorchFile[float64](t, c, 1e-10, 1e-12)
		}
	}
}

func checkTorchFile[F kernels.Float](t *testing.T, c torchFileCase, rel, abs float64) {
	t.Helper()
	state, weights, err := optim.LoadTorchStateFile[F](filepath.Join("testdata", "torch", "torch", c.File+".safetensors"))
	if err != nil {
		t.Fatalf("%s: %v", c.File, err)
	}
	var ps []*optim.Param[F]
	for _, name := range []string{"w", "b"} {
		w, ok := weights[name]
		if !ok {
			t.Fatalf("%s: no value of %s in the file", c.File, name)
		}
		ps = append(ps, &optim.Param[F]{Name: name, Value: w, Grad: make([]F, len(w))})
	}
	o, err := newTorchOptimizer(c.Optimizer, &torchConfig{m: c.Config, used: map[string]bool{}}, ps)
	if err != nil {
		t.Fatalf("%s: %v", c.File, err)
	}
	opt := o.(torchStater[F])
	if err := opt.SetTorchState(state); err != nil {
		t.Fatalf("%s: %v", c.File, err)
	}

	// Back out: what fastgrad writes reads back bit for bit, and is the committed file PyTorch was checked on.
	var buf bytes.Buffer
	if err := optim.WriteTorchState(&buf, opt.TorchState(), ps...); err != nil {
		t.Fatal(err)
	}
	again, values, err := optim.ReadTorchState[F](bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("%s: reading what fastgrad wrote: %v", c.File, err)
	}
	if want := opt.TorchState(); !reflect.DeepEqual(again.State, want.State) || len(again.ParamGroups) != len(want.ParamGroups) ||
		!reflect.DeepEqual(values, map[string][]F{"w": ps[0].Value, "b": ps[1].Value}) {
		t.Errorf("%s: written and read, the state is %+v, want %+v", c.File, again, want)
	}
	goFile := filepath.Join("testdata", "torch", "go", c.File+".safetensors")
	if *update {
		if err := optim.SaveTorchStateFile(goFile, opt.TorchState(), ps...); err != nil {
			t.Fatal(err)
		}
	}
	if committed, err := os.ReadFile(goFile); err != nil || !bytes.Equal(committed, buf.Bytes()) {
		t.Errorf("%s is not what fastgrad writes (%v): rerun with -update, then gen.py check", goFile, err)
	}

	cc, tt := decodeAll[F](t, c.C), decodeAll[F](t, c.T)
	for range 3 {
		for i, p := range ps {
			for j := range p.Grad {
				p.Grad[j] = cc[i][j] * (p.Value[j] - tt[i][j])
			}
		}
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
	}
	for i, want := range decodeAll[F](t, c.W6) {
		nearTorch(t, c.File+": after 3 steps from PyTorch's file, "+ps[i].Name, ps[i].Value, want, rel, abs)
	}
}

// FuzzTorchStateRead: whatever the bytes, ReadTorchState returns an error or a state and values; a state either
// loads into an Adam over w(5) and b(3) or is refused with nothing changed; and what was read, written, read and
// written again, gives the same bytes.
func FuzzTorchStateRead(f *testing.F) {
	for _, name := range []string{"adam-amsgrad-decay-float32", "sgd-momentum-float64", "rmsprop-centered-momentum-float32"} {
		data, err := os.ReadFile(filepath.Join("testdata", "torch", "torch", name+".safetensors"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, _, err := optim.ReadTorchState[float32](bytes.NewReader(data))
		if err != nil {
			return
		}
		ps := []*optim.Param[float32]{{Name: "w", Value: make([]float32, 5), Grad: make([]float32, 5)},
			{Name: "b", Value: make([]float32, 3), Grad: make([]float32, 3)}}
		opt, _ := optim.NewAdam(ps, optim.DefaultAdam())
		before := opt.TorchState()
		if err := opt.SetTorchState(s); err != nil && !reflect.DeepEqual(opt.TorchState(), before) {
			t.Fatalf("a refused state changed the optimizer: %v", err)
		}
		var buf bytes.Buffer
		if err := optim.WriteTorchState(&buf, s); err != nil {
			return // options JSON cannot hold, such as a NaN
		}
		again, _, err := optim.ReadTorchState[float32](bytes.NewReader(buf.Bytes()))
		var twice bytes.Buffer
		if err == nil {
			err = optim.WriteTorchState(&twice, again)
		}
		if err != nil || !bytes.Equal(twice.Bytes(), buf.Bytes()) { // bytes, not values: NaN ≠ NaN
			t.Fatalf("written and read again: %v", err)
		}
	})
}
