package bench

import (
	"math/rand/v2"
	"sync"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// staggerBytes separates the arrays of the staggered layout: 17 cache lines, so no two arrays start at the same
// offset modulo any power of two above 64.
const staggerBytes = 17 * 64

// alloc returns arrays of n elements in the given layout, filled with N(0, 1) values from a fixed seed. Every call
// allocates afresh, so each run starts from the same state and the previous run's arrays are garbage.
func alloc[F kernels.Float](arrays, n int, layout string) [][]F {
	src := values[F](arrays, n)
	a := make([][]F, arrays)
	var buf []F
	gap := staggerBytes / int(unsafe.Sizeof(F(0)))
	if layout == "staggered" {
		buf = make([]F, arrays*(n+gap))
	}
	for k := range a {
		if buf != nil {
			a[k] = buf[k*(n+gap) : k*(n+gap)+n]
		} else {
			a[k] = make([]F, n)
		}
		copy(a[k], src[k*n:(k+1)*n])
	}
	return a
}

// filled holds the last fill values made. Drawing a DRAM-sized working set of normal variates takes longer than
// measuring a kernel on it, and the cases run one after another (the paths and peers of one kernel, size and
// type, in both layouts) share it; copying it is cheap.
var filled struct {
	sync.Mutex
	arrays, n int
	vals      any // []F of arrays×n values
}

// values returns arrays×n N(0, 1) values drawn from a seed that depends only on n. The caller must not modify them.
func values[F kernels.Float](arrays, n int) []F {
	filled.Lock()
	defer filled.Unlock()
	if v, ok := filled.vals.([]F); ok && filled.arrays == arrays && filled.n == n {
		return v
	}
	filled.vals = nil // let the collector take the old values before the new ones are made
	r := rand.New(rand.NewPCG(1, uint64(n)))
	v := make([]F, arrays*n)
	for i := range v {
		v[i] = F(r.NormFloat64())
	}
	filled.arrays, filled.n, filled.vals = arrays, n, v
	return v
}
