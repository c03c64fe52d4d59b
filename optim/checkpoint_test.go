package optim_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/optim"
)

// steps runs k steps of opt with gradients that depend on the step and the values.
func steps(t *testing.T, opt stepper, ps []*optim.Param[float32], k int) {
	t.Helper()
	for range k {
		for _, p := range ps {
			for j := range p.Grad {
				p.Grad[j] = 0.3*p.Value[j] - float32(j%5) + 1
			}
		}
		if err := opt.Step(); err != nil {
			t.Fatal(err)
		}
	}
}

func cloneParams(ps []*optim.Param[float32]) []*optim.Param[float32] {
	out := make([]*optim.Param[float32], len(ps))
	for i, p := range ps {
		out[i] = &optim.Param[float32]{Name: p.Name, Value: slices.Clone(p.Value), Grad: slices.Clone(p.Grad)}
	}
	return out
}

// TestCheckpointRoundTrip: for every optimizer, saving after 3 steps and loading into a fresh optimizer over
// copies of the values continues the run bit for bit, step count and learning rate included.
func TestCheckpointRoundTrip(t *testing.T) {
	for name, ctor := range constructors {
		ps := params(37)
		opt, _ := ctor(ps, nil)
		steps(t, opt, ps, 3)
		opt.(optim.LRGroups).SetLR(0, 0.0123)
		var buf bytes.Buffer
		if err := opt.(interface{ Save(w io.Writer) error }).Save(&buf); err != nil {
			t.Fatal(err)
		}
		twin := cloneParams(ps)
		restored, _ := ctor(twin, nil)
		if err := restored.(interface{ Load(r io.Reader) error }).Load(bytes.NewReader(buf.Bytes())); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if restored.StepCount() != 3 || restored.(optim.LRGroups).LR(0) != 0.0123 {
			t.Errorf("%s: restored step %d, LR %v", name, restored.StepCount(), restored.(optim.LRGroups).LR(0))
		}
		steps(t, opt, ps, 4)
		steps(t, restored, twin, 4)
		for i := range ps {
			if !slices.Equal(ps[i].Value, twin[i].Value) {
				t.Errorf("%s: after loading, the run diverges: %v, restored %v", name, ps[i].Value[:3], twin[i].Value[:3])
			}
		}
	}
}

// saved returns an Adam checkpoint over params(37) after 2 steps.
func saved(t testing.TB) []byte {
	ps := params(37)
	opt, _ := optim.NewAdam(ps, optim.DefaultAdam())
	opt.Step()
	opt.Step()
	var buf bytes.Buffer
	if err := opt.Save(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// resum recomputes a modified checkpoint's CRC-32C, so that a test reaches the field checks behind it.
func resum(b []byte) []byte {
	b = slices.Clone(b)
	binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.Checksum(b[:len(b)-4], crc32.MakeTable(crc32.Castagnoli)))
	return b
}

// TestCheckpointRejects: every kind of mismatch or damage is an error that says which, and leaves the optimizer
// unchanged.
func TestCheckpointRejects(t *testing.T) {
	good := saved(t)
	other := func(mutate func(ps []*optim.Param[float32]) []*optim.Param[float32]) []byte {
		ps := mutate(params(37))
		opt, err := optim.NewAdam(ps, optim.DefaultAdam())
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		opt.Save(&buf)
		return buf.Bytes()
	}
	sgd := func() []byte {
		opt, _ := optim.NewSGD(params(37), optim.DefaultSGD())
		var buf bytes.Buffer
		opt.Save(&buf)
		return buf.Bytes()
	}()
	f64 := func() []byte {
		ps := []*optim.Param[float64]{{Name: "a", Value: make([]float64, 37), Grad: make([]float64, 37)}, {Name: "b", Value: make([]float64, 3), Grad: make([]float64, 3)}}
		opt, _ := optim.NewAdam(ps, optim.DefaultAdam())
		var buf bytes.Buffer
		opt.Save(&buf)
		return buf.Bytes()
	}()
	version := slices.Clone(good)
	version[4] = 2
	flipped := slices.Clone(good)
	flipped[len(flipped)/2] ^= 1
	cases := map[string][]byte{
		"not a fastgrad":  []byte("PK\x03\x04 a zip file"),
		"version 2":       version,
		"checksum":        flipped,
		"truncated":       good[:len(good)-9],
		"a SGD":           sgd,
		"8-byte elements": f64,
		`"c"`:             other(func(ps []*optim.Param[float32]) []*optim.Param[float32] { ps[1].Name = "c"; return ps }),
		"has 38 elements": other(func(ps []*optim.Param[float32]) []*optim.Param[float32] {
			ps[0] = &optim.Param[float32]{Name: "a", Value: make([]float32, 38), Grad: make([]float32, 38)}
			return ps
		}),
		"1 parameters":   other(func(ps []*optim.Param[float32]) []*optim.Param[float32] { return ps[:1] }),
		"after the last": resum(append(slices.Clone(good[:len(good)-4]), 0, 0, 0, 0, 0, 0, 0, 0)),
		"empty":          nil,
	}
	for want, data := range cases {
		ps := params(37)
		opt, _ := optim.NewAdam(ps, optim.DefaultAdam())
		opt.Step()
		err := opt.Load(bytes.NewReader(data))
		if want == "empty" {
			want = "not a fastgrad"
		}
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: Load error %v, want one saying %q", want, err, want)
		}
		if opt.StepCount() != 1 {
			t.Errorf("%s: a failed Load changed the step count to %d", want, opt.StepCount())
		}
	}
}

// TestCheckpointFile: SaveFile replaces the file whole and leaves no temporary file; LoadFile reads it back.
func TestCheckpointFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "adam.ckpt")
	if err := os.WriteFile(path, []byte("an older, longer file that must be replaced whole"), 0o644); err != nil {
		t.Fatal(err)
	}
	ps := params(37)
	opt, _ := optim.NewAdam(ps, optim.DefaultAdam())
	opt.Step()
	if err := opt.SaveFile(path); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("SaveFile left %d files in the directory", len(entries))
	}
	restored, _ := optim.NewAdam(params(37), optim.DefaultAdam())
	if err := restored.LoadFile(path); err != nil || restored.StepCount() != 1 {
		t.Fatalf("LoadFile: %v, step %d", err, restored.StepCount())
	}
	if err := restored.SaveFile(filepath.Join(dir, "missing", "x")); err == nil {
		t.Error("SaveFile into a missing directory succeeded")
	}
}

// FuzzCheckpointLoad: whatever the bytes, Load returns an error or a state, never panics, and a failed Load
// changes nothing.
func FuzzCheckpointLoad(f *testing.F) {
	good := saved(f)
	f.Add(good)
	f.Add(good[:40])
	f.Add(resum(append(slices.Clone(good[:12]), 0xff, 0xff, 0xff, 0x7f)))
	f.Add([]byte("FGCK"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps := params(37)
		opt, _ := optim.NewAdam(ps, optim.DefaultAdam())
		if err := opt.Load(bytes.NewReader(data)); err != nil && opt.StepCount() != 0 {
			t.Fatalf("a failed Load changed the step count to %d", opt.StepCount())
		}
	})
}
