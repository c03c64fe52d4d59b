package main

import (
	"encoding/json"

	"github.com/fastgrad/fastgrad/bench"
)

// schemaVersion is the version of the JSON output's schema (cmd/bench/schema.json). It changes only when a field is
// removed or changes meaning; added fields keep it.
const schemaVersion = 1

// jsonDoc is the JSON output. Field names and meanings are documented in cmd/bench/schema.json and docs/benchmarks.md.
type jsonDoc struct {
	SchemaVersion int           `json:"schema_version"`
	Machine       machine       `json:"machine"`
	Settings      jsonSettings  `json:"settings"`
	Roofline      jsonRoofline  `json:"roofline"`
	Results       []jsonResult  `json:"results"`
	Summary       []jsonSummary `json:"summary"`
}

type jsonSettings struct {
	Kernels []string `json:"kernels"`
	Sizes   []string `json:"sizes"`
	Paths   []string `json:"paths"`
	Dtypes  []string `json:"dtypes"`
	Layouts []string `json:"layouts"`
	Filter  string   `json:"filter"`
	Time    string   `json:"time"`
	Count   int      `json:"count"`
	// NoisyPct is the spread_pct above which a result is noisy.
	NoisyPct float64 `json:"noisy_above_pct"`
}

type jsonRoofline struct {
	Bandwidth []jsonBandwidth `json:"bandwidth"`
	Divider   []jsonDivider   `json:"divider"`
}

type jsonBandwidth struct {
	Level    string        `json:"level"`
	Bytes    int           `json:"bytes"`
	Patterns []jsonPattern `json:"patterns"`
}

type jsonPattern struct {
	Pattern string  `json:"pattern"`
	Reads   int     `json:"reads"`
	Writes  int     `json:"writes"`
	GBps    float64 `json:"gb_per_s"`
	By      string  `json:"by"`
}

type jsonDivider struct {
	Dtype  string  `json:"dtype"`
	DivNs  float64 `json:"div_ns"`
	SqrtNs float64 `json:"sqrt_ns"`
}

// jsonResult is one case. The ratios, the roofline share and the bound are null where they do not apply.
type jsonResult struct {
	Name        string    `json:"name"`
	Kernel      string    `json:"kernel"`
	Dtype       string    `json:"dtype"`
	Path        string    `json:"path"`
	Peer        bool      `json:"peer"`
	Size        string    `json:"size"`
	Layout      string    `json:"layout"`
	N           int       `json:"n"`
	Rows        int       `json:"rows"`
	Cols        int       `json:"cols"`
	Batch       int       `json:"batch"`
	Cached      bool      `json:"cached"`
	Bytes       int64     `json:"bytes_per_op"`
	BytesElem   float64   `json:"bytes_per_element"`
	NsPerOp     float64   `json:"ns_per_op"`
	RunsNsPerOp []float64 `json:"runs_ns_per_op"`
	SpreadPct   float64   `json:"spread_pct"`
	Noisy       bool      `json:"noisy"`
	NsPerElem   float64   `json:"ns_per_element"`
	GBps        float64   `json:"gb_per_s"`
	Allocs      float64   `json:"allocs_per_op"`
	VsReference *float64  `json:"vs_reference"`
	VsNaive     *float64  `json:"vs_naive"`
	VsGonum     *float64  `json:"vs_gonum"`
	RooflinePct *float64  `json:"roofline_pct"`
	Bound       *string   `json:"bound"`
	TimeVsF32   *float64  `json:"time_vs_f32"`
}

// jsonSummary is one kernel's closing comparison (see summaries).
type jsonSummary struct {
	Kernel      string     `json:"kernel"`
	Path        string     `json:"path"`
	VsReference *jsonRatio `json:"vs_reference"`
	VsNaive     *jsonRatio `json:"vs_naive"`
	VsGonum     *jsonRatio `json:"vs_gonum"`
}

type jsonRatio struct {
	Times     float64 `json:"geomean"`
	SpreadPct float64 `json:"spread_pct"`
	Groups    int     `json:"groups"`
}

// nullable returns nil for the zero value, which the comparisons use for "does not apply".
func nullable[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

// json returns the report as indented JSON.
func (r *report) json() ([]byte, error) {
	o := r.opts
	doc := jsonDoc{SchemaVersion: schemaVersion, Machine: r.machine, Results: []jsonResult{},
		Settings: jsonSettings{Kernels: o.kernels, Paths: o.paths, Dtypes: o.dtypes, Filter: o.filter.String(),
			Time: o.time, Count: o.budget.Rounds, NoisyPct: noisyPct}, Summary: []jsonSummary{}}
	for _, s := range o.sizes {
		doc.Settings.Sizes = append(doc.Settings.Sizes, s.Name)
	}
	for _, l := range o.layouts {
		doc.Settings.Layouts = append(doc.Settings.Layouts, bench.LayoutName(l))
	}
	for _, b := range r.roof.Bandwidth {
		jb := jsonBandwidth{Level: b.Level, Bytes: b.Bytes, Patterns: []jsonPattern{}}
		for _, p := range r.patterns {
			if gbps, ok := b.GBps[p]; ok {
				jb.Patterns = append(jb.Patterns, jsonPattern{p.String(), p.Reads, p.Writes, gbps, b.By[p]})
			}
		}
		doc.Roofline.Bandwidth = append(doc.Roofline.Bandwidth, jb)
	}
	for _, d := range r.roof.Divider {
		doc.Roofline.Divider = append(doc.Roofline.Divider, jsonDivider{d.Type, d.Div, d.Sqrt})
	}
	for i, res := range r.results {
		c := r.cmp[i]
		doc.Results = append(doc.Results, jsonResult{
			Name: res.Name(), Kernel: res.Kernel, Dtype: res.Type, Path: res.Impl, Peer: res.Peer(), Size: res.Size,
			Layout: bench.LayoutName(res.Layout), N: res.N, Rows: res.Rows, Cols: res.Cols, Batch: res.Batch,
			Cached: res.Cached, Bytes: res.Bytes, BytesElem: res.BytesPerElem(), NsPerOp: res.median(), RunsNsPerOp: res.Runs,
			SpreadPct: res.spread(), Noisy: res.noisy(),
			NsPerElem: res.nsPerElem(), GBps: res.gbps(), Allocs: res.Allocs,
			VsReference: nullable(c.vsRef), VsNaive: nullable(c.vsNaive), VsGonum: nullable(c.vsGonum),
			RooflinePct: nullable(c.roofPct), Bound: nullable(c.bound), TimeVsF32: nullable(c.vsF32),
		})
	}
	for _, sm := range summaries(r.results) {
		js := jsonSummary{Kernel: sm.kernel, Path: sm.path}
		for i, p := range []**jsonRatio{&js.VsReference, &js.VsNaive, &js.VsGonum} {
			if v := sm.vs[i]; v.groups > 0 {
				*p = &jsonRatio{v.times, v.spreadPct, v.groups}
			}
		}
		doc.Summary = append(doc.Summary, js)
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	return append(b, '\n'), err
}
