// Package bench defines fastgrad's benchmark suite once, for both `go test -bench ./bench/` and `go run ./cmd/bench`:
// every kernel, in float32 and float64, on every path this CPU can run, at sizes that fit L1, L2 and L3 and that
// spill to DRAM, beside the peers a user would otherwise pick (the pure-Go reference, a naive Go loop, and gonum
// where it has the operation), all measured in the same run.
package bench
