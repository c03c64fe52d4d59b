//go:build !purego && (amd64 || arm64)

package kernels

import (
	"go/ast"
	"go/token"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/internal/gofiles"
	"github.com/fastgrad/fastgrad/kernels/internal/asm"
	"github.com/klauspost/cpuid/v2"
)

// assemblyPath is one path's instruction set, as dispatch installs it.
type assemblyPath struct {
	name     string
	set      *asm.Set
	features []cpuid.FeatureID // what archImpls checks before installing set
}

// TestAssemblyRequires holds every function of every path to the CPU features the path's check asks for: the
// extensions each function's instructions need (asm.Requires, which the generators derive from the code they
// write) must all be checked, or be the architecture's baseline. A path can then never run an instruction its CPU
// lacks.
func TestAssemblyRequires(t *testing.T) {
	for _, p := range assemblyPaths() {
		v := reflect.ValueOf(p.set).Elem()
		for i := range v.NumField() {
			// A set may hold another set's function (the avx512 path without AVX512_BF16 rounds to bfloat16 with
			// AVX2's): what it requires is that function's.
			fn := runtime.FuncForPC(v.Field(i).Pointer()).Name()
			name := fn[strings.LastIndexByte(fn, '.')+1:]
			req, ok := asm.Requires[name]
			if !ok {
				t.Errorf("%s: %s is in the set but not in asm.Requires", p.name, name)
				continue
			}
			for _, ext := range req {
				if baseline[ext] {
					continue
				}
				if id := cpuid.ParseFeature(ext); id == cpuid.UNKNOWN || !slices.Contains(p.features, id) {
					t.Errorf("%s: %s uses %s, which the path's feature check does not ask for", p.name, name, ext)
				}
			}
		}
	}
}

// TestAssemblyOnlyBehindFeatureChecks reads the package's source: functions of package asm may be named only in
// archImpls, as the instruction sets it installs after their feature checks, in install, and in the least-squares
// wrappers that archImpls installs on the avx512 path only, after its check.
func TestAssemblyOnlyBehindFeatureChecks(t *testing.T) {
	// The asm names each function may use, and the feature list that must be checked before each use in archImpls.
	allowed := map[string][]string{
		"archImpls":             {"AVX2", "AVX512", "AVX512BF16", "NEON"},
		"install":               {"Set"},
		"installDescribed":      {"Set"},
		"installQ8":             {"Set"},
		"leastSquaresAVX512F32": {"LeastSquaresF32AVX2", "LeastSquaresF32AVX512"},
		"leastSquaresAVX512F64": {"LeastSquaresF64AVX2", "LeastSquaresF64AVX512"},
	}
	checkBefore := map[string]string{
		"AVX2": "avx2Features", "AVX512": "avx512Features", "AVX512BF16": "avx512BF16Features", "NEON": "neonFeatures",
		"leastSquaresAVX512F32": "avx512Features", "leastSquaresAVX512F64": "avx512Features",
	}
	fset, files := gofiles.Parse(t, ".")
	uses := 0
	for _, f := range files {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok {
				continue
			}
			checks := map[string]token.Pos{} // where each feature list is checked
			ast.Inspect(fd, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.CallExpr:
					if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Supports" && len(n.Args) == 1 && n.Ellipsis.IsValid() {
						if id, ok := n.Args[0].(*ast.Ident); ok {
							checks[id.Name] = n.Pos()
						}
					}
				case *ast.SelectorExpr:
					if x, ok := n.X.(*ast.Ident); ok && x.Name == "asm" {
						uses++
						if !slices.Contains(allowed[fd.Name.Name], n.Sel.Name) {
							t.Errorf("%s: %s names asm.%s; assembly must be reached only through archImpls' feature checks",
								fset.Position(n.Pos()), fd.Name.Name, n.Sel.Name)
						}
						if fd.Name.Name == "archImpls" {
							checkedBefore(t, fset, checks, checkBefore[n.Sel.Name], n.Pos(), "asm."+n.Sel.Name)
						}
					}
				case *ast.Ident:
					if name := n.Name; strings.HasPrefix(name, "leastSquaresAVX512F") && n != fd.Name {
						if fd.Name.Name != "archImpls" {
							t.Errorf("%s: %s names %s, which runs AVX-512; only archImpls may install it", fset.Position(n.Pos()), fd.Name.Name, name)
						} else {
							checkedBefore(t, fset, checks, checkBefore[name], n.Pos(), name)
						}
					}
				}
				return true
			})
		}
	}
	if uses == 0 {
		t.Fatal("found no use of package asm: the test is not reading the dispatch code")
	}
}

// checkedBefore fails unless the feature list was checked, earlier in the function, than the use at pos.
func checkedBefore(t *testing.T, fset *token.FileSet, checks map[string]token.Pos, list string, pos token.Pos, what string) {
	t.Helper()
	if at, ok := checks[list]; !ok || at > pos {
		t.Errorf("%s: %s is installed without a cpuid check of %s before it", fset.Position(pos), what, list)
	}
}
