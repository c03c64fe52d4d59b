package bench

import "github.com/fastgrad/fastgrad/kernels"

// The optimizer cases call the kernel through the active path with PyTorch-like hyperparameters, at a step past
// the first (so momentum buffers are read) and with learning rates small enough to keep the weights finite over
// any number of iterations. States that hold squares are made non-negative first.

// squares makes every element of the arrays its own square.
func squares[F kernels.Float](arrays ...[]F) {
	for _, a := range arrays {
		for i, x := range a {
			a[i] = x * x
		}
	}
}

func sgdCase[F kernels.Float](_ string, a [][]F) func() {
	w, g, buf := a[0], a[1], a[2]
	s := kernels.SGDHyper{LR: 1e-6, Momentum: 0.9}.Step(10)
	return func() { kernels.SGD(&s, w, g, buf) }
}

func adagradCase[F kernels.Float](_ string, a [][]F) func() {
	w, g, sum := a[0], a[1], a[2]
	squares(sum)
	s := kernels.AdagradHyper{LR: 1e-6, Eps: 1e-10}.Step(10)
	return func() { kernels.Adagrad(&s, w, g, sum) }
}

func rmspropCase[F kernels.Float](_ string, a [][]F) func() {
	w, g, sq := a[0], a[1], a[2]
	squares(sq)
	h := kernels.RMSpropHyper{LR: 1e-6, Alpha: 0.99, Eps: 1e-8}
	return func() { kernels.RMSprop(&h, w, g, sq, nil, nil) }
}

func adamaxCase[F kernels.Float](_ string, a [][]F) func() {
	w, g, m, u := a[0], a[1], a[2], a[3]
	squares(u)
	s := kernels.AdamaxHyper{LR: 1e-6, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}.Step(10)
	return func() { kernels.Adamax(&s, w, g, m, u) }
}

func nadamCase[F kernels.Float](_ string, a [][]F) func() {
	w, g, m, v := a[0], a[1], a[2], a[3]
	squares(v)
	h := kernels.NAdamHyper{LR: 1e-6, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, MomentumDecay: 4e-3}
	s, _ := h.Step(10, 0.9)
	return func() { kernels.NAdam(&s, w, g, m, v) }
}

func radamCase[F kernels.Float](_ string, a [][]F) func() {
	w, g, m, v := a[0], a[1], a[2], a[3]
	squares(v)
	s := kernels.RAdamHyper{LR: 1e-6, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}.Step(10)
	return func() { kernels.RAdam(&s, w, g, m, v) }
}

func adadeltaCase[F kernels.Float](_ string, a [][]F) func() {
	w, g, sq, acc := a[0], a[1], a[2], a[3]
	squares(sq, acc)
	h := kernels.AdadeltaHyper{LR: 1e-6, Rho: 0.9, Eps: 1e-6}
	return func() { kernels.Adadelta(&h, w, g, sq, acc) }
}

func lionCase[F kernels.Float](_ string, a [][]F) func() {
	w, g, m := a[0], a[1], a[2]
	h := kernels.LionHyper{LR: 1e-6, Beta1: 0.9, Beta2: 0.99}
	return func() { kernels.Lion(&h, w, g, m) }
}

func scaleCase[F kernels.Float](_ string, a [][]F) func() {
	x := a[0]
	return func() { kernels.Scale(1, x) } // 1 keeps the values unchanged run after run
}

func axpyCase[F kernels.Float](_ string, a [][]F) func() {
	x, y := a[0], a[1]
	return func() { kernels.Axpy(1e-9, x, y) }
}

func clipValueCase[F kernels.Float](_ string, a [][]F) func() {
	x := a[0]
	return func() { kernels.ClipValue(1, x) }
}
