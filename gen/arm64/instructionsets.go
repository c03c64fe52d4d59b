package main

import (
	"bytes"
	"fmt"
	"github.com/fastgrad/fastgrad/gen/internal/source"
	"go/format"
	"os"
	"path/filepath"
	"strings"
)

// writeInstructionSets writes the Go file that gathers the NEON functions as the instruction-set value NEON of type Set, with
// one field per kernel named without the instruction-set suffix: the same type that gen/amd64 writes for AVX2 and
// AVX-512, so that dispatch installs any instruction set's kernels in one place. decl are the Go declarations
// written, from which the functions' names and signatures come.
func writeInstructionSets(dir string, decl []string) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "%spackage asm\n\n", strings.Replace(header, "\n", "\n"+source.Line(writeInstructionSets), 1))
	fmt.Fprintf(&b, "// Set holds one instruction set's kernels, each named as its function without the instruction-set suffix.\n")
	fmt.Fprintf(&b, "type Set struct {\n")
	var fields []string
	for _, d := range decl {
		for line := range strings.Lines(d) {
			sig, ok := strings.CutPrefix(strings.TrimSpace(line), "func ")
			if !ok {
				continue
			}
			name, rest, _ := strings.Cut(sig, "(")
			field, ok := strings.CutSuffix(name, "NEON")
			if !ok {
				return fmt.Errorf("%s is not named for NEON", name)
			}
			fmt.Fprintf(&b, "\t%s func(%s\n", field, rest)
			fields = append(fields, field)
		}
	}
	fmt.Fprintf(&b, "}\n\n// NEON holds the NEON kernels.\nvar NEON = Set{\n")
	for _, f := range fields {
		fmt.Fprintf(&b, "\t%s: %sNEON,\n", f, f)
	}
	fmt.Fprintf(&b, "}\n")
	// The emitter writes only base AArch64 and AdvSIMD instructions; kernels checks this against dispatch's
	// feature check, as it does the amd64 instruction sets'.
	fmt.Fprintf(&b, "\n// Requires lists the instruction-set extensions each function uses.\n")
	fmt.Fprintf(&b, "var Requires = map[string][]string{\n")
	for _, f := range fields {
		fmt.Fprintf(&b, "\t\"%sNEON\": {\"ASIMD\"},\n", f)
	}
	fmt.Fprintf(&b, "}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "instructionsets_arm64.go"), src, 0o644)
}
