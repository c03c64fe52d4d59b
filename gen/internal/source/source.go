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
	return "// Source: " + file(fn) + ".\n"
}

// Family returns the header line of a file generated from the kernel descriptions of family name, which families
// (kerneldesc.Families) lists: "// Source: internal/kerneldesc/families.go, family adam.". The family's entry
// there leads to the function that describes its kernels.
func Family(families any, name string) string {
	return "// Source: " + file(families) + ", family " + name + ".\n"
}

// file returns the path of the file where fn is written, as its last directory, that directory's parent and its
// name, so that neither the checkout nor -trimpath changes it.
func file(fn any) string {
	pc := reflect.ValueOf(fn).Pointer()
	f, _ := runtime.FuncForPC(pc).FileLine(pc)
	parts := strings.Split(filepath.ToSlash(f), "/")
	if len(parts) < 3 {
		panic(fmt.Sprintf("source: %s is not in <dir>/<package>/", f))
	}
	return path.Join(parts[len(parts)-3:]...)
}

// Insert returns generated, whose first line is the "Code generated … DO NOT EDIT." header, with line after it.
func Insert(generated []byte, line string) []byte {
	first, rest, _ := strings.Cut(string(generated), "\n")
	return []byte(first + "\n" + line + rest)
}
