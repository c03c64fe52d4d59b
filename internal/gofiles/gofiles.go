// Package gofiles parses a package's own non-test Go files, for the tests that hold its declarations to a rule
// (every Hyper has test variants, every config reaches its kernel, assembly only behind feature checks).
package gofiles

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// Parse returns the Go files of directory dir that are not tests, whatever their build constraints, parsed with
// their comments, and the file set that positions them. It fails tb if there are none.
func Parse(tb testing.TB, dir string) (*token.FileSet, []*ast.File) {
	tb.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		tb.Fatal(err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		tb.Fatalf("no Go files in %s", dir)
	}
	return fset, files
}
