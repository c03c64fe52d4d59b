package train

import (
	"math"
	"math/bits"
	"math/rand/v2"

	"github.com/fastgrad/fastgrad/detmath"
)

// Every random choice in this package comes from a PCG stream (math/rand/v2), whose output is specified, so a seed
// means the same numbers on every platform and Go release. Work done in parallel takes one stream per piece of
// work, derived from the seed and the piece's index, never a shared generator whose order of use would depend on
// scheduling.

// mix is a bijective 64-bit finaliser (the one of SplitMix64): nearby inputs give unrelated outputs, so that seed s
// and seed s+1, or stream i and stream i+1, start far apart.
func mix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// derive returns the seed of sub-stream i of seed, for a piece of work that needs its own seed rather than a
// generator (a training run started by a multistart or a search).
func derive(seed, i uint64) uint64 {
	return mix(mix(seed) ^ mix(i+0x9e3779b97f4a7c15))
}

// newPCG returns the generator of sub-stream i of seed.
func newPCG(seed, i uint64) *rand.PCG {
	return rand.NewPCG(derive(seed, 2*i), derive(seed, 2*i+1))
}

// below returns a uniform integer in [0, n), n > 0, by Lemire's multiply-and-reject method, which is exact and
// needs one draw almost always. It is written out here rather than taken from rand.Rand so that the numbers drawn
// for a seed cannot change with the Go release.
func below(src *rand.PCG, n uint64) uint64 {
	hi, lo := bits.Mul64(src.Uint64(), n)
	if lo < n {
		floor := -n % n // 2⁶⁴ mod n: the products below it would make some results more likely
		for lo < floor {
			hi, lo = bits.Mul64(src.Uint64(), n)
		}
	}
	return hi
}

// uniform returns a float64 in [0, 1) with 53 random bits.
func uniform(src rand.Source) float64 {
	return float64(float64(src.Uint64()>>11) / (1 << 53))
}

// normal returns a draw of the standard normal distribution from src, by Marsaglia's polar method computed with
// package detmath, so that a source gives the same numbers on every CPU: rand.Rand.NormFloat64 calls math.Exp and
// math.Log, whose bits differ between architectures, for a draw in a hundred.
func normal(src rand.Source) float64 {
	for {
		u, v := float64(2*uniform(src))-1, float64(2*uniform(src))-1
		s := float64(u*u) + float64(v*v)
		if s > 0 && s < 1 {
			return float64(u * math.Sqrt(float64(-2*detmath.Log(s))/s))
		}
	}
}
