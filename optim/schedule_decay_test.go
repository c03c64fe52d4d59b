package optim

import (
	"math"
	"testing"
)

// The decays PyTorch lacks, against their formulas evaluated another way: the 1/t decay by accumulating reciprocals
// (1/η_t = 1/base + t·k/base), the power laws through exp and log, and a few rates known exactly.

var decayTimes = []int{0, 1, 2, 3, 7, 10, 99, 1000, 12345, 1 << 20, 1 << 40}

func TestInverseTimeDecay(t *testing.T) {
	for _, k := range []float64{0, 1e-3, 0.5, 3} {
		s := must(InverseTimeDecay(k))
		for _, base := range []float64{0.1, 3.5e-3} {
			inv := 1 / base
			for step := range 5000 {
				if got, want := s.Rate(base, step), 1/inv; !schedTol(got, want) {
					t.Fatalf("k=%v base=%v t=%d: %v, want %v", k, base, step, got, want)
				}
				inv += k / base
			}
			for _, step := range decayTimes {
				want := base / (1 + k*float64(step))
				if got := s.Rate(base, step); !schedTol(got, want) {
					t.Errorf("k=%v base=%v t=%d: %v, want %v", k, base, step, got, want)
				}
			}
		}
	}
	s := must(InverseTimeDecay(0.25))
	for step, want := range map[int]float64{0: 0.8, 4: 0.4, 12: 0.2} {
		if got := s.Rate(0.8, step); got != want {
			t.Errorf("InverseTimeDecay(0.25).Rate(0.8, %d) = %v, want %v", step, got, want)
		}
	}
}

func TestPowerDecay(t *testing.T) {
	for _, p := range []float64{0, 0.5, 0.6, 1, 2} {
		s := must(PowerDecay(p))
		for _, base := range []float64{0.1, 3.5e-3} {
			for _, step := range decayTimes {
				want := base * math.Exp(-p*math.Log(float64(step+1)))
				if got := s.Rate(base, step); !schedTol(got, want) {
					t.Errorf("p=%v base=%v t=%d: %v, want %v", p, base, step, got, want)
				}
			}
		}
	}
	for _, c := range []struct {
		p    float64
		t    int
		want float64
	}{{1, 0, 0.6}, {1, 3, 0.15}, {0.5, 3, 0.3}, {0.5, 99, 0.06}, {2, 9, 0.006}, {0, 1000, 0.6}} {
		if got := must(PowerDecay(c.p)).Rate(0.6, c.t); !schedTol(got, c.want) {
			t.Errorf("PowerDecay(%v).Rate(0.6, %d) = %v, want %v", c.p, c.t, got, c.want)
		}
	}
}

func TestVWDecay(t *testing.T) {
	for _, s0 := range []float64{0.5, 1, 10, 1e4} {
		for _, p := range []float64{0, 0.5, 1} {
			s := must(VWDecay(s0, p))
			for _, base := range []float64{0.5, 3.5e-3} {
				for _, step := range decayTimes {
					want := base * math.Exp(p*(math.Log(s0)-math.Log(s0+float64(step))))
					if got := s.Rate(base, step); !schedTol(got, want) {
						t.Errorf("s=%v p=%v base=%v t=%d: %v, want %v", s0, p, base, step, got, want)
					}
				}
			}
		}
	}
	for _, c := range []struct {
		s, p float64
		t    int
		want float64
	}{{1, 0.5, 0, 0.5}, {1, 0.5, 3, 0.25}, {10, 1, 10, 0.25}, {10, 1, 30, 0.125}, {4, 0.5, 12, 0.25}, {3, 0, 99, 0.5}} {
		if got := must(VWDecay(c.s, c.p)).Rate(0.5, c.t); !schedTol(got, c.want) {
			t.Errorf("VWDecay(%v, %v).Rate(0.5, %d) = %v, want %v", c.s, c.p, c.t, got, c.want)
		}
	}
}

// TestDecaysChain checks that the decays scale their base rate, so that they chain as products.
func TestDecaysChain(t *testing.T) {
	a, b, c := must(InverseTimeDecay(0.1)), must(PowerDecay(0.5)), must(VWDecay(20, 0.7))
	ch := must(Chain(a, b, c))
	for _, step := range decayTimes {
		want := 0.2 * a.Rate(1, step) * b.Rate(1, step) * c.Rate(1, step)
		if got := ch.Rate(0.2, step); !schedTol(got, want) {
			t.Errorf("t=%d: chain %v, product %v", step, got, want)
		}
	}
}
