package kernels

import (
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/internal/misuse"
)

// sliceKernel describes the slice arguments of one kernel for the argument-checking tests (TestOverlapPanics and
// TestMisuse): their names in call order, which of them the kernel writes, their lengths in a valid call, and the
// kernel called on them with every option that needs a slice turned on.
type sliceKernel[F Float] struct {
	kernel  string
	names   string // the slice arguments in call order
	written string // those the kernel writes
	lens    []int  // the lengths of a valid call; nil: all overlapN
	// lengths lists the kernel's length checks in the order it makes them, "arg:ref" for len(arg) = len(ref);
	// empty where the misuse table spells the checks out instead (least squares).
	lengths string
	call    func(a [][]F)
}

// overlapN is the length of every slice of an elementwise kernel in TestOverlapPanics and TestMisuse.
const overlapN = 8

// sliceKernels returns every kernel that takes a slice it writes.
func sliceKernels[F Float]() []sliceKernel[F] {
	sgd, ada, rms, amx, nad, rad, adl, lion := testSteps()
	rprop := RpropHyper{EtaMinus: 0.5, EtaPlus: 1.2, StepMin: 1e-6, StepMax: 50}
	adam := AdamHyper{LR: 0.1, Beta1: 0.9, Beta2: 0.99, Eps: 1e-8, AMSGrad: true}.Step(1)
	asgd := ASGDHyper{LR: 0.1, Lambd: 1e-4, Alpha: 0.75}.Step(3)
	return []sliceKernel[F]{
		{"Adam", "w,g,m,v,vmax", "w,m,v,vmax", nil, "g:w m:w v:w vmax:w", func(a [][]F) { Adam(&adam, a[0], a[1], a[2], a[3], a[4]) }},
		{"SGD", "w,g,buf", "w,buf", nil, "g:w buf:w", func(a [][]F) { SGD(&sgd, a[0], a[1], a[2]) }},
		{"Adagrad", "w,g,sum", "w,sum", nil, "g:w sum:w", func(a [][]F) { Adagrad(&ada, a[0], a[1], a[2]) }},
		{"RMSprop", "w,g,sq,gavg,buf", "w,sq,gavg,buf", nil, "g:w sq:w gavg:w buf:w", func(a [][]F) { RMSprop(&rms, a[0], a[1], a[2], a[3], a[4]) }},
		{"Adamax", "w,g,m,u", "w,m,u", nil, "g:w m:w u:w", func(a [][]F) { Adamax(&amx, a[0], a[1], a[2], a[3]) }},
		{"NAdam", "w,g,m,v", "w,m,v", nil, "g:w m:w v:w", func(a [][]F) { NAdam(&nad, a[0], a[1], a[2], a[3]) }},
		{"RAdam", "w,g,m,v", "w,m,v", nil, "g:w m:w v:w", func(a [][]F) { RAdam(&rad, a[0], a[1], a[2], a[3]) }},
		{"Adadelta", "w,g,sq,acc", "w,sq,acc", nil, "g:w sq:w acc:w", func(a [][]F) { Adadelta(&adl, a[0], a[1], a[2], a[3]) }},
		{"Lion", "w,g,m", "w,m", nil, "g:w m:w", func(a [][]F) { Lion(&lion, a[0], a[1], a[2]) }},
		{"EMA", "avg,w", "avg", nil, "w:avg", func(a [][]F) { EMA(&EMAHyper{Decay: 0.9}, a[0], a[1]) }},
		{"SWA", "avg,w", "avg", nil, "w:avg", func(a [][]F) { SWA(3, a[0], a[1]) }},
		{"ASGD", "w,g,ax", "w,ax", nil, "g:w ax:w", func(a [][]F) { ASGD(&asgd, a[0], a[1], a[2]) }},
		{"Rprop", "w,g,prev,stepSize", "w,prev,stepSize", nil, "g:w prev:w stepSize:w", func(a [][]F) { Rprop(&rprop, a[0], a[1], a[2], a[3]) }},
		{"Axpy", "x,y", "y", nil, "x:y", func(a [][]F) { Axpy(2, a[0], a[1]) }},
		// 4 rows of 2: g and w 2, r and y 4, X 8.
		{"LeastSquares", "g,r,X,y,w", "g,r", []int{2, 4, 8, 4, 2}, "", func(a [][]F) { LeastSquares(a[0], a[1], a[2], a[3], a[4], 1) }},
		{"LeastSquaresBatch", "g,r,X,y,w", "g,r", []int{2, 4, 8, 4, 2}, "", func(a [][]F) {
			LeastSquaresBatch(a[0], a[1], a[2], a[3], a[4], []int{0, 1, 2, 3}, 1)
		}},
	}
}

