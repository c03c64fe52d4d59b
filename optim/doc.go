// Package optim holds PyTorch-compatible optimizers built on fastgrad's kernels. An optimizer owns its state (the
// moments) and updates caller-owned parameter buffers in place, with zero allocations per step; the per-step
// scalars are computed once per step in float64, as PyTorch computes them.
package optim
