package bench

import (
	"math"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// TestBenchmarkEntryPoints keeps the Benchmark functions of bench_test.go in step with the suite table.
func TestBenchmarkEntryPoints(t *testing.T) {
	want := []string{"Adam", "AMSGrad", "SGD", "Adagrad", "RMSprop", "Adamax", "NAdam", "RAdam", "Adadelta", "Lion",
		"EMA", "SWA", "ASGD", "Rprop", "Scale", "Axpy", "ClipValue", "Dot", "SumSq", "MaxAbs", "AllFinite", "LeastSquares", "LeastSquaresBatch"}
	if got := AllKernels(); !slices.Equal(got, want) {
		t.Fatalf("suite kernels %v, but bench_test.go has Benchmark functions for %v", got, want)
	}
	if got := Kernels(); !slices.Equal(got, want[:len(want)-2]) {
		t.Errorf("Kernels() = %v, want every kernel but least squares", got)
	}
}

// TestCasesCoverSuite checks that every kernel × type × path or peer × size × layout is exactly one case (the optim
// peer in the back-to-back layout only; the stored types of the kernels that have them, on fastgrad's paths only),
// with the bytes it moves, and that least-squares shapes go to their kernel.
func TestCasesCoverSuite(t *testing.T) {
	sizes := append(Sizes(), Elements(1000))
	cases := Cases(append(sizes, Shapes()...))
	count := map[string]int{}
	for _, c := range cases {
		count[c.Kernel+"|"+c.Type+"|"+c.Impl+"|"+c.Size+"|"+c.Layout]++
		if s, ok := storages[c.Type]; ok {
			if want := int64(s.reads(c.N, c.k.stored.states) + s.writes(c.N, c.k.stored.states)); c.Bytes != want {
				t.Errorf("%s: Bytes=%d, want %d", c.Name(), c.Bytes, want)
			}
		} else if c.Cols == 0 {
			if want := int64((c.k.reads + c.k.writes) * c.N * c.ElemSize()); c.Bytes != want {
				t.Errorf("%s: Bytes=%d, want %d", c.Name(), c.Bytes, want)
			}
		} else if c.Bytes < int64(c.N*c.ElemSize()) {
			t.Errorf("%s: Bytes=%d, less than its rows of X", c.Name(), c.Bytes)
		}
	}
	for _, k := range suite {
		for _, typ := range Types {
			for _, impl := range append(kernels.Impls(), k.peers...) {
				for _, s := range sizes {
					for _, layout := range Layouts {
						want := 1
						if impl == Optim && layout != "" || IsStored(typ) && (k.stored == nil || IsPeer(impl)) {
							want = 0
						}
						if n := count[k.name+"|"+typ+"|"+impl+"|"+s.Name+"|"+layout]; n != want {
							t.Errorf("%d cases for %s/%s/%s at %s in layout %q, want %d", n, k.name, typ, impl, s.Name, layout, want)
						}
					}
				}
				for _, s := range Shapes() {
					want := 0
					if k.lsq && k.batch == (s.Batch > 0) && !IsStored(typ) {
						want = 1
					}
					if n := count[k.name+"|"+typ+"|"+impl+"|"+s.Name+"|"]; n != want {
						t.Errorf("%d cases for %s/%s/%s at shape %s, want %d", n, k.name, typ, impl, s.Name, want)
					}
				}
			}
		}
	}
}

// smallCases returns every case on small arrays (a few hundred elements, rows of 64 for least squares), in both
// layouts, grouped as cmd/bench groups them.
func smallCases() [][]Case { return Groups(Cases([]Size{Elements(640)})) }

// TestEveryCaseRuns runs every case on small arrays and checks that the calls compute what they claim: every path
// of a reduction or of least squares returns the reference's bits, and every peer agrees with it to rounding.
func TestEveryCaseRuns(t *testing.T) {
	for _, g := range smallCases() {
		ref := PrepareGroup(g)
		for _, p := range ref {
			p.Time(1)
		}
		got := map[string]float64{}
		for _, p := range PrepareGroup(g) { // fresh arrays: every call starts from the same state
			p.Time(1)
			got[p.Impl] = Sink
		}
		if ref[0].Pattern().Writes > 0 {
			continue // the updates' results are the kernels package's to test; here each only has to run
		}
		want := got[Reference]
		for impl, v := range got {
			if !IsPeer(impl) && math.Float64bits(v) != math.Float64bits(want) {
				t.Errorf("%s on %s: %v, want the reference's %v bit for bit", g[0].Kernel, impl, v, want)
			}
			if IsPeer(impl) && math.Abs(v-want) > 1e-3*math.Abs(want) {
				t.Errorf("%s/%s on %s: %v, reference %v", g[0].Kernel, g[0].Type, impl, v, want)
			}
		}
	}
}

// TestNoAllocations checks that no call of any case allocates, peers included: an allocation would be timed.
func TestNoAllocations(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts mean nothing under the race detector")
	}
	for _, g := range smallCases() {
		for _, p := range PrepareGroup(g) {
			if a := testing.AllocsPerRun(3, func() { p.Time(1) }); a != 0 {
				t.Errorf("%s: %v allocations per call", p.Name(), a)
			}
		}
	}
}

