package kernels

// LionHyper holds Lion's hyperparameters, with the names and defaults of its paper (Chen et al., 2023, "Symbolic
// Discovery of Optimization Algorithms"): LR 1e-4, betas (0.9, 0.99), decoupled weight decay.
type LionHyper struct {
	LR, Beta1, Beta2 float64
	WeightDecay      float64 // decoupled: w ← (1 − LR·WeightDecay)·w
}

// Lion performs one Lion step. It is equivalent to (sign as the package documentation defines it)
//
//	decay, lr := F(1-float64(h.LR*h.WeightDecay)), F(h.LR)
//	b1, omb1, b2, omb2 := F(h.Beta1), F(1-h.Beta1), F(h.Beta2), F(1-h.Beta2)
//	for i := range w {
//		c := F(m[i]*b1) + F(omb1*g[i])
//		w[i] = F(w[i]*decay) + F(-lr*sign(c))
//		m[i] = F(m[i]*b2) + F(omb2*g[i])
//	}
//
// g and m must have the length of w; otherwise Lion panics. It also panics if two of its slices overlap.
func Lion[F Float](h *LionHyper, w, g, m []F) {
	mustLionArgs("Lion", h, len(w), len(g), len(m))
	mustDisjoint("Lion", "w,m,g", 2, w, m, g)
	opsOf[F]().lion(newLionArgs[F](h), w, g, m)
}

// mustLionArgs panics unless h is set and g and m have the length n of w.
func mustLionArgs(kernel string, h *LionHyper, n, g, m int) {
	mustStep(kernel, "h", h)
	mustLen(kernel, "g", g, "w", n)
	mustLen(kernel, "m", m, "w", n)
}

type lionArgs[F Float] struct{ decay, b1, omb1, b2, omb2, nlr F }

// sign returns +1 or −1 by the sign of a non-zero x, and x itself for ±0 and NaN (unlike torch.sign: see zsign).
func sign[F Float](x F) F {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x
}

func newLionArgs[F Float](h *LionHyper) lionArgs[F] {
	return lionArgs[F]{decay: F(1 - float64(h.LR*h.WeightDecay)), b1: F(h.Beta1), omb1: F(1 - h.Beta1), b2: F(h.Beta2),
		omb2: F(1 - h.Beta2), nlr: F(-h.LR)}
}

func lionRef[F Float](a lionArgs[F], w, g, m []F) {
	for i := range w {
		gi, mi := g[i], m[i]
		c := F(mi*a.b1) + F(a.omb1*gi)
		w[i] = F(w[i]*a.decay) + F(a.nlr*sign(c))
		m[i] = F(mi*a.b2) + F(a.omb2*gi)
	}
}
