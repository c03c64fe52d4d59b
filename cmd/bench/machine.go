package main

import (
	"runtime"

	"github.com/fastgrad/fastgrad/kernels"
	"github.com/klauspost/cpuid/v2"
)

// machine describes what the numbers were measured on. Cache sizes are 0 where cpuid cannot tell.
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
}

// relevant are the CPU features fastgrad's paths select on, reported when present.
var relevant = []cpuid.FeatureID{cpuid.AVX, cpuid.AVX2, cpuid.FMA3, cpuid.AVX512F, cpuid.AVX512VL, cpuid.AVX512DQ, cpuid.BMI2, cpuid.ASIMD}

func describeMachine() machine {
	c := cpuid.CPU
	m := machine{
		CPU: c.BrandName, Cores: runtime.NumCPU(), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH,
		GoVersion: runtime.Version(), Paths: kernels.Impls(), Chosen: kernels.Impl(),
		L1D: max(c.Cache.L1D, 0), L2: max(c.Cache.L2, 0), L3: max(c.Cache.L3, 0), Features: []string{}, // cpuid says -1 for unknown
	}
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