// TestPrepareGroupRejectsMixed checks that cases differing in more than their path cannot share arrays.
func TestPrepareGroupRejectsMixed(t *testing.T) {
	cs := Cases([]Size{Elements(64)})
	defer func() {
		if recover() == nil {
			t.Error("PrepareGroup accepted cases of two kernels")
		}
	}()
	PrepareGroup([]Case{cs[0], cs[len(cs)-1]})
}

// TestSkewedLayout checks that the skewed arrays do not overlap and start skewBytes apart.
func TestSkewedLayout(t *testing.T) {
	a := alloc[float32]([]int{1000, 1000, 1000}, "skewed")
	for k := 1; k < len(a); k++ {
		d := int(uintptr(unsafe.Pointer(&a[k][0])) - uintptr(unsafe.Pointer(&a[k-1][0])))
		if d != 1000*4+skewBytes || cap(a[k-1]) != 1000 {
			t.Errorf("array %d starts %d bytes after array %d, want %d", k, d, k-1, 1000*4+skewBytes)
		}
	}
}

// TestAllocFresh checks that every alloc returns the same values, in either layout, whatever was done to the
// arrays of an earlier one: each run of a case starts from the same state.
func TestAllocFresh(t *testing.T) {
	a := alloc[float64]([]int{500, 500}, "")
	want := slices.Clone(a[1])
	a[1][7] = 42
	for _, layout := range Layouts {
		b := alloc[float64]([]int{500, 500}, layout)
		if !slices.Equal(b[1], want) || &b[1][0] == &a[1][0] {
			t.Errorf("layout %q: alloc returned changed or shared arrays", layout)
		}
	}
	if c := alloc[float64]([]int{500, 501}, ""); !slices.Equal(c[1][:500], want) || c[0][0] == c[1][0] {
		t.Error("a larger allocation does not start with the same values, or repeats them across arrays")
	}
}

// TestMeasureRoofline measures a small roofline: every figure must be there and positive.
func TestMeasureRoofline(t *testing.T) {
	pats := []Pattern{ReadPattern, {2, 0}, {1, 1}, {2, 1}, {3, 2}, UpdatePattern, {5, 4}}
	var r Roofline
	r.Add(MeasureBandwidth(Sizes()[0], pats, Budget{Calls: 2, Rounds: 1}))
	r.AddDivider(MeasureDivider(Budget{Calls: 2, Rounds: 1}))
	if len(r.Bandwidth) != 1 {
		t.Fatalf("bandwidth %+v", r.Bandwidth)
	}
	for _, p := range pats {
		if r.Bandwidth[0].GBps[p] <= 0 || !strings.HasPrefix(r.Bandwidth[0].By[p], "probe/") {
			t.Errorf("%v: %v GB/s by %q", p, r.Bandwidth[0].GBps[p], r.Bandwidth[0].By[p])
		}
	}
	if len(r.Divider) != 2 || r.Divider[0].Div <= 0 || r.Divider[1].Sqrt <= 0 {
		t.Errorf("divider %+v", r.Divider)
	}
}

