package detmath

// splitMix is SplitMix64: the tests' inputs come from it, and from IEEE-exact or explicitly rounded operations
// only, so they are the same on every target.
type splitMix struct{ s uint64 }

func (r *splitMix) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// unit returns a double uniform in [0, 1).
func (r *splitMix) unit() float64 { return float64(float64(int64(r.next()>>11)) * 0x1p-53) }

// in returns a double uniform in [a, b).
func (r *splitMix) in(a, b float64) float64 { return float64((b-a)*r.unit()) + a }

// intn returns an integer uniform in [0, n).
func (r *splitMix) intn(n uint64) uint64 { return r.next() % n }

// sign returns ±1 at random.
func (r *splitMix) sign() float64 { return float64(1 - 2*int64(r.next()>>63)) }
