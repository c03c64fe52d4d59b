// Package kopt holds the optimizers that train's experiments and tests need and package optim does not have yet:
// SGD (with momentum and PyTorch's Nesterov), Adagrad and RMSprop, as thin wrappers of fastgrad's kernels, which
// implement PyTorch's semantics. Each wrapper has the shape of optim's constructors, so replacing it with optim's
// own is a one-line change where it is used; when optim has all three, this package goes.
package kopt
