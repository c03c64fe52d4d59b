// Package source names the file a generated file comes from, for the line its header gives it.
package source

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
)

// Line returns the header line that names the file of gen/ where fn, the function describing a generated file's
// kernels, is written: "// Source: gen/amd64/adam.go.", the same from any checkout, -trimpath or not.
func Line(fn any) string { return line(fileOf(fn)) }

// Decl returns the header line that names the file declaring the function name in the package of fn, one of that
// package's functions: "// Source: internal/kerneldesc/adam.go." for a generated file whose kernels kerneldesc's
// function adam describes. It reads the package's files, so the generator must be built with their paths (without
// -trimpath).
func Decl(fn any, name string) string {
	dir := filepath.Dir(fileOf(fn))
	entries, err := os.ReadDir(dir)
	if err != nil {
		panic(fmt.Sprintf("source: %v", err))
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		file := filepath.Join(dir, e.Name())
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.SkipObjectResolution)
		if err != nil {
			panic(fmt.Sprintf("source: %v", err))
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
				return line(file)
			}
		}
	}
	panic(fmt.Sprintf("source: no function %s in %s", name, dir))
}

// fileOf returns the file where fn is written.
func fileOf(fn any) string {
	file, _ := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).FileLine(reflect.ValueOf(fn).Pointer())
	return file
}

// line returns the header line naming file by its last three elements, which do not depend on the checkout.
func line(file string) string {
	parts := strings.Split(filepath.ToSlash(file), "/")
	if len(parts) < 3 {
		panic(fmt.Sprintf("source: %s is not in <dir>/<package>/", file))
	}
	return "// Source: " + path.Join(parts[len(parts)-3:]...) + ".\n"
}

// Insert returns generated, whose first line is the "Code generated … DO NOT EDIT." header, with line after it.
func Insert(generated []byte, line string) []byte {
	first, rest, _ := strings.Cut(string(generated), "\n")
	return []byte(first + "\n" + line + rest)
}
