package kernels

// AdadeltaHyper holds torch.optim.Adadelta's hyperparameters; the kernel reads them directly.
type AdadeltaHyper struct {
	LR, Rho, Eps float64
	WeightDecay  float64 // coupled L2
	Maximize     bool
}

// Adadelta performs one Adadelta step, as torch.optim.Adadelta. It is equivalent to (sqrt as the package
// documentation defines it)
//
//	wd, rho, omr, eps, lr := F(h.WeightDecay), F(h.Rho), F(1-h.Rho), F(h.Eps), F(h.LR)
//	for i := range w {
//		gi := g[i]
//		if h.Maximize {
//			gi = -gi
//		}
//		if h.WeightDecay != 0 {
//			gi += F(wd * w[i])
//		}
//		sq[i] = F(sq[i]*rho) + F(F(omr*gi)*gi)
//		delta := F((sqrt(acc[i]+eps) / sqrt(sq[i]+eps)) * gi)
//		acc[i] = F(acc[i]*rho) + F(F(omr*delta)*delta)
//		w[i] += F(-lr * delta)
//	}
//
// g, sq and acc must have the length of w; otherwise Adadelta panics. It also panics if two of its slices overlap.
func Adadelta[F Float](h *AdadeltaHyper, w, g, sq, acc []F) {
	mustStep("Adadelta", "h", h)
	mustLen("Adadelta", "g", len(g), "w", len(w))
	mustLen("Adadelta", "sq", len(sq), "w", len(w))
	mustLen("Adadelta", "acc", len(acc), "w", len(w))
	mustDisjoint("Adadelta", "w,sq,acc,g", 3, w, sq, acc, g)
	opsOf[F]().adadelta(newAdadeltaArgs[F](h), w, g, sq, acc)
}

type adadeltaArgs[F Float] struct {
	grad               gradArgs[F]
	rho, omr, eps, nlr F
}

func newAdadeltaArgs[F Float](h *AdadeltaHyper) adadeltaArgs[F] {
	return adadeltaArgs[F]{grad: newGrad[F](h.Maximize, h.WeightDecay), rho: F(h.Rho), omr: F(1 - h.Rho),
		eps: F(h.Eps), nlr: F(-h.LR)}
}

func adadeltaRef[F Float](a adadeltaArgs[F], w, g, sq, acc []F) {
	for i := range w {
		gi := a.grad.of(g[i], w[i])
		s := F(sq[i]*a.rho) + F(F(a.omr*gi)*gi)
		sq[i] = s
		delta := F((sqrt(acc[i]+a.eps) / sqrt(s+a.eps)) * gi)
		acc[i] = F(acc[i]*a.rho) + F(F(a.omr*delta)*delta)
		w[i] += F(a.nlr * delta)
	}
}
