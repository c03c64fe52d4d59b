package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/fastgrad/fastgrad/bench"
	"github.com/fastgrad/fastgrad/internal/conformance"
	"github.com/fastgrad/fastgrad/kernels"
)

// verifyCommand is the subcommand's name, the first argument.
const verifyCommand = "verify"

// verifyUsage explains the subcommand before flag's list of flags.
const verifyUsage = `Usage: go run ./cmd/bench verify [-paths LIST] [-run REGEXP] [-json]

Checks fastgrad's promise on this machine and build: whole training runs give the same bits on every CPU.
Trains the conformance workload (74 runs of 1000 steps or more through package optim and package train:
every optimizer and option, schedules, clipping, loss scaling, accumulation, a checkpoint restored mid-run,
split steps, mini-batch SGD, SAG, multistart; float32 and float64) and steps the stored types (55 runs,
named stored/…: Adam, AMSGrad, SGD, Lion and Adagrad over bf16 or f16 arrays, state or a weights copy,
rounded to nearest or stochastically, or 8-bit blockwise state) on each kernel path this CPU has, and compares each run's SHA-256
with the digest committed in the module. Exits 1 if any run differs: please report it with the -json
output. Takes a few seconds per path.

`

// verifyOptions are the subcommand's flags, validated.
type verifyOptions struct {
	paths []string
	runs  *regexp.Regexp
	json  bool
	want  map[string]string // the committed digests, by run name
}

// parseVerifyFlags parses the subcommand's arguments (those after its name).
func parseVerifyFlags(args []string, stderr io.Writer) (*verifyOptions, error) {
	fs := flag.NewFlagSet("bench "+verifyCommand, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), verifyUsage)
		fs.PrintDefaults()
	}
	paths := fs.String("paths", "all", "kernel paths to check: "+strings.Join(kernels.Impls(), ", "))
	runs := fs.String("run", "", "check only the runs whose name (e.g. adam/cosine/f32, stored/Adam/bf16) matches this regexp")
	jsonOut := fs.Bool("json", false, "print the machine, the build and every run's digest as JSON instead of the summary")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("%s: unexpected arguments %q (flags come as -name value)", verifyCommand, fs.Args())
	}
	o := &verifyOptions{json: *jsonOut}
	var err error
	if o.paths, err = pick("-paths", *paths, kernels.Impls(), []string{"generic", "avx2", "avx512", "neon"}); err != nil {
		return nil, err
	}
	if o.runs, err = regexp.Compile(*runs); err != nil {
		return nil, fmt.Errorf("-run: %v", err)
	}
	if o.want, err = expectedDigests(); err != nil {
		return nil, err
	}
	return o, nil
}

// verifyRun is one run the subcommand checks: one of the conformance workload, or a stored types' digest run.
type verifyRun struct {
	name   string
	digest func() (string, error)
}

// verifyRuns returns the conformance workload's runs, then the stored types'.
func verifyRuns() []verifyRun {
	var rs []verifyRun
	for _, r := range conformance.Runs() {
		rs = append(rs, verifyRun{r.Name, r.Digest})
	}
	for _, r := range bench.StoredRuns() {
		rs = append(rs, verifyRun{r.Name, func() (string, error) { return r.Digest(), nil }})
	}
	return rs
}

// expectedDigests returns the committed digest of every run of verifyRuns, by name.
func expectedDigests() (map[string]string, error) {
	want, err := conformance.Expected()
	if err != nil {
		return nil, err
	}
	stored, err := bench.StoredDigests()
	if err != nil {
		return nil, err
	}
	maps.Copy(want, stored)
	return want, nil
}

// verifyReport is the subcommand's JSON output: what ran where, and every digest.
type verifyReport struct {
	Machine    machine      `json:"machine"`
	Build      string       `json:"build"`
	GOMAXPROCS int          `json:"gomaxprocs"`
	Paths      []pathResult `json:"paths"`
	OK         bool         `json:"ok"`
}

// pathResult is the workload's outcome on one kernel path.
type pathResult struct {
	Path    string               `json:"path"`
	Seconds float64              `json:"seconds"`
	Runs    []conformance.Result `json:"runs"`
}

