// Package gonumopt runs fastgrad's optimizers inside gonum's optimize.Minimize: Method is an optimize.Method, so
// gonum's Settings, Convergers and Recorders apply to Adam, SGD, Lion and every other optimizer of package optim,
// with their schedules and clipping.
//
// The optimizers step in float64 and keep fastgrad's promise: a run gives the same x, bit for bit, on every CPU and
// build. gonum's line-search methods (GradientDescent, LBFGS) choose step lengths from the function values; a
// fastgrad Method takes exactly one step per gradient, as a training loop does, which is what a noisy or
// mini-batch objective needs and what a trainer that wants PyTorch's updates expects.
package gonumopt
