package shard_test

import (
	"sync"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
	"github.com/fastgrad/fastgrad/optim/shard"
)

// memComm stands in for a collective library between workers run as goroutines: each worker has its own replica
// of the parameters and its own partial vector, and the all-gathers copy between them in shared memory, between
// barriers, so that no worker reads what another is writing.
type memComm[F kernels.Float] struct {
	plan     *shard.Plan
	mu       sync.Mutex
	cond     *sync.Cond
	waiting  int
	gen      int
	parts    [][]F               // parts[k]: worker k's partial vector
	replicas [][]*optim.Param[F] // replicas[k]: worker k's parameters
}

func newMemComm[F kernels.Float](plan *shard.Plan, replicas [][]*optim.Param[F]) *memComm[F] {
	c := &memComm[F]{plan: plan, parts: make([][]F, plan.Workers()), replicas: replicas}
	c.cond = sync.NewCond(&c.mu)
	return c
}

// barrier returns when every worker has called it.
func (c *memComm[F]) barrier() {
	c.mu.Lock()
	defer c.mu.Unlock()
	gen := c.gen
	c.waiting++
	if c.waiting == c.plan.Workers() {
		c.waiting, c.gen = 0, c.gen+1
		c.cond.Broadcast()
		return
	}
	for gen == c.gen {
		c.cond.Wait()
	}
}

// allGatherPartials copies every other worker's Window of its partial vector into worker k's parts.
func (c *memComm[F]) allGatherPartials(k int, parts []F) {
	c.parts[k] = parts
	c.barrier()
	for j := range c.plan.Workers() {
		if j != k {
			lo, hi := c.plan.Window(j)
			copy(parts[lo:hi], c.parts[j][lo:hi])
		}
	}
	c.barrier()
}

// allGatherParams copies every other worker's Range of the parameters into worker k's replica.
func (c *memComm[F]) allGatherParams(k int) {
	c.barrier()
	for j := range c.plan.Workers() {
		if j != k {
			a, b := c.plan.Range(j)
			copyFlat(c.replicas[k], c.replicas[j], a, b)
		}
	}
	c.barrier()
}

// copyFlat copies the flat range [a, b) of the parameters' values from src to dst.
func copyFlat[F kernels.Float](dst, src []*optim.Param[F], a, b int) {
	off := 0
	for t, p := range src {
		lo, hi := max(a, off), min(b, off+len(p.Value))
		if lo < hi {
			copy(dst[t].Value[lo-off:hi-off], p.Value[lo-off:hi-off])
		}
		off += len(p.Value)
	}
}
