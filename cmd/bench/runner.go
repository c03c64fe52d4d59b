package main

import (
	"runtime"
	"slices"

	"github.com/fastgrad/fastgrad/bench"
)

// result is one case's measurements.
type result struct {
	bench.Case
	Runs   []float64 // ns per call, one per round
	Allocs float64   // allocations per call, the least over the rounds
}

// selectCases returns the suite's cases that the options select, in the suite's order.
func selectCases(o *options) []bench.Case {
	var cases []bench.Case
	for _, c := range bench.Cases(o.sizes) {
		if bench.IsStored(c.Type) && !slices.Contains(o.stored, c.Kernel) || c.Type == "q8state" && o.q8Path != "" && c.Impl != o.q8Path {
			continue
		}
		if slices.Contains(o.kernels, c.Kernel) && slices.Contains(o.dtypes, c.Type) &&
			slices.Contains(o.paths, c.Impl) && slices.Contains(o.layouts, c.Layout) && o.filter.MatchString(c.Name()) {
			cases = append(cases, c)
		}
	}
	return cases
}

// measure runs every case for b.Rounds rounds, reporting each round of each case to step. A round goes over every
// group: it prepares the group's arrays afresh, calls each case to warm up, times each case once, and frees the
// arrays. So only one group's arrays are alive at a time, and a burst of other work on the machine, which can last
// seconds, spoils one round of many cases, which their medians discard, rather than every round of a few. Before
// the first group of each pattern and level in a round, it measures their bandwidth into roof, so that the limits
// are measured in the same conditions as the cases, and the best of the run's measurements is kept. Beyond L2 it
// does so in the first round only: a probe there moves as much memory as the cases, seconds a pattern at DRAM
// (four times L3), and completeRoof measures those levels again at the end.
func measure(cases []bench.Case, b bench.Budget, roof *bench.Roofline, step func(round int, c bench.Case)) []result {
	gs := bench.Groups(cases)
	results := make([][]result, len(gs))
	iters := make([][]int, len(gs))
	for round := range b.Rounds {
		probed := map[string]bool{} // level and pattern: one probe each per round is enough
		for gi, g := range gs {
			level, pat := bench.Level(g[0].WorkingSet()), g[0].Pattern()
			if !probed[level+pat.String()] && (round == 0 || level == "l1" || level == "l2") {
				probed[level+pat.String()] = true
				roof.Add(bench.MeasureBandwidth(levelSize(level), []bench.Pattern{pat}, b))
			}
			ps := bench.PrepareGroup(g)
			if round == 0 {
				results[gi], iters[gi] = make([]result, len(ps)), make([]int, len(ps))
			}
			for i, p := range ps {
				if round == 0 {
					iters[gi][i] = b.Calibrate(p.Time)
				} else if iters[gi][i] > 1 {
					// The first call on fresh arrays takes the cache misses and lazy set-up; a case too slow for
					// more than one call a round works on DRAM, where the first call is like any other.
					p.Time(1)
				}
			}
			for i, p := range ps {
				r, n := &results[gi][i], iters[gi][i]
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				d := p.Time(n)
				runtime.ReadMemStats(&after)
				r.Case = p.Case
				r.Runs = append(r.Runs, float64(d.Nanoseconds())/float64(n))
				// Mallocs counts the whole process's: a round whose window caught another goroutine's allocations
				// (the runtime's, the progress bar's) would charge them to the case. A call that allocates does so in
				// every round, so the least over the rounds is the case's own.
				if a := float64(after.Mallocs-before.Mallocs) / float64(n); len(r.Runs) == 1 || a < r.Allocs {
					r.Allocs = a
				}
				step(round, p.Case)
			}
			runtime.GC() // free this group's arrays before the next group allocates its own
		}
	}
	return slices.Concat(results...)
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

// nsPerElem is the median time per element (of X, for least squares).
func (r result) nsPerElem() float64 { return r.median() / float64(r.N) }

// gbps is the median throughput in GB/s (10⁹ bytes), counting the bytes a call must read and write.
func (r result) gbps() float64 {
	if m := r.median(); m > 0 {
		return float64(r.Bytes) / m
	}
	return 0
}

// comparison is a result set against its group and the machine's limits.
type comparison struct {
	vsRef, vsNaive, vsGonum float64 // speed-ups over the reference and the peers of its group, 0 if absent
	roofPct                 float64 // the limit's time as a percentage of the median, 0 if unknown
	bound                   string  // memory or divider, "" if unknown
	// vsF32 is a stored type's time as a share of the float32 case's of its group but for the type (the same
	// kernel, size, elements, layout and path), 0 for other types or without that case.
	vsF32 float64
}

// compare sets every result against the reference and peers of its group (same kernel, type, size and layout),
// measured in the same run, and against the roofline, which it first lifts to the results (see Roofline.Lift).
func compare(results []result, roof *bench.Roofline) []comparison {
	cases, ns := make([]bench.Case, len(results)), make([]float64, len(results))
	for i, r := range results {
		cases[i], ns[i] = r.Case, r.median()
	}
	roof.Lift(cases, ns)
	key := func(r result, impl string) string {
		r.Impl = impl
		return r.Name()
	}
	base := map[string]float64{}
	for _, r := range results {
		base[r.Name()] = r.median()
	}
	ratio := func(r result, impl string) float64 {
		if b, ok := base[key(r, impl)]; ok && r.median() > 0 {
			return b / r.median()
		}
		return 0
	}
	cs := make([]comparison, len(results))
	for i, r := range results {
		cs[i] = comparison{vsRef: ratio(r, bench.Reference), vsNaive: ratio(r, bench.Naive), vsGonum: ratio(r, bench.Gonum)}
		if f32 := r.Case; bench.IsStored(r.Type) {
			f32.Type = "f32"
			if b, ok := base[f32.Name()]; ok && b > 0 {
				cs[i].vsF32 = r.median() / b
			}
		}
		if ns, bound, ok := roof.Limit(r.Case); ok && r.median() > 0 {
			cs[i].roofPct, cs[i].bound = 100*ns/r.median(), bound
		}
	}
	return cs
}

// levelSize returns the Size of a level named by bench.Level.
func levelSize(level string) bench.Size {
	sizes := bench.Sizes()
	return sizes[slices.IndexFunc(sizes, func(s bench.Size) bool { return s.Name == level })]
}

// completeRoof measures, after the cases, the read and Adam's update at every level the roofline has and at DRAM,
// which the header shows, and the divider once more: each limit is then the best of measurements at both ends of
// the run and beside every group.
func completeRoof(roof *bench.Roofline, b bench.Budget) {
	levels := []string{"dram"}
	for _, bw := range roof.Bandwidth {
		levels = append(levels, bw.Level)
	}
	for _, s := range bench.Sizes() {
		if slices.Contains(levels, s.Name) {
			roof.Add(bench.MeasureBandwidth(s, []bench.Pattern{bench.ReadPattern, bench.UpdatePattern}, b))
		}
	}
	roof.AddDivider(bench.MeasureDivider(b))
}

// patterns returns the patterns the roofline measured, fewest arrays first.
func patterns(roof bench.Roofline) []bench.Pattern {
	var ps []bench.Pattern
	for _, bw := range roof.Bandwidth {
		for p := range bw.GBps {
			if !slices.Contains(ps, p) {
				ps = append(ps, p)
			}
		}
	}
	slices.SortFunc(ps, func(a, b bench.Pattern) int { return 100*(a.Reads-b.Reads) + a.Writes - b.Writes })
	return ps
}
