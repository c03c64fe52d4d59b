// SGD with momentum as kernels' sgdRef, in AVX-512 intrinsics: every product is rounded before its sum (the header
// turns off fp-contract, so that gcc does not fuse the intrinsics' mul and add into an FMA).
#include <immintrin.h>
#include "againstc_amd64.h"

// step updates the elements of the mask m from offset i; the flags are constants in each inlined copy, so that
// the common form (no maximize, no weight decay, not the first step, no Nesterov) is a loop of its own, as a C
// programmer would write it.
static inline __attribute__((always_inline)) void step(float *w, const float *g, float *buf, int64_t i, __mmask16 m,
	const sgd_params *p, int maximize, int coupled, int first, int nesterov) {
	__m512 wi = _mm512_maskz_loadu_ps(m, w + i), gi = _mm512_maskz_loadu_ps(m, g + i);
	__m512 mom = _mm512_set1_ps(p->mom);
	if (maximize) gi = _mm512_xor_ps(gi, _mm512_set1_ps(-0.0f));
	if (coupled) gi = _mm512_add_ps(gi, _mm512_mul_ps(_mm512_set1_ps(p->wd), wi));
	__m512 b = gi;
	if (!first) b = _mm512_add_ps(_mm512_mul_ps(_mm512_maskz_loadu_ps(m, buf + i), mom), _mm512_mul_ps(_mm512_set1_ps(p->omd), gi));
	_mm512_mask_storeu_ps(buf + i, m, b);
	gi = nesterov ? _mm512_add_ps(gi, _mm512_mul_ps(mom, b)) : b;
	_mm512_mask_storeu_ps(w + i, m, _mm512_add_ps(wi, _mm512_mul_ps(_mm512_set1_ps(p->nlr), gi)));
}

static inline __attribute__((always_inline)) void loop(float *w, const float *g, float *buf, int64_t n, const sgd_params *p,
	int maximize, int coupled, int first, int nesterov) {
	int64_t i = 0;
	for (; i + 16 <= n; i += 16) step(w, g, buf, i, 0xffff, p, maximize, coupled, first, nesterov);
	if (i < n) step(w, g, buf, i, (__mmask16)((1u << (n - i)) - 1), p, maximize, coupled, first, nesterov);
}

void sgd_momentum_f32(float *w, const float *g, float *buf, int64_t n, sgd_params q) {
	const sgd_params *p = &q;
	if (!p->maximize && !p->coupled && !p->first && !p->nesterov) {
		loop(w, g, buf, n, p, 0, 0, 0, 0);
		return;
	}
	loop(w, g, buf, n, p, p->maximize, p->coupled, p->first, p->nesterov);
}
