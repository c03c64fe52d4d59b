package conformance

import (
	"encoding/binary"
	"math"

	"github.com/fastgrad/fastgrad/kernels"
)

// problem is the objective the optim runs minimize: ½Σ cᵢ(wᵢ − tᵢ)², whose gradient each step perturbs by a
// deterministic noise, as a stochastic trainer's gradients are. Every product is rounded explicitly, so the
// gradients themselves are the same bits on every target.
type problem[F kernels.Float] struct {
	c, t, noise []F
	seed        uint64
}

// newProblem returns a problem over n weights: curvatures cᵢ in [0.5, 2), minimizers tᵢ in [−2, 2), and a noise
// pattern in [−0.1, 0.1).
func newProblem[F kernels.Float](n int, seed uint64) problem[F] {
	p := problem[F]{c: make([]F, n), t: make([]F, n), noise: make([]F, n), seed: seed}
	for i := range n {
		p.c[i] = F(0.5 + float64(1.5*unit(seed, 0, uint64(i))))
		p.t[i] = F(float64(4*unit(seed, 1, uint64(i))) - 2)
		p.noise[i] = F(float64(0.2*unit(seed, 2, uint64(i))) - 0.1)
	}
	return p
}

// grad writes the gradient of draw k at w into g: cᵢ(wᵢ − tᵢ) plus the noise pattern times a factor in [−1, 1)
// drawn for k. (A pattern and a factor, not a draw per element, keep the gradient cheap for the runs large enough
// to be split.)
func (p problem[F]) grad(w, g []F, k int) {
	f := F(float64(2*unit(p.seed, uint64(k)+3, 0)) - 1)
	for i := range w {
		g[i] = F(p.c[i]*(w[i]-p.t[i])) + F(p.noise[i]*f)
	}
}

// loss returns ½Σ cᵢ(wᵢ − tᵢ)², summed in float64 in index order.
func (p problem[F]) loss(w []F) float64 {
	var s float64
	for i, wi := range w {
		d := float64(wi) - float64(p.t[i])
		s += float64(float64(float64(p.c[i])*d) * d)
	}
	return float64(0.5 * s)
}

// unit returns a number in [0, 1) that depends only on its arguments: 53 bits of a SplitMix64 hash.
func unit(seed, stream, i uint64) float64 {
	return float64(float64(mix(mix(seed^mix(stream))+i)>>11) / (1 << 53))
}

// mix is SplitMix64's finaliser: nearby inputs give unrelated outputs.
func mix(z uint64) uint64 {
	z += 0x9e3779b97f4a7c15
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// appendBits appends the little-endian bits of x to b.
func appendBits[F kernels.Float](b []byte, x ...F) []byte {
	for _, v := range x {
		switch v := any(v).(type) {
		case float32:
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(v))
		case float64:
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	return b
}
