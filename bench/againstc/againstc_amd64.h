// The C side of package againstc: each function computes what its fastgrad kernel computes, in the same order of
// rounded operations, so that the two give the same bits.
#include <stdint.h>

// gcc would otherwise fuse an intrinsic's multiply and the add that takes its product into an FMA, which rounds
// once instead of twice and so changes the bits.
#pragma GCC optimize("fp-contract=off")

// sgd_params is kernels.SGDStep as the kernel's loop sees it: −lr, μ, 1 − dampening, the coupled weight decay and
// the flags.
typedef struct {
	float nlr, mom, omd, wd;
	int32_t maximize, coupled, first, nesterov;
} sgd_params;

void sgd_momentum_f32(float *w, const float *g, float *buf, int64_t n, sgd_params p);
float least_squares_f32(float *g, float *r, const float *X, const float *y, const float *w, int64_t m, int64_t n, float s);
