package bench

import (
	"bytes"
	"fmt"
	"time"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// Pattern is a memory access pattern: Reads arrays read, the first Writes of them written back in place.
type Pattern struct {
	Reads, Writes int
}

// String names the pattern as 4r3w (Adam's) or 1r (a pure read).
func (p Pattern) String() string {
	if p.Writes == 0 {
		return fmt.Sprintf("%dr", p.Reads)
	}
	return fmt.Sprintf("%dr%dw", p.Reads, p.Writes)
}

// The two patterns every roofline measures: a pure read, and Adam's in-place update.
var (
	ReadPattern   = Pattern{Reads: 1}
	UpdatePattern = Pattern{Reads: 4, Writes: 3}
)

// Bandwidth is the fastest memory has been seen to move each pattern at one working-set size.
type Bandwidth struct {
	Level string              // l1, l2, l3 or dram: the Size it was measured at
	Bytes int                 // the working set
	GBps  map[Pattern]float64 // GB/s (10⁹ bytes per second) of each pattern measured
	By    map[Pattern]string  // what reached it: a probe (probe/stream, probe/kernels, probe/std) or a case's name
}

// The probes. No single loop is fastest everywhere, so each pattern takes the best of up to three, which share
// only the access pattern:
//
//   - a STREAM-like kernel of fastgrad's, where one has exactly the pattern and almost no arithmetic (AllFinite
//     1r, Dot 2r, Scale 1r1w, Axpy 2r1w, SGD with momentum 3r2w), on the best path. In L1 and L2 only a fused
//     vector loop keeps the load and store units busy, as STREAM's loops do in C; such a kernel then shows 100% of
//     its own pattern by construction, and everything else is measured against it;
//   - fastgrad's simplest kernels composed block by block (AllFinite on the arrays only read, Scale by 1 on those
//     written back), which covers every pattern, fused or not;
//   - the same composition from Go's standard library assembly (bytes.IndexByte reads, an overlapping copy reads
//     and writes back), which fastgrad did not write.
//
// A pure-Go loop reaches none of them: it moves one word per load, which measures the core, not the memory. The
// compositions run in blocks of probeBlock bytes per array, so that the streams advance together as in a fused
// loop, in blocks long enough that a call's fixed cost does not count.
const probeBlock = 64 << 10

// probe is one loop over a working set in one pattern.
type probe struct {
	pattern Pattern
	name    string // stream, kernels or std: whose loop it is
	bytes   int    // bytes a call moves
	call    func()
}

// probes returns the probes of a pattern over a working set of the given bytes. They run on the path selected
// when they are called.
func probes(pat Pattern, size int) []probe {
	// Skewed arrays of ones: finite (AllFinite reads them all), unchanged by Scale(1) or by a copy onto
	// themselves, and with no 0xFF byte for IndexByte to stop at.
	n, gap := max(size/pat.Reads/4, 1), skewBytes/4
	buf := make([]float32, pat.Reads*(n+gap))
	for i := range buf {
		buf[i] = 1
	}
	a := make([][]float32, pat.Reads)
	for k := range a {
		a[k] = buf[k*(n+gap) : k*(n+gap)+n : k*(n+gap)+n]
	}
	moved := 4 * n * (pat.Reads + pat.Writes)
	ps := []probe{
		{pat, "kernels", moved, blocks(a, pat.Writes, func(x []float32) { Sink = boolSink(kernels.AllFinite(x)) },
			func(x []float32) { kernels.Scale(1, x) })},
		{pat, "std", moved, blocks(a, pat.Writes, func(x []float32) { Sink = float64(bytes.IndexByte(asBytes(x), 0xFF)) },
			func(x []float32) { copy(x, x[1:]) })}, // overlapping, so that copy must read and write every element
	}
	if s := stream(pat, a); s != nil {
		ps = append(ps, probe{pat, "stream", moved, s})
	}
	return ps
}

// stream returns the fused kernel of exactly the pattern over a, or nil if fastgrad has none with little
// arithmetic. Each keeps the arrays finite call after call.
func stream(pat Pattern, a [][]float32) func() {
	switch pat {
	case Pattern{1, 0}:
		return func() { Sink = boolSink(kernels.AllFinite(a[0])) }
	case Pattern{2, 0}:
		return func() { Sink = float64(kernels.Dot(a[0], a[1])) }
	case Pattern{1, 1}:
		return func() { kernels.Scale(1, a[0]) }
	case Pattern{2, 1}:
		return func() { kernels.Axpy(0, a[1], a[0]) }
	case Pattern{3, 2}:
		s := kernels.SGDHyper{LR: lr, Momentum: momentum}.Step(step)
		return func() { kernels.SGD(&s, a[0], a[2], a[1]) }
	}
	return nil
}

// blocks returns a loop over a in blocks of probeBlock bytes per array, which reads each block of the arrays after
// the first w with read and reads and writes back each block of the first w with update.
func blocks(a [][]float32, w int, read, update func([]float32)) func() {
	blk, n := probeBlock/4, len(a[0])
	return func() {
		for o := 0; o < n; o += blk {
			e := min(o+blk, n)
			for k, x := range a {
				if k < w {
					update(x[o:e])
				} else {
					read(x[o:e])
				}
			}
		}
	}
}

// MeasureBandwidth measures the patterns at a level's size (from Sizes), on the best path, with the probe budget
// derived from the cases' budget b.
func MeasureBandwidth(level Size, patterns []Pattern, b Budget) Bandwidth {
	defer kernels.SetImpl(kernels.Impl())
	kernels.SetImpl(kernels.Impls()[0])
	b = probeBudget(b)
	bw := Bandwidth{Level: level.Name, Bytes: level.Bytes, GBps: map[Pattern]float64{}, By: map[Pattern]string{}}
	for _, pat := range patterns {
		for _, p := range probes(pat, level.Bytes) {
			if gbps := float64(p.bytes) / b.best(p.call); gbps > bw.GBps[pat] {
				bw.GBps[pat], bw.By[pat] = gbps, "probe/"+p.name
			}
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

// Calibrate returns how many calls of run fill a round: after one call to warm up, it times ever more calls until
// they take a tenth of a round, so that neither a slow first call nor the clock's resolution sets the count. run
// makes n calls and returns the time they took.
func (b Budget) Calibrate(run func(n int) time.Duration) int {
	run(1)
	if b.Calls > 0 {
		return b.Calls
	}
	for n := 1; ; n *= 4 {
		if d := run(n); d >= b.Time/10 || n >= 1<<30 {
			return max(1, int(int64(b.Time)*int64(n)/max(int64(d), 1)))
		}
	}
}

// best returns the fastest round's nanoseconds per call of f.
func (b Budget) best(f func()) float64 {
	iters := b.Calibrate(func(n int) time.Duration {
		start := time.Now()
		for range n {
			f()
		}
		return time.Since(start)
	})
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
