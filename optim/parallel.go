package optim

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fastgrad/fastgrad/kernels"
)

// A step over many elements is cut into one region for each worker, laid end to end, and each region into
// pieces. Every kernel a step calls is elementwise, so a piece's result does not depend on where it is cut or which
// goroutine runs it: a step gives the same bits for every GOMAXPROCS and every SetWorkers.
//
// Each worker takes the pieces of its own region from the front, and once they are gone takes what is left of the
// others' from the back, as in work stealing. So in a loop of steps each core updates the same elements step
// after step, which stay in its caches (pieces taken in turn from one list moved between the cores at each step:
// two workers took 1.3× the time of C's fixed halves at 256K float32 Adam elements, and 1.04× with regions); and a
// worker that wakes late, or a core another process holds, finds that the others have taken its region's back. A
// region's pieces shrink from its front (guided scheduling): half of what is left each time, down to minPiece, so
// the owner streams through long contiguous ranges while those taken from the back, where the owner and a thief
// meet, are small.
const (
	// minPiece is the smallest piece but a region's last: 16K elements, a few microseconds of work.
	minPiece = 16 << 10
	// minParallel is the size of step below which handing pieces to other goroutines costs more than it saves:
	// waking a parked helper takes from a few to a hundred microseconds (see run), and 128K float32 Adam elements
	// take one core over 100 µs on the fastest path (AVX-512). A slower path or core spends longer per element, so
	// there the split pays sooner still; and since a late helper only leaves its region to be taken from the back,
	// a step just above the threshold loses little even where the wake-up is slow.
	minParallel = 1 << 17
	// maxWorkers bounds the pool, whatever SetWorkers or GOMAXPROCS ask for.
	maxWorkers = 256
	// spinFor is how long a helper keeps looking for the next step's job after finishing one, yielding its thread
	// to any other goroutine between looks, before it parks: as OpenMP's threads wait by default, so that a loop of
	// steps finds the helpers awake instead of paying a wake-up at every step.
	spinFor = 200 * time.Microsecond
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

// region is one worker's share of a step's pieces.
type region struct {
	pieces []piece // never changed once made: late helpers of an earlier step read its length
	// taken counts the pieces taken from the front (high 32 bits) and from the back (low 32 bits): one word, so
	// that a compare-and-swap hands each piece to one goroutine whichever end it is taken from.
	taken atomic.Uint64
	_     [64 - 8]byte // the regions' counters on cache lines of their own, as each worker updates its own
}

// take returns the region's next piece from the front or the back, and false if none is left.
func (r *region) take(front bool) (piece, bool) {
	for {
		t := r.taken.Load()
		f, b := int(t>>32), int(t&math.MaxUint32)
		if f+b >= len(r.pieces) {
			return piece{}, false
		}
		if front && r.taken.CompareAndSwap(t, t+1<<32) {
			return r.pieces[f], true
		}
		if !front && r.taken.CompareAndSwap(t, t+1) {
			return r.pieces[len(r.pieces)-1-b], true
		}
	}
}

// close takes every piece left in the region, for a step that stops, and returns how many it took.
func (r *region) close() int {
	for {
		t := r.taken.Load()
		f, b := int(t>>32), int(t&math.MaxUint32)
		left := len(r.pieces) - f - b
		if left <= 0 {
			return 0
		}
		if r.taken.CompareAndSwap(t, t+uint64(left)<<32) {
			return left
		}
	}
}

// job is one step's regions, one for the calling goroutine and one for each helper, each helper's given to it as
// it joins. It is made once per optimizer and number of workers and reused, so a step allocates nothing. The caller
// waits for the pieces to be done, not for the helpers: a helper that joins after the last piece was taken finds
// nothing to do, so a step never waits on a goroutine being scheduled. One that joins during the optimizer's next
// step may take pieces of that step, which counts them as that step's like any other.
type job struct {
	u         updater
	workers   int   // the number the regions were cut for
	starts    []int // as parallel's
	regions   []region
	pieces    int64               // in all the regions
	joined    atomic.Int32        // the helpers that have joined the step; the caller has region 0
	remaining atomic.Int64        // pieces not yet done
	finished  chan struct{}       // receives once the step's last piece is done
	panicked  atomic.Pointer[any] // the first panic of a piece, for the caller's goroutine to raise again
}

// newJob cuts the elements after starts into a region for each of n workers, and each region into pieces.
func newJob(starts []int, n int) *job {
	j := &job{workers: n, starts: starts, finished: make(chan struct{}, 1), regions: make([]region, n)}
	total := starts[len(starts)-1]
	lo := 0
	for k := range j.regions {
		end := cut(starts, total/n*(k+1))
		if k == n-1 {
			end = total
		}
		r := &j.regions[k]
		for lo < end {
			hi := min(cut(starts, lo+max((end-lo)/2, minPiece)), end)
			r.pieces = append(r.pieces, piece{param(starts, lo), lo, hi})
			lo = hi
		}
		j.pieces += int64(len(r.pieces))
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

// drain updates pieces until none is left to take: those of region home from the front, then the others' from
// the back. A home past the last region (a helper joining a step that has all it asked for) has only others'.
func (j *job) drain(home int) {
	n := len(j.regions)
	for d := range n {
		r := &j.regions[(home+d)%n]
		for {
			p, ok := r.take(d == 0 && home < n)
			if !ok {
				break
			}
			done := int64(1)
			if !j.update(p) {
				// No piece is taken from here on: those not taken yet count as done, and the step ends once the
				// pieces under way are.
				for k := range j.regions {
					done += int64(j.regions[k].close())
				}
			}
			if j.remaining.Add(-done) == 0 {
				j.finished <- struct{}{}
			}
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
		for j != nil {
			j.drain(int(j.joined.Add(1)))
			j = await(jobs)
		}
	}
}

// spinning counts the helpers in await, which a step need not yield its thread to (see run).
var spinning atomic.Int32

// await looks for a job for spinFor after a helper's last one, yielding between looks, and returns nil if none
// came.
func await(jobs <-chan *job) *job {
	spinning.Add(1)
	defer spinning.Add(-1)
	deadline := time.Now().Add(spinFor)
	for {
		select {
		case j := <-jobs:
			return j
		default:
		}
		if time.Now().After(deadline) {
			return nil
		}
		runtime.Gosched()
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
// larger than the most helpers a step has used; after a step they look for the next one's work for 200 µs,
// yielding to other goroutines, before they park. The result is the same, bit for bit, for every n. A panic in a
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
	awake := int(spinning.Load()) >= n-1
	j.u = u
	j.remaining.Store(j.pieces)
	j.joined.Store(0)
	for k := range j.regions {
		j.regions[k].taken.Store(0) // from here on, any goroutine may take the region's pieces
	}
	for range n - 1 {
		select {
		case jobs <- j:
		default: // the pool is busy with as many wake-ups as it can hold; the pieces get done regardless
		}
	}
	if !awake {
		// A parked helper, once woken, waits in this thread's slot for the next goroutine to run, and on a 2-vCPU VM
		// no idle thread took it while the caller ran (it started when the caller blocked, after the step). Yielding
		// runs it here at once and puts the caller on the global queue for whichever thread comes first: after an
		// idle pause, two workers then took 0.77-0.88× one's time at 1M float32 Adam elements
		// (BenchmarkAdamStepSplitIdle), where without the yield they took 1.12-1.20× it. Helpers still in await
		// need no yield: they take the job from the channel.
		runtime.Gosched()
	}
	j.drain(0)
	<-j.finished
	if v := j.panicked.Swap(nil); v != nil {
		panic(*v)
	}
}
