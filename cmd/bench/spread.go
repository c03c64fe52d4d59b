package main

import (
	"fmt"
	"math"
	"slices"

	"github.com/fastgrad/fastgrad/bench"
)

// noisyPct is the spread above which a result is flagged: an interquartile range over 10% of the median. The
// table's decisions rest on ratios such as 1.2× between paths; with a wider middle half of the rounds, the median
// itself can move by several percent from run to run, so such a ratio is no longer to be believed. The quiet
// cases of an idle machine stay within a few percent.
const noisyPct = 10

// quantile returns the q-quantile of sorted s, interpolating linearly between order statistics (s needs ≥ 1 value).
func quantile(s []float64, q float64) float64 {
	pos := q * float64(len(s)-1)
	i := int(pos)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (pos-float64(i))*(s[i+1]-s[i])
}

// spreadPct returns the interquartile range of xs as a percentage of their median: 0 for fewer than two values.
func spreadPct(xs []float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	med := quantile(s, 0.5)
	if med == 0 {
		return 0
	}
	return 100 * (quantile(s, 0.75) - quantile(s, 0.25)) / med
}

// spread returns the interquartile range of the result's rounds as a percentage of their median.
func (r result) spread() float64 { return spreadPct(r.Runs) }

// noisy reports whether the result's spread passes noisyPct.
func (r result) noisy() bool { return r.spread() > noisyPct }

// spreadText formats a spread for the table: the IQR as a percentage rounded up (so that no flagged spread shows
// as 10%), "–" with a single round, and a "!" when it passes noisyPct.
func spreadText(pct float64, rounds int) string {
	up := max(math.Ceil(pct-1e-9), 0) // not 1% for a rounding error's worth
	switch {
	case rounds < 2:
		return "–"
	case pct > noisyPct:
		return fmt.Sprintf("%.0f%%!", up)
	}
	return fmt.Sprintf("%.0f%%", up)
}

// noisyNote is the footnote of the flag.
func noisyNote(rounds int) string {
	return fmt.Sprintf("!: the rounds of this case spread by more than %d%% of their median (interquartile range over %d rounds):\n"+
		"the machine was busy or the rounds too short; believe no ratio of it within that spread, and rerun with a larger -count or -time.", noisyPct, rounds)
}

// summary is one kernel's closing comparison: its best path against the reference and each peer, as the geometric
// mean over its groups (sizes, types and layouts) of the median ratios, with the spread of those means over the
// rounds.
type summary struct {
	kernel, path string
	vs           [3]ratioSummary // against the reference, naive and gonum
}

// ratioSummary is a geometric mean of ratios: how many times faster, the interquartile range of the same mean
// taken round by round as a percentage of its median, and how many groups it covers (0: none had the peer).
type ratioSummary struct {
	times, spreadPct float64
	groups           int
}

// baselines are what the summary compares against, in its order.
var baselines = []string{bench.Reference, bench.Naive, bench.Gonum}

// summaries returns the closing comparison of each kernel of the results, in their order. A kernel's best path is
// the fastgrad path (not the reference) with the largest geometric mean speed-up over the reference, a single
// path for every group so that no group's noise picks the winner. Rounds are compared round by round: round i of
// every case of a group ran in the same pass over the groups, minutes apart from round i+1.
func summaries(results []result) []summary {
	byName := map[string]result{}
	var kernels []string
	for _, r := range results {
		byName[r.Name()] = r
		if !slices.Contains(kernels, r.Kernel) {
			kernels = append(kernels, r.Kernel)
		}
	}
	var out []summary
	for _, k := range kernels {
		var best summary
		for _, path := range pathsOf(results, k) {
			s := summary{kernel: k, path: path}
			for i, base := range baselines {
				s.vs[i] = geoRatio(results, byName, k, path, base)
			}
			if s.vs[0].groups > 0 && (best.path == "" || s.vs[0].times > best.vs[0].times) {
				best = s
			}
		}
		if best.path != "" {
			out = append(out, best)
		}
	}
	return out
}

