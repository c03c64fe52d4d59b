// Package plots draws train's figures with gonum/plot: convergence curves on a log scale, loss contours with the
// optimizers' trajectories over them, and animated GIFs of a descent. The format of a static figure follows its
// file's extension (.svg, .png, .pdf, …); every file is written atomically, so a reader never sees half a figure.
package plots
