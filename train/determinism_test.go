package train

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"hash"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// A training run is a function of its inputs and its seed, bit for bit: on every CPU, every kernel path and
// whatever GOMAXPROCS is. TestDeterminism holds the package to it with one fixed workload (determinismDigest),
// whose SHA-256 is committed in testdata/determinism.txt: the same file serves amd64 (avx512, avx2, generic,
// GOAMD64=v3, -tags purego) and arm64 (neon, generic, under qemu in CI), so a difference on any of them fails.
//
// After a deliberate change to the workload or to the arithmetic it runs, regenerate the file on any machine with
//
//	go test ./train -run '^TestDeterminism$' -update
//
// and check that the other architecture agrees (GOARCH=arm64 go test -exec qemu-aarch64 -run Determinism ./train).
var updateDeterminism = flag.Bool("update", false, "rewrite testdata/determinism.txt from this machine's run")

const determinismFile = "testdata/determinism.txt"

// TestDeterminism runs the workload on every kernel path this CPU has (selected with kernels.SetImpl) under
// GOMAXPROCS 1, 2 and 8, and compares each digest with the committed one.
func TestDeterminism(t *testing.T) {
	if *updateDeterminism {
		writeDeterminism(t, determinismDigest(t))
	}
	want := readDeterminism(t)
	prev := kernels.Impl()
	defer kernels.SetImpl(prev)
	for _, path := range kernels.Impls() {
		if err := kernels.SetImpl(path); err != nil {
			t.Fatal(err)
		}
		for i, got := range withProcs(t, func() string { return determinismDigest(t) }) {
			if got != want {
				t.Errorf("path %s, GOMAXPROCS %d: digest %s, want %s (%s)", path, []int{1, 2, 8}[i], got, want, determinismFile)
			}
		}
	}
}

// TestDeterminismFASTGRADCPU re-runs this test binary once per kernel path, the path chosen at start-up by
// FASTGRAD_CPU as a user would, under the emulator in FASTGRAD_TEST_EXEC if there is one (as kernels'
// TestFASTGRADCPU does), and compares each child's digest with the committed one.
func TestDeterminismFASTGRADCPU(t *testing.T) {
	if testing.Short() && os.Getenv("FASTGRAD_TEST_EXEC") == "" {
		t.Skip("re-executes the test binary: under an emulator (go test -exec …), set FASTGRAD_TEST_EXEC to the same command")
	}
	want := readDeterminism(t)
	for _, path := range kernels.Impls() {
		args := append(strings.Fields(os.Getenv("FASTGRAD_TEST_EXEC")), os.Args[0], "-test.run=^TestDeterminismChild$", "-test.v")
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Env = append(os.Environ(), "FASTGRAD_CPU="+path, "FASTGRAD_TEST_CHILD=1")
		out, err := cmd.CombinedOutput()
		got := ""
		for line := range strings.Lines(string(out)) {
			if d, ok := strings.CutPrefix(strings.TrimSpace(line), "determinism-digest="); ok {
				got = d
			}
		}
		if err != nil || got != want {
			t.Errorf("FASTGRAD_CPU=%s: digest %q, want %s (%v)\n%s", path, got, want, err, out)
		}
	}
}

// TestDeterminismChild prints the workload's digest and the path that ran it, in the child processes of
// TestDeterminismFASTGRADCPU.
func TestDeterminismChild(t *testing.T) {
	if os.Getenv("FASTGRAD_TEST_CHILD") == "" {
		t.Skip("runs only as TestDeterminismFASTGRADCPU's child")
	}
	if want := os.Getenv("FASTGRAD_CPU"); kernels.Impl() != want {
		t.Fatalf("FASTGRAD_CPU=%s, but the kernels run %s", want, kernels.Impl())
	}
	os.Stdout.WriteString("determinism-digest=" + determinismDigest(t) + "\n")
}

// determinismDigest runs the fixed workload in float32 and float64 and returns the SHA-256, in hex, of the
// little-endian bits of every run's final weights and training loss, in a fixed order, and of each multistart's
// winner. The workload: a synthetic 2000×13 problem (13 columns: a float32 SIMD block and a tail on every path),
// standardized by a Scaler; mini-batch runs with a fresh shuffle every epoch under Adam and under momentum SGD
// (batch 32, and 50 with SAGA's estimates); full-batch gradient descent with momentum SGD and with the lookahead
// Nesterov form; a mini-batch run on a problem large enough for the shuffles to be drawn on another goroutine
// (unstandardized, momentum SGD); and a multistart of 6 starts, which runs them in parallel.
func determinismDigest(t *testing.T) string {
	h := sha256.New()
	digestWorkload[float32](t, h)
	digestWorkload[float64](t, h)
	return hex.EncodeToString(h.Sum(nil))
}

