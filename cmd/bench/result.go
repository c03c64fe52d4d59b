package main

import (
	"slices"
	"testing"

	"github.com/fastgrad/fastgrad/bench"
)

// result is one case's measurements.
type result struct {
	bench.Case
	Runs   []float64 // ns per call, one per run
	Allocs int64     // allocations per call
	Failed bool
}

// median returns the median ns per call (the mean of the middle two for an even count).
func (r result) median() float64 {
	s := slices.Clone(r.Runs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// gbps is the median throughput in GB/s (10⁹ bytes), counting the bytes a call really reads and writes.
func (r result) gbps() float64 {
	if m := r.median(); m > 0 {
		return float64(r.Bytes) / m
	}
	return 0
}

// group identifies the results compared with each other: same kernel, type, size and layout.
func (r result) group() string {
	return r.Kernel + "/" + r.Type + "/" + r.Size + "/" + r.Layout
}

// speedups returns, for each result, how many times faster it is than the generic path, the naive loop and gonum
// of its group, measured in the same run (0 where the group has no such peer).
func speedups(results []result) (vsGeneric, vsNaive, vsGonum []float64) {
	base := map[string]float64{}
	for _, r := range results {
		if !r.Failed {
			base[r.group()+"|"+r.Impl] = r.median()
		}
	}
	ratio := func(r result, peer string) float64 {
		if b, ok := base[r.group()+"|"+peer]; ok && r.median() > 0 && !r.Failed {
			return b / r.median()
		}
		return 0
	}
	for _, r := range results {
		vsGeneric = append(vsGeneric, ratio(r, "generic"))
		vsNaive = append(vsNaive, ratio(r, "naive"))
		vsGonum = append(vsGonum, ratio(r, "gonum"))
	}
	return
}

// measure runs the case once more with testing.Benchmark, unless it has failed before.
func (r *result) measure() {
	if r.Failed {
		return
	}
	br := testing.Benchmark(r.Run)
	if br.N == 0 {
		r.Failed = true
		return
	}
	r.Runs = append(r.Runs, float64(br.T.Nanoseconds())/float64(br.N))
	r.Allocs = br.AllocsPerOp()
}
