package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/fastgrad/fastgrad/bench"
)

// report is everything a run prints.
type report struct {
	machine  machine
	roof     bench.Roofline
	patterns []bench.Pattern // the patterns the roofline measured, in order
	opts     *options
	results  []result
	cmp      []comparison
}

// headerLines describe the machine, its measured limits and the run.
func (r *report) headerLines() []string {
	m := r.machine
	lines := []string{
		fmt.Sprintf("CPU: %s, %d cores, %s/%s, %s", m.CPU, m.Cores, m.GOOS, m.GOARCH, m.GoVersion),
		fmt.Sprintf("paths: %s (chosen at start-up: %s); features: %s", strings.Join(m.Paths, ", "), m.Chosen, strings.Join(m.Features, " ")),
		"caches: " + caches(),
	}
	var read, update, at []string
	for _, b := range r.roof.Bandwidth {
		read = append(read, fmt.Sprintf("%.0f", b.GBps[bench.ReadPattern]))
		update = append(update, fmt.Sprintf("%.0f", b.GBps[bench.UpdatePattern]))
		at = append(at, fmt.Sprintf("%s %s", b.Level, size(b.Bytes)))
	}
	lines = append(lines, fmt.Sprintf("bandwidth, GB/s: read %s, Adam's in-place update (4 reads, 3 writes) %s, at %s",
		strings.Join(read, " / "), strings.Join(update, " / "), strings.Join(at, " / ")))
	if bench.DRAMCapped() {
		lines = append(lines, "dram: capped below 4× L3 to keep the run short; its bandwidth above says whether it left the cache (-sizes sweep goes further)")
	}
	var div []string
	for _, d := range r.roof.Divider {
		div = append(div, fmt.Sprintf("%s %.2f ns per division, %.2f per square root", d.Type, d.Div, d.Sqrt))
	}
	lines = append(lines, "divider (scalar): "+strings.Join(div, "; "))
	lines = append(lines, fmt.Sprintf("each case: median of %d rounds of %s", r.opts.budget.Rounds, r.opts.time))
	return lines
}

// caches describes the cache sizes the run's levels are made of, and where each came from.
func caches() string {
	var parts []string
	l1d, l2, l3 := bench.CacheInfo()
	for i, c := range []bench.Cache{l1d, l2, l3} {
		parts = append(parts, fmt.Sprintf("%s %s (%s)", []string{"L1D", "L2", "L3"}[i], size(c.Bytes), c.Source))
	}
	return strings.Join(parts, ", ")
}

// legend explains the columns.
var legend = []string{
	"ns/elem: time per element (least squares: per element of X), the median of the rounds. ±IQR: the interquartile range of",
	"the rounds (their middle half) as a share of that median. GB/s: the bytes a call must read and write, per second;",
	"B/elem: those bytes per element (float32 Adam 28; with every array BF16, 14).",
	"×ref, ×naive, ×gonum: how many times faster than the pure-Go reference (path generic), the naive Go loop and gonum, in the same run.",
	"%roof: this machine's limit for the case as a share of its time: memory (its bytes at the bandwidth measured for its",
	"access pattern at its cache level) or the divider (its divisions and square roots); near 100% nothing is left to gain.",
}

// rows returns the table's header and rows. The layout column appears only when the run has both layouts.
func (r *report) rows() [][]string {
	layouts := map[string]bool{}
	for _, res := range r.results {
		layouts[res.Layout] = true
	}
	head := []string{"kernel", "dtype", "size", "n", "layout", "path", "ns/elem", "±IQR", "GB/s", "B/elem", "×ref", "×naive", "×gonum", "%roof", "bound"}
	rows := [][]string{head}
	for i, res := range r.results {
		c := r.cmp[i]
		roof := "–"
		if c.bound != "" {
			roof = fmt.Sprintf("%.0f%%", c.roofPct)
		}
		rows = append(rows, []string{res.Kernel, res.Type, res.Size, shape(res.Case), bench.LayoutName(res.Layout), res.Impl,
			fmt.Sprintf("%.3f", res.nsPerElem()), spreadText(res.spread(), len(res.Runs)), fmt.Sprintf("%.1f", res.gbps()), fmt.Sprintf("%.3g", res.BytesPerElem()),
			times(c.vsRef), times(c.vsNaive), times(c.vsGonum), roof, orDash(c.bound)})
	}
	if len(layouts) < 2 {
		for i := range rows {
			rows[i] = append(rows[i][:4], rows[i][5:]...)
		}
	}
	return rows
}

