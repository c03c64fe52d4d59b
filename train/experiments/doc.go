// Package experiments reproduces the gradient-descent notebooks behind fastgrad with package train: optimizers
// compared on synthetic regressions, plain gradient descent on a six-point table, a quadratic fit and its
// ill-conditioned variant, one-dimensional descent on x², a hyperparameter search,
// and Adam with its arrays stored in 16 bits against float32 Adam. Run writes a markdown
// report and its figures into a directory; every number in it is reproducible from the seeds here.
package experiments
