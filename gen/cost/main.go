// Command cost measures, for every kernel, the instructions per element that the NEON path and the pure-Go
// reference execute on arm64, and prints them as a markdown table. qemu cannot time anything, but it can count:
// each kernel runs in the probe program under qemu-aarch64 with one instruction per translation block and every
// block's execution logged, and the instructions between the probe's two markers are counted on its thread. The
// count at two sizes, divided by the difference in elements, leaves the cost of one element without the call's
// fixed cost. Run it from gen/ (it needs qemu-user):
//
//	go run ./cost
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/fastgrad/fastgrad/bench"
)

func main() {
	n := flag.Int("n", 1024, "elements of the smaller call; the larger has twice as many")
	flag.Parse()
	if err := run(*n); err != nil {
		fmt.Fprintln(os.Stderr, "gen/cost:", err)
		os.Exit(1)
	}
}

// probe is one kernel shape: the arguments of the probe at the smaller size, at the larger, and the elements
// between the two.
type probe struct {
	name, typ    string
	small, large []string
	elems        int
}

func run(n int) error {
	dir, err := os.MkdirTemp("", "fastgrad-cost")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin := filepath.Join(dir, "probe")
	build := exec.Command("go", "build", "-o", bin, "./cost/probe")
	build.Env = append(os.Environ(), "GOARCH=arm64", "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the probe: %v\n%s", err, out)
	}
	mark, err := symbol(bin, "main.mark")
	if err != nil {
		return err
	}
	step, err := oneInsnFlag()
	if err != nil {
		return err
	}
	var probes []probe
	for _, typ := range []string{"f32", "f64"} {
		for _, k := range bench.Kernels() {
			probes = append(probes, probe{k, typ, []string{k, typ, strconv.Itoa(n)}, []string{k, typ, strconv.Itoa(2 * n)}, n})
		}
		for _, width := range []int{1, 4, 16, 64, 256} {
			rows := max(n/width, 4)
			for _, k := range []string{"LeastSquares", "LeastSquaresBatch"} {
				name := fmt.Sprintf("%s, rows of %d", k, width)
				probes = append(probes, probe{name, typ,
					[]string{k, typ, strconv.Itoa(width), strconv.Itoa(rows)},
					[]string{k, typ, strconv.Itoa(width), strconv.Itoa(2 * rows)}, rows * width})
			}
		}
	}
	fmt.Println("| kernel | type | neon | reference | reference ÷ neon |")
	fmt.Println("|---|---|---|---|---|")
	for _, p := range probes {
		var per [2]float64
		for i, path := range []string{"neon", "generic"} {
			small, err := count(bin, step, mark, path, p.small)
			if err != nil {
				return err
			}
			large, err := count(bin, step, mark, path, p.large)
			if err != nil {
				return err
			}
			per[i] = float64(large-small) / float64(p.elems)
		}
		fmt.Printf("| %s | %s | %.2f | %.2f | %.1f× |\n", p.name, p.typ, per[0], per[1], per[1]/per[0])
	}
	return nil
}

// symbol returns the address of a function in the binary.
func symbol(bin, name string) (string, error) {
	out, err := exec.Command("go", "tool", "nm", bin).Output()
	if err != nil {
		return "", fmt.Errorf("go tool nm: %v", err)
	}
	for line := range strings.Lines(string(out)) {
		f := strings.Fields(line)
		if len(f) == 3 && f[2] == name {
			return strings.TrimLeft(f[0], "0"), nil
		}
	}
	return "", fmt.Errorf("%s not in the probe", name)
}

// oneInsnFlag returns qemu's option for one instruction per translation block, which was renamed in qemu 8.1.
func oneInsnFlag() (string, error) {
	help, err := exec.Command("qemu-aarch64", "-h").Output()
	if err != nil {
		return "", fmt.Errorf("qemu-aarch64: %v (apt-get install qemu-user)", err)
	}
	if bytes.Contains(help, []byte("-one-insn-per-tb")) {
		return "-one-insn-per-tb", nil
	}
	return "-singlestep", nil
}

// count runs the probe on a path and returns the instructions executed between its markers.
func count(bin, step, mark, path string, args []string) (int, error) {
	cmd := exec.Command("qemu-aarch64", append([]string{step, "-d", "exec,nochain", "-D", "/dev/stdout", bin}, args...)...)
	cmd.Env = append(os.Environ(), "FASTGRAD_CPU="+path, "GOGC=off", "GOMAXPROCS=1", "GODEBUG=asyncpreemptoff=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	n, cerr := countBetween(out, mark)
	if err := cmd.Wait(); err != nil {
		return 0, fmt.Errorf("probe %s on %s: %v\n%s", strings.Join(args, " "), path, err, stderr.String())
	}
	if cerr != nil {
		return 0, fmt.Errorf("probe %s on %s: %v", strings.Join(args, " "), path, cerr)
	}
	return n, nil
}

// countBetween reads a qemu exec trace, lines like "Trace 0: 0x… [flags/pc/…] symbol", and counts the lines of the
// marker's thread between its two executions of the marker's first instruction, in fastgrad's functions and the
// math package's: the runtime's work that may interleave there (a preemption request, another goroutine) is not
// the kernel's.
func countBetween(r io.Reader, mark string) (int, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	thread, marks, n := "", 0, 0
	for sc.Scan() {
		line := sc.Text()
		cpu, rest, ok := strings.Cut(strings.TrimPrefix(line, "Trace "), ":")
		if !ok || !strings.HasPrefix(line, "Trace ") {
			continue
		}
		_, fields, _ := strings.Cut(rest, "[")
		parts := strings.Split(fields, "/")
		if len(parts) < 2 {
			continue
		}
		atMark := strings.TrimLeft(parts[1], "0") == mark
		switch {
		case marks == 0 && atMark:
			thread, marks = cpu, 1
		case marks == 1 && cpu == thread && atMark:
			marks = 2
		case marks == 1 && cpu == thread && ours(line):
			n++
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	if marks != 2 {
		return 0, fmt.Errorf("found the marker %d times in the trace, want 2", marks)
	}
	return n, nil
}

// ours reports whether a trace line's instruction is in fastgrad's code or the math package's.
func ours(line string) bool {
	i := strings.LastIndexByte(line, ' ')
	sym := line[i+1:]
	return strings.HasPrefix(sym, "github.com/fastgrad/fastgrad/") || strings.HasPrefix(sym, "math.")
}
