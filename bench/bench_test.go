package bench

import (
	"fmt"
	"strings"
	"testing"
)

// runKernel runs every case of one kernel as sub-benchmarks named after the case, so that the full name reads like
// BenchmarkAdam/dtype=f32/n=65536/layout=b2b/path=avx2 and benchstat can put paths side by side (-col /path).
func runKernel(b *testing.B, name string) {
	sizes := Sizes()
	if name == "LeastSquares" || name == "LeastSquaresBatch" {
		sizes = append(sizes, Shapes()...)
	}
	for _, c := range Cases(sizes) {
		if c.Kernel == name {
			b.Run(strings.TrimPrefix(c.Name(), name+"/"), c.Run)
		}
	}
}

func BenchmarkAdam(b *testing.B)              { runKernel(b, "Adam") }
func BenchmarkAMSGrad(b *testing.B)           { runKernel(b, "AMSGrad") }
func BenchmarkSGD(b *testing.B)               { runKernel(b, "SGD") }
func BenchmarkAdagrad(b *testing.B)           { runKernel(b, "Adagrad") }
func BenchmarkRMSprop(b *testing.B)           { runKernel(b, "RMSprop") }
func BenchmarkAdamax(b *testing.B)            { runKernel(b, "Adamax") }
func BenchmarkNAdam(b *testing.B)             { runKernel(b, "NAdam") }
func BenchmarkRAdam(b *testing.B)             { runKernel(b, "RAdam") }
func BenchmarkAdadelta(b *testing.B)          { runKernel(b, "Adadelta") }
func BenchmarkLion(b *testing.B)              { runKernel(b, "Lion") }
func BenchmarkEMA(b *testing.B)               { runKernel(b, "EMA") }
func BenchmarkSWA(b *testing.B)               { runKernel(b, "SWA") }
func BenchmarkASGD(b *testing.B)              { runKernel(b, "ASGD") }
func BenchmarkRprop(b *testing.B)             { runKernel(b, "Rprop") }
func BenchmarkScale(b *testing.B)             { runKernel(b, "Scale") }
func BenchmarkAxpy(b *testing.B)              { runKernel(b, "Axpy") }
func BenchmarkClipValue(b *testing.B)         { runKernel(b, "ClipValue") }
func BenchmarkDot(b *testing.B)               { runKernel(b, "Dot") }
func BenchmarkSumSq(b *testing.B)             { runKernel(b, "SumSq") }
func BenchmarkMaxAbs(b *testing.B)            { runKernel(b, "MaxAbs") }
func BenchmarkAllFinite(b *testing.B)         { runKernel(b, "AllFinite") }
func BenchmarkLeastSquares(b *testing.B)      { runKernel(b, "LeastSquares") }
func BenchmarkLeastSquaresBatch(b *testing.B) { runKernel(b, "LeastSquaresBatch") }

// BenchmarkBandwidth runs the roofline's memory probes of the read and the update pattern at every level, e.g.
// BenchmarkBandwidth/level=dram/pattern=4r3w/probe=std; go test's MB/s is the bandwidth.
func BenchmarkBandwidth(b *testing.B) {
	for _, s := range Sizes() {
		for _, pat := range []Pattern{ReadPattern, UpdatePattern} {
			var ps []probe
			for _, name := range []string{"stream", "kernels", "std"} {
				b.Run(fmt.Sprintf("level=%s/pattern=%v/probe=%s", s.Name, pat, name), func(b *testing.B) {
					if ps == nil {
						ps = probes(pat, s.Bytes) // once per level and pattern, for the first probe -bench selects
					}
					for _, p := range ps {
						if p.name == name {
							b.SetBytes(int64(p.bytes))
							for b.Loop() {
								p.call()
							}
							return
						}
					}
					b.Skip("no such probe for this pattern")
				})
			}
		}
	}
}
