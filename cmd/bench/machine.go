package main

import (
	"runtime"

	"github.com/fastgrad/fastgrad/bench"
	"github.com/fastgrad/fastgrad/kernels"
	"github.com/klauspost/cpuid/v2"
)

// machine describes what the numbers were measured on. Cache sizes are 0 where neither cpuid nor the operating
// system can tell (the run then assumes a common size); each source says which told.
type machine struct {
	CPU       string   `json:"cpu"`
	Cores     int      `json:"cores"`
	GOOS      string   `json:"goos"`
	GOARCH    string   `json:"goarch"`
	GoVersion string   `json:"go_version"`
	Paths     []string `json:"paths"`
	Chosen    string   `json:"chosen_path"`
	Features  []string `json:"features"`
	L1D       int      `json:"l1d_bytes"`
	L2        int      `json:"l2_bytes"`
	L3        int      `json:"l3_bytes"`
	L1DSource string   `json:"l1d_source"`
	L2Source  string   `json:"l2_source"`
	L3Source  string   `json:"l3_source"`
}

// relevant are the CPU features fastgrad's paths select on, reported when present.
var relevant = []cpuid.FeatureID{cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.AVX512F, cpuid.AVX512VL, cpuid.AVX512DQ, cpuid.BMI2, cpuid.ASIMD}

func describeMachine() machine {
	c := cpuid.CPU
	m := machine{
		CPU: c.BrandName, Cores: runtime.NumCPU(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH,
		GoVersion: runtime.Version(), Paths: kernels.Impls(), Chosen: kernels.Impl(),
		Features: []string{},
	}
	l1d, l2, l3 := bench.CacheInfo()
	m.L1D, m.L1DSource = known(l1d)
	m.L2, m.L2Source = known(l2)
	m.L3, m.L3Source = known(l3)
	if m.CPU == "" {
		m.CPU = "unknown CPU"
	}
	for _, f := range relevant {
		if c.Supports(f) {
			m.Features = append(m.Features, f.String())
		}
	}
	return m
}

// known returns a cache's size, 0 if it was assumed, and its source.
func known(c bench.Cache) (int, string) {
	if c.Source == bench.FromAssumed {
		return 0, c.Source
	}
	return c.Bytes, c.Source
}