// args returns slices of the lengths of a valid call, each made by mk.
func (c sliceKernel[F]) args(mk func(n int) []F) [][]F {
	names := strings.Split(c.names, ",")
	a := make([][]F, len(names))
	for k := range a {
		n := overlapN
		if c.lens != nil {
			n = c.lens[k]
		}
		a[k] = mk(n)
	}
	return a
}

// overlaps returns the kernel's calls with each slice it writes overlapping, in turn, each other slice: two views
// of one buffer, the second starting one element after the first, each of its valid length. The panic must name
// both, in the order the kernel checks them: the written slices in call order, then the read-only ones.
func (c sliceKernel[F]) overlaps(mk func(n int) []F) []misuse.Case {
	names := strings.Split(c.names, ",")
	written := func(name string) bool { return strings.Contains(","+c.written+",", ","+name+",") }
	checked := func(i int) int { // the position of argument i in the kernel's own order
		if written(names[i]) {
			return i
		}
		return len(names) + i
	}
	var cases []misuse.Case
	for i, ni := range names {
		if !written(ni) {
			continue
		}
		for j, nj := range names {
			if j == i {
				continue
			}
			first, second := ni, nj
			if checked(j) < checked(i) {
				first, second = nj, ni
			}
			cases = append(cases, misuse.Case{
				Name: nj + " starts one element into " + ni,
				Call: func() error {
					a := c.args(mk)
					back := mk(max(len(a[i]), len(a[j])+1))
					a[i], a[j] = back[:len(a[i])], back[1:1+len(a[j])]
					c.call(a)
					return nil
				},
				Want: "panic: kernels: " + c.kernel + ": " + first + " and " + second + " overlap",
			})
		}
	}
	return cases
}

// TestOverlapPanics gives every kernel, in turn, each pair of its slice arguments of which one is written, as two
// views of one buffer a single element apart, and checks that it panics naming both; and that the overlaps the
// documentation allows (Axpy's y as its own x, and a read-only slice given twice) run.
func TestOverlapPanics(t *testing.T) {
	mk := func(n int) []float32 { return make([]float32, n) }
	for _, c := range sliceKernels[float32]() {
		c.call(c.args(mk)) // disjoint: runs
		for _, o := range c.overlaps(mk) {
			if got := o.Outcome(); got != o.Want {
				t.Errorf("%s with %s: %s, want %s", c.kernel, o.Name, got, o.Want)
			}
		}
	}
	// Allowed: Axpy on y itself, and least squares reading one buffer as both y and w.
	y := []float32{1, 2, 3}
	Axpy(2, y, y)
	if y[0] != 3 || y[2] != 9 {
		t.Fatalf("Axpy(2, y, y) = %v, want [3 6 9]", y)
	}
	both := []float32{1, 2}
	LeastSquares(make([]float32, 1), nil, []float32{1, 2}, both, both[:1], 1)
}

// testSteps returns one step's scalars of every optimizer kernel but Adam, each with its state slices in use, for
// the tests of argument checking.
func testSteps() (SGDStep, AdagradStep, RMSpropHyper, AdamaxStep, NAdamStep, RAdamStep, AdadeltaHyper, LionHyper) {
	nad, _ := NAdamHyper{LR: 0.1, Beta1: 0.9, Beta2: 0.99}.Step(1, 1)
	return SGDHyper{LR: 0.1, Momentum: 0.9}.Step(1), AdagradHyper{LR: 0.1}.Step(1),
		RMSpropHyper{LR: 0.1, Alpha: 0.9, Centered: true, Momentum: 0.9}, AdamaxHyper{LR: 0.1, Beta1: 0.9, Beta2: 0.99}.Step(1),
		nad, RAdamHyper{LR: 0.1, Beta1: 0.9, Beta2: 0.99}.Step(1), AdadeltaHyper{LR: 1, Rho: 0.9},
		LionHyper{LR: 0.1, Beta1: 0.9, Beta2: 0.99}
}
