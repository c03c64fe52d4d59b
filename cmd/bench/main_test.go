package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/bench"
	"github.com/fastgrad/fastgrad/kernels"
)

// TestMain runs the command itself when a test starts this binary as a child with FASTGRAD_BENCH_ARGS set (one
// argument per line), so that the tests can check its exit status and messages.
func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv("FASTGRAD_BENCH_ARGS"); ok {
		os.Args = append([]string{"bench"}, strings.Split(args, "\n")...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// command runs the command with args in a child process, this test binary, under FASTGRAD_TEST_EXEC if there is
// one (the binary is then not this machine's), and returns its exit status and standard error.
func command(t *testing.T, args ...string) (int, string) {
	t.Helper()
	if testing.Short() && os.Getenv("FASTGRAD_TEST_EXEC") == "" {
		t.Skip("re-executes the test binary: under an emulator (go test -exec …), set FASTGRAD_TEST_EXEC to the same command")
	}
	argv := append(strings.Fields(os.Getenv("FASTGRAD_TEST_EXEC")), os.Args[0])
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "FASTGRAD_BENCH_ARGS="+strings.Join(args, "\n"))
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = io.Discard, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode(), stderr.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, stderr.String()
}

// badFlags are invalid command lines, each with the flag its message must name.
var badFlags = []struct {
	args []string
	flag string
}{
	{[]string{"-kernels", "Adamm"}, "-kernels"},
	{[]string{"-kernels", ""}, "-kernels"},
	{[]string{"-sizes", "l4"}, "-sizes"},
	{[]string{"-sizes", "0"}, "-sizes"},
	{[]string{"-sizes", "-5"}, "-sizes"},
	{[]string{"-sizes", "1e12"}, "-sizes"},
	{[]string{"-paths", "sse"}, "-paths"},
	{[]string{"-dtype", "f8"}, "-dtype"},
	{[]string{"-layout", "diagonal"}, "-layout"},
	{[]string{"-filter", "("}, "-filter"},
	{[]string{"-time", "soon"}, "-time"},
	{[]string{"-time", "0s"}, "-time"},
	{[]string{"-time", "0x"}, "-time"},
	{[]string{"-count", "0"}, "-count"},
	{[]string{"-count", "many"}, "-count"},
	{[]string{"-json", "-md"}, "-json"},
	{[]string{"-nope"}, "-nope"},
	{[]string{"extra"}, "extra"},
	{[]string{"-md", "experiments"}, "comes first"},
	{[]string{"-md", "verify"}, "comes first"},
	{[]string{"verify", "-paths", "sse"}, "-paths"},
	{[]string{"verify", "-run", "("}, "-run"},
	{[]string{"verify", "-json", "extra"}, "extra"},
	{[]string{"experiments", "-nope"}, "-nope"},
	{[]string{"experiments", "-out"}, "-out"},
	{[]string{"experiments", "-out", ""}, "-out"},
	{[]string{"experiments", "-kernels", "Adam"}, "-kernels"},
	{[]string{"experiments", "-out", "dir", "extra"}, "extra"},
}

func TestParseCommandRejects(t *testing.T) {
	for _, bad := range badFlags {
		_, err := parseCommand(bad.args, io.Discard)
		if err == nil || !strings.Contains(err.Error(), bad.flag) {
			t.Errorf("parseCommand(%q) = %v, want an error naming %s", bad.args, err, bad.flag)
		}
	}
	// A path this CPU cannot run is named as such, not as unknown.
	for _, p := range []string{"avx2", "avx512", "neon"} {
		if !slices.Contains(kernels.Impls(), p) {
			if _, err := parseFlags([]string{"-paths", p}, io.Discard); err == nil || !strings.Contains(err.Error(), "not available") {
				t.Errorf("-paths %s on a CPU without it: %v", p, err)
			}
		}
	}
}

// TestBadFlagsExit checks that the command itself exits with status 2 and a message naming the flag.
func TestBadFlagsExit(t *testing.T) {
	for _, bad := range badFlags {
		code, stderr := command(t, bad.args...)
		if code != 2 || !strings.Contains(stderr, bad.flag) {
			t.Errorf("bench %q: exit status %d, stderr %q; want 2 and a message naming %s", bad.args, code, stderr, bad.flag)
		}
	}
	if code, stderr := command(t, "-kernels", "Dot", "-filter", "^nothing$"); code != 1 || !strings.Contains(stderr, "no case") {
		t.Errorf("a selection of no case: exit status %d, stderr %q; want 1 and a message", code, stderr)
	}
	if code, _ := command(t, "-h"); code != 0 {
		t.Errorf("-h: exit status %d, want 0", code)
	}
}

func TestParseFlagsDefaults(t *testing.T) {
	o, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.kernels, []string{"Adam", "SGD", "Axpy", "Dot", "MaxAbs", "LeastSquares", "LeastSquaresBatch"}) ||
		len(o.sizes) != 4 || !slices.Equal(o.dtypes, []string{"f32", "bf16", "bf16state", "bf16copy", "bf16sr", "q8state"}) || !slices.Equal(o.layouts, []string{""}) ||
		!slices.Equal(o.stored, []string{"Adam"}) ||
		!slices.Equal(o.paths, append(kernels.Impls(), bench.Peers...)) || o.budget.Rounds != defaultCount {
		t.Errorf("defaults: %+v", o)
	}
	o, err = parseFlags([]string{"-kernels", "adam, dot", "-sizes", "4096,l2,shapes", "-dtype", "all", "-layout", "skewed,b2b",
		"-paths", "generic,naive", "-time", "3x", "-count", "2"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(o.kernels, []string{"Adam", "Dot"}) || o.sizes[0].N != 4096 || o.sizes[1].Name != "l2" ||
		len(o.sizes) != 2+len(bench.Shapes()) || !slices.Equal(o.dtypes, bench.Types) ||
		!slices.Equal(o.layouts, []string{"", "skewed"}) || !slices.Equal(o.paths, []string{"generic", "naive"}) ||
		o.budget.Calls != 3 || o.budget.Rounds != 2 || !slices.Equal(o.stored, o.kernels) {
		t.Errorf("parsed %+v", o)
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		runs []float64
		want float64
	}{{[]float64{10, 30, 20}, 20}, {[]float64{100, 80, 90, 120}, 95}, {nil, 0}} {
		if m := (result{Runs: c.runs}).median(); m != c.want {
			t.Errorf("median of %v = %v, want %v", c.runs, m, c.want)
		}
	}
}

// smokeArgs select a quick run of every kind of kernel (an update with an optim peer, a reduction with a gonum
// peer, least squares) on small arrays in both layouts.
var smokeArgs = []string{"-kernels", "Adam,Dot,LeastSquares", "-sizes", "640", "-layout", "all", "-time", "2x", "-count", "2"}

// runWith runs the command in this process and returns its standard output.
func runWith(t *testing.T, args ...string) []byte {
	t.Helper()
	o, err := parseFlags(append(slices.Clone(smokeArgs), args...), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(o, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestRunText(t *testing.T) {
	out := string(runWith(t))
	for _, want := range []string{"fastgrad bench", "CPU: ", "bandwidth, GB/s", "divider", "kernel", "%roof", "B/elem",
		"Adam", "Dot", "LeastSquares", "10×64", "generic", "naive", "gonum", "optim", "skewed", "bf16copy", "q8state",
		"Stored types against float32, path " + kernels.Impl(), "±IQR", "caches: L1D "} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	// The summary sets a path beside the reference, which a purego build lacks.
	if summary := regexp.MustCompile(`(?m)^Summary, per kernel.*\n.*\n.*\n *kernel +best path +×ref +×naive +×gonum +over *\n *Adam +(avx|neon)`); summary.MatchString(out) != (len(kernels.Impls()) > 1) {
		t.Errorf("summary, with paths %v:\n%s", kernels.Impls(), out)
	}
	md := string(runWith(t, "-md"))
	if !strings.Contains(md, "# fastgrad bench") || !regexp.MustCompile(`(?m)^\| Adam \| f32 \|`).MatchString(md) ||
		!regexp.MustCompile(`(?m)^## Stored types\n\n.*\n.*\n\n\| kernel \| dtype \| n=640 \|\n\|---\|---\|---:\|\n\| Adam \| bf16 \| \d+\.\d\d \|$`).MatchString(md) {
		t.Errorf("Markdown report:\n%s", md)
	}
}

// TestJSONSchema checks the -json output against the committed schema.
func TestJSONSchema(t *testing.T) {
	out := runWith(t, "-json")
	var doc any
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("-json output does not parse: %v", err)
	}
	for _, err := range validate(loadSchema(t), doc, "$") {
		t.Error(err)
	}
	var parsed jsonDoc
	if err := json.Unmarshal(out, &parsed); err != nil {
		t.Fatal(err)
	}
	// Adam, Dot and LeastSquares in the default -dtype (float32, and Adam's stored types), every path and peer, both
	// layouts (optim only back to back).
	want := 0
	for _, c := range bench.Cases([]bench.Size{bench.Elements(640)}) {
		if (c.Kernel == "Adam" || c.Kernel == "Dot" || c.Kernel == "LeastSquares") && slices.Contains(strings.Split(defaultDtype, ","), c.Type) &&
			(c.Type != "q8state" || c.Impl == kernels.Impl()) {
			want++
		}
	}
	if len(parsed.Results) != want {
		t.Errorf("%d results, want %d", len(parsed.Results), want)
	}
	if len(kernels.Impls()) > 1 && (len(parsed.Summary) != 3 || parsed.Summary[0].Kernel != "Adam" || parsed.Summary[0].VsReference == nil ||
		parsed.Summary[0].VsNaive == nil || parsed.Summary[0].VsGonum != nil || parsed.Summary[1].VsGonum == nil) {
		t.Errorf("summary %+v", parsed.Summary)
	}
	for _, r := range parsed.Results {
		if r.Path == bench.Reference && (r.VsReference == nil || *r.VsReference != 1) {
			t.Errorf("%s: vs_reference %v, want 1", r.Name, r.VsReference)
		}
		// The memory roof is lifted to the fastest case; the divider's is a model (see bench.Roofline.Limit), which
		// a race-instrumented build, whose scalar probe runs slower, can put below a vector path.
		switch {
		case r.RooflinePct == nil || r.Bound == nil:
			t.Errorf("%s: no roofline_pct or bound", r.Name)
		case *r.RooflinePct <= 0 || *r.Bound == "memory" && *r.RooflinePct > 100.0001:
			t.Errorf("%s: roofline_pct %v of %s, want (0, 100]", r.Name, *r.RooflinePct, *r.Bound)
		}
		if !r.Peer && r.Allocs != 0 && !raceEnabled {
			t.Errorf("%s: %v allocations per call", r.Name, r.Allocs)
		}
		if r.SpreadPct != spreadPct(r.RunsNsPerOp) || r.Noisy != (r.SpreadPct > parsed.Settings.NoisyPct) {
			t.Errorf("%s: spread_pct %v, noisy %v of %v", r.Name, r.SpreadPct, r.Noisy, r.RunsNsPerOp)
		}
		if r.BytesElem != float64(r.Bytes)/float64(r.N) || bench.IsStored(r.Dtype) != (r.TimeVsF32 != nil) {
			t.Errorf("%s: bytes_per_element %v of %d per op, time_vs_f32 %v", r.Name, r.BytesElem, r.Bytes, r.TimeVsF32)
		}
	}
}

// TestOut checks that -out writes parseable plots, one per kernel and type, a report that shows each, valid JSON, and
// nothing else.
func TestOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "report")
	runWith(t, "-out", dir)
	md, err := os.ReadFile(filepath.Join(dir, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"Adam", "Dot", "LeastSquares"} {
		svg, err := os.ReadFile(filepath.Join(dir, k+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		if err := parseXML(svg); err != nil {
			t.Errorf("%s.svg: %v", k, err)
		}
		if !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte(k+": throughput")) {
			t.Errorf("%s.svg is not the kernel's SVG plot", k)
		}
		if !bytes.Contains(md, []byte("]("+k+".svg)")) {
			t.Errorf("report.md does not show %s.svg", k)
		}
	}
	js, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatal(err)
	}
	for _, err := range validate(loadSchema(t), doc, "$") {
		t.Error(err)
	}
	entries, _ := os.ReadDir(dir)
	others := 0
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".svg") {
			others++
		} else if !bytes.Contains(md, []byte("]("+e.Name()+")")) {
			t.Errorf("report.md does not show %s", e.Name())
		}
	}
	if others != 2 {
		t.Errorf("-out wrote %v, want report.md, results.json and plots", entries)
	}
}

// parseXML reads every token of an XML document.
func parseXML(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// TestCPUProfile checks that -cpuprofile writes a profile, and that -list writes nothing but the cases.
func TestCPUProfile(t *testing.T) {
	prof := filepath.Join(t.TempDir(), "cpu.prof")
	runWith(t, "-cpuprofile", prof, "-paths", "generic")
	if fi, err := os.Stat(prof); err != nil || fi.Size() == 0 {
		t.Errorf("-cpuprofile: %v", err)
	}
	list := strings.Fields(string(runWith(t, "-list", "-paths", "generic", "-dtype", "f32")))
	if len(list) != 6 || !strings.HasSuffix(list[0], "path=generic") {
		t.Errorf("-list printed %q", list)
	}
}

// TestProgressLines checks the progress report where standard error is not a terminal: a line per tenth.
func TestProgressLines(t *testing.T) {
	var buf bytes.Buffer
	p := newProgress(&buf, 20)
	for i := range 20 {
		p.step(fmt.Sprint("step ", i))
	}
	p.finish()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 10 || !strings.HasPrefix(lines[0], "bench: 10% (2/20)") || !strings.HasSuffix(lines[9], "step 19") {
		t.Errorf("progress lines:\n%s", buf.String())
	}
}

// TestDefaultStored checks that the default -dtype runs Adam's stored types only, q8state on the chosen path only,
// and a -dtype given every kernel's on every path.
func TestDefaultStored(t *testing.T) {
	kernelsOf := func(args ...string) []string {
		var ks []string
		for _, name := range strings.Fields(string(runWith(t, append([]string{"-list", "-kernels", "Adam,SGD,Dot"}, args...)...))) {
			if k, _, _ := strings.Cut(name, "/"); !strings.Contains(name, "dtype=f32/") && !slices.Contains(ks, k) {
				ks = append(ks, k)
			}
		}
		return ks
	}
	if got := kernelsOf(); !slices.Equal(got, []string{"Adam"}) {
		t.Errorf("default -dtype: stored types of %v, want Adam's", got)
	}
	if got := kernelsOf("-dtype", "f32,bf16"); !slices.Equal(got, []string{"Adam", "SGD"}) {
		t.Errorf("-dtype f32,bf16: stored types of %v, want Adam's and SGD's", got)
	}
	pathsOf := func(args ...string) []string {
		var ps []string
		for _, name := range strings.Fields(string(runWith(t, append([]string{"-list", "-kernels", "Adam"}, args...)...))) {
			if _, p, _ := strings.Cut(name, "/path="); strings.Contains(name, "dtype=q8state/") && !slices.Contains(ps, p) {
				ps = append(ps, p)
			}
		}
		return ps
	}
	if got := pathsOf(); !slices.Equal(got, []string{kernels.Impl()}) {
		t.Errorf("default -dtype: q8state on %v, want %s only", got, kernels.Impl())
	}
	if got := pathsOf("-dtype", "q8state"); !slices.Equal(got, kernels.Impls()) {
		t.Errorf("-dtype q8state: on %v, want %v", got, kernels.Impls())
	}
}
