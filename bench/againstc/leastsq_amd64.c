// LeastSquares as kernels' leastSquaresRef, in AVX-512 intrinsics, in the canonical order: element j of a row goes
// to accumulator j mod 64 (four ZMM registers), the accumulators combine by the pairwise tree, the rows' residuals
// update g in row order, and every product is rounded before its sum (the header turns off fp-contract).
#include <immintrin.h>
#include "againstc_amd64.h"

// tree combines the four accumulators by the canonical tree, h = 32, 16, 8, 4, 2, 1 lanes apart. An accumulator
// that got no element is +0 and the others are never −0, so skipping it changes no bit.
static inline __attribute__((always_inline)) float tree(const __m512 *acc, int64_t nv) {
	__m512 a0 = acc[0], a1 = acc[1];
	if (nv > 2) a0 = _mm512_add_ps(a0, acc[2]);
	if (nv > 3) a1 = _mm512_add_ps(a1, acc[3]);
	if (nv > 1) a0 = _mm512_add_ps(a0, a1);
	__m256 h8 = _mm256_add_ps(_mm512_castps512_ps256(a0), _mm512_extractf32x8_ps(a0, 1));
	__m128 h4 = _mm_add_ps(_mm256_castps256_ps128(h8), _mm256_extractf128_ps(h8, 1));
	__m128 h2 = _mm_add_ps(h4, _mm_movehl_ps(h4, h4));
	__m128 h1 = _mm_add_ss(h2, _mm_movehdup_ps(h2));
	return _mm_cvtss_f32(h1);
}

// rows runs the rows [0, m) of nv vectors each, the last masked by tail. With nv a constant of at most eight (the
// inlined copies below), w and g stay in registers for the whole matrix.
static inline __attribute__((always_inline)) float rows(float *g, float *r, const float *X, const float *y,
	const float *w, int64_t m, int64_t n, int64_t nv, __mmask16 tail) {
	__m512 wv[8], gv[8];
	int reg = nv <= 8;
	if (reg) {
		for (int64_t v = 0; v < nv; v++) {
			__mmask16 k = v == nv - 1 ? tail : 0xffff;
			wv[v] = _mm512_maskz_loadu_ps(k, w + 16 * v);
			gv[v] = _mm512_setzero_ps();
		}
	}
	float loss = 0;
	for (int64_t i = 0; i < m; i++) {
		const float *x = X + i * n;
		__m512 acc[4] = {_mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps(), _mm512_setzero_ps()};
		for (int64_t v = 0; v < nv; v++) {
			__mmask16 k = v == nv - 1 ? tail : 0xffff;
			__m512 wj = reg ? wv[v] : _mm512_maskz_loadu_ps(k, w + 16 * v);
			acc[v & 3] = _mm512_add_ps(acc[v & 3], _mm512_mul_ps(_mm512_maskz_loadu_ps(k, x + 16 * v), wj));
		}
		float ri = tree(acc, nv) - y[i];
		if (r) r[i] = ri;
		loss += ri * ri;
		__m512 rv = _mm512_set1_ps(ri);
		for (int64_t v = 0; v < nv; v++) {
			__mmask16 k = v == nv - 1 ? tail : 0xffff;
			__m512 d = _mm512_mul_ps(rv, _mm512_maskz_loadu_ps(k, x + 16 * v));
			if (reg) gv[v] = _mm512_add_ps(gv[v], d);
			else _mm512_mask_storeu_ps(g + 16 * v, k, _mm512_add_ps(_mm512_maskz_loadu_ps(k, g + 16 * v), d));
		}
	}
	if (reg) {
		for (int64_t v = 0; v < nv; v++) _mm512_mask_storeu_ps(g + 16 * v, v == nv - 1 ? tail : 0xffff, gv[v]);
	}
	return loss;
}

// row1 is rows for one column: the tree of one product is the product itself, added to +0.
static float row1(float *g, float *r, const float *X, const float *y, const float *w, int64_t m) {
	float w0 = w[0], g0 = 0, loss = 0;
	for (int64_t i = 0; i < m; i++) {
		float ri = (0.0f + X[i] * w0) - y[i];
		if (r) r[i] = ri;
		loss += ri * ri;
		g0 += ri * X[i];
	}
	g[0] = g0;
	return loss;
}

float least_squares_f32(float *g, float *r, const float *X, const float *y, const float *w, int64_t m, int64_t n, float s) {
	int64_t nv = (n + 15) / 16;
	__mmask16 tail = n % 16 ? (__mmask16)((1u << (n % 16)) - 1) : 0xffff;
	for (int64_t j = 0; j < n; j++) g[j] = 0;
	float loss;
	switch (nv) {
	case 0: loss = 0; for (int64_t i = 0; i < m; i++) { float ri = 0.0f - y[i]; if (r) r[i] = ri; loss += ri * ri; } break;
	case 1: loss = n == 1 ? row1(g, r, X, y, w, m) : rows(g, r, X, y, w, m, n, 1, tail); break;
	case 2: loss = rows(g, r, X, y, w, m, n, 2, tail); break;
	case 3: loss = rows(g, r, X, y, w, m, n, 3, tail); break;
	case 4: loss = rows(g, r, X, y, w, m, n, 4, tail); break;
	case 5: loss = rows(g, r, X, y, w, m, n, 5, tail); break;
	case 6: loss = rows(g, r, X, y, w, m, n, 6, tail); break;
	case 7: loss = rows(g, r, X, y, w, m, n, 7, tail); break;
	case 8: loss = rows(g, r, X, y, w, m, n, 8, tail); break;
	default: loss = rows(g, r, X, y, w, m, n, nv, tail); break;
	}
	for (int64_t j = 0; j < n; j++) g[j] = s * g[j];
	return loss;
}
