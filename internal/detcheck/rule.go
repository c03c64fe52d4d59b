// Package detcheck holds the rule that keeps fastgrad's result-deciding Go code free of the two things that make
// a float computation give different bits on different CPUs: a product the compiler may fuse with an addition
// into one multiply-add, and a standard-library elementary function. Its tests apply the rule to every
// result-deciding package of the module, and check the compilers' output for fused instructions on every
// architecture that fuses.
package detcheck

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"strings"
)

// A Finding is one place that breaks the rule.
type Finding struct {
	Pos token.Position
	Msg string
}

func (f Finding) String() string { return fmt.Sprintf("%s: %s", f.Pos, f.Msg) }

// exactMath lists package math's functions that return the same bits on every architecture: exactly rounded
// operations, bit manipulation and classification. Every other function of package math is refused, since its Go
// code is fused differently per architecture or replaced by assembly on some.
var exactMath = map[string]bool{
	"Sqrt": true, "Abs": true, "Floor": true, "Ceil": true, "Trunc": true, "Round": true, "RoundToEven": true,
	"Max": true, "Min": true, "Mod": true, "Float64bits": true, "Float64frombits": true, "Float32bits": true,
	"Float32frombits": true, "Frexp": true, "Ldexp": true, "Modf": true, "Inf": true, "IsInf": true, "IsNaN": true,
	"NaN": true, "Signbit": true, "Copysign": true, "Nextafter": true, "Nextafter32": true,
}

// safeCalls are the functions a raw product may be handed to: none of them adds, so none can be fused with it.
var safeCalls = map[string]bool{
	"math.Sqrt": true, "math.Abs": true, "math.Floor": true, "math.Ceil": true, "math.Trunc": true,
	"math.Round": true, "math.RoundToEven": true, "math.IsNaN": true, "math.IsInf": true, "math.Signbit": true,
	"math.Float64bits": true, "math.Float32bits": true, "math.Max": true, "math.Min": true,
	"min": true, "max": true,
}

// Check returns the places in files (type-checked into info) that break the rule:
//
//   - a float product a*b that is not rounded by an explicit conversion (float64(a*b), F(a*b)) before its value
//     can meet an addition or subtraction; a raw product may only be an operand of another product, a quotient or
//     a comparison, or the argument of a function in safeCalls. The Go specification lets a compiler fuse x*y + z
//     into one instruction, across statements and through inlined calls, and gc does on arm64, ppc64le, s390x,
//     riscv64 and amd64 with GOAMD64=v3; an explicit conversion is the one thing it promises to round.
//   - a division by a constant whose reciprocal is exact (x/2), which the compiler turns into a product;
//   - a compound *= on floats, or /= by such a constant;
//   - a call of a function of package math outside exactMath, or of math/rand's NormFloat64 and ExpFloat64 (which
//     call math.Exp and math.Log);
//   - an import of gonum.org/v1/gonum, whose BLAS is assembly on amd64 and Go elsewhere.
func Check(fset *token.FileSet, files []*ast.File, info *types.Info) []Finding {
	var out []Finding
	report := func(n ast.Node, format string, args ...any) {
		out = append(out, Finding{fset.Position(n.Pos()), fmt.Sprintf(format, args...)})
	}
	for _, f := range files {
		for _, imp := range f.Imports {
			if strings.HasPrefix(strings.Trim(imp.Path.Value, `"`), "gonum.org/v1/gonum") {
				report(imp, "imports %s: gonum's arithmetic differs between architectures", imp.Path.Value)
			}
		}
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			switch n := n.(type) {
			case *ast.BinaryExpr:
				if isProduct(info, n) && !rounded(info, stack, n) {
					report(n, "unrounded product %s can be fused into a multiply-add: round it, e.g. float64(%s)",
						types.ExprString(n), types.ExprString(n))
				}
			case *ast.AssignStmt:
				if len(n.Lhs) == 1 && isFloat(info.TypeOf(n.Lhs[0])) &&
					(n.Tok == token.MUL_ASSIGN || n.Tok == token.QUO_ASSIGN && exactReciprocal(info, n.Rhs[0])) {
					report(n, "%s on a float can be fused into a multiply-add: write x = float64(x %s y)",
						n.Tok, strings.TrimSuffix(n.Tok.String(), "="))
				}
			case *ast.SelectorExpr:
				if name, ok := forbiddenFunc(info, n); ok {
					report(n, "%s does not give the same bits on every architecture: use package detmath", name)
				}
			}
			stack = append(stack, n)
			return true
		})
	}
	return out
}

