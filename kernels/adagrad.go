package kernels

// AdagradHyper holds torch.optim.Adagrad's hyperparameters. The accumulator starts at PyTorch's
// initial_accumulator_value: the caller fills the sum slice with it before the first step.
type AdagradHyper struct {
	LR          float64
	LRDecay     float64 // clr = LR/(1 + (t−1)·LRDecay)
	WeightDecay float64 // coupled L2
	Eps         float64
	EpsInside   bool // Keras: divide by √(sum + ε) instead of √sum + ε
	Maximize    bool
}

// Step returns the scalars of step t (t ≥ 1). It panics if t < 1.
func (h AdagradHyper) Step(t int) AdagradStep {
	if t < 1 {
		panic("kernels: AdagradHyper.Step: t < 1")
	}
	return AdagradStep{CLR: h.LR / (1 + float64(float64(t-1)*h.LRDecay)), WeightDecay: h.WeightDecay, Eps: h.Eps,
		EpsInside: h.EpsInside, Maximize: h.Maximize}
}

// AdagradStep holds the scalars of one Adagrad step.
type AdagradStep struct {
	CLR         float64 // the decayed learning rate
	WeightDecay float64
	Eps         float64
	EpsInside   bool
	Maximize    bool
}

// Adagrad performs one Adagrad step, as torch.optim.Adagrad (or, with EpsInside, Keras). It is equivalent to
// (sqrt as the package documentation defines it)
//
//	wd, clr, eps := F(s.WeightDecay), F(s.CLR), F(s.Eps)
//	for i := range w {
//		gi := g[i]
//		if s.Maximize {
//			gi = -gi
//		}
//		if s.WeightDecay != 0 {
//			gi += F(wd * w[i])
//		}
//		sum[i] += F(gi * gi)
//		std := sqrt(sum[i]) + eps
//		if s.EpsInside {
//			std = sqrt(sum[i] + eps)
//		}
//		w[i] += F(-clr*gi) / std
//	}
//
// g and sum must have the length of w; otherwise Adagrad panics. It also panics if two of its slices overlap.
func Adagrad[F Float](s *AdagradStep, w, g, sum []F) {
	mustAdagradArgs("Adagrad", s, len(w), len(g), len(sum))
	mustDisjoint("Adagrad", "w,sum,g", 2, w, sum, g)
	opsOf[F]().adagrad(newAdagradArgs[F](s), w, g, sum)
}

// mustAdagradArgs panics unless s is a step and g and sum have the length n of w.
func mustAdagradArgs(kernel string, s *AdagradStep, n, g, sum int) {
	mustStep(kernel, "s", s)
	mustLen(kernel, "g", g, "w", n)
	mustLen(kernel, "sum", sum, "w", n)
}

type adagradArgs[F Float] struct {
	grad      gradArgs[F]
	nclr, eps F
	inside    bool
}

func newAdagradArgs[F Float](s *AdagradStep) adagradArgs[F] {
	return adagradArgs[F]{grad: newGrad[F](s.Maximize, s.WeightDecay), nclr: F(-s.CLR), eps: F(s.Eps), inside: s.EpsInside}
}

// rootEps returns √x + ε, or √(x + ε) when ε goes inside the root.
func rootEps[F Float](x, eps F, inside bool) F {
	if inside {
		return sqrt(x + eps)
	}
	return sqrt(x) + eps
}

func adagradRef[F Float](a adagradArgs[F], w, g, sum []F) {
	for i := range w {
		gi := a.grad.of(g[i], w[i])
		s := sum[i] + F(gi*gi)
		sum[i] = s
		w[i] += F(a.nclr*gi) / rootEps(s, a.eps, a.inside)
	}
}
