package kerneldesc

import (
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
)

// TestFamilies builds every description, which panics on a broken rule, and checks that names are unique and
// that every block's slots are read by some kernel of it.
func TestFamilies(t *testing.T) {
	seen := map[string]bool{}
	used := map[*Block]map[int]bool{}
	for _, f := range Families() {
		for _, k := range f.Kernels {
			if seen[k.Name] {
				t.Errorf("%s is described twice", k.Name)
			}
			seen[k.Name] = true
			if used[k.Block] == nil {
				used[k.Block] = map[int]bool{}
			}
			for _, s := range k.Slots() {
				used[k.Block][s] = true
			}
		}
	}
	for bl, u := range used {
		for s, c := range bl.Consts {
			if !u[s] {
				t.Errorf("%sBlock: slot %d (%s) is read by no kernel", bl.Name, s, c.Doc)
			}
		}
	}
}

// TestFamilySources checks that every family names the file of this package that describes it.
func TestFamilySources(t *testing.T) {
	for _, f := range Families() {
		if _, err := os.Stat(filepath.Base(f.Source)); err != nil || filepath.Dir(f.Source) != "internal/kerneldesc" {
			t.Errorf("family %s: source %q is not a file of internal/kerneldesc (%v)", f.Name, f.Source, err)
		}
	}
}

// TestReductions builds every reduction, which panics on a broken rule, and checks that no name is taken twice,
// by a reduction or an elementwise kernel, and that the source names this package's file.
func TestReductions(t *testing.T) {
	seen := Kernels()
	rs, source := Reductions()
	for _, r := range rs {
		if _, dup := seen[r.Name]; dup {
			t.Errorf("%s is described twice", r.Name)
		}
		seen[r.Name] = &r.Kernel
		if len(r.Slots()) != 0 {
			t.Errorf("%s reads constants", r.Name)
		}
	}
	if _, err := os.Stat(filepath.Base(source)); err != nil || filepath.Dir(source) != "internal/kerneldesc" {
		t.Errorf("reductions: source %q is not a file of internal/kerneldesc (%v)", source, err)
	}
}

// TestReduce checks the interpreter's folds on cases whose result is known exactly.
func TestReduce(t *testing.T) {
	rs, _ := Reductions()
	by := map[string]*Reduction{}
	for _, r := range rs {
		by[r.Name] = r
	}
	nan, inf := math.NaN(), math.Inf(1)
	// 65 float32 ones: element 64 goes into accumulator 0 again, so the tree sees 2 there and 1 elsewhere.
	ones := make([]float32, 65)
	for i := range ones {
		ones[i] = 1
	}
	if got := Reduce(by["Dot"], [][]float32{ones, ones}); got != float32(65) {
		t.Errorf("Dot of 65 ones = %v, want 65", got)
	}
	// 1e8 + 1 − 1e8 in one accumulator is 0 in float32; in three it is 1: the lanes show.
	x := make([]float32, 129)
	x[0], x[64], x[128] = 1e4, 1, 1e4
	y := make([]float32, 129)
	y[0], y[64], y[128] = 1e4, 1, -1e4
	if got := Reduce(by["Dot"], [][]float32{x, y}); got != float32(0) {
		t.Errorf("Dot with cancellation in accumulator 0 = %v, want 0 (1e8+1 rounds to 1e8)", got)
	}
	if got := Reduce(by["SumSq"], [][]float64{{3, 4}}); got != 25.0 {
		t.Errorf("SumSq(3, 4) = %v, want 25", got)
	}
	if got := Reduce(by["MaxAbs"], [][]float64{{-3, 2, math.Copysign(0, -1)}}); got != 3.0 {
		t.Errorf("MaxAbs(−3, 2, −0) = %v, want 3", got)
	}
	if got := Reduce(by["MaxAbs"], [][]float64{{1, nan, 2}}).(float64); got == got {
		t.Errorf("MaxAbs(1, NaN, 2) = %v, want NaN", got)
	}
	if got := Reduce(by["MaxAbs"], [][]float64{{math.Copysign(0, -1)}}).(float64); math.Signbit(got) {
		t.Errorf("MaxAbs(−0) = −0, want +0")
	}
	for _, c := range []struct {
		x    []float64
		want bool
	}{{nil, true}, {[]float64{1, -2}, true}, {[]float64{1, -inf}, false}, {[]float64{nan}, false}} {
		if got := Reduce(by["AllFinite"], [][]float64{c.x}); got != c.want {
			t.Errorf("AllFinite(%v) = %v, want %v", c.x, got, c.want)
		}
	}
}

// TestReductionBuilderRefuses checks the rules the lowerings rely on: a Max term is an Abs, and the term of +0
// elements, which pads a partial vector, leaves the result unchanged.
func TestReductionBuilderRefuses(t *testing.T) {
	cases := map[string]func(){
		"Max of a term that is not an Abs": func() {
			b := newReduction("Bad", "", "bad", "x")
			b.reduce(b.load("x"), Max)
		},
		"a term of +0 elements that is NaN": func() {
			b := newReduction("Bad", "", "bad", "x")
			x := b.load("x")
			b.reduce(b.div(x, x), Sum)
		},
		"a term that is not the last value": func() {
			b := newReduction("Bad", "", "bad", "x", "y")
			x := b.load("x")
			b.mul(x, b.load("y"))
			b.reduce(x, Sum)
		},
	}
	for name, build := range cases {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: built without a panic", name)
				}
			}()
			build()
		}()
	}
}

// TestCopies checks that each copy variant is its float32 kernel with one more array, wCopy, kept in 16 bits and
// written once, with the value the kernel stores into w; everything else, body included, is the kernel's.
func TestCopies(t *testing.T) {
	base := storedBase()
	copies := storedCopies()
	if len(copies) != 2*len(base) {
		t.Fatalf("%d copy variants of %d kernels, want two of each", len(copies), len(base))
	}
	for i, c := range copies {
		k := base[i%len(base)]
		wc := len(k.Arrays)
		if !slices.Equal(c.Arrays, append(slices.Clone(k.Arrays), "wCopy")) || !reflect.DeepEqual(c.Block, k.Block) || c.When != k.When {
			t.Errorf("%s: arrays %v, block %s, when %q; %s has %v, %s, %q", c.Name, c.Arrays, c.Block.Name, c.When,
				k.Name, k.Arrays, k.Block.Name, k.When)
			continue
		}
		if s := c.StorageOf(wc); s != []Storage{BF16, F16}[i/len(base)] || slices.ContainsFunc(c.Storage[:wc], func(s Storage) bool { return s != Native }) {
			t.Errorf("%s: storage %v", c.Name, c.Storage)
		}
		last := c.Body[len(c.Body)-1]
		w := slices.IndexFunc(k.Body, func(o Op) bool { return o.Kind == Store && k.Arrays[o.Array] == "w" })
		if !slices.EqualFunc(c.Body[:len(k.Body)], k.Body, func(a, b Op) bool {
			return a.Kind == b.Kind && a.Array == b.Array && a.Slot == b.Slot && slices.Equal(a.Args, b.Args)
		}) || len(c.Body) != len(k.Body)+1 || last.Kind != Store || last.Array != wc || last.Args[0] != k.Body[w].Args[0] {
			t.Errorf("%s: the body is not %s's and one store of its weights into wCopy", c.Name, k.Name)
		}
	}
}
