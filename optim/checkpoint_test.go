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

// FuzzCheckpointLoad: whatever the bytes, loading them into an optimizer alone or into a whole run (optimizer,
// scheduler, plateau rule, scaler) returns an error or a state, never panics, and a failed load changes nothing.
func FuzzCheckpointLoad(f *testing.F) {
	good := saved(f)
	f.Add(good)
	f.Add(good[:40])
	f.Add(resum(append(slices.Clone(good[:12]), 0xff, 0xff, 0xff, 0x7f)))
	f.Add([]byte("FGCK"))
	var run bytes.Buffer
	tr := newTraining(f, params(37))
	if err := optim.SaveCheckpoint(&run, tr.parts()...); err != nil {
		f.Fatal(err)
	}
	f.Add(run.Bytes())
	f.Fuzz(func(t *testing.T, data []byte) {
		opt, _ := optim.NewAdam(params(37), optim.DefaultAdam())
		if err := opt.Load(bytes.NewReader(data)); err != nil && opt.StepCount() != 0 {
			t.Fatalf("a failed Load changed the step count to %d", opt.StepCount())
		}
		tr := newTraining(t, params(37))
		lr, scale, value := tr.opt.LR(0), tr.scaler.State(), tr.ps[0].Value[0]
		if err := optim.LoadCheckpoint(bytes.NewReader(data), tr.parts()...); err != nil &&
			(tr.opt.StepCount() != 0 || tr.sched.StepCount() != 0 || tr.opt.LR(0) != lr || tr.scaler.State() != scale ||
				tr.ps[0].Value[0] != value || tr.acc.Pending() != 0 || tr.epoch != 0 || tr.loader != nil) {
			t.Fatal("a failed load changed the run")
		}
	})
}

// training is an optimizer with a schedule, a plateau rule, a loss scaler and an accumulator, and a user's epoch
// and data loader's position: the parts of a run a checkpoint holds together.
type training struct {
	ps      []*optim.Param[float32]
	opt     *optim.Adam[float32]
	sched   *optim.Scheduler
	plateau *optim.ReduceLROnPlateau
	scaler  *optim.GradScaler[float32]
	acc     *optim.Accumulator[float32]
	epoch   int64
	loader  []byte
}

func newTraining(t testing.TB, ps []*optim.Param[float32]) *training {
	opt, err := optim.NewAdam(ps, optim.DefaultAdam())
	if err != nil {
		t.Fatal(err)
	}
	step, _ := optim.StepLR(2, 0.5)
	sched, err := optim.NewScheduler(opt, step)
	if err != nil {
		t.Fatal(err)
	}
	plateau, err := optim.NewReduceLROnPlateau(opt, optim.DefaultPlateau())
	if err != nil {
		t.Fatal(err)
	}
	cfg := optim.DefaultGradScaler()
	cfg.GrowthInterval = 3
	scaler, err := optim.NewGradScaler(ps, cfg)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := optim.NewAccumulator(scaler.StepOf(opt), ps, 2)
	if err != nil {
		t.Fatal(err)
	}
	return &training{ps: ps, opt: opt, sched: sched, plateau: plateau, scaler: scaler, acc: acc}
}

func (tr *training) parts() []optim.Checkpointed {
	return []optim.Checkpointed{tr.opt, tr.sched, tr.plateau, tr.scaler, tr.acc, optim.Binary("epoch", &tr.epoch),
		optim.Bytes("loader", &tr.loader)}
}

// run takes k scaled steps, each followed by the scheduler, the scaler's update and the plateau rule on a metric
// that stops improving.
func (tr *training) run(t *testing.T, k int) {
	t.Helper()
	for range k {
		for _, p := range tr.ps {
			for j := range p.Grad {
				p.Grad[j] = float32(tr.scaler.Scale()) * (0.3*p.Value[j] - float32(j%5) + 1)
			}
		}
		if _, err := tr.scaler.Step(tr.opt); err != nil {
			t.Fatal(err)
		}
		tr.scaler.Update()
		if err := tr.sched.Step(); err != nil {
			t.Fatal(err)
		}
		if err := tr.plateau.Step(float64(max(5-tr.opt.StepCount(), 1))); err != nil {
			t.Fatal(err)
		}
	}
}

