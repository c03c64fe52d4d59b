// Command amd64 writes fastgrad's amd64 assembly and its Go declarations into kernels/internal/asm. Run it from
// gen/:
//
//	go run ./amd64
//
// Every kernel reproduces, operation for operation, the pure-Go reference in package kernels: no fused
// multiply-add, no approximate reciprocal, and reductions in the canonical order documented in kernels/reduce.go.
// The elementwise kernels (lower.go) and the reductions (reduce.go) are lowered from their descriptions in
// internal/kerneldesc; least squares, the 8-bit blockwise conversions and stochastic rounding are written here.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/fastgrad/fastgrad/gen/internal/source"
	"github.com/fastgrad/fastgrad/internal/kerneldesc"
	"github.com/mmcloughlin/avo/build"
	"github.com/mmcloughlin/avo/buildtags"
	"github.com/mmcloughlin/avo/ir"
	"github.com/mmcloughlin/avo/pass"
	"github.com/mmcloughlin/avo/printer"
)

// file is one generated pair: name_amd64.s and its declarations name_amd64.go.
type file struct {
	name   string
	source string // the header lines naming where the kernels are described, and what the file holds if it needs saying
	build  func(c *build.Context)
}

// files returns every generated file: one per family of elementwise kernels and one of the reductions, lowered
// from their descriptions, then least squares, the 8-bit blockwise conversions and stochastic rounding, which are
// written here.
func files() []file {
	var fs []file
	for _, fam := range kerneldesc.Families() {
		fs = append(fs, file{fam.Name, source.File(fam.Source), func(c *build.Context) {
			m := newMasks(c)
			for _, k := range fam.Kernels {
				lower(k).emit(c, m)
			}
		}})
	}
	rs, src := kerneldesc.Reductions()
	return append(fs, file{"reduce", source.File(src), func(c *build.Context) { reduce(c, rs) }},
		file{"leastsq", source.Line(leastSquares) + lsqVariants, leastSquares},
		file{"q8", source.Line(q8Conversions), q8Conversions},
		file{"stochastic", source.Line(stochastic) + stochasticFile, stochastic})
}

func main() {
	dir := flag.String("dir", "../kernels/internal/asm", "directory to write the generated files into")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintf(os.Stderr, "gen/amd64: %v\n", err)
		os.Exit(1)
	}
}

// run writes every file, and the sets that list their functions, into dir.
func run(dir string) error {
	var fns []*ir.Function
	for _, f := range files() {
		got, err := generate(dir, f)
		if err != nil {
			return fmt.Errorf("%s: %w", f.name, err)
		}
		fns = append(fns, got...)
	}
	if err := writeInstructionSets(filepath.Join(dir, "instructionsets_amd64.go"), fns); err != nil {
		return fmt.Errorf("sets: %w", err)
	}
	return nil
}

// generate writes f and returns its functions.
func generate(dir string, f file) ([]*ir.Function, error) {
	c := build.NewContext()
	c.Constraint(buildtags.Not("purego").ToConstraint())
	f.build(c)
	res, err := c.Result()
	if err != nil {
		return nil, err
	}
	if err := pass.Concat(pass.Compile, pass.FunctionPass(encodeBF16)).Execute(res); err != nil {
		return nil, err
	}
	// A fixed Argv keeps the header identical whatever directory or flags the generator was run with.
	cfg := printer.Config{Argv: []string{"go", "run", "./amd64"}, Pkg: "asm"}
	for ext, p := range map[string]printer.Printer{".s": printer.NewGoAsm(cfg), ".go": printer.NewStubs(cfg)} {
		b, err := p.Print(res)
		if err != nil {
			return nil, err
		}
		if ext == ".s" {
			if err := checkVEX(string(b)); err != nil {
				return nil, err
			}
		}
		b = source.Insert(b, f.source)
		if err := os.WriteFile(filepath.Join(dir, f.name+"_amd64"+ext), b, 0o644); err != nil {
			return nil, err
		}
	}
	return res.Functions(), nil
}
