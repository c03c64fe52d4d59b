package bench

import (
	"slices"
	"time"
)

// Roofline holds this machine's measured limits: the bandwidth of memory access patterns at each cache level, and
// the cost of the divider. A case's limit is the larger of the time its bytes take at the bandwidth of its
// pattern and level, and the time its divisions and square roots take; its speed as a share of that limit says how
// much is left to gain, and which resource there is no gaining past.
type Roofline struct {
	Bandwidth []Bandwidth // one per measured level, smallest first
	Divider   []Divider   // f32 and f64
}

// Add keeps the higher bandwidth of every pattern measured in bw and in r at bw's level, so that a roofline
// measured in pieces across a run ends with the best of each: other work on the machine only ever slows a loop
// down, so the fastest measurement comes closest to the machine's limit.
func (r *Roofline) Add(bw Bandwidth) {
	i := slices.IndexFunc(r.Bandwidth, func(b Bandwidth) bool { return b.Level == bw.Level })
	if i < 0 {
		r.Bandwidth = append(r.Bandwidth, Bandwidth{Level: bw.Level, Bytes: bw.Bytes, GBps: map[Pattern]float64{}, By: map[Pattern]string{}})
		slices.SortFunc(r.Bandwidth, func(a, b Bandwidth) int { return slices.Index(Levels, a.Level) - slices.Index(Levels, b.Level) })
		i = slices.IndexFunc(r.Bandwidth, func(b Bandwidth) bool { return b.Level == bw.Level })
	}
	for p, gbps := range bw.GBps {
		if gbps > r.Bandwidth[i].GBps[p] {
			r.Bandwidth[i].GBps[p], r.Bandwidth[i].By[p] = gbps, bw.By[p]
		}
	}
}

// Lift raises the roof of each case's pattern at its level to the case's own speed where it is faster: a fused
// kernel can outrun the probes that compose a pattern from simpler loops (Adamax in L2, AMSGrad's five arrays),
// and on a busy machine a probe can land on a bad moment. The roof is then the fastest that anything moved the
// pattern here, and a case that sets it shows 100%. nsPerCall holds each case's time.
func (r *Roofline) Lift(cases []Case, nsPerCall []float64) {
	sizes := Sizes()
	for i, c := range cases {
		if nsPerCall[i] <= 0 {
			continue
		}
		level := Level(c.WorkingSet())
		s := sizes[slices.IndexFunc(sizes, func(s Size) bool { return s.Name == level })]
		r.Add(Bandwidth{Level: level, Bytes: s.Bytes, GBps: map[Pattern]float64{c.Pattern(): float64(c.Bytes) / nsPerCall[i]},
			By: map[Pattern]string{c.Pattern(): c.Name()}})
	}
}

// AddDivider keeps the lower cost of each operation measured in ds and in r, for the same reason as Add.
func (r *Roofline) AddDivider(ds []Divider) {
	for _, d := range ds {
		i := slices.IndexFunc(r.Divider, func(x Divider) bool { return x.Type == d.Type })
		if i < 0 {
			r.Divider = append(r.Divider, d)
			continue
		}
		r.Divider[i].Div, r.Divider[i].Sqrt = min(r.Divider[i].Div, d.Div), min(r.Divider[i].Sqrt, d.Sqrt)
	}
}

// probeBudget turns the budget of the cases a probe is for into the probe's: the best of more, shorter rounds
// (probeRounds of at most probeTime) where a case reports the median of its rounds. A fixed number of calls stays.
func probeBudget(b Budget) Budget {
	if b.Calls > 0 {
		return b
	}
	return Budget{Time: min(b.Time, probeTime), Rounds: probeRounds}
}

// probeRounds and probeTime are the budget of a probe: two rounds of 5 ms each time a pattern is measured, which
// cmd/bench does before every group of cases in every round, keeping the best of them all.
const (
	probeRounds = 2
	probeTime   = 5 * time.Millisecond
)

// vectorBytes is the vector width of each SIMD path. The divider limit of a path assumes that a vector division
// or square root costs what a scalar one does, so that a vector of L lanes divides L times as fast: true of CPUs
// whose divider is as wide as their vectors, and otherwise an optimistic limit (the share of it shown is then
// lower than the share of the real one).
var vectorBytes = map[string]int{"avx512": 64, "avx2": 32, "neon": 16}

// Limit returns the least time in ns that a call of c can take on this machine, and what sets it: "memory" or
// "divider". ok is false if the bandwidth of c's pattern at its level (see Level) was not measured.
func (r Roofline) Limit(c Case) (ns float64, bound string, ok bool) {
	level := Level(c.WorkingSet())
	i := slices.IndexFunc(r.Bandwidth, func(b Bandwidth) bool { return b.Level == level })
	if i < 0 {
		return 0, "", false
	}
	gbps, ok := r.Bandwidth[i].GBps[c.Pattern()]
	if !ok {
		return 0, "", false
	}
	ns, bound = float64(c.Bytes)/gbps, "memory" // bytes ÷ 10⁹ bytes/s = ns
	if div := r.divider(c); div > ns {
		ns, bound = div, "divider"
	}
	return ns, bound, true
}

// divider returns the ns the divider needs for one call of c.
func (r Roofline) divider(c Case) float64 {
	divs, sqrts := c.Dividers()
	if divs+sqrts == 0 {
		return 0
	}
	typ, impl := c.Type, c.Impl
	if IsStored(typ) {
		typ = "f32" // computed in float32
	}
	switch impl {
	case Naive:
		typ = "f64" // the naive optimizers divide in float64
	case Optim:
		impl = startImpl
	}
	i := slices.IndexFunc(r.Divider, func(d Divider) bool { return d.Type == typ })
	if i < 0 {
		return 0
	}
	lanes := max(1, vectorBytes[impl]/c.ElemSize())
	d := r.Divider[i]
	return float64(c.N) * (float64(divs)*d.Div + float64(sqrts)*d.Sqrt) / float64(lanes)
}
