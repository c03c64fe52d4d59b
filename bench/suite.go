package bench

import (
	"fmt"
	"testing"

	"github.com/fastgrad/fastgrad/kernels"
)

// Case is one benchmark of the suite.
type Case struct {
	Kernel string // a name from Kernels()
	Type   string // f32 or f64
	Impl   string // a kernels path (see kernels.Impls) or a peer: naive, gonum
	Size   string // the cache level the working set is sized for: l1, l2, l3, dram
	N      int    // elements per array
	// Layout is "" for the back-to-back layout Go's allocator gives equal large slices made one after another (the
	// layout users get), or "staggered" for the same arrays carved from one buffer at a non-power-of-two gap, which
	// shows what cache-set conflicts cost.
	Layout string
	Bytes  int64 // bytes one call reads and writes
	k      *kernel
}

// Name is the case's sub-benchmark name, e.g. Adam/f32/avx2/n=65536.
func (c Case) Name() string {
	s := fmt.Sprintf("%s/%s/%s/n=%d", c.Kernel, c.Type, c.Impl, c.N)
	if c.Layout != "" {
		s += "/" + c.Layout
	}
	return s
}

// Peer reports whether the case measures a peer (naive, gonum) rather than a fastgrad path.
func (c Case) Peer() bool { return c.Impl == "naive" || c.Impl == "gonum" }

// Run benchmarks the case: b.N calls of the kernel on arrays prepared before the timer starts.
func (c Case) Run(b *testing.B) {
	call := c.Prepare()
	if !c.Peer() {
		prev := kernels.Impl()
		if err := kernels.SetImpl(c.Impl); err != nil {
			b.Fatal(err)
		}
		defer kernels.SetImpl(prev)
	}
	b.SetBytes(c.Bytes)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		call()
	}
}

// Prepare allocates and fills the case's arrays and returns one call of the kernel on them: a peer's code for a
// peer, and otherwise the kernel on the path the program has selected (Run selects c.Impl first).
func (c Case) Prepare() func() {
	if c.Type == "f32" {
		return c.k.f32(c.Impl, alloc[float32](c.k.arrays, c.N, c.Layout))
	}
	return c.k.f64(c.Impl, alloc[float64](c.k.arrays, c.N, c.Layout))
}

// kernel describes one kernel of the suite.
type kernel struct {
	name   string
	arrays int      // distinct arrays it touches: the working set
	moved  int      // arrays read plus arrays written per call
	peers  []string // peers measured beside it
	f32    func(impl string, a [][]float32) func()
	f64    func(impl string, a [][]float64) func()
}

// suite is the table of kernels; adding a kernel to the benchmarks is one entry here.
var suite = []*kernel{
	{"Adam", 4, 7, []string{"naive"}, adamCase[float32](false), adamCase[float64](false)},
	{"AMSGrad", 5, 9, []string{"naive"}, adamCase[float32](true), adamCase[float64](true)},
	{"Dot", 2, 2, []string{"naive", "gonum"}, dotCase[float32], dotCase[float64]},
	{"SumSq", 1, 1, []string{"naive", "gonum"}, sumSqCase[float32], sumSqCase[float64]},
	{"SGD", 3, 5, nil, sgdCase[float32], sgdCase[float64]},
	{"Adagrad", 3, 5, nil, adagradCase[float32], adagradCase[float64]},
	{"RMSprop", 3, 5, nil, rmspropCase[float32], rmspropCase[float64]},
	{"Adamax", 4, 7, nil, adamaxCase[float32], adamaxCase[float64]},
	{"NAdam", 4, 7, nil, nadamCase[float32], nadamCase[float64]},
	{"RAdam", 4, 7, nil, radamCase[float32], radamCase[float64]},
	{"Adadelta", 4, 7, nil, adadeltaCase[float32], adadeltaCase[float64]},
	{"Lion", 3, 5, nil, lionCase[float32], lionCase[float64]},
	{"Scale", 1, 2, nil, scaleCase[float32], scaleCase[float64]},
	{"Axpy", 2, 3, nil, axpyCase[float32], axpyCase[float64]},
	{"ClipValue", 1, 2, nil, clipValueCase[float32], clipValueCase[float64]},
	{"MaxAbs", 1, 1, []string{"naive"}, maxAbsCase[float32], maxAbsCase[float64]},
	{"AllFinite", 1, 1, []string{"naive"}, allFiniteCase[float32], allFiniteCase[float64]},
}

