package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// printReport writes the machine description and one table row per case.
func printReport(w io.Writer, m machine, o *options, results []result) {
	fmt.Fprintf(w, "fastgrad bench: %s (%d cores), %s/%s, %s\n", m.CPU, m.Cores, m.GOOS, m.GOARCH, m.GoVersion)
	fmt.Fprintf(w, "paths: %s (chosen at start-up: %s); CPU features used: %s\n", strings.Join(m.Paths, ", "), m.Chosen, strings.Join(m.Features, " "))
	fmt.Fprintf(w, "caches: L1D %s, L2 %s, L3 %s; median of %d runs of %s each\n\n", kib(m.L1D), kib(m.L2), kib(m.L3), o.count, o.benchtime)
	vg, vn, vo := speedups(results)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "kernel\ttype\tsize\tn\tlayout\timpl\tns/op\tGB/s\tns/elem\t×generic\t×naive\t×gonum\tallocs\t")
	for i, r := range results {
		if r.Failed {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\tFAILED\t\t\t\t\t\t\t\n", r.Kernel, r.Type, r.Size, r.N, r.Layout, r.Impl)
			continue
		}
		med := r.median()
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%.0f\t%.1f\t%.3f\t%s\t%s\t%s\t%d\t\n", r.Kernel, r.Type, r.Size, r.N,
			r.Layout, r.Impl, med, r.gbps(), med/float64(r.N), times(vg[i]), times(vn[i]), times(vo[i]), r.Allocs)
	}
	tw.Flush()
}

func times(x float64) string {
	if x == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f", x)
}

func kib(b int) string {
	if b >= 1<<20 {
		return fmt.Sprintf("%d MiB", b>>20)
	}
	return fmt.Sprintf("%d KiB", b>>10)
}

// jsonResult is one case in the JSON output.
type jsonResult struct {
	Name      string    `json:"name"`
	Kernel    string    `json:"kernel"`
	Type      string    `json:"type"`
	Impl      string    `json:"impl"`
	Size      string    `json:"size"`
	N         int       `json:"n"`
	Layout    string    `json:"layout,omitempty"`
	Bytes     int64     `json:"bytes_per_op"`
	MedianNs  float64   `json:"median_ns_per_op"`
	RunsNs    []float64 `json:"runs_ns_per_op"`
	GBps      float64   `json:"median_gb_per_s"`
	Allocs    int64     `json:"allocs_per_op"`
	VsGeneric float64   `json:"speedup_vs_generic,omitempty"`
	VsNaive   float64   `json:"speedup_vs_naive,omitempty"`
	VsGonum   float64   `json:"speedup_vs_gonum,omitempty"`
	Failed    bool      `json:"failed,omitempty"`
}

func writeJSON(w io.Writer, m machine, o *options, results []result) error {
	vg, vn, vo := speedups(results)
	out := struct {
		Machine   machine      `json:"machine"`
		Count     int          `json:"count"`
		Benchtime string       `json:"benchtime"`
		Results   []jsonResult `json:"results"`
	}{m, o.count, o.benchtime, nil}
	for i, r := range results {
		out.Results = append(out.Results, jsonResult{r.Name(), r.Kernel, r.Type, r.Impl, r.Size, r.N, r.Layout, r.Bytes,
			r.median(), r.Runs, r.gbps(), r.Allocs, vg[i], vn[i], vo[i], r.Failed})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