// pathsOf returns the fastgrad paths other than the reference that kernel k ran on, in the results' order.
func pathsOf(results []result, k string) []string {
	var paths []string
	for _, r := range results {
		if r.Kernel == k && !r.Peer() && r.Impl != bench.Reference && !slices.Contains(paths, r.Impl) {
			paths = append(paths, r.Impl)
		}
	}
	return paths
}

// geoRatio returns the geometric mean of base's time over path's in every group of kernel k that has both.
func geoRatio(results []result, byName map[string]result, k, path, base string) ratioSummary {
	var logs []float64   // log of each group's median ratio
	var rounds []float64 // per round, the sum of the log ratios
	n := 0
	for _, r := range results {
		if r.Kernel != k || r.Impl != path {
			continue
		}
		b := r.Case
		b.Impl = base
		other, ok := byName[b.Name()]
		if !ok || r.median() <= 0 || other.median() <= 0 {
			continue
		}
		logs = append(logs, math.Log(other.median()/r.median()))
		if n == 0 {
			rounds = make([]float64, min(len(r.Runs), len(other.Runs)))
		}
		rounds = rounds[:min(len(rounds), len(r.Runs), len(other.Runs))]
		for i := range rounds {
			rounds[i] += math.Log(other.Runs[i] / r.Runs[i])
		}
		n++
	}
	if n == 0 {
		return ratioSummary{}
	}
	per := make([]float64, len(rounds))
	for i, s := range rounds {
		per[i] = math.Exp(s / float64(n))
	}
	sum := 0.0
	for _, l := range logs {
		sum += l
	}
	return ratioSummary{times: math.Exp(sum / float64(n)), spreadPct: spreadPct(per), groups: n}
}

// noisyNote returns the footnote of the flag when some result carries it, else "".
func (r *report) noisyNote() string {
	for _, res := range r.results {
		if len(res.Runs) > 1 && res.noisy() {
			return noisyNote(r.opts.budget.Rounds)
		}
	}
	return ""
}

// summaryTitle introduces the summary table.
var summaryTitle = "Summary, per kernel: its best path against the reference, the naive loop and gonum, as the geometric mean over\n" +
	"the sizes, types and layouts of the run (the peers over those that have them: float32 and float64) of how many times\n" +
	"faster it is; ± is the interquartile range of the same mean taken round by round, as a share of it (! past " + fmt.Sprint(noisyPct) + "%)."

// summaryRows returns the summary table's header and rows, or nil when no kernel ran on a path beside the reference.
func (r *report) summaryRows() [][]string {
	ss := summaries(r.results)
	if len(ss) == 0 {
		return nil
	}
	rows := [][]string{{"kernel", "best path", "×ref", "×naive", "×gonum", "over"}}
	for _, s := range ss {
		row := []string{s.kernel, s.path}
		for _, v := range s.vs {
			cell := "–"
			if v.groups > 0 {
				cell = times(v.times)
				if r.opts.budget.Rounds > 1 {
					cell += " ±" + spreadText(v.spreadPct, r.opts.budget.Rounds)
				}
			}
			row = append(row, cell)
		}
		rows = append(rows, append(row, s.over(r.results)))
	}
	return rows
}

// over describes the groups the summary's reference comparison covers: its sizes, types and layouts.
func (s summary) over(results []result) string {
	var sizes, types, layouts []string
	for _, r := range results {
		if r.Kernel != s.kernel || r.Impl != s.path {
			continue
		}
		for _, x := range []struct {
			list *[]string
			v    string
		}{{&sizes, r.Size}, {&types, r.Type}, {&layouts, r.Layout}} {
			if !slices.Contains(*x.list, x.v) {
				*x.list = append(*x.list, x.v)
			}
		}
	}
	text := plural(len(sizes), "size") + " × " + plural(len(types), "dtype")
	if len(layouts) > 1 {
		text += " × " + plural(len(layouts), "layout")
	}
	return text
}
