package detmath

// horner returns p·r^n + c[n-1]·r^(n-1) + … + c[0] for n = len(c), in doubles: the high-order terms of a series
// whose weight is too small for their rounding errors to matter.
func horner(p, r float64, c []float64) float64 {
	for i := len(c) - 1; i >= 0; i-- {
		p = float64(p*r) + c[i]
	}
	return p
}

// hornerDD is horner in double-double: (ph+pl)·r^n + c[n-1]·r^(n-1) + … + c[0] for r = rh+rl, each c[i] a
// double-double (hi, lo). Each step's new coefficient must dominate the running product (the series converge).
func hornerDD(ph, pl, rh, rl float64, c [][2]float64) (float64, float64) {
	rhh, rhl := split(rh)
	for i := len(c) - 1; i >= 0; i-- {
		p, e := twoProdSplit(ph, rh, rhh, rhl)
		ph, pl = addDDFast(c[i][0], c[i][1], p, e+(float64(ph*rl)+float64(pl*rh)))
	}
	return ph, pl
}
