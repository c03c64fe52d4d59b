package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/fastgrad/fastgrad/bench"
	"github.com/fastgrad/fastgrad/kernels"
)

// The default run: what a newcomer sees within a minute on a two-core machine (about 26 s on the one docs/benchmarks.md names,
// before the stored types). Adam shows the divider and the optim peer, SGD and Axpy the in-place updates against
// gonum, Dot and MaxAbs the reductions, LeastSquares one pass over X against gonum's two and LeastSquaresBatch the
// random rows of a mini-batch; every path and peer, in float32, at every cache level, in the layout Go gives. Adam
// also runs in its BF16 stored types (the F16 ones move as many bytes and cost about as much: -dtype selects them) and
// the stochastic all-BF16, each against float32 at the same size: the targets are Adam's, and the other kernels' stored types, the reference's above all, would add as much
// time again (-dtype selects them). Its 8-bit state (q8state) runs on the path the kernels chose at start-up only:
// its calls, a third of a second each at DRAM, take 10 s on every path, and the paths differ in little but the
// float32 update between the quantizations, which no path vectorizes; the closing comparison uses that path.
const (
	defaultKernels = "Adam,SGD,Axpy,Dot,MaxAbs,LeastSquares,LeastSquaresBatch"
	defaultSizes   = "l1,l2,l3,dram"
	defaultPaths   = "all"
	defaultDtype   = "f32,bf16,bf16state,bf16copy,bf16sr,q8state"
	defaultLayout  = "b2b"
	defaultStored  = "Adam" // the kernels the default -dtype's stored types apply to
	defaultTime    = "20ms"
	defaultCount   = 5
)

// maxElements bounds -sizes N: five float64 arrays of 2²⁸ elements are 10 GiB already.
const maxElements = 1 << 28

// options are the command's flags, validated.
type options struct {
	kernels    []string
	sizes      []bench.Size
	paths      []string // fastgrad paths and peers
	dtypes     []string
	stored     []string // the kernels the stored types of dtypes apply to
	q8Path     string   // the only path of q8state cases, or "" for every path
	layouts    []string // "" for back-to-back, as bench.Case.Layout
	filter     *regexp.Regexp
	budget     bench.Budget
	time       string // -time as given, for the report
	json, md   bool
	out        string
	cpuprofile string
	list       bool
}

// usage explains the command before flag's list of flags.
const usage = `Usage: go run ./cmd/bench [flags]
       go run ./cmd/bench experiments [-out DIR]
       go run ./cmd/bench verify [-paths LIST] [-run REGEXP] [-json]

Benchmarks fastgrad's kernels on this machine against the pure-Go reference, a naive Go loop, gonum and
package optim, and prints a table with each result's share of the machine's limits (memory bandwidth,
divider). The default run takes well under a minute; the flags select more.

The experiments subcommand reproduces the gradient-descent notebooks instead: DIR/report.md and its
figures, in seconds (go run ./cmd/bench experiments -h). The verify subcommand checks that whole training
runs give the bits committed in the module on every path of this machine (go run ./cmd/bench verify -h).

Lists take comma-separated values, or "all".

`

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), usage)
		fs.PrintDefaults()
	}
	kernelsFlag := fs.String("kernels", defaultKernels, "kernels: "+strings.Join(bench.AllKernels(), ", "))
	sizes := fs.String("sizes", defaultSizes, "sizes: l1, l2, l3, dram (working sets for each cache level), a number of elements per array (least squares: of X, in rows of 64), shapes (the least-squares targets of docs/benchmarks.md), or sweep (12 working sets from inside L1 to beyond 4×L3, for the plots of -out)")
	paths := fs.String("paths", defaultPaths, "paths and peers: "+strings.Join(append(kernels.Impls(), bench.Peers...), ", "))
	dtype := fs.String("dtype", defaultDtype, "element types: f32, f64, or a stored type of Adam, AMSGrad, SGD, Lion and Adagrad, computing in float32: "+
		"bf16 or f16 (every array 16-bit), bf16state or f16state (16-bit state, float32 weights and gradients), bf16copy or f16copy (float32 with a 16-bit copy of the weights), "+
		"q8state (8-bit blockwise state, float32 weights and gradients); an sr suffix rounds the weights stochastically: "+strings.Join(bench.StoredTypes, ", ")+
		"; the default's stored types apply to "+defaultStored+" only (q8state on the path chosen at start-up only), any given to every kernel and path that has them")
	layout := fs.String("layout", defaultLayout, "array layouts: b2b (back to back, as Go allocates), skewed")
	filter := fs.String("filter", "", "run only the cases whose name (e.g. Adam/dtype=f32/n=2048/layout=b2b/path=avx2) matches this regexp")
	tm := fs.String("time", defaultTime, "time of each round of each case (a duration), or Nx for N calls")
	count := fs.Int("count", defaultCount, "rounds of each case; the median is reported")
	jsonOut := fs.Bool("json", false, "print the results as JSON (schema: cmd/bench/schema.json) instead of the table")
	md := fs.Bool("md", false, "print the report as Markdown")
	out := fs.String("out", "", "also write report.md, results.json and one SVG plot per kernel into this directory")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the measurements to this file")
	list := fs.Bool("list", false, "list the selected cases and exit")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q (flags come as -name value; a subcommand, %s or %s, comes first, without the benchmark's flags)", fs.Args(), experimentsCommand, verifyCommand)
	}
	o := &options{json: *jsonOut, md: *md, out: *out, cpuprofile: *cpuprofile, list: *list, time: *tm}
	var err error
	if o.kernels, err = pick("-kernels", *kernelsFlag, bench.AllKernels(), nil); err != nil {
		return nil, err
	}
	if o.paths, err = pick("-paths", *paths, append(kernels.Impls(), bench.Peers...), []string{"generic", "avx2", "avx512", "neon"}); err != nil {
		return nil, err
	}
	if o.dtypes, err = pick("-dtype", *dtype, bench.Types, nil); err != nil {
		return nil, err
	}
	o.stored = o.kernels
	if *dtype == defaultDtype {
		o.stored = strings.Split(defaultStored, ",")
		o.q8Path = kernels.Impl()
	}
	layouts, err := pick("-layout", *layout, []string{"b2b", "skewed"}, nil)
	if err != nil {
		return nil, err
	}
	for _, l := range layouts {
		if l == "b2b" {
			l = "" // bench's name for the back-to-back layout
		}
		o.layouts = append(o.layouts, l)
	}
	if o.sizes, err = parseSizes(*sizes); err != nil {
		return nil, err
	}
	if o.filter, err = regexp.Compile(*filter); err != nil {
		return nil, fmt.Errorf("-filter: %v", err)
	}
	if *count < 1 {
		return nil, fmt.Errorf("-count %d: want at least 1", *count)
	}
	if o.budget, err = parseTime(*tm); err != nil {
		return nil, err
	}
	o.budget.Rounds = *count
	if o.json && o.md {
		return nil, errors.New("-json and -md: choose one format for standard output")
	}
	return o, nil
}

