// Every product is rounded before it meets a sum: the intrinsics name each mul and add, and no contraction into
// fused multiply-adds is allowed (cgo does not pass -ffp-contract=off, so the pragma says it), as fastgrad's
// kernels never fuse.
#pragma GCC optimize("fp-contract=off")

#include "parallel_adam.h"

#include <immintrin.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

void pa_adam(const pa_args *a, float *w, const float *g, float *m, float *v, size_t n) {
	size_t i = 0;
#if defined(__AVX512F__)
	const __m512 k = _mm512_set1_ps(a->k), wd = _mm512_set1_ps(a->wd), decay = _mm512_set1_ps(a->decay),
		     b2 = _mm512_set1_ps(a->b2), omb2 = _mm512_set1_ps(a->omb2), bc2 = _mm512_set1_ps(a->bc2sqrt),
		     eps = _mm512_set1_ps(a->eps), nss = _mm512_set1_ps(a->nss);
	for (; i + 16 <= n; i += 16) {
		__m512 gi = _mm512_loadu_ps(g + i), wi = _mm512_loadu_ps(w + i), mi = _mm512_loadu_ps(m + i),
		       vi = _mm512_loadu_ps(v + i);
		if (a->coupled) gi = _mm512_add_ps(gi, _mm512_mul_ps(wd, wi));
		wi = _mm512_mul_ps(wi, decay);
		__m512 d = _mm512_mul_ps(k, _mm512_sub_ps(gi, mi));
		mi = _mm512_add_ps(a->from_end ? gi : mi, d);
		vi = _mm512_add_ps(_mm512_mul_ps(vi, b2), _mm512_mul_ps(_mm512_mul_ps(omb2, gi), gi));
		__m512 den = _mm512_add_ps(_mm512_div_ps(_mm512_sqrt_ps(vi), bc2), eps);
		wi = _mm512_add_ps(wi, _mm512_div_ps(_mm512_mul_ps(nss, mi), den));
		_mm512_storeu_ps(m + i, mi);
		_mm512_storeu_ps(v + i, vi);
		_mm512_storeu_ps(w + i, wi);
	}
#endif
	for (; i < n; i++) {
		float gi = g[i], wi = w[i], mi = m[i], vi = v[i];
		if (a->coupled) gi += a->wd * wi;
		wi *= a->decay;
		mi = (a->from_end ? gi : mi) + a->k * (gi - mi);
		vi = vi * a->b2 + (a->omb2 * gi) * gi;
		float den = sqrtf(vi) / a->bc2sqrt + a->eps;
		m[i] = mi;
		v[i] = vi;
		w[i] = wi + (a->nss * mi) / den;
	}
}

enum { max_threads = 8, block = 256 };

// The pool's threads wait for a new generation of job: spinning for spin_ns after their last job (as OpenMP's
// default wait policy does, so that a loop of steps finds them awake), then on a condition variable.
static const long spin_ns = 200000;

static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int started;
	unsigned born[max_threads]; // the generation when each helper was started: its first job is the next
	atomic_uint gen;
	atomic_int pending; // helpers not yet done with the current job
	atomic_size_t next; // the next piece
	const pa_args *a;
	float *w, *m, *v;
	const float *g;
	size_t n, piece;
	int threads;
} pool = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER};

static long now_ns(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

// part runs the share of thread t (0 is the caller) of the current job.
static void part(int t) {
	size_t n = pool.n;
	if (pool.piece == 0) {
		// Range boundaries at multiples of block, as optim's are.
		size_t lo = n / block * t / pool.threads * block, hi = n / block * (t + 1) / pool.threads * block;
		if (t == pool.threads - 1) hi = n;
		pa_adam(pool.a, pool.w + lo, pool.g + lo, pool.m + lo, pool.v + lo, hi - lo);
		return;
	}
	for (;;) {
		size_t lo = atomic_fetch_add(&pool.next, 1) * pool.piece;
		if (lo >= n) return;
		size_t len = n - lo < pool.piece ? n - lo : pool.piece;
		pa_adam(pool.a, pool.w + lo, pool.g + lo, pool.m + lo, pool.v + lo, len);
	}
}

static void *helper(void *arg) {
	int t = (int)(size_t)arg;
	unsigned seen = pool.born[t];
	for (;;) {
		long until = now_ns() + spin_ns;
		int spins = 0;
		while (atomic_load_explicit(&pool.gen, memory_order_acquire) == seen) {
			_mm_pause();
			if (++spins % 64 == 0 && now_ns() > until) {
				pthread_mutex_lock(&pool.mu);
				while (atomic_load(&pool.gen) == seen) pthread_cond_wait(&pool.cv, &pool.mu);
				pthread_mutex_unlock(&pool.mu);
			}
		}
		seen = atomic_load(&pool.gen);
		if (t < pool.threads) part(t);
		atomic_fetch_sub_explicit(&pool.pending, 1, memory_order_release);
	}
	return 0;
}

void pa_adam_threads(const pa_args *a, float *w, const float *g, float *m, float *v, size_t n, int threads,
	size_t piece) {
	if (threads > max_threads) threads = max_threads;
	if (threads <= 1) {
		pa_adam(a, w, g, m, v, n);
		return;
	}
	pthread_mutex_lock(&pool.mu);
	for (; pool.started < threads - 1; pool.started++) {
		pthread_t th;
		pool.born[pool.started + 1] = atomic_load(&pool.gen);
		pthread_create(&th, 0, helper, (void *)(size_t)(pool.started + 1));
		pthread_detach(th);
	}
	pool.a = a, pool.w = w, pool.g = g, pool.m = m, pool.v = v, pool.n = n, pool.piece = piece;
	pool.threads = threads;
	atomic_store(&pool.next, 0);
	atomic_store(&pool.pending, pool.started);
	// Under the mutex, so that a helper about to wait cannot miss the new generation.
	atomic_fetch_add_explicit(&pool.gen, 1, memory_order_release);
	pthread_cond_broadcast(&pool.cv);
	pthread_mutex_unlock(&pool.mu);
	part(0);
	while (atomic_load_explicit(&pool.pending, memory_order_acquire) > 0) _mm_pause();
}
