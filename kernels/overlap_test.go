package kernels

import (
	"strings"
	"testing"
)

// TestOverlapPanics gives every kernel, in turn, each pair of its slice arguments of which one is written, as two
// views of one buffer a single element apart, and checks that it panics naming both; and that the overlaps the
// documentation allows (Axpy's y as its own x, and a read-only slice given twice) run.
func TestOverlapPanics(t *testing.T) {
	const n = 8
	sgd, ada, rms, amx, nad, rad, adl, lion := testSteps()
	adam := AdamHyper{LR: 0.1, Beta1: 0.9, Beta2: 0.99, Eps: 1e-8, AMSGrad: true}.Step(1)
	cases := []struct {
		kernel  string
		names   string // the slice arguments in call order
		written string // those the kernel writes
		lens    []int
		call    func(a [][]float32)
	}{
		{"Adam", "w,g,m,v,vmax", "w,m,v,vmax", nil, func(a [][]float32) { Adam(&adam, a[0], a[1], a[2], a[3], a[4]) }},
		{"SGD", "w,g,buf", "w,buf", nil, func(a [][]float32) { SGD(&sgd, a[0], a[1], a[2]) }},
		{"Adagrad", "w,g,sum", "w,sum", nil, func(a [][]float32) { Adagrad(&ada, a[0], a[1], a[2]) }},
		{"RMSprop", "w,g,sq,gavg,buf", "w,sq,gavg,buf", nil, func(a [][]float32) { RMSprop(&rms, a[0], a[1], a[2], a[3], a[4]) }},
		{"Adamax", "w,g,m,u", "w,m,u", nil, func(a [][]float32) { Adamax(&amx, a[0], a[1], a[2], a[3]) }},
		{"NAdam", "w,g,m,v", "w,m,v", nil, func(a [][]float32) { NAdam(&nad, a[0], a[1], a[2], a[3]) }},
		{"RAdam", "w,g,m,v", "w,m,v", nil, func(a [][]float32) { RAdam(&rad, a[0], a[1], a[2], a[3]) }},
		{"Adadelta", "w,g,sq,acc", "w,sq,acc", nil, func(a [][]float32) { Adadelta(&adl, a[0], a[1], a[2], a[3]) }},
		{"Lion", "w,g,m", "w,m", nil, func(a [][]float32) { Lion(&lion, a[0], a[1], a[2]) }},
		{"Axpy", "x,y", "y", nil, func(a [][]float32) { Axpy(2, a[0], a[1]) }},
		// 4 rows of 2: g and w 2, r and y 4, X 8.
		{"LeastSquares", "g,r,X,y,w", "g,r", []int{2, 4, n, 4, 2}, func(a [][]float32) { LeastSquares(a[0], a[1], a[2], a[3], a[4], 1) }},
		{"LeastSquaresBatch", "g,r,X,y,w", "g,r", []int{2, 4, n, 4, 2}, func(a [][]float32) {
			LeastSquaresBatch(a[0], a[1], a[2], a[3], a[4], []int{0, 1, 2, 3}, 1)
		}},
	}
	for _, c := range cases {
		names := strings.Split(c.names, ",")
		args := func() [][]float32 {
			a := make([][]float32, len(names))
			for k := range a {
				l := n
				if c.lens != nil {
					l = c.lens[k]
				}
				a[k] = make([]float32, l)
			}
			return a
		}
		c.call(args()) // disjoint: runs
		for i, ni := range names {
			if !strings.Contains(","+c.written+",", ","+ni+",") {
				continue
			}
			for j, nj := range names {
				if j == i {
					continue
				}
				a := args()
				// a[j] starts one element into a buffer that a[i] starts, and keeps its length.
				back := make([]float32, max(len(a[i]), len(a[j])+1))
				a[i], a[j] = back[:len(a[i])], back[1:1+len(a[j])]
				msg := func() (msg string) {
					defer func() { msg, _ = recover().(string) }()
					c.call(a)
					return ""
				}()
				pre := "kernels: " + c.kernel + ": "
				if msg != pre+ni+" and "+nj+" overlap" && msg != pre+nj+" and "+ni+" overlap" {
					t.Errorf("%s with %s overlapping %s: panic %q, want one naming both", c.kernel, nj, ni, msg)
				}
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