func digestWorkload[F kernels.Float](t *testing.T, h hash.Hash) {
	const rows, cols = 2000, 13
	truth := make([]float64, cols)
	for j := range truth {
		truth[j] = float64(j%5) - 1.5 + 0.25*float64(j)
	}
	X, y, err := Synthetic[F](rows, cols, truth, 0.5, 7)
	if err != nil {
		t.Fatal(err)
	}
	scaler, err := FitScaler(X, cols, Standardize)
	if err != nil {
		t.Fatal(err)
	}
	if X, err = scaler.Transform(X); err != nil {
		t.Fatal(err)
	}
	p, err := NewProblem(X, y, cols)
	if err != nil {
		t.Fatal(err)
	}
	adamCfg := optim.DefaultAdam()
	adamCfg.LR = 0.01
	momentum := func(lr float64) Optimizer[F] {
		c := optim.DefaultSGD()
		c.LR, c.Momentum = lr, 0.9
		return Use(optim.NewSGD[F], c)
	}
	runs := []Config[F]{
		{Batch: 32, Optimizer: Use(optim.NewAdam[F], adamCfg), Seed: 1, Stop: Stop{MaxEpochs: 5}},
		{Batch: 32, Optimizer: momentum(0.005), Seed: 2, Stop: Stop{MaxEpochs: 5}},
		{Batch: 50, Optimizer: momentum(0.001), Estimator: SAGA, Seed: 3, Stop: Stop{MaxEpochs: 3}},
		{Batch: rows, Optimizer: momentum(0.05), Stop: Stop{MaxIter: 150}},
		{Batch: rows, Lookahead: &Lookahead{LR: 0.05, Momentum: 0.9}, Stop: Stop{MaxIter: 150}},
	}
	for i, cfg := range runs {
		res := mustTrain(t, p, make([]F, cols), cfg)
		if res.Reason == StopDiverged { // NaN weights would make a weak test
			t.Fatalf("run %d diverged", i)
		}
		digestFloats(h, res.W...)
		digestFloats(h, res.Loss)
	}
	// Large enough that, with GOMAXPROCS > 1, each epoch's order is drawn on another goroutine.
	X, y, err = Synthetic[F](pipelineRows+1000, cols, truth, 0.5, 8)
	if err != nil {
		t.Fatal(err)
	}
	large, err := NewProblem(X, y, cols)
	if err != nil {
		t.Fatal(err)
	}
	res := mustTrain(t, large, make([]F, cols), Config[F]{Batch: 256, Optimizer: momentum(1e-4), Seed: 4, Stop: Stop{MaxEpochs: 3}})
	if res.Reason == StopDiverged {
		t.Fatal("the large run diverged")
	}
	digestFloats(h, res.W...)
	digestFloats(h, res.Loss)
	m, err := Multistart(p, Config[F]{Batch: 64, Optimizer: Use(optim.NewAdam[F], adamCfg), Stop: Stop{MaxEpochs: 3}},
		Starts{N: 6, Lo: -3, Hi: 3, Seed: 11})
	if err != nil {
		t.Fatal(err)
	}
	for _, res := range m.Runs {
		digestFloats(h, res.W...)
		digestFloats(h, res.Loss)
	}
	h.Write(binary.LittleEndian.AppendUint64(nil, uint64(m.Best)))
}

// digestFloats writes the little-endian bits of x to h.
func digestFloats[F kernels.Float](h hash.Hash, x ...F) {
	var b []byte
	for _, v := range x {
		switch v := any(v).(type) {
		case float32:
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
		case float64:
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	h.Write(b)
}

// readDeterminism returns the digest committed in determinismFile: its first line that is not a comment.
func readDeterminism(t *testing.T) string {
	t.Helper()
	f, err := os.Open(determinismFile)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" && !strings.HasPrefix(line, "#") {
			return line
		}
	}
	t.Fatalf("%s holds no digest", determinismFile)
	return ""
}

// writeDeterminism rewrites determinismFile with digest.
func writeDeterminism(t *testing.T, digest string) {
	t.Helper()
	text := "# SHA-256 of TestDeterminism's workload (train/determinism_test.go): the bits of every run's final weights and\n" +
		"# loss, float32 and float64, the same on amd64 and arm64, every kernel path and every GOMAXPROCS.\n" +
		"# Regenerate after a deliberate change: go test ./train -run '^TestDeterminism$' -update\n" + digest + "\n"
	if err := os.MkdirAll(filepath.Dir(determinismFile), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(determinismFile, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
