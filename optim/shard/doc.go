// Package shard shards an optimizer's state across data-parallel workers (ZeRO stage 1) and keeps the bits of
// the unsharded optimizer: for any number of workers, and wherever their ranges cut the tensors, every weight,
// every state buffer, the clipping norm and the steps the guard skips are those the optimizer of package optim
// computes over the whole parameters.
//
// The parameters, tensor after tensor, form one flat index space that a Plan cuts into one contiguous Range per
// worker. Worker k holds a replica of every parameter and its gradient, as in data parallelism, but owns only the
// optimizer state of its Range: its Worker runs an ordinary optim optimizer over the pieces of the parameters in
// that range (sub-slices of the replica's buffers, named as their parameters), so each worker keeps 1/N of the
// state and does 1/N of the update, with zero allocations per step. fastgrad computes the shard-local step and the
// partial reductions; moving bytes between workers stays with the trainer's collective library (NCCL, Gloo, MPI,
// or memory between goroutines), at three points per step:
//
//	// 1. Gradients: all-reduce the flat gradient (or reduce-scatter it so that worker k holds the reduced
//	//    gradient of plan.GradRange(k), a little more than its Range: see below).
//	allReduce(flatGrad)
//	// 2. Partial reductions: the worker computes its window of the partial vector (2 numbers per tensor it is
//	//    the norm owner of); the trainer all-gathers every worker's window plan.Window(j) into it.
//	parts := w.Partials()
//	allGatherV(parts, plan.Window) // worker j contributes parts[plan.Window(j)]
//	// 3. Every worker combines the same gathered partials in the same order, takes the same decision (skip, fail,
//	//    clipping coefficient), clips its pieces' gradients and steps its optimizer over them.
//	if err := w.Step(); err != nil { … }
//	// 4. Parameters: all-gather the updated ranges, worker j contributing flatValues[plan.Range(j)].
//	allGatherV(flatValues, plan.Range)
//
// # Canonical partial order
//
// optim's global norm is a fold over the parameters in order, optim.PNorm's Total of each parameter's Tensor norm:
// for normType 2 it adds F(n·n) for n = √SumSq(gradient), rounded to F, of each parameter; +Inf takes the largest
// MaxAbs, or the first NaN; every other p folds the per-tensor norms as PNorm documents. Worker uses optim.PNorm
// itself, so the two cannot drift apart. kernels.SumSq sums a tensor in
// the kernels' canonical order: element i into accumulator i mod L (64 for float32, 32 for float64), each
// accumulator adding its elements one after the other, then a fixed pairwise tree. Each accumulator is a
// sequential fold, and float addition is not associative, so no sum over a piece of a tensor, however aligned
// (to L, to a block of the tree, to a cache line), combines with the sums of its other pieces into the tensor's
// SumSq: the bits would change (TestPiecesDoNotAdd shows it). The partials therefore are per tensor, never per
// piece: each tensor has one norm owner, the worker whose Range holds its first element, which computes the
// tensor's norm partial from the whole tensor's gradient, and its non-finite flag. Step folds the gathered
// partials over the tensors in order exactly as optim does. The partials, their order and the fold depend on the
// tensors alone, so N = 1 and N = 64 give the same bits.
//
// # Boundary constraint
//
// For the bits there is none: the updates are element-wise, and each partial covers a whole tensor, so a Range
// may start and end anywhere (NewPlanAt). The price is in the reads: the norm owner of a tensor that runs past
// the end of its Range reads the rest of that tensor's gradient, which GradRange includes, so a worker reads up
// to one tensor more than its Range (and, reduce-scattering, must receive it): the largest tensor's sum of squares
// bounds how evenly N workers share a step (BenchmarkStep). An optimizer whose state is kept
// in 8-bit blocks (optim.StateQ8) quantizes each tensor's buffers in blocks of 256 from the tensor's start, so its
// Ranges must cut tensors only at multiples of 256 from their start: NewPlan's align does that.
//
// # Clipping, guard, state
//
// Worker.SetClip and SetNonfinite take optim's Clip (Value, MaxNorm with any NormType or NormZero, PerTensor,
// ErrorIfNonfinite) and Nonfinite; the worker's own optimizer must clip nothing. SetScaler adds dynamic loss
// scaling, an optim.GradScaler whose unscale covers GradRange and whose skip and scale every worker takes from
// the gathered flags. Clip.Value clamps GradRange in
// place during Partials (on a step the guard then skips, the replica's gradient has been clamped; weights and
// state are untouched). The state moves between numbers of workers through optim.TorchState: Merge joins the
// workers' states into the unsharded optimizer's, bit for bit, and Split cuts one for another Plan; each worker's
// optimizer saves and loads optim checkpoints of its own pieces. Merge and Split take one parameter group.
package shard
