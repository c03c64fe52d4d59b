package bench

import "slices"

// Roofline holds this machine's measured limits: the bandwidth of the two memory patterns at each cache level,
// and the cost of the divider. A case's limit is the larger of the time its bytes take at the bandwidth of its
// pattern and level, and the time its divisions and square roots take; its speed as a share of that limit says how
// much is left to gain, and which resource there is no gaining past.
type Roofline struct {
	Bandwidth []Bandwidth // one per measured level, smallest first
	Divider   []Divider   // f32 and f64
}

// MeasureRoofline measures the bandwidth at the given sizes (from Sizes) and the divider, in either type.
func MeasureRoofline(levels []Size, b Budget) Roofline {
	var r Roofline
	for _, s := range levels {
		r.Bandwidth = append(r.Bandwidth, measureBandwidth(s.Name, s.Bytes, b))
	}
	r.Divider = []Divider{measureDivider[float32]("f32", b), measureDivider[float64]("f64", b)}
	return r
}

// vectorBytes is the vector width of each SIMD path. The divider limit of a path assumes that a vector division
// or square root costs what a scalar one does, so that a vector of L lanes divides L times as fast: true of CPUs
// whose divider is as wide as their vectors, and otherwise an optimistic limit (the share of it shown is then
// lower than the share of the real one).
var vectorBytes = map[string]int{"avx512": 64, "avx2": 32, "neon": 16}

// Limit returns the least time in ns that a call of c can take on this machine, and what sets it: "memory" or
// "divider". ok is false if the bandwidth at c's level (see Level) was not measured.
func (r Roofline) Limit(c Case) (ns float64, bound string, ok bool) {
	level := Level(c.WorkingSet())
	i := slices.IndexFunc(r.Bandwidth, func(b Bandwidth) bool { return b.Level == level })
	if i < 0 {
		return 0, "", false
	}
	gbps := r.Bandwidth[i].Update
	if c.ReadOnly() {
		gbps = r.Bandwidth[i].Read
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
