// Adam over float32 in torch's operation order (fastgrad's kernels.Adam reference, without AMSGrad), on one thread
// or on several: the yardstick for optim's SetWorkers.
#ifndef PARALLEL_ADAM_H
#define PARALLEL_ADAM_H

#include <stddef.h>

// pa_args is a step's scalars, each already rounded to float32 as fastgrad's adamArgs holds them.
typedef struct {
	float k;      // lerp coefficient: 1 − β1, or −β1 measured from the gradient (from_end)
	int from_end; // |1 − β1| ≥ 0.5
	int coupled;  // an L2 term wd·w is added to the gradient
	float wd;
	float decay;  // 1 − lr·wd for AdamW, else 1
	float b2, omb2, bc2sqrt, eps;
	float nss;    // −lr/(1 − β1ᵗ)
} pa_args;

// pa_adam updates the n elements of w, m and v from g on the calling thread.
void pa_adam(const pa_args *a, float *w, const float *g, float *m, float *v, size_t n);

// pa_adam_threads updates them on the calling thread and threads−1 pool threads (at most 8 in all): in contiguous
// ranges of nearly equal length when piece is 0, else in pieces of piece elements that the threads take in turn.
void pa_adam_threads(const pa_args *a, float *w, const float *g, float *m, float *v, size_t n, int threads,
	size_t piece);

#endif
