// Command probe makes one kernel call between two calls of a marker function, for gen/cost to count the
// instructions executed between the markers in qemu's trace. The kernel runs on the path FASTGRAD_CPU selects.
//
//	probe Adam f32 4096      // a kernel of the bench suite over n elements
//	probe LeastSquares f32 16 64  // least squares over 64 rows of 16 (LeastSquaresBatch: 64 random rows of 256)
package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"

	"github.com/fastgrad/fastgrad/bench"
	"github.com/fastgrad/fastgrad/kernels"
)

// mark is what the trace is cut at; it must stay a call.
//
//go:noinline
func mark() {}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "probe:", err)
		os.Exit(2)
	}
}

func run(args []string) error {
	if len(args) < 3 {
		return fmt.Errorf("usage: probe kernel f32|f64 n [rows]")
	}
	n, err := strconv.Atoi(args[2])
	if err != nil {
		return err
	}
	var call func()
	if args[0] == "LeastSquares" || args[0] == "LeastSquaresBatch" {
		if len(args) != 4 {
			return fmt.Errorf("%s needs the row length and the row count", args[0])
		}
		rows, err := strconv.Atoi(args[3])
		if err != nil {
			return err
		}
		if args[1] == "f32" {
			call = leastSquares[float32](args[0] == "LeastSquaresBatch", n, rows)
		} else {
			call = leastSquares[float64](args[0] == "LeastSquaresBatch", n, rows)
		}
	} else {
		for _, c := range bench.Cases([]bench.Size{bench.Elements(n)}) {
			if c.Kernel == args[0] && c.Type == args[1] && c.Impl == kernels.Impl() && c.Layout == "" {
				call = c.Prepare()
			}
		}
		if call == nil {
			return fmt.Errorf("no case %s/%s/%s/n=%d in the bench suite", args[0], args[1], kernels.Impl(), n)
		}
	}
	call() // first touches and lazy set-up stay outside the markers
	mark()
	call()
	mark()
	return nil
}

// leastSquares returns a call of LeastSquares over rows rows of n elements, or of LeastSquaresBatch over rows rows
// drawn at random from four times as many (few enough that filling them stays quick under emulation).
func leastSquares[F kernels.Float](batch bool, n, rows int) func() {
	r := rand.New(rand.NewPCG(1, 2))
	m := rows
	if batch {
		m = 4 * rows
	}
	X, y, w, g, res := make([]F, m*n), make([]F, m), make([]F, n), make([]F, n), make([]F, rows)
	for _, a := range [][]F{X, y, w} {
		for i := range a {
			a[i] = F(r.NormFloat64())
		}
	}
	if !batch {
		return func() { kernels.LeastSquares(g, res, X, y, w, 0.5) }
	}
	idx := make([]int, rows)
	for k := range idx {
		idx[k] = r.IntN(m)
	}
	return func() { kernels.LeastSquaresBatch(g, res, X, y, w, idx, 0.5) }
}
