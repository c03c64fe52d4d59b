package bench

import (
	"fmt"
	"slices"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// The peers measured beside fastgrad's paths. The reference, the pure-Go path "generic", is a path like the others.
const (
	Reference = "generic" // the pure-Go reference, the specification every path matches bit for bit
	Naive     = "naive"   // the loop a Go user writes without fastgrad
	Gonum     = "gonum"   // gonum's vector operations (blas32 for float32, floats and blas64 for float64)
	Optim     = "optim"   // the optimizer of package optim, one Step over one parameter
)

// Peers lists the peers a case can measure, in the order cases list them.
var Peers = []string{Naive, Gonum, Optim}

// IsPeer reports whether impl names a peer rather than a fastgrad path.
func IsPeer(impl string) bool { return slices.Contains(Peers, impl) }

// Case is one benchmark of the suite: a kernel, an element type, a path or peer, a size and a layout.
type Case struct {
	Kernel string // a name from AllKernels()
	Type   string // f32, f64 or one of StoredTypes
	Impl   string // a kernels path (see kernels.Impls) or a peer (see Peers)
	Size   string // the name of the Size the case was made for
	// N is the count that ns/element divides by: elements per array, or for least squares the elements of X a call
	// reads (Rows·Cols, or Batch·Cols for a mini-batch).
	N                 int
	Rows, Cols, Batch int    // least squares: the matrix, and the rows per call of LeastSquaresBatch
	Cached            bool   // LeastSquaresBatch: the same batch every call
	Layout            string // "" (back-to-back) or "skewed": see Layouts
	Bytes             int64  // bytes one call must move: every array it reads, plus every array it writes
	k                 *kernel
}

// Name is the case's benchmark name below the kernel's, as key=value parts that benchstat can pivot on
// (benchstat -col /path), e.g. Adam/dtype=f32/n=65536/layout=b2b/path=avx2.
func (c Case) Name() string {
	shape := fmt.Sprintf("n=%d", c.N)
	if c.Cols > 0 {
		shape = fmt.Sprintf("rows=%d/cols=%d", c.Rows, c.Cols)
		if c.Batch > 0 {
			shape += fmt.Sprintf("/batch=%d", c.Batch)
			if c.Cached {
				shape += ",cached"
			}
		}
	}
	return fmt.Sprintf("%s/dtype=%s/%s/layout=%s/path=%s", c.Kernel, c.Type, shape, LayoutName(c.Layout), c.Impl)
}

// Peer reports whether the case measures a peer rather than a fastgrad path.
func (c Case) Peer() bool { return IsPeer(c.Impl) }

// ElemSize returns the size in bytes of the element type the case computes in: float32 for the stored types.
func (c Case) ElemSize() int {
	if c.Type == "f64" {
		return 8
	}
	return 4
}

// BytesPerElem returns the bytes a call reads and writes per element, as Bytes counts them: 28 for float32 Adam,
// 14 for Adam with every array BF16 (weights and two moments read and written, the gradient read).
func (c Case) BytesPerElem() float64 { return float64(c.Bytes) / float64(c.N) }

// Pattern returns the case's memory access pattern: the arrays it reads and writes back. Least squares counts as
// one read, of X: its other arrays are a row's or a column's length.
func (c Case) Pattern() Pattern {
	if c.k.lsq {
		return ReadPattern
	}
	if s, ok := storages[c.Type]; ok && s.copy {
		// The copy is written, not read, but a store reads its cache line first: it moves as an array updated.
		return Pattern{Reads: c.k.reads + 1, Writes: c.k.writes + 1}
	}
	return Pattern{Reads: c.k.reads, Writes: c.k.writes}
}

// Dividers returns the divisions and square roots a call performs per element, the work that binds an optimizer
// where memory does not.
func (c Case) Dividers() (div, sqrt int) { return c.k.divs, c.k.sqrts }

// WorkingSet returns the bytes of memory the case cycles through from call to call: every array it touches, or
// for a cached mini-batch only the batch's rows.
func (c Case) WorkingSet() int64 {
	e := int64(c.ElemSize())
	switch s, stored := storages[c.Type]; {
	case stored:
		return int64(s.footprint(c.N, c.k.stored.states))
	case c.Cols == 0:
		return int64(c.k.arrays*c.N) * e
	case c.Cached:
		return int64(c.Batch*(c.Cols+2)) * e
	}
	return int64(c.Rows*c.Cols+2*c.Rows+2*c.Cols) * e
}

// kernel describes one kernel of the suite.
type kernel struct {
	name          string
	lsq           bool     // a least-squares kernel: sized by a matrix shape rather than elements per array
	batch         bool     // LeastSquaresBatch
	arrays        int      // vector kernels: the distinct arrays of n elements it touches
	reads, writes int      // vector kernels: how many of them a call reads and writes
	divs, sqrts   int      // divisions and square roots per element
	peers         []string // peers measured beside it
	f32           setup[float32]
	f64           setup[float64]
	stored        *storedKernel // the stored types, where the kernels package has them
}

// setup allocates and fills a case's arrays, and returns the call to measure on them for any path or peer of the
// kernel. The arrays are shared by every path and peer of a group (see PrepareGroup), so a setup prepares state
// once (second moments made non-negative, say) and the calls it returns keep it valid for any number of calls.
type setup[F kernels.Float] func(c Case) func(impl string) func()

// suite is the table of kernels; adding a kernel to the benchmarks is one entry here and one Benchmark function in
// bench_test.go.
var suite = []*kernel{
	{name: "Adam", arrays: 4, reads: 4, writes: 3, divs: 2, sqrts: 1, peers: []string{Naive, Optim}, f32: vector(adam[float32](false)), f64: vector(adam[float64](false)), stored: storedAdam},
	{name: "AMSGrad", arrays: 5, reads: 5, writes: 4, divs: 2, sqrts: 1, peers: []string{Naive, Optim}, f32: vector(adam[float32](true)), f64: vector(adam[float64](true)), stored: storedAMSGrad},
	{name: "SGD", arrays: 3, reads: 3, writes: 2, peers: []string{Naive, Gonum, Optim}, f32: vector(sgd[float32]), f64: vector(sgd[float64]), stored: storedSGD},
	{name: "Adagrad", arrays: 3, reads: 3, writes: 2, divs: 1, sqrts: 1, peers: []string{Optim}, f32: vector(adagrad[float32]), f64: vector(adagrad[float64]), stored: storedAdagrad},
	{name: "RMSprop", arrays: 3, reads: 3, writes: 2, divs: 1, sqrts: 1, peers: []string{Optim}, f32: vector(rmsprop[float32]), f64: vector(rmsprop[float64])},
	{name: "Adamax", arrays: 4, reads: 4, writes: 3, divs: 1, peers: []string{Optim}, f32: vector(adamax[float32]), f64: vector(adamax[float64])},
	{name: "NAdam", arrays: 4, reads: 4, writes: 3, divs: 3, sqrts: 1, peers: []string{Optim}, f32: vector(nadam[float32]), f64: vector(nadam[float64])},
	{name: "RAdam", arrays: 4, reads: 4, writes: 3, divs: 2, sqrts: 1, peers: []string{Optim}, f32: vector(radam[float32]), f64: vector(radam[float64])},
	{name: "Adadelta", arrays: 4, reads: 4, writes: 3, divs: 1, sqrts: 2, peers: []string{Optim}, f32: vector(adadelta[float32]), f64: vector(adadelta[float64])},
	{name: "Lion", arrays: 3, reads: 3, writes: 2, peers: []string{Optim}, f32: vector(lion[float32]), f64: vector(lion[float64]), stored: storedLion},
	{name: "EMA", arrays: 2, reads: 2, writes: 1, f32: vector(ema[float32]), f64: vector(ema[float64])},
	{name: "SWA", arrays: 2, reads: 2, writes: 1, divs: 1, f32: vector(swa[float32]), f64: vector(swa[float64])},
	{name: "ASGD", arrays: 3, reads: 3, writes: 2, peers: []string{Optim}, f32: vector(asgd[float32]), f64: vector(asgd[float64])},
	{name: "Rprop", arrays: 4, reads: 4, writes: 3, peers: []string{Optim}, f32: vector(rprop[float32]), f64: vector(rprop[float64])},
	{name: "Scale", arrays: 1, reads: 1, writes: 1, peers: []string{Naive, Gonum}, f32: vector(scale[float32]), f64: vector(scale[float64])},
	{name: "Axpy", arrays: 2, reads: 2, writes: 1, peers: []string{Naive, Gonum}, f32: vector(axpy[float32]), f64: vector(axpy[float64])},
	{name: "ClipValue", arrays: 1, reads: 1, writes: 1, peers: []string{Naive}, f32: vector(clipValue[float32]), f64: vector(clipValue[float64])},
	{name: "Dot", arrays: 2, reads: 2, peers: []string{Naive, Gonum}, f32: vector(dot[float32]), f64: vector(dot[float64])},
	{name: "SumSq", arrays: 1, reads: 1, peers: []string{Naive, Gonum}, f32: vector(sumSq[float32]), f64: vector(sumSq[float64])},
	{name: "MaxAbs", arrays: 1, reads: 1, peers: []string{Naive, Gonum}, f32: vector(maxAbs[float32]), f64: vector(maxAbs[float64])},
	{name: "AllFinite", arrays: 1, reads: 1, peers: []string{Naive}, f32: vector(allFinite[float32]), f64: vector(allFinite[float64])},
	{name: "LeastSquares", lsq: true, peers: []string{Naive, Gonum}, f32: leastSquares[float32], f64: leastSquares[float64]},
	{name: "LeastSquaresBatch", lsq: true, batch: true, peers: []string{Naive, Gonum}, f32: leastSquaresBatch[float32], f64: leastSquaresBatch[float64]},
}

// Kernels returns the names of the suite's kernels over vectors, whose cases are sized in elements per array: every
// kernel but least squares. (gen/cost counts each of them at a number of elements.)
func Kernels() []string {
	var names []string
	for _, k := range suite {
		if !k.lsq {
			names = append(names, k.name)
		}
	}
	return names
}

// AllKernels returns the names of every kernel in the suite, least squares included, in the suite's order.
func AllKernels() []string {
	names := make([]string, len(suite))
	for i, k := range suite {
		names[i] = k.name
	}
	return names
}

// lsqCols and lsqBatch shape the least-squares cases of the level and element sizes: rows of 64 elements, as in
// the targets of docs/benchmarks.md, and mini-batches of 1024 of them.
const lsqCols, lsqBatch = 64, 1024

// Cases returns every case of the suite at the given sizes: each kernel, in float32 and float64, on every path
// this CPU can run and beside its peers, and in each stored type it has on every path, in both layouts. A
// least-squares shape applies to its kernel only.
func Cases(sizes []Size) []Case {
	var cases []Case
	for _, k := range suite {
		for _, typ := range Types {
			for _, s := range sizes {
				c, ok := k.sized(typ, s)
				if !ok {
					continue
				}
				impls := append(kernels.Impls(), k.peers...)
				if IsStored(typ) {
					impls = kernels.Impls()
				}
				for _, layout := range Layouts {
					for _, impl := range impls {
						if impl == Optim && layout != "" {
							continue
						}
						c.Impl, c.Layout = impl, layout
						cases = append(cases, c)
					}
				}
			}
		}
	}
	return cases
}

// sized returns the kernel's case of type typ at size s, without its path and layout, or false if s does not
// apply to the kernel or the kernel has no such type. A stored case has the elements of the float32 case, so that
// their times per element compare at the same size.
func (k *kernel) sized(typ string, s Size) (Case, bool) {
	c := Case{Kernel: k.name, Type: typ, Size: s.Name, k: k}
	e := c.ElemSize()
	if st, ok := storages[typ]; ok {
		if k.stored == nil || s.Cols > 0 {
			return c, false
		}
		c.N = s.N
		if c.N == 0 {
			c.N = elements(s.Bytes, k.arrays, e)
		}
		c.Bytes = int64(st.reads(c.N, k.stored.states) + st.writes(c.N, k.stored.states))
		return c, true
	}
	if !k.lsq {
		if s.Cols > 0 {
			return c, false
		}
		c.N = s.N
		if c.N == 0 {
			c.N = elements(s.Bytes, k.arrays, e)
		}
		c.Bytes = int64((k.reads + k.writes) * c.N * e)
		return c, true
	}
	switch {
	case s.Cols > 0:
		if (s.Batch > 0) != k.batch {
			return c, false
		}
		c.Rows, c.Cols, c.Batch, c.Cached = s.Rows, s.Cols, s.Batch, s.Cached
	case s.N > 0:
		c.Rows, c.Cols = max(s.N/lsqCols, 1), lsqCols
	default:
		c.Rows, c.Cols = max(s.Bytes/(lsqCols*e), 1), lsqCols
	}
	rows := c.Rows
	if k.batch {
		c.Batch = orDefault(c.Batch, lsqBatch)
		rows = c.Batch
	}
	c.N = rows * c.Cols
	// A call reads its rows of X, their y and w, and writes r and g; a mini-batch also reads its row indices.
	c.Bytes = int64((c.N+2*rows+2*c.Cols)*e) + int64(c.Batch)*int64(unsafe.Sizeof(0))
	return c, true
}

// Sink keeps reductions' results alive so the compiler cannot drop the calls.
var Sink float64

// vector returns the setup of a kernel over arrays of c.N elements, which init prepares. It binds the optim peer
// itself, to the first two arrays, which are the weights and the gradient of every optimizer.
func vector[F kernels.Float](init func(a [][]F) func(impl string) func()) setup[F] {
	return func(c Case) func(impl string) func() {
		lens := make([]int, c.k.arrays)
		for i := range lens {
			lens[i] = c.N
		}
		a := alloc[F](lens, c.Layout)
		bind := init(a)
		return func(impl string) func() {
			if impl == Optim {
				return optimStep(c.Kernel, a[0], a[1])
			}
			return bind(impl)
		}
	}
}

// storedSetup returns the setup of a stored case: its arrays in its types, and the same step for every path.
func storedSetup(c Case) func(impl string) func() {
	s, sk := storages[c.Type], c.k.stored
	a := allocStored(s, c.N, sk, c.Layout)
	call := sk.modes(suiteHyper(sk.ams)).bind(s, a, s.rounding(step))
	return func(string) func() { return call }
}