// Kernels returns the names of the kernels in the suite.
func Kernels() []string {
	names := make([]string, len(suite))
	for i, k := range suite {
		names[i] = k.name
	}
	return names
}

// Cases returns every case of the suite at the given sizes: each kernel, in float32 and float64, on every path
// this CPU can run and beside its peers, in the back-to-back layout, and also staggered at the l3 and dram sizes.
func Cases(sizes []Size) []Case {
	var cases []Case
	for _, k := range suite {
		for _, typ := range []string{"f32", "f64"} {
			elem := 4
			if typ == "f64" {
				elem = 8
			}
			for _, s := range sizes {
				n := s.N
				if n == 0 {
					n = elements(s.Bytes, k.arrays, elem)
				}
				layouts := []string{""}
				if s.Name == "l3" || s.Name == "dram" || n*k.arrays*elem > 1<<20 {
					layouts = append(layouts, "staggered")
				}
				for _, layout := range layouts {
					for _, impl := range append(kernels.Impls(), k.peers...) {
						cases = append(cases, Case{Kernel: k.name, Type: typ, Impl: impl, Size: s.Name, N: n,
							Layout: layout, Bytes: int64(k.moved * n * elem), k: k})
					}
				}
			}
		}
	}
	return cases
}

// Sink keeps reductions' results alive so the compiler cannot drop the calls.
var Sink float64

// adamCase returns the Adam (or AMSGrad) call on arrays w, g, m, v (and vmax). The step's scalars are computed once,
// as an optimizer does once per step for all its parameters; a tiny learning rate keeps the weights finite over any
// number of iterations.
func adamCase[F kernels.Float](ams bool) func(impl string, a [][]F) func() {
	return func(impl string, a [][]F) func() {
		const lr, b1, b2, eps, t = 1e-6, 0.9, 0.999, 1e-8, 10
		w, g, m, v := a[0], a[1], a[2], a[3]
		for i := range v {
			v[i] *= v[i] // a second moment is never negative
		}
		var vmax []F
		if ams {
			vmax = a[4]
			copy(vmax, v)
		}
		if impl == "naive" {
			return func() { naiveAdam(w, g, m, v, vmax, lr, b1, b2, eps, t) }
		}
		s := kernels.AdamHyper{LR: lr, Beta1: b1, Beta2: b2, Eps: eps, AMSGrad: ams}.Step(t)
		return func() { kernels.Adam(&s, w, g, m, v, vmax) }
	}
}

func dotCase[F kernels.Float](impl string, a [][]F) func() {
	x, y := a[0], a[1]
	switch impl {
	case "naive":
		return func() { Sink = float64(naiveDot(x, y)) }
	case "gonum":
		return func() { Sink = float64(gonumDot(x, y)) }
	}
	return func() { Sink = float64(kernels.Dot(x, y)) }
}

func maxAbsCase[F kernels.Float](impl string, a [][]F) func() {
	x := a[0]
	if impl == "naive" {
		return func() { Sink = float64(naiveMaxAbs(x)) }
	}
	return func() { Sink = float64(kernels.MaxAbs(x)) }
}

func allFiniteCase[F kernels.Float](impl string, a [][]F) func() {
	x := a[0]
	if impl == "naive" {
		return func() { Sink = boolSink(naiveAllFinite(x)) }
	}
	return func() { Sink = boolSink(kernels.AllFinite(x)) }
}

// boolSink turns a boolean result into Sink's type.
func boolSink(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func sumSqCase[F kernels.Float](impl string, a [][]F) func() {
	x := a[0]
	switch impl {
	case "naive":
		return func() { Sink = float64(naiveDot(x, x)) }
	case "gonum":
		return func() { Sink = float64(gonumDot(x, x)) }
	}
	return func() { Sink = float64(kernels.SumSq(x)) }
}
