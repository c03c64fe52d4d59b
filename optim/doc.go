// Package optim holds PyTorch-compatible optimizers built on fastgrad's kernels. An optimizer owns its state (the
// moments) and updates caller-owned parameter buffers in place, with zero allocations per step; the per-step
// scalars are computed once per step in float64, as PyTorch computes them.
//
// Every optimizer is an Optimizer. Schedulers (Scheduler, ReduceLROnPlateau), loss scaling (GradScaler),
// gradient accumulation (Accumulator), clipping (SetClip, ClipGradNorm) and weight averaging (NewEMA, NewSWA: an
// Average, updated after each step) work with any of them. A step whose gradients hold a NaN or an infinity is
// taken as PyTorch takes it, unless SetNonfinite asks to skip it or fail, changing nothing either way; a
// GradScaler skips such steps of its own accord. SaveCheckpoint writes a whole run (optimizers with their
// parameters' values, schedulers, scaler, accumulator, averages and the caller's own parts) as one checksummed
// file that LoadCheckpoint checks whole before it restores anything; TorchState and
// SetTorchState, and WriteTorchState and ReadTorchState as safetensors files, move a run's state to and from
// PyTorch.
//
// Memory: Adam, SGD, Lion and Adagrad keep their state in bfloat16 or float16 when their config's State asks
// (StateBF16, StateF16), computing in float32 and rounding each stored value to nearest, as PyTorch's fused CPU
// optimizers store low-precision state, or in 8-bit blocks (StateQ8) as bitsandbytes' and torchao's 8-bit
// optimizers do, a byte per element and a scale per 256; any optimizer refreshes a 16-bit copy of a float32 parameter at each
// step (SetWeightCopy, a WeightCopy), rounded to nearest or stochastically, as DeepSpeed's ZeRO-Offload gives the
// forward pass its weights. Both are bit-exact on every path, split across workers or resumed from a checkpoint.
//
// Configs use PyTorch's names: Betas is its betas pair, WeightDecay its weight_decay, DecoupledWeightDecay its
// decoupled_weight_decay, and DefaultXxx its defaults. Package kernels, a level down, names the mathematics
// instead (Beta1, Beta2, the per-step scalars).
package optim
