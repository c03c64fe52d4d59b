package optim

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/fastgrad/fastgrad/kernels"
)

// A step over many elements is cut into pieces that goroutines take in turn. Every kernel a step calls is
// elementwise, so a piece's result does not depend on where it is cut or which goroutine runs it: a step gives the
// same bits for every GOMAXPROCS and every SetWorkers.
const (
	// pieceLen is the largest piece: 32K elements keep a piece's four or five arrays within a core's L2, and a step
	// over 1M elements has 32 pieces to balance.
	pieceLen = 1 << 15
	// minParallel is the size of step below which waking other goroutines costs more than it saves: they take
	// microseconds to start, a step over 128K float32 Adam elements about 30.
	minParallel = 1 << 17
	// maxWorkers bounds the pool, whatever SetWorkers or GOMAXPROCS ask for.
	maxWorkers = 256
)

// Pieces start at multiples of pieceLen, so they keep the blocks of an 8-bit state (StateQ8) whole, as the Q8
// kernels require: each block is quantized by one piece, whatever the workers.
var _ = [1]int{}[pieceLen%kernels.Q8Block]

// updater is an optimizer's update of the elements [lo, hi) of its parameter i, at the step under way.
type updater interface{ update(i, lo, hi int) }

// piece is the elements [lo, hi) of parameter i.
type piece struct{ i, lo, hi int }

// parallel is Core's plan for running a step: the pieces, the element count that decides whether to split,
// and the job the pool's goroutines share.
type parallel struct {
	pieces  []piece
	total   int
	workers int // as SetWorkers set it (1 until then); 0: GOMAXPROCS
	job     *job
}

// job is one step's pieces, taken in turn by the calling goroutine and whichever of the pool's goroutines wake in
// time. It is allocated once per optimizer and reused, so a step allocates nothing. The caller waits for the
// pieces to be done, not for the helpers: a helper that wakes after the last piece was taken finds nothing to do,
// so a step never waits on a goroutine being scheduled. One that wakes during the optimizer's next step may take a
// piece of that step, which counts it as that step's like any other.
type job struct {
	u         updater
	pieces    []piece
	next      atomic.Int64        // the next piece to take
	remaining atomic.Int64        // pieces not yet done
	finished  chan struct{}       // receives once the step's last piece is done
	panicked  atomic.Pointer[any] // the first panic of a piece, for the caller's goroutine to raise again
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

// update updates one piece, and reports false if it panicked, keeping the first panic for the caller's goroutine:
// a panic in a helper would otherwise end the process, which no caller can recover from.
func (j *job) update(p piece) (ok bool) {
	defer func() {
		if !ok {
			v := recover()
			j.panicked.CompareAndSwap(nil, &v)
		}
	}()
	j.u.update(p.i, p.lo, p.hi)
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

// split cuts every parameter into pieces of at most pieceLen elements.
func (c *Core[F]) split() {
	c.job = &job{finished: make(chan struct{}, 1)}
	c.workers = 1
	c.total = 0
	for i, n := range c.lens {
		for lo := 0; lo < n; lo += pieceLen {
			c.pieces = append(c.pieces, piece{i, lo, min(lo+pieceLen, n)})
		}
		c.total += n
	}
	c.job.pieces = c.pieces
}

// SetWorkers sets how many goroutines a step over at least 128K elements in all runs on, counting the one that
// calls Step: 1, the default, runs every step on the caller's goroutine alone; 0 means GOMAXPROCS at the time of
// the step. The helpers come from a pool the package shares between optimizers, started on first use and never
// larger than the most helpers a step has used. The result is the same, bit for bit, for every n. A panic in a
// piece, whichever goroutine runs it, stops the step from taking more pieces and is raised again on the caller's
// goroutine once the pieces under way are done, as a serial step's would be. It returns an error for n < 0.
//
// Splitting pays only where other cores bring their own divider and memory bandwidth: on the 2-vCPU machine of the
// docs/optim.md's figures, where one core already saturates memory, it makes an Adam step 5% slower at 4M elements and
// 47% slower at 256K (BenchmarkAdamStepSplit). So it is opt-in: measure it on the target machine.
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
	n = min(n, len(c.pieces), maxWorkers)
	if n <= 1 || c.total < minParallel {
		for i, size := range c.lens {
			u.update(i, 0, size)
		}
		return
	}
	jobs := helpers(n - 1)
	j := c.job
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