// isProduct reports whether e is a float multiplication, or a division the compiler makes one, that is not a
// constant.
func isProduct(info *types.Info, e *ast.BinaryExpr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Value != nil || !isFloat(tv.Type) {
		return false
	}
	return e.Op == token.MUL || e.Op == token.QUO && exactReciprocal(info, e.Y)
}

// exactReciprocal reports whether e is a constant whose reciprocal is exact: a power of two.
func exactReciprocal(info *types.Info, e ast.Expr) bool {
	tv, ok := info.Types[e]
	if !ok || tv.Value == nil {
		return false
	}
	v, _ := constant.Float64Val(constant.ToFloat(tv.Value))
	frac, _ := math.Frexp(v)
	return v != 0 && math.Abs(frac) == 0.5
}

// rounded reports whether the product e, whose ancestors are stack, is rounded (or cannot meet an addition)
// before it leaves its expression.
func rounded(info *types.Info, stack []ast.Node, e ast.Expr) bool {
	i := len(stack) - 1
	for i >= 0 {
		if _, ok := stack[i].(*ast.ParenExpr); !ok {
			break
		}
		i--
	}
	if i < 0 {
		return false
	}
	switch p := stack[i].(type) {
	case *ast.BinaryExpr:
		switch p.Op {
		case token.MUL, token.QUO, token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			return true
		}
	case *ast.CallExpr:
		if tv, ok := info.Types[p.Fun]; ok && tv.IsType() {
			return true
		}
		return safeCalls[callName(info, p.Fun)]
	}
	return false
}

// callName names the function fun calls as "pkg.Func", or a builtin by its name.
func callName(info *types.Info, fun ast.Expr) string {
	switch f := ast.Unparen(fun).(type) {
	case *ast.Ident:
		if _, ok := info.Uses[f].(*types.Builtin); ok {
			return f.Name
		}
	case *ast.SelectorExpr:
		if fn, ok := info.Uses[f.Sel].(*types.Func); ok && fn.Pkg() != nil {
			return fn.Pkg().Path() + "." + fn.Name()
		}
	}
	return ""
}

// forbiddenFunc reports whether sel names a function whose bits depend on the architecture.
func forbiddenFunc(info *types.Info, sel *ast.SelectorExpr) (string, bool) {
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil {
		return "", false
	}
	switch fn.Pkg().Path() {
	case "math":
		return "math." + fn.Name(), !exactMath[fn.Name()]
	case "math/rand", "math/rand/v2":
		return fn.Pkg().Path() + "." + fn.Name(), fn.Name() == "NormFloat64" || fn.Name() == "ExpFloat64"
	}
	return "", false
}

// isFloat reports whether t is a floating-point type, or a type parameter all of whose types are.
func isFloat(t types.Type) bool {
	if t == nil {
		return false
	}
	if tp, ok := t.(*types.TypeParam); ok {
		return constraintIsFloat(tp.Constraint())
	}
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsFloat != 0
}

// constraintIsFloat reports whether every type in the constraint's type set is a float: its embedded unions hold
// only float terms (and at least one).
func constraintIsFloat(c types.Type) bool {
	iface, ok := c.Underlying().(*types.Interface)
	if !ok {
		return false
	}
	found := false
	for i := range iface.NumEmbeddeds() {
		switch e := iface.EmbeddedType(i).(type) {
		case *types.Union:
			for j := range e.Len() {
				if !isFloat(e.Term(j).Type()) {
					return false
				}
			}
			found = true
		default:
			if !constraintIsFloat(e) && !isFloat(e) {
				return false
			}
			found = true
		}
	}
	return found
}
