package kernels

// Scale multiplies x by alpha in place. It is equivalent to
//
//	for i := range x {
//		x[i] = alpha * x[i]
//	}
func Scale[F Float](alpha F, x []F) {
	opsOf[F]().scale(alpha, x)
}

func scaleRef[F Float](alpha F, x []F) {
	for i, xi := range x {
		x[i] = F(alpha * xi)
	}
}
