// Package optim holds PyTorch-compatible optimizers built on fastgrad's kernels. An optimizer owns its state (the
// moments) and updates caller-owned parameter buffers in place, with zero allocations per step; the per-step
// scalars are computed once per step in float64, as PyTorch computes them.
//
// Every optimizer is an Optimizer. Schedulers (Scheduler, ReduceLROnPlateau), loss scaling (GradScaler),
// gradient accumulation (Accumulator), clipping (SetClip, ClipGradNorm) and weight averaging (NewEMA, NewSWA: an
// Average, updated after each step) work with any of them. SaveCheckpoint writes a whole run (optimizers with their
// parameters' values, schedulers, scaler, accumulator, averages and the caller's own parts) as one checksummed file that LoadCheckpoint checks whole before it restores anything; TorchState and
// SetTorchState, and WriteTorchState and ReadTorchState as safetensors files, move a run's state to and from
// PyTorch.
package optim
