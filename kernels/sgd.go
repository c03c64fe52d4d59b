package kernels

// SGDHyper holds torch.optim.SGD's hyperparameters.
type SGDHyper struct {
	LR          float64
	Momentum    float64 // 0: plain SGD, no buffer
	Dampening   float64
	WeightDecay float64 // coupled L2: g' += WeightDecay·w
	Nesterov    bool
	Maximize    bool
}

// Step returns the scalars of step t (t ≥ 1): PyTorch starts the momentum buffer as a copy of the first gradient,
// so step 1 is marked. It panics if t < 1.
func (h SGDHyper) Step(t int) SGDStep {
	if t < 1 {
		panic("kernels: SGDHyper.Step: t < 1")
	}
	return SGDStep{SGDHyper: h, FirstStep: t == 1}
}

// SGDStep is an SGDHyper for one step.
type SGDStep struct {
	SGDHyper
	FirstStep bool // the buffer is set to g' instead of decayed (PyTorch's buffer does not exist yet)
}

// SGD performs one step of SGD, with momentum, dampening, Nesterov momentum, weight decay and maximize as
// torch.optim.SGD. It is equivalent to
//
//	wd, mom, omd, lr := F(s.WeightDecay), F(s.Momentum), F(1-s.Dampening), F(s.LR)
//	for i := range w {
//		gi := g[i]
//		if s.Maximize {
//			gi = -gi
//		}
//		if s.WeightDecay != 0 {
//			gi += F(wd * w[i])
//		}
//		if s.Momentum != 0 {
//			if s.FirstStep {
//				buf[i] = gi
//			} else {
//				buf[i] = F(buf[i]*mom) + F(omd*gi)
//			}
//			if s.Nesterov {
//				gi += F(mom * buf[i])
//			} else {
//				gi = buf[i]
//			}
//		}
//		w[i] += F(-lr * gi)
//	}
//
// buf must have the length of w when s.Momentum != 0 and be nil otherwise, and g the length of w; otherwise SGD
// panics. It also panics if two of its slices overlap.
func SGD[F Float](s *SGDStep, w, g, buf []F) {
	mustSGDArgs("SGD", s, len(w), len(g), buf)
	mustDisjoint("SGD", "w,buf,g", 2, w, buf, g)
	opsOf[F]().sgd(newSGDArgs[F](s), w, g, buf)
}

// mustSGDArgs panics unless s is a step and the slices fit it: g of the length n of w, and buf too with momentum,
// nil without.
func mustSGDArgs[S any](kernel string, s *SGDStep, n, g int, buf []S) {
	mustStep(kernel, "s", s)
	mustLen(kernel, "g", g, "w", n)
	if s.Momentum != 0 {
		mustLen(kernel, "buf", len(buf), "w", n)
	} else if buf != nil {
		panic("kernels: " + kernel + ": buf given but s.Momentum is 0")
	}
}

type sgdArgs[F Float] struct {
	grad          gradArgs[F]
	momentum      bool
	first         bool
	nesterov      bool
	mom, omd, nlr F // μ, 1 − dampening, −lr
}

func newSGDArgs[F Float](s *SGDStep) sgdArgs[F] {
	return sgdArgs[F]{grad: newGrad[F](s.Maximize, s.WeightDecay), momentum: s.Momentum != 0, first: s.FirstStep,
		nesterov: s.Nesterov, mom: F(s.Momentum), omd: F(1 - s.Dampening), nlr: F(-s.LR)}
}

func sgdRef[F Float](a sgdArgs[F], w, g, buf []F) {
	for i := range w {
		gi := a.grad.of(g[i], w[i])
		if a.momentum {
			b := gi
			if !a.first {
				b = F(buf[i]*a.mom) + F(a.omd*gi)
			}
			buf[i] = b
			if a.nesterov {
				gi += F(a.mom * b)
			} else {
				gi = b
			}
		}
		w[i] += F(a.nlr * gi)
	}
}
