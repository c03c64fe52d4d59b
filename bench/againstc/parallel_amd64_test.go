package againstc

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// piece32K is the piece optim cut steps into before it split them into one range per worker, and the C
// comparison with it.
const piece32K = 32 << 10

// adamCases are the ways the C Adam runs in the bits test and the benchmark.
var adamCases = []struct {
	name           string
	threads, piece int
}{{"c/threads=1", 1, 0}, {"c/threads=2", 2, 0}, {"c/threads=2/pieces=32K", 2, piece32K}}

// specials are the values the bits test mixes into the gradients and weights.
var specials = []float32{0, float32(math.Copysign(0, -1)), 1e-45, -1e-40, float32(math.Inf(1)), float32(math.Inf(-1)),
	float32(math.NaN()), 3e38, -1e-30}

// adamInputs returns weights and gradients of length n, realistic with a sprinkling of special values.
func adamInputs(n int, seed uint64) (w, g []float32) {
	r := rand.New(rand.NewPCG(seed, 1))
	w, g = make([]float32, n), make([]float32, n)
	for i := range w {
		w[i], g[i] = float32(r.NormFloat64()), float32(r.NormFloat64()*1e-2)
		if r.IntN(50) == 0 {
			g[i] = specials[r.IntN(len(specials))]
		}
		if r.IntN(200) == 0 {
			w[i] = specials[r.IntN(len(specials))]
		}
	}
	return w, g
}

// sameBits reports the first index where a and b differ in their bits, any NaN matching any NaN, or −1.
func sameBits(a, b []float32) int {
	for i := range a {
		if math.Float32bits(a[i]) != math.Float32bits(b[i]) && !(a[i] != a[i] && b[i] != b[i]) {
			return i
		}
	}
	return -1
}

// newAdam returns optim.Adam over one parameter, a copy of w with gradient g, with SetWorkers(workers).
func newAdam(tb testing.TB, w, g []float32, cfg optim.AdamConfig, workers int) (*optim.Param[float32], *optim.Adam[float32]) {
	tb.Helper()
	p := &optim.Param[float32]{Name: "w", Value: append([]float32(nil), w...), Grad: g}
	opt, err := optim.NewAdam([]*optim.Param[float32]{p}, cfg)
	if err == nil {
		err = opt.SetWorkers(workers)
	}
	if err != nil {
		tb.Fatal(err)
	}
	return p, opt
}

// TestParallelAdamBits: each way of running the C Adam gives, over three steps, the bits of optim.Adam with one and
// with two workers, for the configurations the benchmark and its variants use (a length that leaves a tail, a
// weight decay in either form, a β1 of at least one half, which lerps from the gradient).
func TestParallelAdamBits(t *testing.T) {
	needAVX512(t)
	adamW := optim.DefaultAdamW()
	l2 := optim.DefaultAdam()
	l2.WeightDecay, l2.L2 = 0.1, true
	lowBeta := optim.DefaultAdam()
	lowBeta.Betas[0] = 0.3
	for _, cfg := range []optim.AdamConfig{optim.DefaultAdam(), adamW, l2, lowBeta} {
		const n = 300_007
		w0, g := adamInputs(n, 7)
		want := map[int][]float32{}
		for _, workers := range []int{1, 2} {
			p, opt := newAdam(t, w0, g, cfg, workers)
			for range 3 {
				if err := opt.Step(); err != nil {
					t.Fatal(err)
				}
			}
			want[workers] = p.Value
		}
		if i := sameBits(want[1], want[2]); i >= 0 {
			t.Fatalf("%+v: optim with 2 workers differs from 1 at %d", cfg, i)
		}
		for _, c := range adamCases {
			w, m, v := append([]float32(nil), w0...), make([]float32, n), make([]float32, n)
			for step := 1; step <= 3; step++ {
				h := kernels.AdamHyper{LR: cfg.LR, Beta1: cfg.Betas[0], Beta2: cfg.Betas[1], Eps: cfg.Eps,
					WeightDecay: cfg.WeightDecay, Decoupled: cfg.DecoupledWeightDecay}
				a := newAdamC(h.Step(step))
				adamThreads(&a, w, g, m, v, c.threads, c.piece)
			}
			if i := sameBits(w, want[1]); i >= 0 {
				t.Errorf("%+v, %s: w[%d] = %v (%#x), optim gives %v (%#x)", cfg, c.name, i, w[i], math.Float32bits(w[i]),
					want[1][i], math.Float32bits(want[1][i]))
			}
		}
	}
}

// BenchmarkParallelAdam times one float32 Adam step side by side: optim.Adam with SetWorkers(1) and (2), and the
// same formula in C on one thread, on two over two halves, and on two over 32K pieces taken in turn. 256K elements
// keep the state in L2 and L3 (the divider bounds a core), 16M (256 MiB) reach memory. Compare within one run,
// with -count 10 and benchstat; GOMAXPROCS must be at least 2 for two workers to mean two cores.
func BenchmarkParallelAdam(b *testing.B) {
	needAVX512(b)
	for _, n := range []int{256 << 10, 1 << 20, 4 << 20, 16 << 20} {
		w, g := adamInputs(n, 1)
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("n=%d/optim/workers=%d", n, workers), func(b *testing.B) {
				_, opt := newAdam(b, w, g, optim.DefaultAdam(), workers)
				b.SetBytes(int64(7 * 4 * n))
				b.ReportAllocs()
				for b.Loop() {
					if err := opt.Step(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		for _, c := range adamCases {
			b.Run(fmt.Sprintf("n=%d/%s", n, c.name), func(b *testing.B) {
				wc, m, v := append([]float32(nil), w...), make([]float32, n), make([]float32, n)
				h := kernels.AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
				b.SetBytes(int64(7 * 4 * n))
				b.ReportAllocs()
				var a adamC // outside the loop: cgo makes it escape, and optim's step allocates nothing either
				step := 0
				for b.Loop() {
					// The step's scalars, as optim prepares them each step.
					step++
					a = newAdamC(h.Step(step))
					adamThreads(&a, wc, g, m, v, c.threads, c.piece)
				}
			})
		}
	}
}
