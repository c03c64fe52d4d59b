package optim_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeCode: every Go block of the README and of docs/ is the code of a runnable Example, to the letter but
// for indentation, so the documentation shows code that compiles and does what it says. The Examples are those of
// packages kernels, optim and gonumopt and of the Gorgonia adapter.
func TestReadmeCode(t *testing.T) {
	docs, err := filepath.Glob("../docs/*.md")
	if err != nil {
		t.Fatal(err)
	}
	var readme []byte
	for _, name := range append([]string{"../README.md"}, docs...) {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		readme = append(readme, b...)
	}
	var examples strings.Builder
	for _, pattern := range []string{"example*_test.go", "../kernels/example*_test.go", "../gonumopt/example*_test.go",
		"../adapters/gorgonia/example*_test.go"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			examples.WriteString(unindented(string(b)))
		}
	}
	blocks := 0
	for _, chunk := range strings.Split(string(readme), "```go\n")[1:] {
		code, _, _ := strings.Cut(chunk, "```")
		if !strings.Contains(examples.String(), unindented(code)) {
			t.Errorf("the documentation's code is in no Example:\n%s", code)
		}
		blocks++
	}
	if blocks < 8 {
		t.Errorf("the documentation has %d Go blocks; the test expects at least 8, to be sure it found them", blocks)
	}
}

// unindented returns code with every line's leading tabs and spaces removed: a README block shows an Example's
// body at its own indentation.
func unindented(code string) string {
	lines := strings.Split(code, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimLeft(l, " \t")
	}
	return strings.Join(lines, "\n")
}
