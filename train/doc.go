// Package train fits linear least-squares models with fastgrad's optimizers and kernels: the problems (features,
// polynomial terms, scaling), full-batch and mini-batch loops with a fresh shuffle every epoch, the lookahead form
// of Nesterov momentum, SAG and SAGA, stopping rules, multistart, the closed-form solutions to compare with, and
// hyperparameter search (grid, random, Bayesian) with k-fold cross-validation.
//
// Everything is reproducible: a run is a function of its inputs and its seed, bit for bit, whatever GOMAXPROCS is.
// Work spread over goroutines (the starts of a multistart, the trials of a search) is indexed, each piece draws from
// its own random stream derived from the seed and its index, and the pieces are combined in index order. Only the
// wall times recorded in a History vary between runs.
//
// Gradients and losses come from kernels.LeastSquares and kernels.LeastSquaresBatch, one fused pass over the rows;
// mini-batches are slices of a permutation of row indices, so the data is never copied.
package train