// pick parses a comma-separated list of names from known ("all" for every one), case-insensitively, in known's
// order. A name in unavailable (a path this CPU cannot run) gets its own message.
func pick(flagName, value string, known, unavailable []string) ([]string, error) {
	if strings.TrimSpace(value) == "all" {
		return known, nil
	}
	want := map[string]bool{}
	for _, v := range strings.Split(value, ",") {
		v = strings.TrimSpace(v)
		i := slices.IndexFunc(known, func(k string) bool { return strings.EqualFold(k, v) })
		switch {
		case i >= 0:
			want[known[i]] = true
		case slices.Contains(unavailable, strings.ToLower(v)):
			return nil, fmt.Errorf("%s: %q is not available on this CPU and build (available: %s)", flagName, v, strings.Join(known, ", "))
		default:
			return nil, fmt.Errorf("%s: unknown value %q (known: %s, or all)", flagName, v, strings.Join(known, ", "))
		}
	}
	var names []string
	for _, k := range known {
		if want[k] {
			names = append(names, k)
		}
	}
	return names, nil
}

// parseSizes parses -sizes.
func parseSizes(value string) ([]bench.Size, error) {
	levels := bench.Sizes()
	var sizes []bench.Size
	for _, v := range strings.Split(value, ",") {
		v = strings.ToLower(strings.TrimSpace(v))
		if n, err := strconv.Atoi(v); err == nil {
			if n < 1 || n > maxElements {
				return nil, fmt.Errorf("-sizes: %d elements: want 1 to %d", n, maxElements)
			}
			sizes = append(sizes, bench.Elements(n))
			continue
		}
		switch v {
		case "all":
			sizes = append(sizes, levels...)
		case "shapes":
			sizes = append(sizes, bench.Shapes()...)
		case "sweep":
			sizes = append(sizes, bench.Sweep()...)
		default:
			i := slices.IndexFunc(levels, func(s bench.Size) bool { return s.Name == v })
			if i < 0 {
				return nil, fmt.Errorf("-sizes: unknown size %q (known: l1, l2, l3, dram, a number of elements, shapes, sweep, or all)", v)
			}
			sizes = append(sizes, levels[i])
		}
	}
	return sizes, nil
}

// parseTime parses -time: a positive duration, or Nx for N calls per round.
func parseTime(value string) (bench.Budget, error) {
	if n, ok := strings.CutSuffix(value, "x"); ok {
		calls, err := strconv.Atoi(n)
		if err != nil || calls < 1 {
			return bench.Budget{}, fmt.Errorf("-time %q: want a duration such as 20ms, or Nx with N ≥ 1 calls", value)
		}
		return bench.Budget{Calls: calls}, nil
	}
	d, err := time.ParseDuration(value)
	if err != nil || d <= 0 {
		return bench.Budget{}, fmt.Errorf("-time %q: want a duration such as 20ms, or Nx with N ≥ 1 calls", value)
	}
	return bench.Budget{Time: d}, nil
}
