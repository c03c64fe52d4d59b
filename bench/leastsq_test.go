package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// lsqShape is one least-squares problem: m rows of n columns, and for the mini-batch kernel the rows per batch and
// whether every call gets the same batch (cached: its rows stay in cache, which measures the kernel's own cost).
type lsqShape struct {
	m, n, batch int
	cached      bool
}

// lsqShapes are the shapes the least-squares targets are set for: a matrix in L2, one in L3, and long matrices of
// short rows (n = 1, 2, 3, 16) and of long rows that stream from DRAM.
var lsqShapes = []lsqShape{
	{m: 4096, n: 64}, {m: 65536, n: 64}, {m: 1e6, n: 16}, {m: 1e5, n: 512},
	{m: 1e5, n: 1}, {m: 1e5, n: 2}, {m: 1e5, n: 3},
}

// lsqBatchShapes are mini-batches of random rows of the L3 and DRAM matrices, new ones each call and the same one.
var lsqBatchShapes = []lsqShape{
	{m: 65536, n: 64, batch: 64}, {m: 65536, n: 64, batch: 1024},
	{m: 1e6, n: 16, batch: 64}, {m: 1e6, n: 16, batch: 1024},
	{m: 65536, n: 64, batch: 64, cached: true}, {m: 65536, n: 64, batch: 1024, cached: true},
	{m: 1e6, n: 16, batch: 64, cached: true}, {m: 1e6, n: 16, batch: 1024, cached: true},
}

// lsqBatches is how many different mini-batches a benchmark cycles through, so that the rows come from wherever
// the matrix lives (L3 or DRAM), as in training, rather than staying in L1 from one call to the next.
const lsqBatches = 256

// BenchmarkLeastSquares measures one pass of LeastSquares over the whole matrix, with residuals and loss, on every
// path; ns/elem is per element of X.
func BenchmarkLeastSquares(b *testing.B) {
	benchLeastSquares[float32](b, "f32")
	benchLeastSquares[float64](b, "f64")
}

// BenchmarkLeastSquaresBatch measures LeastSquaresBatch on mini-batches of random rows, a different batch each call.
func BenchmarkLeastSquaresBatch(b *testing.B) {
	benchLeastSquaresBatch[float32](b, "f32")
	benchLeastSquaresBatch[float64](b, "f64")
}

// lsqProblem returns X, y and w for a shape, filled with N(0, 1) values from a seed that depends on the shape.
func lsqProblem[F kernels.Float](m, n int) (X, y, w []F) {
	r := rand.New(rand.NewPCG(uint64(m), uint64(n)))
	X, y, w = make([]F, m*n), make([]F, m), make([]F, n)
	for _, s := range [][]F{X, y, w} {
		for i := range s {
			s[i] = F(r.NormFloat64())
		}
	}
	return X, y, w
}

func benchLeastSquares[F kernels.Float](b *testing.B, typ string) {
	for _, sh := range lsqShapes {
		elems := sh.m * sh.n
		forEachLsqPath(b, typ, fmt.Sprintf("m=%d,n=%d", sh.m, sh.n), elems, elems*elemSize[F](), func() func() {
			X, y, w := lsqProblem[F](sh.m, sh.n)
			g, r := make([]F, sh.n), make([]F, sh.m)
			s := 2 / F(sh.m)
			return func() { kernels.LeastSquares(g, r, X, y, w, s) }
		})
	}
}

func benchLeastSquaresBatch[F kernels.Float](b *testing.B, typ string) {
	for _, sh := range lsqBatchShapes {
		elems, batches, name := sh.batch*sh.n, lsqBatches, fmt.Sprintf("m=%d,n=%d,batch=%d", sh.m, sh.n, sh.batch)
		if sh.cached {
			batches, name = 1, name+",cached"
		}
		forEachLsqPath(b, typ, name, elems, elems*elemSize[F](), func() func() {
			X, y, w := lsqProblem[F](sh.m, sh.n)
			g, r := make([]F, sh.n), make([]F, sh.batch)
			rnd := rand.New(rand.NewPCG(7, uint64(sh.batch)))
			idx := make([]int, batches*sh.batch)
			for k := range idx {
				idx[k] = rnd.IntN(sh.m)
			}
			s := 2 / F(sh.batch)
			k := 0
			return func() {
				kernels.LeastSquaresBatch(g, r, X, y, w, idx[k*sh.batch:(k+1)*sh.batch], s)
				k = (k + 1) % batches
			}
		})
	}
}

// forEachLsqPath runs the call that prepare returns as the sub-benchmark typ/<path>/shape for every path, reporting
// the bytes of X read and the nanoseconds per element of X. prepare runs once, for the first sub-benchmark the
// -bench pattern selects, so that unselected shapes allocate nothing.
func forEachLsqPath(b *testing.B, typ, shape string, elems, bytes int, prepare func() func()) {
	prev := kernels.Impl()
	defer kernels.SetImpl(prev)
	var call func()
	for _, path := range kernels.Impls() {
		b.Run(typ+"/"+path+"/"+shape, func(b *testing.B) {
			if call == nil {
				call = prepare()
			}
			if err := kernels.SetImpl(path); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(bytes))
			b.ReportAllocs()
			for b.Loop() {
				call()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(elems), "ns/elem")
		})
	}
}

func elemSize[F kernels.Float]() int { return int(unsafe.Sizeof(F(0))) }