// TestCheckpointOfARun: one checkpoint holds the optimizer, the scheduler's and the plateau rule's positions and the
// loss scale, and a run restored from it continues bit for bit.
func TestCheckpointOfARun(t *testing.T) {
	tr := newTraining(t, params(37))
	tr.run(t, 5)
	path := filepath.Join(t.TempDir(), "run.ckpt")
	if err := optim.SaveCheckpointFile(path, tr.parts()...); err != nil {
		t.Fatal(err)
	}
	twin := newTraining(t, cloneParams(tr.ps))
	if err := optim.LoadCheckpointFile(path, twin.parts()...); err != nil {
		t.Fatal(err)
	}
	if twin.sched.StepCount() != 5 || twin.scaler.State() != tr.scaler.State() || twin.opt.LR(0) != tr.opt.LR(0) ||
		twin.plateau.State().BadEpochs != tr.plateau.State().BadEpochs {
		t.Fatalf("restored: step %d, scale %v, LR %v, plateau %+v; saved: scale %v, LR %v, plateau %+v", twin.sched.StepCount(),
			twin.scaler.State(), twin.opt.LR(0), twin.plateau.State(), tr.scaler.State(), tr.opt.LR(0), tr.plateau.State())
	}
	tr.run(t, 6)
	twin.run(t, 6)
	for i := range tr.ps {
		if !slices.Equal(tr.ps[i].Value, twin.ps[i].Value) {
			t.Errorf("after loading, the run diverges: %v, restored %v", tr.ps[i].Value[:3], twin.ps[i].Value[:3])
		}
	}
	if tr.opt.LR(0) != twin.opt.LR(0) || tr.scaler.State() != twin.scaler.State() {
		t.Errorf("rates %v, %v; scales %v, %v", tr.opt.LR(0), twin.opt.LR(0), tr.scaler.State(), twin.scaler.State())
	}
}

// TestCheckpointInAStream: a checkpoint embedded in a larger stream is read to its end and no further, so two in a
// row load one after the other and what follows them is left to read; a file must hold the checkpoint alone.
func TestCheckpointInAStream(t *testing.T) {
	first := newTraining(t, params(37))
	first.run(t, 2)
	second := newTraining(t, params(37))
	second.run(t, 3)
	var stream bytes.Buffer
	stream.WriteString("header|")
	for _, tr := range []*training{first, second} {
		if err := optim.SaveCheckpoint(&stream, tr.parts()...); err != nil {
			t.Fatal(err)
		}
	}
	stream.WriteString("|trailer")
	r := bytes.NewReader(stream.Bytes())
	r.Seek(int64(len("header|")), io.SeekStart)
	for _, want := range []int{2, 3} {
		into := newTraining(t, params(37))
		if err := optim.LoadCheckpoint(r, into.parts()...); err != nil {
			t.Fatal(err)
		}
		if into.opt.StepCount() != want {
			t.Errorf("checkpoint %d: step %d", want-1, into.opt.StepCount())
		}
	}
	if rest, _ := io.ReadAll(r); string(rest) != "|trailer" {
		t.Errorf("after the checkpoints: %q, want the trailer", rest)
	}

	path := filepath.Join(t.TempDir(), "two.ckpt")
	if err := os.WriteFile(path, stream.Bytes()[len("header|"):], 0o644); err != nil {
		t.Fatal(err)
	}
	into := newTraining(t, params(37))
	err := optim.LoadCheckpointFile(path, into.parts()...)
	if want := path + ": bytes after the checkpoint"; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("LoadCheckpointFile of two checkpoints: %v, want an error saying %q", err, want)
	}
	if into.opt.StepCount() != 0 {
		t.Error("the failed LoadCheckpointFile restored the checkpoint at the file's start")
	}
}