// differing returns the runs whose digest is not the committed one.
func (p pathResult) differing() []conformance.Result {
	var bad []conformance.Result
	for _, r := range p.Runs {
		if !r.OK() {
			bad = append(bad, r)
		}
	}
	return bad
}

// runVerify trains the selected runs on each selected path, prints the outcome and returns an error naming the
// differing runs, if any. The path active before is restored: the tests run it in-process.
func runVerify(o *verifyOptions, stdout io.Writer) error {
	var selected []verifyRun
	for _, r := range verifyRuns() {
		if o.runs.MatchString(r.name) {
			selected = append(selected, r)
		}
	}
	if len(selected) == 0 {
		return fmt.Errorf("%s: -run %q matches no run", verifyCommand, o.runs)
	}
	rep := verifyReport{Machine: describeMachine(), Build: describeBuild(), GOMAXPROCS: runtime.GOMAXPROCS(0), OK: true}
	if !o.json {
		fmt.Fprintf(stdout, "%s, %s/%s, %s, %s, GOMAXPROCS %d: %d runs on %d paths\n", rep.Machine.CPU,
			rep.Machine.GOOS, rep.Machine.GOARCH, rep.Machine.GoVersion, rep.Build, rep.GOMAXPROCS, len(selected), len(o.paths))
	}
	defer kernels.SetImpl(kernels.Impl())
	var failed []string
	for _, path := range o.paths {
		if err := kernels.SetImpl(path); err != nil {
			return err
		}
		p := pathResult{Path: path}
		began := time.Now()
		for _, r := range selected {
			got, err := r.digest()
			if err != nil {
				return err
			}
			p.Runs = append(p.Runs, conformance.Result{Name: r.name, Got: got, Want: o.want[r.name]})
		}
		p.Seconds = time.Since(began).Seconds()
		bad := p.differing()
		for _, r := range bad {
			failed = append(failed, path+": "+r.Name)
		}
		rep.OK = rep.OK && len(bad) == 0
		rep.Paths = append(rep.Paths, p)
		if !o.json {
			printPath(stdout, p, bad)
		}
	}
	if o.json {
		js, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if _, err := stdout.Write(append(js, '\n')); err != nil {
			return err
		}
	} else if rep.OK {
		fmt.Fprintln(stdout, "all digests equal the committed ones: this machine and build give fastgrad's bits")
	}
	if len(failed) > 0 {
		return fmt.Errorf("%s: %d runs differ from the committed digests (%s); please report this with the output of `go run ./cmd/bench verify -json`",
			verifyCommand, len(failed), strings.Join(failed, ", "))
	}
	return nil
}

// printPath prints one path's line of the summary, and each differing run beneath it.
func printPath(w io.Writer, p pathResult, bad []conformance.Result) {
	if len(bad) == 0 {
		fmt.Fprintf(w, "%-8s %d of %d runs give the committed bits (%.1f s)\n", p.Path, len(p.Runs), len(p.Runs), p.Seconds)
		return
	}
	fmt.Fprintf(w, "%-8s %d of %d runs DIFFER (%.1f s)\n", p.Path, len(bad), len(p.Runs), p.Seconds)
	for _, r := range bad {
		want := r.Want
		if want == "" {
			want = "none committed"
		}
		fmt.Fprintf(w, "         %s: got %s, want %s\n", r.Name, r.Got, want)
	}
}

// describeBuild names the build settings that decide which code runs: the architecture's level (GOAMD64, GOARM64,
// GOPPC64, …), GOEXPERIMENT and the build tags.
func describeBuild() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "build settings unknown"
	}
	var parts []string
	for _, s := range info.Settings {
		level := strings.HasPrefix(s.Key, "GO") && s.Key != "GOOS" && s.Key != "GOARCH"
		if level || s.Key == "-tags" {
			parts = append(parts, s.Key+"="+s.Value)
		}
	}
	if len(parts) == 0 {
		return "default build"
	}
	return strings.Join(parts, " ")
}
