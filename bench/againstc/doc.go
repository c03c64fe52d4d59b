// Package againstc benchmarks fastgrad side by side with C that computes the same formula, in the same operation
// order, to the same bits. It is a module of its own because it needs cgo and a C compiler, which fastgrad itself
// never does: the C is a yardstick for how fast the kernels could be, not a dependency.
//
// The C is built with the flags in its cgo directives, so one `go test -bench` run times both sides on the same
// machine, in the same process, one after the other. Each C function is first checked to give fastgrad's bits, so
// a ratio never compares two different computations.
//
// Each side pays for its call: the C for cgo's transition from Go (some tens of nanoseconds), fastgrad for its
// argument checks, its dispatch and the Go assembly call. That is what a Go program calling either would pay, so it
// counts against both as it falls; it matters only for the smallest sizes.
//
// The C is written for AVX-512 (x86-64-v4), so the package is amd64's only and its tests and benchmarks skip on a
// CPU without AVX-512. It covers float32: SGD with momentum (SGDMomentum), with a loop of its own for the common
// form, as a C programmer would write it; LeastSquares, which keeps w and g in registers for rows of up to eight
// vectors; and Adam on one and two threads (ParallelAdam), over two halves or over 32K pieces taken in turn, beside
// optim.Adam with SetWorkers(1) and (2). Run the comparison with
//
//	go test -run '^$' -bench . -count 10
//
// in this directory. The benchmarks are named Benchmark<kernel>/<shape>/{fastgrad,C,paired} (and /optim,
// /optim-paired for a step through the optim package). Read the paired ones on a shared machine: they alternate
// the two calls and report each side's median and the median of their ratios, which other guests' load shifts far
// less than two means taken seconds apart.
package againstc