// shape returns the n column: elements per array, or the matrix (and batch) of least squares.
func shape(c bench.Case) string {
	switch {
	case c.Cols == 0:
		return fmt.Sprint(c.N)
	case c.Batch == 0:
		return fmt.Sprintf("%d×%d", c.Rows, c.Cols)
	case c.Cached:
		return fmt.Sprintf("%d of %d×%d, cached", c.Batch, c.Rows, c.Cols)
	}
	return fmt.Sprintf("%d of %d×%d", c.Batch, c.Rows, c.Cols)
}

func times(x float64) string {
	switch {
	case x == 0:
		return "–"
	case x < 10:
		return fmt.Sprintf("%.2f", x)
	}
	return fmt.Sprintf("%.1f", x)
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// size formats a byte count in KiB, MiB or GiB.
func size(b int) string {
	switch {
	case b <= 0:
		return "unknown"
	case b >= 1<<30:
		return fmt.Sprintf("%g GiB", float64(b)/(1<<30))
	case b >= 1<<20:
		return fmt.Sprintf("%g MiB", float64(b)/(1<<20))
	}
	return fmt.Sprintf("%g KiB", float64(b)/(1<<10))
}

// text returns the report as aligned text.
func (r *report) text() string {
	var b strings.Builder
	b.WriteString("fastgrad bench\n")
	for _, l := range r.headerLines() {
		b.WriteString(l + "\n")
	}
	b.WriteString("\n")
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	for _, row := range r.rows() {
		fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
	}
	tw.Flush() // a strings.Builder does not fail
	b.WriteString("\n" + strings.Join(legend, "\n") + "\n")
	if note := r.noisyNote(); note != "" {
		b.WriteString(note + "\n")
	}
	if title, rows := r.storedRows(); rows != nil {
		b.WriteString("\n" + title + "\n")
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		for _, row := range rows {
			fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
		}
		tw.Flush()
	}
	if rows := r.summaryRows(); rows != nil {
		b.WriteString("\n" + summaryTitle + "\n")
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		for _, row := range rows {
			fmt.Fprintln(tw, strings.Join(row, "\t")+"\t")
		}
		tw.Flush()
	}
	return b.String()
}

// markdown returns the report as Markdown; plots, when given, are the SVG files to show after the table.
func (r *report) markdown(plots []string) string {
	var b strings.Builder
	b.WriteString("# fastgrad bench\n\n")
	for _, l := range r.headerLines() {
		b.WriteString("- " + l + "\n")
	}
	b.WriteString("\n")
	for i, row := range r.rows() {
		b.WriteString("| " + strings.Join(row, " | ") + " |\n")
		if i == 0 {
			align := make([]string, len(row))
			for j, col := range row {
				align[j] = "---:"
				if j < 2 || col == "size" || col == "layout" || col == "path" || col == "bound" {
					align[j] = "---"
				}
			}
			b.WriteString("|" + strings.Join(align, "|") + "|\n")
		}
	}
	b.WriteString("\n" + strings.Join(legend, "\n") + "\n")
	if note := r.noisyNote(); note != "" {
		b.WriteString("\n" + note + "\n")
	}
	if title, rows := r.storedRows(); rows != nil {
		b.WriteString("\n## Stored types\n\n" + title + "\n\n")
		for i, row := range rows {
			b.WriteString("| " + strings.Join(row, " | ") + " |\n")
			if i == 0 {
				b.WriteString("|---|---|" + strings.Repeat("---:|", len(row)-2) + "\n")
			}
		}
	}
	if rows := r.summaryRows(); rows != nil {
		b.WriteString("\n## Summary\n\n" + summaryTitle + "\n\n")
		for i, row := range rows {
			b.WriteString("| " + strings.Join(row, " | ") + " |\n")
			if i == 0 {
				b.WriteString("|---|---|" + strings.Repeat("---:|", len(row)-3) + "---|\n")
			}
		}
	}
	for _, p := range plots {
		name := strings.TrimSuffix(p, ".svg")
		fmt.Fprintf(&b, "\n## %s\n\n![%s: GB/s against working-set size](%s)\n", name, name, p)
	}
	return b.String()
}
