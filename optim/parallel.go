package optim

import (
	"fmt"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/fastgrad/fastgrad/kernels"
)

// A step over many elements is cut into a few large pieces that goroutines take in turn. Every kernel a step calls
// is elementwise, so a piece's result does not depend on where it is cut or which goroutine runs it: a step gives
// the same bits for every GOMAXPROCS and every SetWorkers.
//
// The pieces shrink as the step goes (guided scheduling): each is 1/(2n) of what is left for n workers, down to
// minPiece. The first ones are large, so that each core streams through long contiguous ranges (a split into 32K
// pieces cost two-thread C 1.3× the time of a split into halves at 1M elements), and the last ones small, so that
// a helper that wakes late, or a core another process holds, leaves only a small piece to wait for: the caller
// takes whatever no one else has.
const (
	// minPiece is the smallest piece but a parameter's last: 16K elements, a few microseconds of work, about as
	// long as waking a goroutine takes.
	minPiece = 16 << 10
	// minParallel is the size of step below which waking other goroutines costs more than it saves. A helper
	// parked on the channel starts tens of microseconds after the send (the runtime wakes an idle thread, which
	// steals the helper from the caller's run queue), a cost set by the OS scheduler rather than the CPU; 128K
	// float32 Adam elements take one core over 100 µs on the fastest path (AVX-512), a few wake-ups' worth. A
	// slower path or core spends longer per element, so there the split pays sooner still; and with the pieces
	// guided, a helper that wakes late only takes less of the step, so a step just above the threshold loses
	// little even where the wake-up is slow.
	minParallel = 1 << 17
	// maxWorkers bounds the pool, whatever SetWorkers or GOMAXPROCS ask for.
	maxWorkers = 256
)

// Pieces start at the start of a parameter or at a multiple of kernels.Q8Block in it, so they keep the blocks of
// an 8-bit state (StateQ8) whole, as the Q8 kernels require: each block is quantized by one piece.
var _ = [1]int{}[minPiece%kernels.Q8Block]

// updater is an optimizer's update of the elements [lo, hi) of its parameter i, at the step under way.
type updater interface{ update(i, lo, hi int) }

// piece is the elements [lo, hi) of the parameters laid end to end, the first of them in parameter i.
type piece struct{ i, lo, hi int }

// parallel is Core's plan for running a step: where each parameter starts among all the elements, the number of
// workers, and the job the pool's goroutines share, cut for that number.
type parallel struct {
	starts  []int // starts[i]: the first element of parameter i; starts[len(params)]: the total
	workers int   // as SetWorkers set it (1 until then); 0: GOMAXPROCS
	job     *job  // nil until a step is split
}

// job is one step's pieces, taken in turn by the calling goroutine and whichever of the pool's goroutines wake in
// time. It is made once per optimizer and number of workers and reused, so a step allocates nothing. The caller
// waits for the pieces to be done, not for the helpers: a helper that wakes after the last piece was taken finds
// nothing to do, so a step never waits on a goroutine being scheduled. One that wakes during the optimizer's next
// step may take a piece of that step, which counts it as that step's like any other.
type job struct {
	u         updater
	workers   int     // the number the pieces were cut for
	starts    []int   // as parallel's
	pieces    []piece // never changed once made: late helpers of an earlier step read its length
	next      atomic.Int64
	remaining atomic.Int64        // pieces not yet done
	finished  chan struct{}       // receives once the step's last piece is done
	panicked  atomic.Pointer[any] // the first panic of a piece, for the caller's goroutine to raise again
}

// newJob cuts the elements after starts into pieces for n workers.
func newJob(starts []int, n int) *job {
	j := &job{workers: n, starts: starts, finished: make(chan struct{}, 1)}
	total := starts[len(starts)-1]
	for lo := 0; lo < total; {
		hi := cut(starts, lo+max((total-lo)/(2*n), minPiece))
		j.pieces = append(j.pieces, piece{param(starts, lo), lo, hi})
		lo = hi
	}
	return j
}

// param returns the parameter element x (< the total) is in: the last one starting at or before x, so never an
// empty one.
func param(starts []int, x int) int { return sort.SearchInts(starts, x+1) - 1 }

// cut returns x, if it ends the elements, or else moved back to a multiple of kernels.Q8Block in its parameter.
// For x at least minPiece past a piece's start, it lies past that start.
func cut(starts []int, x int) int {
	if x >= starts[len(starts)-1] {
		return starts[len(starts)-1]
	}
	s := starts[param(starts, x)]
	return s + (x-s)/kernels.Q8Block*kernels.Q8Block
}