// TestLimit checks Limit's arithmetic, and Add, AddDivider and Lift, on a roofline of round numbers.
func TestLimit(t *testing.T) {
	l1, dram := Sizes()[0], Sizes()[3]
	var r Roofline
	r.Add(Bandwidth{Level: "dram", Bytes: dram.Bytes, GBps: map[Pattern]float64{UpdatePattern: 50}, By: map[Pattern]string{UpdatePattern: "probe/std"}})
	r.Add(Bandwidth{Level: "l1", Bytes: l1.Bytes, GBps: map[Pattern]float64{ReadPattern: 100, {2, 0}: 200}, By: map[Pattern]string{}})
	r.Add(Bandwidth{Level: "l1", Bytes: l1.Bytes, GBps: map[Pattern]float64{ReadPattern: 50, {2, 0}: 400}, By: map[Pattern]string{{2, 0}: "x"}})
	r.AddDivider([]Divider{{"f32", 1, 2}, {"f64", 4, 8}})
	r.AddDivider([]Divider{{"f64", 3, 9}})
	if r.Bandwidth[0].Level != "l1" || r.Bandwidth[0].GBps[ReadPattern] != 100 || r.Bandwidth[0].GBps[Pattern{2, 0}] != 400 ||
		r.Bandwidth[0].By[Pattern{2, 0}] != "x" || r.Divider[1] != (Divider{"f64", 3, 8}) {
		t.Fatalf("Add and AddDivider kept %+v", r)
	}
	find := func(kernel, typ, impl string, s Size) Case {
		for _, c := range Cases([]Size{s}) {
			if c.Kernel == kernel && c.Type == typ && c.Impl == impl && c.Layout == "" {
				return c
			}
		}
		t.Fatalf("no case %s/%s/%s at %s", kernel, typ, impl, s.Name)
		return Case{}
	}
	for _, tc := range []struct {
		c     Case
		ns    float64
		bound string
	}{
		{find("Dot", "f32", Reference, l1), float64(find("Dot", "f32", Reference, l1).Bytes) / 400, "memory"},
		{find("SumSq", "f64", Naive, l1), float64(find("SumSq", "f64", Naive, l1).Bytes) / 100, "memory"},
		// Adam: 2 divisions and a square root per element; f64 costs 3 and 8 ns, one lane on the reference.
		{find("Adam", "f64", Reference, dram), float64(find("Adam", "f64", Reference, dram).N) * (2*3 + 8), "divider"},
		// The naive Adam divides in float64 whatever the type.
		{find("Adam", "f32", Naive, dram), float64(find("Adam", "f32", Naive, dram).N) * (2*3 + 8), "divider"},
	} {
		ns, bound, ok := r.Limit(tc.c)
		if !ok || bound != tc.bound || math.Abs(ns-tc.ns) > 1e-9*tc.ns {
			t.Errorf("%s: %v ns of %q (%v), want %v of %q", tc.c.Name(), ns, bound, ok, tc.ns, tc.bound)
		}
	}
	for _, c := range Cases([]Size{l1}) {
		if c.Kernel == "Adam" && c.Type == "f32" && vectorBytes[c.Impl] > 0 {
			want := float64(c.N) * (2*1 + 2) / float64(vectorBytes[c.Impl]/4) // lanes of float32
			if ns, bound, _ := r.Limit(c); bound == "divider" && math.Abs(ns-want) > 1e-9*want {
				t.Errorf("%s: divider limit %v ns, want %v", c.Name(), ns, want)
			}
		}
	}
	if _, _, ok := r.Limit(find("Dot", "f32", Reference, dram)); ok {
		t.Error("a limit for a pattern not measured at the case's level")
	}
	// A case faster than the roof lifts it, and then sits at 100%.
	dot := find("Dot", "f32", Reference, l1)
	r.Lift([]Case{dot}, []float64{float64(dot.Bytes) / 800})
	if ns, _, _ := r.Limit(dot); math.Abs(ns-float64(dot.Bytes)/800) > 1e-9*ns || r.Bandwidth[0].By[Pattern{2, 0}] != dot.Name() {
		t.Errorf("after Lift: limit %v ns, set by %q", ns, r.Bandwidth[0].By[Pattern{2, 0}])
	}
}

