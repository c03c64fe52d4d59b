package detcheck

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"
)

// TestRule runs Check over small sources, each line of which either must be reported (marked "// want") or must
// not be: a rule that misses a fusable product, or that flags a rounded one, fails here before it is trusted on
// the module.
func TestRule(t *testing.T) {
	const src = `package p

import (
	"math"
	"math/rand/v2"
)

type Float interface{ ~float32 | ~float64 }

type num float64

func f(a, b, c float64, x, y float32, n int, r *rand.Rand) {
	_ = a*b + c // want
	_ = c - a*b // want
	_ = -(a * b) // want
	p := a * b // want
	_ = p
	_ = float64(a*b) + c
	_ = float32(x*y) + x
	_ = float64(num(a*b)) + c
	_ = a * b * c // want
	_ = float64(a * b * c)
	_ = a * b / c
	_ = float64(a*b/c) + 1
	_ = a / 2 // want
	_ = a / 3
	_ = float64(a/2) + c
	_ = a*b < c
	_ = math.Sqrt(a*b) + c
	_ = max(a*b, c)
	_ = math.Max(a*b, c)
	_ = n*n + n
	_ = 2 * 3.5
	a *= b // want
	a /= 4 // want
	a /= 3
	_ = math.Cos(a) // want
	_ = math.Pow(a, b) // want
	_ = math.Exp(a) + math.Log(b) // want
	_ = math.Abs(a) + math.Floor(b) + math.Ldexp(c, 2)
	_ = r.NormFloat64() // want
	_ = r.Float64()
	_ = g(a * b) // want
	_ = (((a * b))) + c // want
	_ = []float64{a * b} // want
}

func g(v float64) float64 { return v * v } // want

func h[F Float](a, b, c F) F {
	_ = F(a*b) + c
	_ = a*b + c // want
	return a * b // want
}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Uses: map[*ast.Ident]types.Object{}}
	if _, err := (&types.Config{Importer: importer.Default()}).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, fd := range Check(fset, []*ast.File{f}, info) {
		if !slices.Contains(got, fd.Pos.Line) {
			got = append(got, fd.Pos.Line)
		}
	}
	var want []int
	for i, line := range strings.Split(src, "\n") {
		if strings.HasSuffix(line, "// want") {
			want = append(want, i+1)
		}
	}
	for _, l := range want {
		if !slices.Contains(got, l) {
			t.Errorf("line %d not reported: %s", l, strings.TrimSpace(strings.Split(src, "\n")[l-1]))
		}
	}
	for _, l := range got {
		if !slices.Contains(want, l) {
			t.Errorf("line %d reported, but it is deterministic: %s", l, strings.TrimSpace(strings.Split(src, "\n")[l-1]))
		}
	}
}
