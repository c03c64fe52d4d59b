// Package bench defines fastgrad's benchmark suite once, for both `go test -bench ./bench/` and `go run ./cmd/bench`:
// every kernel (the optimizers, the helpers, the reductions and least squares), in float32 and float64, on every
// path this CPU can run, at sizes that fit L1, L2 and L3 and that spill to DRAM, in the back-to-back layout Go's
// allocator gives and in a skewed one, beside the peers a user would otherwise pick (the pure-Go reference, a naive
// Go loop, gonum, and package optim's Step), all measured in the same run. The optimizers that have 16-bit modes
// and 8-bit blockwise state run in them too (StoredTypes), at the elements of their float32 case, and digests of
// those modes' steps (StoredRuns) prove that every path gives the same bits.
//
// It also measures the machine's limits, the roofline: the memory bandwidth of a pure read and of Adam's in-place
// pattern at each cache level, and the cost of the divider, against which each case's speed can be judged.
package bench