// TestStoredCases checks the stored cases' bytes per element, counted by hand from what each kernel reads and
// writes, their elements (the float32 case's at every size) and their patterns.
func TestStoredCases(t *testing.T) {
	// 8-bit state: a byte per element of each state array, read and written, beside the float32 weights (read and
	// written) and gradients (read); and each array's float32 scale per block of 256, read and written.
	q8 := map[string]struct{ perElem, states int }{"Adam": {16, 2}, "AMSGrad": {18, 3}, "SGD": {14, 1}, "Lion": {14, 1}, "Adagrad": {14, 1}}
	want := map[string]map[string]float64{
		// Adam: weights, gradient and two moments read; weights and moments written; a copy written, not read.
		"Adam": {"f32": 28, "bf16": 14, "f16": 14, "bf16state": 20, "f16state": 20, "bf16copy": 30, "f16copy": 30, "bf16sr": 14},
		// AMSGrad adds vmax, read and written.
		"AMSGrad": {"f32": 36, "bf16": 18, "bf16state": 24, "bf16copy": 38},
		"SGD":     {"f32": 20, "bf16": 10, "f16state": 16, "f16copy": 22, "f16sr": 10},
		"Lion":    {"f32": 20, "bf16": 10, "bf16state": 16, "bf16copysr": 22},
		"Adagrad": {"f32": 20, "f16": 10, "bf16state": 16, "bf16copy": 22},
	}
	for _, s := range append(Sizes(), Elements(1000)) {
		f32N := map[string]int{}
		cases := Cases([]Size{s})
		for _, c := range cases {
			if c.Type == "f32" {
				f32N[c.Kernel] = c.N
			}
		}
		seen := map[string]bool{}
		for _, c := range cases {
			if b, ok := want[c.Kernel][c.Type]; ok && c.Type == "f32" && c.BytesPerElem() != b {
				t.Errorf("%s: %v bytes per element, want %v", c.Name(), c.BytesPerElem(), b)
			}
			if !IsStored(c.Type) {
				continue
			}
			seen[c.Kernel+"/"+c.Type] = true
			if c.N != f32N[c.Kernel] {
				t.Errorf("%s: %d elements, the float32 case has %d", c.Name(), c.N, f32N[c.Kernel])
			}
			if b, ok := want[c.Kernel][c.Type]; ok && c.BytesPerElem() != b {
				t.Errorf("%s: %v bytes per element, want %v", c.Name(), c.BytesPerElem(), b)
			}
			if q, ok := q8[c.Kernel]; ok && c.Type == "q8state" {
				seen[c.Kernel+"/q8"] = true
				if want := int64(q.perElem*c.N + q.states*2*4*((c.N+255)/256)); c.Bytes != want {
					t.Errorf("%s: %d bytes, want %d", c.Name(), c.Bytes, want)
				}
			}
			pat := Pattern{Reads: c.k.reads, Writes: c.k.writes}
			if storages[c.Type].copy {
				pat = Pattern{Reads: c.k.reads + 1, Writes: c.k.writes + 1}
			}
			if c.Pattern() != pat || c.WorkingSet() > c.Bytes {
				t.Errorf("%s: pattern %v, working set %d of %d bytes moved", c.Name(), c.Pattern(), c.WorkingSet(), c.Bytes)
			}
		}
		for k := range q8 {
			if !seen[k+"/q8"] {
				t.Errorf("no case %s/q8state at %s", k, s.Name)
			}
		}
		for k, types := range want {
			for typ := range types {
				if typ != "f32" && !seen[k+"/"+typ] {
					t.Errorf("no case %s/%s at %s", k, typ, s.Name)
				}
			}
		}
	}
}
