package kernels

// scaleGeneric is scaleRef four elements a step: a loop of one multiply per element spent as many instructions on
// its index as on the element, and ran no faster than a naive loop; unrolled it runs 1.0-1.35× the naive loop's
// speed (Zen 5, two builds, which moved the gain between float32 and float64). Axpy unrolled so ran slower than its
// plain loop in L1, and stays the reference.
func scaleGeneric[F Float](alpha F, x []F) {
	for ; len(x) >= 4; x = x[4:] {
		b := (*[4]F)(x)
		b[0], b[1], b[2], b[3] = F(alpha*b[0]), F(alpha*b[1]), F(alpha*b[2]), F(alpha*b[3])
	}
	for i, xi := range x {
		x[i] = F(alpha * xi)
	}
}