// drain updates pieces until none is left to take.
func (j *job) drain() {
	for {
		k := int(j.next.Add(1)) - 1
		if k >= len(j.pieces) {
			return
		}
		done := int64(1)
		if !j.update(j.pieces[k]) {
			// No piece is taken from here on: those not taken yet count as done, and the step ends once the
			// pieces under way are.
			done += max(int64(len(j.pieces))-j.next.Swap(int64(len(j.pieces))), 0)
		}
		if j.remaining.Add(-done) == 0 {
			j.finished <- struct{}{}
		}
	}
}

// update updates one piece, parameter by parameter, and reports false if it panicked, keeping the first panic for
// the caller's goroutine: a panic in a helper would otherwise end the process, which no caller can recover from.
func (j *job) update(p piece) (ok bool) {
	defer func() {
		if !ok {
			v := recover()
			j.panicked.CompareAndSwap(nil, &v)
		}
	}()
	for i, lo := p.i, p.lo; lo < p.hi; i++ {
		hi := min(p.hi, j.starts[i+1])
		if hi > lo {
			j.u.update(i, lo-j.starts[i], hi-j.starts[i])
		}
		lo = hi
	}
	return true
}

// pool is the package's goroutines that help with steps, shared by every optimizer. It grows to the most helpers
// a step has asked for (at most maxWorkers−1) and no further, so goroutines do not accumulate with optimizers or
// steps; idle, they wait on the channel.
var pool struct {
	mu      sync.Mutex
	started atomic.Int32
	jobs    chan *job
}

// helpers makes sure the pool has at least n goroutines and returns its channel.
func helpers(n int) chan *job {
	if int(pool.started.Load()) < n {
		pool.mu.Lock()
		if pool.jobs == nil {
			pool.jobs = make(chan *job, maxWorkers)
		}
		for int(pool.started.Load()) < n {
			go help(pool.jobs)
			pool.started.Add(1)
		}
		pool.mu.Unlock()
	}
	return pool.jobs
}

func help(jobs <-chan *job) {
	for j := range jobs {
		j.drain()
	}
}

// split lays the parameters end to end, for the pieces of steps run on several workers.
func (c *Core[F]) split() {
	c.workers = 1
	c.starts = make([]int, len(c.lens)+1)
	for i, n := range c.lens {
		c.starts[i+1] = c.starts[i] + n
	}
}

// SetWorkers sets how many goroutines a step over at least 128K elements in all runs on, counting the one that
// calls Step: 1, the default, runs every step on the caller's goroutine alone; 0 means GOMAXPROCS at the time of
// the step. The helpers come from a pool the package shares between optimizers, started on first use and never
// larger than the most helpers a step has used. The result is the same, bit for bit, for every n. A panic in a
// piece, whichever goroutine runs it, stops the step from taking more pieces and is raised again on the caller's
// goroutine once the pieces under way are done, as a serial step's would be. It returns an error for n < 0.
//
// Splitting pays where other cores bring their own divider and memory bandwidth; where one core already saturates
// memory, it gains little. So it is opt-in: measure it on the target machine (BenchmarkAdamStepSplit).
func (c *Core[F]) SetWorkers(n int) error {
	if n < 0 {
		return fmt.Errorf("optim: %s: SetWorkers(%d): want ≥ 0", c.name, n)
	}
	c.workers = n
	return nil
}

// run updates every parameter through u: on the calling goroutine alone if the step is small or one worker is
// asked for, else in pieces shared with the pool's goroutines.
func (c *Core[F]) run(u updater) {
	n := c.workers
	if n == 0 {
		n = runtime.GOMAXPROCS(0)
	}
	total := c.starts[len(c.lens)]
	n = min(n, maxWorkers, total/minPiece)
	if n <= 1 || total < minParallel {
		for i, size := range c.lens {
			u.update(i, 0, size)
		}
		return
	}
	if c.job == nil || c.job.workers != n {
		// Only when the number of workers changes: a new job, since late helpers may still read the old one.
		c.job = newJob(c.starts, n)
	}
	j := c.job
	jobs := helpers(n - 1)
	j.u = u
	j.remaining.Store(int64(len(j.pieces)))
	j.next.Store(0) // last: from here on, any goroutine may take a piece
	for range n - 1 {
		select {
		case jobs <- j:
		default: // the pool is busy with as many wake-ups as it can hold; the pieces get done regardless
		}
	}
	j.drain()
	<-j.finished
	if v := j.panicked.Swap(nil); v != nil {
		panic(*v)
	}
}
