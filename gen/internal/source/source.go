// Package source names the file a generated file comes from, for the line its header gives it.
package source

import (
	"fmt"
	"path"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
)

// Line returns the header line that names the file of gen/ where fn, the function describing a generated file's
// kernels, is written: "// Source: gen/amd64/reduce.go.", the same from any checkout, -trimpath or not.
func Line(fn any) string {
	file, _ := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).FileLine(reflect.ValueOf(fn).Pointer())
	parts := strings.Split(filepath.ToSlash(file), "/")
	if len(parts) < 3 {
		panic(fmt.Sprintf("source: %s is not in gen/<generator>/", file))
	}
	return File(path.Join(parts[len(parts)-3:]...))
}

// File returns the header line that names the file at path, relative to the module root: a kernel description's
// file, as kerneldesc.Family.Source gives it.
func File(path string) string { return "// Source: " + path + ".\n" }

// Insert returns generated, whose first line is the "Code generated … DO NOT EDIT." header, with line after it.
func Insert(generated []byte, line string) []byte {
	first, rest, _ := strings.Cut(string(generated), "\n")
	return []byte(first + "\n" + line + rest)
}
