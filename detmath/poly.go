package detmath

// horner returns p·r^n + c[n-1]·r^(n-1) + … + c[0] for n = len(c), in doubles: the high-order terms of a series
// whose weight is too small for their rounding errors to matter.
func horner(p, r float64, c []float64) float64 {
	for i := len(c) - 1; i >= 0; i-- {
		p = float64(p*r) + c[i]
	}
	return p
}

// hornerDD1 is horner in double-double for a double r: (ph+pl)·r^n + c[n-1]·r^(n-1) + … + c[0], each c[i] a
// double-double (hi, lo). Each step's new coefficient must dominate the running product (the series converge).
func hornerDD1(ph, pl, r float64, c [][2]float64) (float64, float64) {
	rh, rl := split(r)
	for i := len(c) - 1; i >= 0; i-- {
		p, e := twoProdSplit(ph, r, rh, rl)
		ph, pl = addDDFast(c[i][0], c[i][1], p, e+float64(pl*r))
	}
	return ph, pl
}

// hornerDD is hornerDD1 for a double-double r = rh+rl.
func hornerDD(ph, pl, rh, rl float64, c [][2]float64) (float64, float64) {
	rhh, rhl := split(rh)
	for i := len(c) - 1; i >= 0; i-- {
		p, e := twoProdSplit(ph, rh, rhh, rhl)
		ph, pl = addDDFast(c[i][0], c[i][1], p, e+(float64(ph*rl)+float64(pl*rh)))
	}
	return ph, pl
}
