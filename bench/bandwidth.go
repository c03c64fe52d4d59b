package bench

import (
	"bytes"
	"time"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// Bandwidth is what memory gives a loop with (almost) no arithmetic, at one working-set size, in GB/s (10⁹ bytes
// per second).
type Bandwidth struct {
	Level  string  // l1, l2, l3 or dram: the Size it was measured at
	Bytes  int     // the working set
	Read   float64 // reading one array
	Update float64 // Adam's pattern: four arrays read and three of them written back in place
}

// The probes. No single loop is fastest everywhere, so each pattern takes the best of two, which share nothing
// but the access pattern:
//
//   - fastgrad's own kernels with the least arithmetic (AllFinite reads, Scale by 1 reads and writes back), on the
//     best path, which has the widest vectors: in the caches, only vector loads and stores reach the bandwidth;
//   - Go's standard library assembly (bytes.IndexByte reads, an overlapping copy reads and writes back), which
//     fastgrad did not write.
//
// A pure-Go loop reaches neither: it moves at most one word per load, which measures the core, not the memory.
// The update runs in blocks of probeBlock bytes per array, so that the four streams advance together as in a fused
// loop, in blocks long enough that a call's fixed cost does not count.
const probeBlock = 64 << 10

// probe is one loop over a working set in one of the two patterns.
type probe struct {
	pattern string // read or update
	name    string // kernels or std: whose loop it is
	bytes   int    // bytes a call moves
	call    func()
}

// probes returns the four probes over a working set of the given bytes, which share one buffer. They run on the
// path selected when they are called.
func probes(size int) []probe {
	// Four skewed arrays of ones: finite (AllFinite reads them all), unchanged by Scale(1) or by a copy onto
	// themselves, and with no 0xFF byte for IndexByte to stop at. The read probes read the whole buffer.
	n, gap := max(size/4/4, 1), skewBytes/4
	all := make([]float32, 4*(n+gap))
	for i := range all {
		all[i] = 1
	}
	a := make([][]float32, 4)
	for k := range a {
		a[k] = all[k*(n+gap) : k*(n+gap)+n : k*(n+gap)+n]
	}
	blk := probeBlock / 4
	return []probe{
		{"read", "kernels", 4 * len(all), func() { Sink = boolSink(kernels.AllFinite(all)) }},
		{"read", "std", 4 * len(all), func() { Sink = float64(bytes.IndexByte(asBytes(all), 0xFF)) }},
		{"update", "kernels", 7 * 4 * n, func() {
			for o := 0; o < n; o += blk {
				e := min(o+blk, n)
				Sink = boolSink(kernels.AllFinite(a[3][o:e]))
				kernels.Scale(1, a[0][o:e])
				kernels.Scale(1, a[1][o:e])
				kernels.Scale(1, a[2][o:e])
			}
		}},
		{"update", "std", 7 * 4 * n, func() {
			for o := 0; o < n; o += blk {
				e := min(o+blk, n)
				Sink = float64(bytes.IndexByte(asBytes(a[3][o:e]), 0xFF))
				for _, x := range a[:3] {
					copy(x[o:e-1], x[o+1:e]) // overlapping, so that copy must read and write every element
				}
			}
		}},
	}
}

// measureBandwidth measures both patterns over a working set of the given bytes, on the best path.
func measureBandwidth(level string, size int, b Budget) Bandwidth {
	defer kernels.SetImpl(kernels.Impl())
	kernels.SetImpl(kernels.Impls()[0])
	bw := Bandwidth{Level: level, Bytes: size}
	for _, p := range probes(size) {
		gbps := float64(p.bytes) / b.best(p.call)
		if p.pattern == "read" {
			bw.Read = max(bw.Read, gbps)
		} else {
			bw.Update = max(bw.Update, gbps)
		}
	}
	return bw
}

// asBytes returns the bytes of x.
func asBytes(x []float32) []byte {
	if len(x) == 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(&x[0])), 4*len(x))
}

// Budget is how long a measurement takes: rounds of calls, each round as many calls as fill Time (at least one),
// or exactly Calls calls when Calls > 0.
type Budget struct {
	Time   time.Duration
	Calls  int
	Rounds int
}

// Iterations returns how many calls fill a round, given the time one call took.
func (b Budget) Iterations(once time.Duration) int {
	if b.Calls > 0 {
		return b.Calls
	}
	return max(1, int(b.Time/max(once, 1)))
}

// best returns the fastest round's nanoseconds per call of f, after one call to warm up.
func (b Budget) best(f func()) float64 {
	start := time.Now()
	f()
	iters := b.Iterations(time.Since(start))
	best := 0.0
	for r := range max(b.Rounds, 1) {
		start := time.Now()
		for range iters {
			f()
		}
		ns := float64(time.Since(start).Nanoseconds()) / float64(iters)
		if r == 0 || ns < best {
			best = ns
		}
	}
	return best
}
