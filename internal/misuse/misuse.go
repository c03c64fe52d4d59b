// Package misuse is the harness of the packages' misuse tests (kernels.TestMisuse, train.TestMisuse): a table of
// wrong and borderline calls of every exported function, each with the outcome its documentation promises, that
// is complete by construction: the test lists the package's exported functions and methods from its source and
// fails for one without cases, so a new function cannot be added without saying how it fails. It is imported by
// tests only.
package misuse

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Case is one wrong, or borderline, call and what must come of it.
type Case struct {
	Name string
	Call func() error // the call; an error it returns is the outcome for functions that return one
	Want string       // "panic: <message>", "error: <message>" or "ok"
}

// OK is a call that must return without an error or a panic.
func OK(name string, call func()) Case {
	return Case{name, func() error { call(); return nil }, "ok"}
}

// Panics is a call that must panic with exactly msg.
func Panics(name string, call func(), msg string) Case {
	return Case{name, func() error { call(); return nil }, "panic: " + msg}
}

// Fails is a call that must return an error saying exactly msg.
func Fails(name string, call func() error, msg string) Case {
	return Case{name, call, "error: " + msg}
}

// Outcome runs the call and says what came of it, in the form of Want.
func (c Case) Outcome() string {
	var err error
	if msg := PanicOf(func() { err = c.Call() }); msg != "no panic" {
		return "panic: " + msg
	}
	if err != nil {
		return "error: " + err.Error()
	}
	return "ok"
}

// PanicOf runs f and returns what it panicked with: a string panic's message as it is, any other value as
// "non-string panic T: v", and "no panic" if it returned.
func PanicOf(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
			if _, ok := r.(string); !ok {
				msg = fmt.Sprintf("non-string panic %T: %v", r, r)
			}
		}
	}()
	f()
	return "no panic"
}

// Run checks that table has cases for every exported function and method of the package in dir (by the names
// Exported gives) and for nothing else, and runs every case: its outcome must be its Want, and a call that did not
// end "ok" must not have written its arguments, which args tracks.
func Run(t *testing.T, dir string, table map[string][]Case, args Tracker) {
	t.Helper()
	api := Exported(t, dir)
	for _, name := range api {
		if len(table[name]) == 0 {
			t.Errorf("%s is exported but has no misuse cases: add them to the table", name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(table)) {
		if !slices.Contains(api, name) {
			t.Errorf("the table has cases for %s, which is not an exported function or method", name)
		}
		for _, c := range table[name] {
			args.Reset()
			got := c.Outcome()
			if got != c.Want {
				t.Errorf("%s, %s:\n got %s\nwant %s", name, c.Name, got, c.Want)
			}
			if got != "ok" && args.Written() {
				t.Errorf("%s, %s: wrote to its arguments before it failed (%s)", name, c.Name, got)
			}
		}
	}
}

// Tracker follows the slices a table's calls are given, so that Run can check that a failed call wrote none.
type Tracker interface {
	Reset()        // forget the slices handed out so far
	Written() bool // whether a slice handed out since Reset was written
}

// Args hands out slices whose every element is a sentinel and remembers them. The sentinel is finite, so that
// arithmetic on an element changes it, unlike a NaN whose payload an update could carry through.
type Args[F ~float32 | ~float64] struct{ made [][]F }

// Sentinel is the value of every element Args hands out.
const Sentinel = 0.3

// Slice returns a new slice of n sentinels.
func (a *Args[F]) Slice(n int) []F {
	s := make([]F, n)
	for i := range s {
		s[i] = Sentinel
	}
	a.made = append(a.made, s)
	return s
}

// Reset forgets the slices handed out so far.
func (a *Args[F]) Reset() { a.made = nil }

// Written reports whether any slice handed out since Reset holds anything but the sentinel (a NaN included).
func (a *Args[F]) Written() bool {
	for _, s := range a.made {
		for _, x := range s {
			if x != Sentinel {
				return true
			}
		}
	}
	return false
}

// Exported lists the exported functions of the package in dir, and the exported methods of its exported types as
// "Type.Method", sorted, from every non-test Go file whatever its build constraints. The exported methods of an
// unexported type embedded in an exported struct are the exported type's API too (optim's core): they are listed as
// "type.Method". The methods of any other unexported type are left out: they are reachable only through an
// interface of the package, and tested there.
func Exported(t testing.TB, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	type method struct{ recv, name string }
	var names []string
	var methods []method
	embedded := map[string]bool{} // unexported types embedded in exported structs
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				if d.Recv == nil {
					names = append(names, d.Name.Name)
				} else {
					methods = append(methods, method{receiverType(d.Recv.List[0].Type), d.Name.Name})
				}
			case *ast.GenDecl:
				for _, spec := range d.Specs {
					ts, ok := spec.(*ast.TypeSpec)
					if !ok || !ts.Name.IsExported() {
						continue
					}
					if st, ok := ts.Type.(*ast.StructType); ok {
						for _, fld := range st.Fields.List {
							if len(fld.Names) == 0 {
								embedded[receiverType(fld.Type)] = true
							}
						}
					}
				}
			}
		}
	}
	for _, m := range methods {
		if ast.IsExported(m.recv) || embedded[m.recv] {
			names = append(names, m.recv+"."+m.name)
		}
	}
	if len(names) == 0 {
		t.Fatalf("no exported functions in %s", dir)
	}
	slices.Sort(names)
	return names
}

// receiverType returns the name of a method's receiver type, without pointer or type parameters.
func receiverType(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.ParenExpr:
			e = x.X
		case *ast.SelectorExpr: // an embedded type of another package
			return x.Sel.Name
		case *ast.Ident:
			return x.Name
		default:
			panic(fmt.Sprintf("misuse: receiver type %T", e))
		}
	}
}

// RunFloats is Run over the tables of both element types, as subtests f32 and f64: table builds one type's cases,
// their slices made by the Args it is given.
func RunFloats(t *testing.T, dir string, t32 func(*testing.T, *Args[float32]) map[string][]Case,
	t64 func(*testing.T, *Args[float64]) map[string][]Case) {
	t.Run("f32", func(t *testing.T) {
		a := &Args[float32]{}
		Run(t, dir, t32(t, a), a)
	})
	t.Run("f64", func(t *testing.T) {
		a := &Args[float64]{}
		Run(t, dir, t64(t, a), a)
	})
}

// Is is a call whose result the documentation specifies: what got returns must print as want does (NaN as NaN).
func Is(name string, got func() any, want any) Case {
	return Case{Name: name, Call: func() error {
		if g := got(); fmt.Sprint(g) != fmt.Sprint(want) {
			return fmt.Errorf("got %v, want %v", g, want)
		}
		return nil
	}, Want: "ok"}
}
