// Command bench is fastgrad's main job: it benchmarks the kernels on this machine and shows what they achieve and
// why. Every kernel runs on every path this CPU has, beside the pure-Go reference, the naive Go loop a user would
// write, gonum and package optim, in the same run; each result is set against the machine's measured limits (the
// memory bandwidth of its access pattern at its cache level, or the divider). Its experiments subcommand reproduces
// the gradient-descent notebooks with package train instead (train/experiments); its verify subcommand checks that
// whole training runs give fastgrad's committed bits on this machine (internal/conformance).
//
//	go run ./cmd/bench                                 # the default run, under a minute
//	go run ./cmd/bench -kernels all -dtype all -sizes all -layout all   # the whole suite
//	go run ./cmd/bench -json > results.json            # schema: cmd/bench/schema.json
//	go run ./cmd/bench -out report/                    # report.md, results.json and a plot per kernel
//	go run ./cmd/bench experiments -out DIR            # the notebooks: report.md and its figures, in seconds
//	go run ./cmd/bench verify                          # the same bits as every other CPU? exits 1 if not
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"

	"github.com/fastgrad/fastgrad/bench"
)

// main runs the command line, exiting as package flag does: 2 for a bad command line, 0 after -h; 1 for a failed run.
func main() {
	start, err := parseCommand(os.Args[1:], os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if err := start(os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// parseCommand parses a command line, the verify or experiments subcommand's or else the benchmark's, and returns the run it
// asks for: the tests start a command line in-process as main does.
func parseCommand(args []string, stderr io.Writer) (func(stdout, stderr io.Writer) error, error) {
	if len(args) > 0 && args[0] == verifyCommand {
		o, err := parseVerifyFlags(args[1:], stderr)
		if err != nil {
			return nil, err
		}
		return func(stdout, _ io.Writer) error { return runVerify(o, stdout) }, nil
	}
	if len(args) > 0 && args[0] == experimentsCommand {
		dir, err := parseExperimentsFlags(args[1:], stderr)
		if err != nil {
			return nil, err
		}
		return func(stdout, _ io.Writer) error { return runExperiments(dir, stdout) }, nil
	}
	o, err := parseFlags(args, stderr)
	if err != nil {
		return nil, err
	}
	return func(stdout, stderr io.Writer) error { return run(o, stdout, stderr) }, nil
}

// run measures the selected cases and reports them.
func run(o *options, stdout, stderr io.Writer) error {
	cases := selectCases(o)
	if len(cases) == 0 {
		return errors.New("no case matches the selection (-kernels, -sizes, -paths, -dtype, -layout, -filter)")
	}
	if o.list {
		for _, c := range cases {
			fmt.Fprintln(stdout, c.Name())
		}
		return nil
	}
	if o.cpuprofile != "" {
		stop, err := startProfile(o.cpuprofile)
		if err != nil {
			return fmt.Errorf("-cpuprofile: %v", err)
		}
		defer func() {
			if e := stop(); e != nil {
				fmt.Fprintln(stderr, "bench: -cpuprofile:", e)
			}
		}()
	}
	prog := newProgress(stderr, len(cases)*o.budget.Rounds+2)
	r := &report{machine: describeMachine(), opts: o}
	r.roof.AddDivider(bench.MeasureDivider(o.budget))
	prog.step("the divider")
	r.results = measure(cases, o.budget, &r.roof, func(round int, c bench.Case) {
		prog.step(fmt.Sprintf("round %d/%d: %s %s %s %s", round+1, o.budget.Rounds, c.Kernel, c.Type, c.Size, c.Impl))
	})
	completeRoof(&r.roof, o.budget)
	prog.step("the bandwidth")
	prog.finish()
	r.cmp = compare(r.results, &r.roof)
	r.patterns = patterns(r.roof)

	if o.out != "" {
		if err := r.writeOut(o.out); err != nil {
			return fmt.Errorf("-out: %v", err)
		}
	}
	var out []byte
	switch {
	case o.json:
		js, err := r.json()
		if err != nil {
			return err
		}
		out = js
	case o.md:
		out = []byte(r.markdown(nil))
	default:
		out = []byte(r.text())
	}
	_, err := stdout.Write(out)
	return err
}

// startProfile starts a CPU profile written to a temporary file beside path, and returns the function that stops
// it and renames the file over path.
func startProfile(path string) (stop func() error, err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil, err
	}
	return func() error {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			os.Remove(f.Name())
			return err
		}
		return os.Rename(f.Name(), path)
	}, nil
}
