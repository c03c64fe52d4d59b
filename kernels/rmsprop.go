package kernels

// RMSpropHyper holds torch.optim.RMSprop's hyperparameters; the kernel reads them directly, as nothing depends on
// the step count.
type RMSpropHyper struct {
	LR          float64
	Alpha       float64 // smoothing constant of the squared-gradient average
	Eps         float64
	WeightDecay float64 // coupled L2
	Momentum    float64 // 0: no momentum buffer
	Centered    bool    // normalise by the variance estimate: needs the gradient average gavg
	EpsInside   bool    // Keras / TensorFlow: √(avg + ε) instead of √avg + ε
	Maximize    bool
}

// RMSprop performs one RMSprop step, plain, centered or with momentum, as torch.optim.RMSprop. It is equivalent to
// (sqrt and lerp as the package documentation defines them)
//
//	wd, alpha, oma := F(h.WeightDecay), F(h.Alpha), F(1-h.Alpha)
//	eps, mom, lr := F(h.Eps), F(h.Momentum), F(h.LR)
//	for i := range w {
//		gi := g[i]
//		if h.Maximize {
//			gi = -gi
//		}
//		if h.WeightDecay != 0 {
//			gi += F(wd * w[i])
//		}
//		sq[i] = F(sq[i]*alpha) + F(F(oma*gi)*gi)
//		avg := sq[i]
//		if h.Centered {
//			gavg[i] = lerp(gavg[i], gi, 1-h.Alpha)
//			avg -= F(gavg[i] * gavg[i])
//		}
//		den := sqrt(avg) + eps
//		if h.EpsInside {
//			den = sqrt(avg + eps)
//		}
//		if h.Momentum > 0 {
//			buf[i] = F(buf[i]*mom) + gi/den
//			w[i] += F(-lr * buf[i])
//		} else {
//			w[i] += F(-lr*gi) / den
//		}
//	}
//
// g and sq must have the length of w; gavg that length with Centered and nil otherwise; buf that length with
// Momentum > 0 and nil otherwise. RMSprop panics otherwise. It also panics if two of its slices overlap.
func RMSprop[F Float](h *RMSpropHyper, w, g, sq, gavg, buf []F) {
	mustStep("RMSprop", "h", h)
	n := len(w)
	mustLen("RMSprop", "g", len(g), "w", n)
	mustLen("RMSprop", "sq", len(sq), "w", n)
	optionalState("RMSprop", "gavg", gavg, n, h.Centered, "h.Centered is false")
	optionalState("RMSprop", "buf", buf, n, h.Momentum > 0, "h.Momentum is not positive")
	mustDisjoint("RMSprop", "w,sq,gavg,buf,g", 4, w, sq, gavg, buf, g)
	opsOf[F]().rmsprop(newRMSpropArgs[F](h), w, g, sq, gavg, buf)
}

// optionalState checks a state slice that exists only with an option: it must have length n when used and be
// nil when not (a stray slice would be a sign the caller and the kernel disagree about the option).
func optionalState[F Float](kernel, name string, s []F, n int, used bool, why string) {
	if used {
		mustLen(kernel, name, len(s), "w", n)
	} else if s != nil {
		panic("kernels: " + kernel + ": " + name + " given but " + why)
	}
}

type rmspropArgs[F Float] struct {
	grad                     gradArgs[F]
	alpha, oma, eps, mom, nl F
	lerp                     lerpArgs[F]
	centered, inside, moment bool
}

func newRMSpropArgs[F Float](h *RMSpropHyper) rmspropArgs[F] {
	return rmspropArgs[F]{grad: newGrad[F](h.Maximize, h.WeightDecay), alpha: F(h.Alpha), oma: F(1 - h.Alpha),
		eps: F(h.Eps), mom: F(h.Momentum), nl: F(-h.LR), lerp: newLerp[F](1 - h.Alpha),
		centered: h.Centered, inside: h.EpsInside, moment: h.Momentum > 0}
}

func rmspropRef[F Float](a rmspropArgs[F], w, g, sq, gavg, buf []F) {
	for i := range w {
		gi := a.grad.of(g[i], w[i])
		s := F(sq[i]*a.alpha) + F(F(a.oma*gi)*gi)
		sq[i] = s
		if a.centered {
			ga := a.lerp.of(gavg[i], gi)
			gavg[i] = ga
			s -= F(ga * ga)
		}
		den := rootEps(s, a.eps, a.inside)
		if a.moment {
			b := F(buf[i]*a.mom) + gi/den
			buf[i] = b
			w[i] += F(a.nl * b)
		} else {
			w[i] += F(a.nl*gi) / den
		}
	}
}
