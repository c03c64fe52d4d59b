package kernels

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Golden digests prove that every kernel gives the same bits on every platform and path: each kernel runs on a
// fixed input set (special values included), on every path this machine has, its outputs are hashed, and the
// digest must equal the one committed in testdata/golden.txt, the same file for amd64 (generic, avx2, avx512) and
// arm64 (generic, neon). A product the compiler fused into a multiply-add (Go may on arm64 and under GOAMD64=v3,
// wherever a conversion was missing) changes a digest. `go test ./kernels -run Golden -update` rewrites the file,
// for a change that is meant to change results.

var update = flag.Bool("update", false, "rewrite testdata/golden.txt from this machine's results")

// goldenKernels are the kernels under golden digests; adding one is one entry, run for float32 and float64.
var goldenKernels = []struct {
	name     string
	f32, f64 func(d *digest)
}{
	{"Adam", goldenAdam[float32], goldenAdam[float64]},
	{"Dot", goldenDot[float32], goldenDot[float64]},
	{"SumSq", goldenSumSq[float32], goldenSumSq[float64]},
	{"LeastSquares", goldenLeastSquares[float32], goldenLeastSquares[float64]},
	{"Helpers", goldenHelpers[float32], goldenHelpers[float64]},
	{"SGD", goldenOptimizer[float32]("SGD"), goldenOptimizer[float64]("SGD")},
	{"Adagrad", goldenOptimizer[float32]("Adagrad"), goldenOptimizer[float64]("Adagrad")},
	{"RMSprop", goldenOptimizer[float32]("RMSprop"), goldenOptimizer[float64]("RMSprop")},
	{"Adamax", goldenOptimizer[float32]("Adamax"), goldenOptimizer[float64]("Adamax")},
	{"NAdam", goldenOptimizer[float32]("NAdam"), goldenOptimizer[float64]("NAdam")},
	{"RAdam", goldenOptimizer[float32]("RAdam"), goldenOptimizer[float64]("RAdam")},
	{"Adadelta", goldenOptimizer[float32]("Adadelta"), goldenOptimizer[float64]("Adadelta")},
	{"Lion", goldenOptimizer[float32]("Lion"), goldenOptimizer[float64]("Lion")},
	{"EMA", goldenOptimizer[float32]("EMA"), goldenOptimizer[float64]("EMA")},
	{"SWA", goldenOptimizer[float32]("SWA"), goldenOptimizer[float64]("SWA")},
	{"ASGD", goldenOptimizer[float32]("ASGD"), goldenOptimizer[float64]("ASGD")},
	{"Rprop", goldenOptimizer[float32]("Rprop"), goldenOptimizer[float64]("Rprop")},
}

// digest hashes outputs' bits, every NaN as one canonical NaN (the contract leaves payloads aside).
type digest struct {
	buf []byte
	r   *rand.Rand
}

func digestValues[F Float](d *digest, xs ...F) {
	for _, x := range xs {
		b := floatBits(x)
		if x != x {
			b = math.MaxUint64
		}
		d.buf = binary.LittleEndian.AppendUint64(d.buf, b)
	}
}

// goldenInput returns n deterministic values, a third of the sets with special values mixed in.
func goldenInput[F Float](d *digest, n int, special bool) []F {
	s := make([]F, n)
	fillValues(d.r, s, special)
	return s
}

var goldenLengths = []int{0, 1, 7, 63, 64, 65, 200, 1031}

func goldenAdam[F Float](d *digest) {
	for f := range adamCombos {
		n := goldenLengths[f%len(goldenLengths)]
		h := adamHyperFor(f)
		in := adamInputs[F]{w: goldenInput[F](d, n, f%3 == 0), g: goldenInput[F](d, n, f%3 == 0),
			m: goldenInput[F](d, n, f%3 == 0), v: goldenInput[F](d, n, false)}
		for i, x := range in.v {
			in.v[i] = x * x
		}
		if h.AMSGrad {
			in.vmax = goldenInput[F](d, n, f%3 == 0)
		}
		out := adamInputs[F]{clone(in.w), in.g, clone(in.m), clone(in.v), clone(in.vmax)}
		steps(h, out.w, out.g, out.m, out.v, out.vmax)
		digestValues(d, slices.Concat(out.w, out.m, out.v, out.vmax)...)
	}
}

