// Command bench runs fastgrad's benchmark suite on this machine and prints what it achieves: every kernel on every
// path this CPU can run, beside the pure-Go reference, a naive Go loop and gonum, as medians of repeated runs with
// the ratios between them, all measured in the same run.
//
//	go run ./cmd/bench                   # the whole suite (about two minutes)
//	go run ./cmd/bench -quick            # fewer repeats and shorter runs
//	go run ./cmd/bench -filter 'Adam/f32' -json out.json
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/bench"
	"github.com/fastgrad/fastgrad/internal/atomicfile"
)

// options are the command's flags, validated.
type options struct {
	filter    *regexp.Regexp
	count     int
	sizes     []bench.Size
	benchtime string
	json      string
	list      bool
}

func main() {
	testing.Init() // testing.Benchmark reads the test.benchtime flag
	opts, err := parseFlags(os.Args[1:], os.Stderr)
	if err == flag.ErrHelp {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
	if err := run(opts, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	filter := fs.String("filter", "", "run only the cases whose name (e.g. Adam/f32/avx2/n=1536) matches this regexp")
	count := fs.Int("count", 5, "runs of each case; the median is reported")
	sizes := fs.String("sizes", "l1,l2,l3,dram", "comma-separated working-set sizes: l1, l2, l3, dram, or elements per array (e.g. 4096)")
	benchtime := fs.String("benchtime", "100ms", "duration of each run, or Nx for N iterations")
	jsonOut := fs.String("json", "", "also write the results as JSON to this file (- for standard output, instead of the table)")
	quick := fs.Bool("quick", false, "a short run: -count 3 -benchtime 30ms unless given")
	list := fs.Bool("list", false, "list the cases and exit")
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	if *quick {
		if !given["count"] {
			*count = 3
		}
		if !given["benchtime"] {
			*benchtime = "30ms"
		}
	}
	o := &options{count: *count, benchtime: *benchtime, json: *jsonOut, list: *list}
	if o.count < 1 {
		return nil, fmt.Errorf("-count %d: must be at least 1", o.count)
	}
	re, err := regexp.Compile(*filter)
	if err != nil {
		return nil, fmt.Errorf("-filter: %v", err)
	}
	o.filter = re
	all := bench.Sizes()
	for _, name := range strings.Split(*sizes, ",") {
		name = strings.TrimSpace(name)
		if n, err := strconv.Atoi(name); err == nil {
			if n < 1 || n > 1<<30 {
				return nil, fmt.Errorf("-sizes: %d elements: want 1 to %d", n, 1<<30)
			}
			o.sizes = append(o.sizes, bench.Elements(n))
			continue
		}
		i := slices.IndexFunc(all, func(s bench.Size) bool { return s.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("-sizes: unknown size %q (known: l1, l2, l3, dram, or a number of elements)", name)
		}
		o.sizes = append(o.sizes, all[i])
	}
	if err := flag.Set("test.benchtime", o.benchtime); err != nil {
		return nil, fmt.Errorf("-benchtime %q: %v", o.benchtime, err)
	}
	return o, nil
}

// run measures the selected cases and reports them.
func run(o *options, stdout, stderr io.Writer) error {
	var cases []bench.Case
	for _, c := range bench.Cases(o.sizes) {
		if o.filter.MatchString(c.Name()) {
			cases = append(cases, c)
		}
	}
	if len(cases) == 0 {
		return fmt.Errorf("no case matches -filter %q", o.filter)
	}
	if o.list {
		for _, c := range cases {
			fmt.Fprintln(stdout, c.Name())
		}
		return nil
	}
	m := describeMachine()
	results := make([]result, len(cases))
	for i, c := range cases {
		results[i].Case = c
	}
	// Round after round over all cases, rather than a case's runs back to back: a burst of other work on the
	// machine then spoils one run of many cases, which their medians discard, instead of every run of one case.
	for round := range o.count {
		for i := range results {
			fmt.Fprintf(stderr, "[run %d/%d, case %d/%d] %s\n", round+1, o.count, i+1, len(cases), cases[i].Name())
			results[i].measure()
		}
	}
	if o.json == "-" {
		return writeJSON(stdout, m, o, results)
	}
	printReport(stdout, m, o, results)
	if o.json != "" {
		return atomicfile.Write(o.json, func(w io.Writer) error { return writeJSON(w, m, o, results) })
	}
	return nil
}
