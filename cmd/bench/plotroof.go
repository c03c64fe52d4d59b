package main

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"github.com/fastgrad/fastgrad/bench"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// plotRoof is a limit drawn on a plot: the memory roof of an access pattern, or a path's lower of that and its
// divider; with no segments, a note in the key that a line has no roof.
type plotRoof struct {
	label    string
	segments []plotter.XYs
	color    color.Color
	width    vg.Length
	dashes   []vg.Length
}

// roofs returns the roofs that bind the series over working sets from xmin to xmax, as Roofline.Limit sets each
// case's limit in the table: the memory roof of each pattern, step by cache level; for a kernel with divisions or
// square roots, each path's lower of the memory roof and its divider wherever the divider bound one of its cases;
// and no roof for random rows, which wait on memory latency rather than stream.
func (r *report) roofs(series []plotSeries, xmin, xmax float64) []plotRoof {
	var roofs []plotRoof
	var patterns []bench.Pattern
	latency := false
	for _, s := range series {
		if c := s.cases[0]; c.Batch > 0 && !c.Cached {
			latency = true
		} else if !slices.Contains(patterns, c.Pattern()) {
			patterns = append(patterns, c.Pattern())
		}
	}
	for _, pat := range patterns {
		if segs := r.memoryRoof(pat, xmin, xmax, math.Inf(1)); len(segs) > 0 {
			roofs = append(roofs, plotRoof{label: "memory roof: " + patternWords(pat) + ", the fastest measured at each cache level",
				segments: segs, color: roofGray, width: vg.Points(5)})
		}
	}
	// The divider's limit in GB/s is the same at every size: bytes per element ÷ its time per element. A path whose
	// divider bound none of its cases has the memory roof alone.
	type divRoof struct {
		gbps  float64
		pat   bench.Pattern
		names []string
		first int
	}
	var divs []divRoof
	for i, s := range series {
		if c := s.cases[0]; c.Batch > 0 && !c.Cached {
			continue
		}
		for _, c := range s.cases {
			ns, bound, ok := r.roof.Limit(c)
			if !ok || bound != "divider" || ns <= 0 {
				continue
			}
			gbps := float64(c.Bytes) / ns
			j := slices.IndexFunc(divs, func(d divRoof) bool { return d.pat == c.Pattern() && math.Abs(d.gbps/gbps-1) < 1e-3 })
			if j < 0 {
				divs = append(divs, divRoof{gbps: gbps, pat: c.Pattern(), first: i})
				j = len(divs) - 1
			}
			divs[j].names = append(divs[j].names, s.name)
			break
		}
	}
	for _, d := range divs {
		divs, sqrts := series[d.first].cases[0].Dividers()
		roofs = append(roofs, plotRoof{
			label: fmt.Sprintf("roof of %s: the lower of memory and the divider (%s per element)", strings.Join(d.names, ", "),
				dividerWords(divs, sqrts)),
			segments: r.memoryRoof(d.pat, xmin, xmax, d.gbps),
			color:    r.styleOf(series, d.first).color, width: vg.Points(1.5),
			dashes: []vg.Length{vg.Points(7), vg.Points(2), vg.Points(1.5), vg.Points(2)},
		})
	}
	if latency {
		roofs = append(roofs, plotRoof{label: "no roof for random rows: gathering them waits on memory latency, which the roofline does not model"})
	}
	return roofs
}

// memoryRoof returns the bandwidth of a pattern, at most cap, over working sets from xmin to xmax: a step at each
// cache size, as bench.Level assigns working sets to levels, broken where a level was not measured.
func (r *report) memoryRoof(pat bench.Pattern, xmin, xmax, cap float64) []plotter.XYs {
	l1, l2, l3 := bench.Caches()
	upper := map[string]float64{"l1": float64(l1), "l2": float64(l2), "l3": float64(l3), "dram": math.Inf(1)}
	var segs []plotter.XYs
	var cur plotter.XYs
	lower := 0.0
	for _, level := range bench.Levels {
		lo, hi := max(lower, xmin), min(upper[level], xmax)
		lower = upper[level]
		if lo >= hi {
			continue
		}
		i := slices.IndexFunc(r.roof.Bandwidth, func(b bench.Bandwidth) bool { return b.Level == level })
		gbps, ok := 0.0, false
		if i >= 0 {
			gbps, ok = r.roof.Bandwidth[i].GBps[pat]
		}
		if !ok || gbps <= 0 {
			if len(cur) > 0 {
				segs, cur = append(segs, cur), nil
			}
			continue
		}
		gbps = min(gbps, cap)
		cur = append(cur, plotter.XY{X: lo, Y: gbps}, plotter.XY{X: hi, Y: gbps})
	}
	if len(cur) > 0 {
		segs = append(segs, cur)
	}
	return segs
}

// add draws the roof and names it in key.
func (rf plotRoof) add(p *plot.Plot, key *plot.Legend) error {
	var first *plotter.Line
	for _, seg := range rf.segments {
		l, err := plotter.NewLine(seg)
		if err != nil {
			return err
		}
		l.Color, l.Width, l.Dashes = rf.color, rf.width, rf.dashes
		p.Add(l)
		if first == nil {
			first = l
		}
	}
	if first == nil {
		key.Add(rf.label)
		return nil
	}
	key.Add(rf.label, first)
	return nil
}

// patternWords spells out a pattern for the key: 4r3w is "4 reads + 3 writes per element (4r3w)".
func patternWords(p bench.Pattern) string {
	s := plural(p.Reads, "read")
	if p.Writes > 0 {
		s += " + " + plural(p.Writes, "write")
	}
	return s + " per element (" + p.String() + ")"
}

// dividerWords spells out a kernel's divider work per element, as "2 divisions + 1 square root".
func dividerWords(divs, sqrts int) string {
	var parts []string
	if divs > 0 {
		parts = append(parts, plural(divs, "division"))
	}
	if sqrts > 0 {
		parts = append(parts, plural(sqrts, "square root"))
	}
	return strings.Join(parts, " + ")
}

// plural returns n and the noun, with an s unless n is 1.
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
