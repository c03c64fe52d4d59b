// Package gorgonia adapts fastgrad's optimizers to Gorgonia: a Solver is a gorgonia.org/gorgonia Solver whose Step
// runs one of package optim's optimizers over the nodes' own value and gradient arrays, zero-copy, with fastgrad's
// vector kernels instead of Gorgonia's per-operation tensor passes. It is a module of its own, so that importing
// fastgrad never brings in Gorgonia. Its name clashes with Gorgonia's: import it under another, such as fgsolver.
//
// The first Step binds each node's backing []float32 or []float64 (its *tensor.Dense value and gradient) to an
// optim.Param and builds the optimizer over them; its state then lines up with the elements. Every later Step checks
// that it is given as many nodes, of the same lengths and type; a node whose value or gradient has a new backing
// array of the same length is bound again (the optimizer reads the new array from then on, its state kept). Nodes
// must be all float32 or all float64, and each value and gradient a dense, non-view *tensor.Dense with at least one
// dimension; Gorgonia's scalar values (*F32, *F64) are not supported. After the update Step zeroes the gradients, as
// Gorgonia's solvers do.
//
// # Gorgonia's options and fastgrad's configs
//
// Gorgonia's SolverOpt values act only on its own solver types, so a Solver takes an optim config (the update) and
// Options (what Gorgonia applies around it). Gorgonia's options map as follows.
//
//	WithLearnRate(η)    Config.LR = η
//	WithBeta1, WithBeta2 AdamConfig.Betas
//	WithEps(ε)          Config.Eps (where ε goes differs by optimizer: see below)
//	WithRho(ρ)          RMSpropConfig.Alpha = ρ (RMSPropSolver's decay)
//	WithMomentum(μ)     SGDConfig{Momentum: μ, Mode: optim.ModeKeras} (Gorgonia's Momentum is Keras's form, see below)
//	WithL2Reg(λ)        Config.WeightDecay = λ (coupled: λ·w added to the gradient), for Vanilla, Momentum, Adam;
//	                    with WithBatchSize(b) use λ/b, as Gorgonia divides the regularised gradient by b
//	WithBatchSize(b)    WithBatchSize(b): the gradients are multiplied by 1/b (rounded as Gorgonia rounds it)
//	                    before the optimizer reads them
//	WithClip(c)         WithClip(optim.Clip{Value: c}): each gradient element clamped to [−c, c]
//	WithL1Reg           none: fastgrad has no L1 term
//
// The rules differ in these places.
//
//   - Clipping: Gorgonia clamps the gradient after adding the L2 term and dividing by the batch size; fastgrad clamps
//     it after the batch division (Options.BatchSize) but before the optimizer adds WeightDecay·w. They agree when
//     L2 is 0. RMSPropSolver and AdaGradSolver accumulate the squared gradient before they clamp it; fastgrad
//     accumulates the clamped one.
//   - VanillaSolver is SGD without momentum, and Momentum is SGD with Keras momentum (v ← μ·v − η·g, w ← w + v):
//     both round every operation as fastgrad's SGD does, so their weights agree bit for bit (the tests check it)
//     where clipping and L2 are not combined. Gorgonia's Momentum computes its L1 and L2 terms from the velocity,
//     not the weights (a Gorgonia bug for dense tensors); fastgrad uses the weights.
//   - AdamSolver puts ε outside the root, as optim.Adam does, and corrects the bias the same way mathematically,
//     but rounds differently: it multiplies m and v by the rounded reciprocals of 1 − β₁ᵗ and 1 − β₂ᵗ and then
//     divides −η·m̂ by √v̂ + ε; optim.Adam follows PyTorch (step size η/(1 − β₁ᵗ), denominator
//     √v/√(1 − β₂ᵗ) + ε). For float32 Gorgonia also computes 1 − β from the float32 β, where fastgrad rounds
//     1 − β computed in float64: float32(1) − float32(0.999) is 0.00100004673, so Gorgonia's float32 steps differ by
//     about 2.3e-5 of η. The weights stay close (the tests bound them), not bit for bit.
//   - RMSPropSolver divides by √(v + ε) (RMSpropConfig.Mode = optim.ModeKeras), with default ρ 0.999 and η 0.001
//     (PyTorch's α is 0.99, LR 0.01); its L2 term subtracts λ·w from the weights directly, unscaled by the learning
//     rate, which no optim config expresses: leave WeightDecay 0, or use optim's coupled L2 knowingly.
//   - AdaGradSolver divides by √(Σg² + ε) (AdagradConfig.Mode = optim.ModeKeras, default ε 1e-8) and, like RMSProp,
//     subtracts λ·w directly for L2.
//
// fastgrad adds what Gorgonia's solvers lack: learning-rate schedules (WithSchedule, an optim.Scheduler stepped
// after each Step), clipping by norm (optim.Clip.MaxNorm), the other optimizers of package optim (New), and its
// checkpoints and PyTorch state through Optimizer32 and Optimizer64.
package gorgonia
