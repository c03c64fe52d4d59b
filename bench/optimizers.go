package bench

import "github.com/fastgrad/fastgrad/kernels"

// The optimizer cases call the kernel with PyTorch-like hyperparameters, at a step past the first (so momentum
// buffers are read), with learning rates small enough to keep the weights finite over any number of calls. States
// that hold squares are made non-negative first.

// Hyperparameters shared by the optimizer cases and their peers.
const (
	lr, beta1, beta2, eps = 1e-6, 0.9, 0.999, 1e-8
	momentum              = 0.9
	step                  = 10
)

// squares makes every element of the arrays its own square.
func squares[F kernels.Float](arrays ...[]F) {
	for _, a := range arrays {
		for i, x := range a {
			a[i] = x * x
		}
	}
}

// adam returns the setup of Adam, or AMSGrad, on arrays w, g, m, v (and vmax). The step's scalars are computed
// once, as an optimizer does once per step for all its parameters.
func adam[F kernels.Float](ams bool) func(a [][]F) func(impl string) func() {
	return func(a [][]F) func(string) func() {
		w, g, m, v := a[0], a[1], a[2], a[3]
		squares(v)
		var vmax []F
		if ams {
			vmax = a[4]
			copy(vmax, v)
		}
		s := kernels.AdamHyper{LR: lr, Beta1: beta1, Beta2: beta2, Eps: eps, AMSGrad: ams}.Step(step)
		return func(impl string) func() {
			if impl == Naive {
				return func() { naiveAdam(w, g, m, v, vmax, lr, beta1, beta2, eps, step) }
			}
			return func() { kernels.Adam(&s, w, g, m, v, vmax) }
		}
	}
}

// sgd is SGD with momentum, the form training uses.
func sgd[F kernels.Float](a [][]F) func(string) func() {
	w, g, buf := a[0], a[1], a[2]
	s := kernels.SGDHyper{LR: lr, Momentum: momentum}.Step(step)
	return func(impl string) func() {
		switch impl {
		case Naive:
			return func() { naiveSGD(w, g, buf, lr, momentum) }
		case Gonum:
			return func() { gonumSGD(w, g, buf, lr, momentum) }
		}
		return func() { kernels.SGD(&s, w, g, buf) }
	}
}

func adagrad[F kernels.Float](a [][]F) func(string) func() {
	w, g, sum := a[0], a[1], a[2]
	squares(sum)
	s := kernels.AdagradHyper{LR: lr, Eps: 1e-10}.Step(step)
	return func(string) func() { return func() { kernels.Adagrad(&s, w, g, sum) } }
}

func rmsprop[F kernels.Float](a [][]F) func(string) func() {
	w, g, sq := a[0], a[1], a[2]
	squares(sq)
	h := kernels.RMSpropHyper{LR: lr, Alpha: 0.99, Eps: eps}
	return func(string) func() { return func() { kernels.RMSprop(&h, w, g, sq, nil, nil) } }
}

func adamax[F kernels.Float](a [][]F) func(string) func() {
	w, g, m, u := a[0], a[1], a[2], a[3]
	squares(u)
	s := kernels.AdamaxHyper{LR: lr, Beta1: beta1, Beta2: beta2, Eps: eps}.Step(step)
	return func(string) func() { return func() { kernels.Adamax(&s, w, g, m, u) } }
}

func nadam[F kernels.Float](a [][]F) func(string) func() {
	w, g, m, v := a[0], a[1], a[2], a[3]
	squares(v)
	s, _ := kernels.NAdamHyper{LR: lr, Beta1: beta1, Beta2: beta2, Eps: eps, MomentumDecay: 4e-3}.Step(step, 0.9)
	return func(string) func() { return func() { kernels.NAdam(&s, w, g, m, v) } }
}

// radam runs at step 10, where the variance is already rectified: the full update, square root and all.
func radam[F kernels.Float](a [][]F) func(string) func() {
	w, g, m, v := a[0], a[1], a[2], a[3]
	squares(v)
	s := kernels.RAdamHyper{LR: lr, Beta1: beta1, Beta2: beta2, Eps: eps}.Step(step)
	return func(string) func() { return func() { kernels.RAdam(&s, w, g, m, v) } }
}

func adadelta[F kernels.Float](a [][]F) func(string) func() {
	w, g, sq, acc := a[0], a[1], a[2], a[3]
	squares(sq, acc)
	h := kernels.AdadeltaHyper{LR: lr, Rho: 0.9, Eps: 1e-6}
	return func(string) func() { return func() { kernels.Adadelta(&h, w, g, sq, acc) } }
}

func lion[F kernels.Float](a [][]F) func(string) func() {
	w, g, m := a[0], a[1], a[2]
	h := kernels.LionHyper{LR: lr, Beta1: beta1, Beta2: 0.99}
	return func(string) func() { return func() { kernels.Lion(&h, w, g, m) } }
}

func ema[F kernels.Float](a [][]F) func(string) func() {
	avg, w := a[0], a[1]
	h := kernels.EMAHyper{Decay: 0.999}
	return func(string) func() { return func() { kernels.EMA(&h, avg, w) } }
}

func swa[F kernels.Float](a [][]F) func(string) func() {
	avg, w := a[0], a[1]
	return func(string) func() { return func() { kernels.SWA(9, avg, w) } }
}

// asgd is past t0, so that ax is averaged, as in the part of a run ASGD is for.
func asgd[F kernels.Float](a [][]F) func(string) func() {
	w, g, ax := a[0], a[1], a[2]
	s := kernels.ASGDHyper{LR: lr, Lambd: 1e-4, Alpha: 0.75}.Step(step)
	return func(string) func() { return func() { kernels.ASGD(&s, w, g, ax) } }
}

func rprop[F kernels.Float](a [][]F) func(string) func() {
	w, g, prev, stepSize := a[0], a[1], a[2], a[3]
	squares(stepSize)
	h := kernels.RpropHyper{EtaMinus: 0.5, EtaPlus: 1.2, StepMin: 1e-6, StepMax: 50}
	return func(string) func() { return func() { kernels.Rprop(&h, w, g, prev, stepSize) } }
}
