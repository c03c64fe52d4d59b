package bench

import (
	"math/rand/v2"
	"sync"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// Layouts are the names of the two ways a case's arrays are placed. The back-to-back layout is the zero value ""
// (named "b2b" in benchmark names and reports): what Go's allocator gives equal large slices made one after
// another, the layout users get; they then start at the same offset modulo large powers of two, which can cost
// cache-set conflicts. "skewed" carves the same arrays from one buffer at a gap that is no power of two, which
// shows what those conflicts cost.
var Layouts = []string{"", "skewed"}

// LayoutName returns the printed name of a layout: b2b for the back-to-back layout "".
func LayoutName(layout string) string {
	if layout == "" {
		return "b2b"
	}
	return layout
}

// skewBytes separates the arrays of the skewed layout: 17 cache lines, so no two arrays start at the same offset
// modulo any power of two above 64.
const skewBytes = 17 * 64

// alloc returns arrays of the given lengths in the given layout, filled with the N(0, 1) values of values. Every
// call allocates afresh, so each run starts from the same state and the previous run's arrays are garbage.
func alloc[F kernels.Float](lens []int, layout string) [][]F {
	total := 0
	for _, n := range lens {
		total += n
	}
	src := values[F](total)
	a := make([][]F, len(lens))
	gap := skewBytes / int(unsafe.Sizeof(F(0)))
	var buf []F
	if layout == "skewed" {
		buf = make([]F, total+gap*len(lens))
	}
	off, at := 0, 0
	for k, n := range lens {
		if buf != nil {
			a[k] = buf[at : at+n : at+n]
			at += n + gap
		} else {
			a[k] = make([]F, n)
		}
		copy(a[k], src[off:off+n])
		off += n
	}
	return a
}

// filled holds the values drawn so far, per element type: the start of one fixed stream of N(0, 1) values, which
// every array takes its values from. Drawing a DRAM-sized working set of normal variates takes longer than
// measuring a kernel on it, and cmd/bench prepares every case once per round; copying is cheap.
var filled struct {
	sync.Mutex
	f32 []float32
	f64 []float64
}

// values returns the first n values of the stream. The caller must not modify them.
func values[F kernels.Float](n int) []F {
	filled.Lock()
	defer filled.Unlock()
	var have *[]F
	switch any(F(0)).(type) {
	case float32:
		have = any(&filled.f32).(*[]F)
	default:
		have = any(&filled.f64).(*[]F)
	}
	if len(*have) < n {
		*have = nil // let the collector take the old values before the new ones are made
		r := rand.New(rand.NewPCG(1, 2))
		v := make([]F, n)
		for i := range v {
			v[i] = F(r.NormFloat64())
		}
		*have = v
	}
	return (*have)[:n:n]
}
