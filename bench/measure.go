package bench

import (
	"fmt"
	"testing"
	"time"

	"github.com/fastgrad/fastgrad/kernels"
)

// startImpl is the path kernels chose at start-up (or FASTGRAD_CPU forced): the path the peers run on, which is
// the one the optim peer's kernels take, as in a user's program.
var startImpl = kernels.Impl()

// Prepared is a case whose arrays are allocated and filled, ready to be called.
type Prepared struct {
	Case
	call func()
}

// Groups splits cases, in order, into runs that differ only in their path or peer: the groups PrepareGroup takes.
func Groups(cases []Case) [][]Case {
	var gs [][]Case
	for _, c := range cases {
		if n := len(gs); n > 0 {
			first := gs[n-1][0]
			first.Impl = c.Impl
			if first == c {
				gs[n-1] = append(gs[n-1], c)
				continue
			}
		}
		gs = append(gs, []Case{c})
	}
	return gs
}

// PrepareGroup prepares cases that differ only in their path or peer on one set of arrays, so that they are
// measured on the same memory, in turn, and only one group's arrays need be alive at a time.
func PrepareGroup(cases []Case) []*Prepared {
	if len(cases) == 0 {
		return nil
	}
	c0 := cases[0]
	var bind func(impl string) func()
	switch {
	case IsStored(c0.Type):
		bind = storedSetup(c0)
	case c0.Type == "f32":
		bind = c0.k.f32(c0)
	default:
		bind = c0.k.f64(c0)
	}
	ps := make([]*Prepared, len(cases))
	for i, c := range cases {
		same := c
		same.Impl = c0.Impl
		if same != c0 {
			panic(fmt.Sprintf("bench: PrepareGroup: %s and %s differ in more than the path", c0.Name(), c.Name()))
		}
		ps[i] = &Prepared{Case: c, call: bind(c.Impl)}
	}
	return ps
}

// Prepare allocates and fills the case's arrays and returns one call of the kernel on them: a peer's code for a
// peer, and otherwise the kernel on whatever path is selected (Run and Time select c.Impl first). gen/cost calls it
// under qemu to count a kernel's instructions on the path FASTGRAD_CPU selects.
func (c Case) Prepare() func() { return PrepareGroup([]Case{c})[0].call }

// path selects the path the case runs on, and returns the one selected before.
func (p *Prepared) path() string {
	prev := kernels.Impl()
	impl := p.Impl
	if p.Peer() {
		impl = startImpl
	}
	if err := kernels.SetImpl(impl); err != nil {
		panic("bench: " + err.Error()) // Cases lists only the paths this CPU runs
	}
	return prev
}

// Time calls the case iters times on its path (a peer on the start-up path) and returns the time taken.
func (p *Prepared) Time(iters int) time.Duration {
	defer kernels.SetImpl(p.path())
	start := time.Now()
	for range iters {
		p.call()
	}
	return time.Since(start)
}

// Run benchmarks the case: b.N calls of the kernel on arrays prepared before the timer starts. It reports the
// bytes moved (so go test prints MB/s), the allocations, and ns/elem.
func (c Case) Run(b *testing.B) {
	p := PrepareGroup([]Case{c})[0]
	defer kernels.SetImpl(p.path())
	b.SetBytes(c.Bytes)
	b.ReportAllocs()
	for b.Loop() {
		p.call()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(c.N), "ns/elem")
}