func goldenDot[F Float](d *digest) {
	for k, n := range goldenLengths {
		x, y := goldenInput[F](d, n, k%2 == 0), goldenInput[F](d, n, k%2 == 0)
		digestValues(d, Dot(x, y))
	}
}

func goldenSumSq[F Float](d *digest) {
	for k, n := range goldenLengths {
		digestValues(d, SumSq(goldenInput[F](d, n, k%2 == 0)))
	}
}

func goldenLeastSquares[F Float](d *digest) {
	for _, shape := range [][2]int{{0, 3}, {5, 0}, {7, 1}, {40, 2}, {33, 65}} {
		m, n := shape[0], shape[1]
		X, y, w := goldenInput[F](d, m*n, false), goldenInput[F](d, m, false), goldenInput[F](d, n, false)
		g, r := make([]F, n), make([]F, m)
		loss := LeastSquares(g, r, X, y, w, F(2)/F(max(m, 1)))
		digestValues(d, append(append(g, r...), loss)...)
		if m > 0 {
			idx := []int{m - 1, 0, m / 2, 0}
			g, r = make([]F, n), make([]F, len(idx))
			loss = LeastSquaresBatch(g, r, X, y, w, idx, F(0.25))
			digestValues(d, append(append(g, r...), loss)...)
		}
	}
}

func goldenHelpers[F Float](d *digest) {
	for k, n := range goldenLengths {
		x, y := goldenInput[F](d, n, k%2 == 0), goldenInput[F](d, n, k%2 == 0)
		alpha := F(0.7)
		s, a, c := clone(x), clone(y), clone(x)
		Scale(alpha, s)
		Axpy(alpha, x, a)
		ClipValue(F(1.5), c)
		digestValues(d, slices.Concat(s, a, c)...)
		finite := F(0)
		if AllFinite(x) {
			finite = 1
		}
		digestValues(d, MaxAbs(x), finite)
	}
}

func goldenDigests() map[string]string {
	out := map[string]string{}
	for i, k := range goldenKernels {
		for _, typ := range []struct {
			name string
			run  func(d *digest)
		}{{"f32", k.f32}, {"f64", k.f64}} {
			d := &digest{r: rand.New(rand.NewPCG(uint64(i), 42))}
			typ.run(d)
			out[k.name+"/"+typ.name] = fmt.Sprintf("%x", sha256.Sum256(d.buf))
		}
	}
	return out
}

func TestGolden(t *testing.T) {
	path := filepath.Join("testdata", "golden.txt")
	if *update {
		prev := active.Load()
		defer active.Store(prev)
		active.Store(referencePath) // the references define the digests
		got := goldenDigests()
		var b strings.Builder
		b.WriteString("# sha256 of each reference's outputs on a fixed input set; see golden_test.go\n")
		keys := slices.Sorted(func(yield func(string) bool) {
			for k := range got {
				if !yield(k) {
					return
				}
			}
		})
		for _, k := range keys {
			fmt.Fprintf(&b, "%s %s\n", k, got[k])
		}
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test ./kernels -run Golden -update to create it)", err)
	}
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			k, v, _ := strings.Cut(line, " ")
			want[k] = v
		}
	}
	forEachPath(t, func(t *testing.T) {
		got := goldenDigests()
		for k, v := range got {
			if want[k] != v {
				t.Errorf("%s: digest %s, committed %s: this path's results differ from the references'", k, v, want[k])
			}
		}
		for k := range want {
			if _, ok := got[k]; !ok {
				t.Errorf("%s: committed digest for a kernel no longer tested", k)
			}
		}
	})
}
