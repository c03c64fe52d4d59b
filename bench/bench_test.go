package bench

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// runKernel runs every case of one kernel as sub-benchmarks named type/impl/n=N[/layout], so that the full name
// reads like BenchmarkAdam/f32/avx2/n=65536.
func runKernel(b *testing.B, name string) {
	for _, c := range Cases(Sizes()) {
		if c.Kernel == name {
			b.Run(strings.TrimPrefix(c.Name(), name+"/"), c.Run)
		}
	}
}

func BenchmarkAdam(b *testing.B)      { runKernel(b, "Adam") }
func BenchmarkAMSGrad(b *testing.B)   { runKernel(b, "AMSGrad") }
func BenchmarkDot(b *testing.B)       { runKernel(b, "Dot") }
func BenchmarkSumSq(b *testing.B)     { runKernel(b, "SumSq") }
func BenchmarkSGD(b *testing.B)       { runKernel(b, "SGD") }
func BenchmarkAdagrad(b *testing.B)   { runKernel(b, "Adagrad") }
func BenchmarkRMSprop(b *testing.B)   { runKernel(b, "RMSprop") }
func BenchmarkAdamax(b *testing.B)    { runKernel(b, "Adamax") }
func BenchmarkNAdam(b *testing.B)     { runKernel(b, "NAdam") }
func BenchmarkRAdam(b *testing.B)     { runKernel(b, "RAdam") }
func BenchmarkAdadelta(b *testing.B)  { runKernel(b, "Adadelta") }
func BenchmarkLion(b *testing.B)      { runKernel(b, "Lion") }
func BenchmarkScale(b *testing.B)     { runKernel(b, "Scale") }
func BenchmarkAxpy(b *testing.B)      { runKernel(b, "Axpy") }
func BenchmarkClipValue(b *testing.B) { runKernel(b, "ClipValue") }
func BenchmarkMaxAbs(b *testing.B)    { runKernel(b, "MaxAbs") }
func BenchmarkAllFinite(b *testing.B) { runKernel(b, "AllFinite") }

// TestBenchmarkEntryPoints keeps the Benchmark functions above in step with the suite table.
func TestBenchmarkEntryPoints(t *testing.T) {
	if got, want := Kernels(), []string{"Adam", "AMSGrad", "Dot", "SumSq", "SGD", "Adagrad", "RMSprop", "Adamax",
		"NAdam", "RAdam", "Adadelta", "Lion", "Scale", "Axpy", "ClipValue", "MaxAbs", "AllFinite"}; !slices.Equal(got, want) {
		t.Fatalf("suite kernels %v, but bench_test.go has Benchmark functions for %v", got, want)
	}
}

// TestCasesCoverSuite checks that every kernel × type × path or peer × size is a case, with the bytes it moves.
func TestCasesCoverSuite(t *testing.T) {
	sizes := Sizes()
	cases := Cases(sizes)
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.Name()] {
			t.Errorf("duplicate case %s", c.Name())
		}
		seen[c.Name()] = true
		elem := 4
		if c.Type == "f64" {
			elem = 8
		}
		if want := int64(c.k.moved * c.N * elem); c.Bytes != want || c.Bytes <= 0 {
			t.Errorf("%s: Bytes=%d, want %d", c.Name(), c.Bytes, want)
		}
	}
	count := map[string]int{}
	for _, c := range cases {
		count[c.Kernel+"/"+c.Type+"/"+c.Impl+"/"+c.Size+"/"+c.Layout]++
	}
	for _, k := range suite {
		for _, typ := range []string{"f32", "f64"} {
			for _, impl := range append(kernels.Impls(), k.peers...) {
				for _, s := range sizes {
					if count[k.name+"/"+typ+"/"+impl+"/"+s.Name+"/"] != 1 {
						t.Errorf("no back-to-back case for %s/%s/%s at %s", k.name, typ, impl, s.Name)
					}
				}
				if count[k.name+"/"+typ+"/"+impl+"/dram/staggered"] != 1 {
					t.Errorf("no staggered dram case for %s/%s/%s", k.name, typ, impl)
				}
			}
		}
	}
}

// TestEveryCaseRuns runs every case once on small arrays, in both layouts, and checks that the fastgrad paths
// agree with each other (they are bit-exact) and that the reductions' peers agree with them to rounding.
func TestEveryCaseRuns(t *testing.T) {
	small := []Size{{Name: "l1", Bytes: 4096}}
	for _, c := range Cases(small) {
		for _, layout := range []string{"", "staggered"} {
			c.Layout = layout
			c.N = 100
			call := c.Prepare()
			if !c.Peer() {
				prev := kernels.Impl()
				if err := kernels.SetImpl(c.Impl); err != nil {
					t.Fatal(err)
				}
				call()
				kernels.SetImpl(prev)
			} else {
				call()
			}
			if c.Kernel == "Dot" || c.Kernel == "SumSq" || c.Kernel == "MaxAbs" || c.Kernel == "AllFinite" {
				checkReduction(t, c)
			}
		}
	}
}

// checkReduction recomputes the case's reduction with the reference path and compares Sink with it.
func checkReduction(t *testing.T, c Case) {
	got := Sink
	ref := c
	ref.Impl = "generic"
	prev := kernels.Impl()
	kernels.SetImpl("generic")
	ref.Prepare()()
	kernels.SetImpl(prev)
	want := Sink
	if !c.Peer() && got != want {
		t.Errorf("%s: %v, want the reference's %v bit for bit", c.Name(), got, want)
	}
	if c.Peer() && math.Abs(got-want) > 1e-3*math.Abs(want) {
		t.Errorf("%s: %v, reference %v", c.Name(), got, want)
	}
}

// TestStaggeredLayout checks that the staggered arrays do not overlap and start staggerBytes apart.
func TestStaggeredLayout(t *testing.T) {
	a := alloc[float32](3, 1000, "staggered")
	for k := 1; k < len(a); k++ {
		d := int(uintptr(unsafe.Pointer(&a[k][0])) - uintptr(unsafe.Pointer(&a[k-1][0])))
		if d != 1000*4+staggerBytes {
			t.Errorf("array %d starts %d bytes after array %d, want %d", k, d, k-1, 1000*4+staggerBytes)
		}
	}
}

// TestAllocFresh checks that every alloc returns the same values, in either layout, whatever was done to the
// arrays of an earlier one: each run of a case starts from the same state.
func TestAllocFresh(t *testing.T) {
	a := alloc[float64](2, 500, "")
	want := slices.Clone(a[1])
	a[1][7] = 42
	for _, layout := range []string{"", "staggered"} {
		b := alloc[float64](2, 500, layout)
		if !slices.Equal(b[1], want) || &b[1][0] == &a[1][0] {
			t.Errorf("layout %q: alloc returned changed or shared arrays", layout)
		}
	}
	if c := alloc[float64](2, 501, ""); c[1][0] == want[0] {
		t.Error("a different size drew the same values")
	}
}
