package bench

import "github.com/fastgrad/fastgrad/kernels"

// storedHyper is what varies between the stored optimizers' uses: the suite steps at its small learning rate, the
// digests (see StoredDigests) at a larger one with weight decay, so that 16-bit weights change visibly.
type storedHyper struct {
	lr, wd float64
	t      int // the step
	ams    bool
}

// suiteHyper are the stored cases' hyperparameters, the float32 cases' own.
func suiteHyper(ams bool) storedHyper { return storedHyper{lr: lr, t: step, ams: ams} }

// storedFn is an optimizer's step over weights and gradients of type W and up to three state arrays of type S.
type storedFn[W, S kernels.Stored] func(w, g []W, st [3][]S, rnd kernels.Rounding)

// copyFn is an optimizer's float32 step writing a copy of the weights of type C.
type copyFn[C kernels.Half] func(w, g []float32, st [3][]float32, cp []C, rnd kernels.Rounding)

// q8Fn is an optimizer's float32 step with 8-bit blockwise state.
type q8Fn func(w, g []float32, st [3]kernels.Q8)

// storedModes is one optimizer's step, with its hyperparameters bound, instantiated for each storage.
type storedModes struct {
	bf16      storedFn[kernels.BF16, kernels.BF16]
	f16       storedFn[kernels.F16, kernels.F16]
	bf16State storedFn[float32, kernels.BF16]
	f16State  storedFn[float32, kernels.F16]
	bf16Copy  copyFn[kernels.BF16]
	f16Copy   copyFn[kernels.F16]
	q8        q8Fn
}

// storedKernel describes a kernel's stored types: its state arrays and their maps in 8 bits, how their float32
// values are prepared, and its steps.
type storedKernel struct {
	states int
	maps   []kernels.Q8Map
	prep   func(st [][]float32)
	modes  func(h storedHyper) *storedModes
	ams    bool
}

// bind returns one step of the storage s over arrays a, rounding as rnd says.
func (m *storedModes) bind(s storage, a *storedArrays, rnd kernels.Rounding) func() {
	switch {
	case s.q8:
		w, g := view[float32](a.w), view[float32](a.g)
		return func() { m.q8(w, g, a.q) }
	case s.copy:
		w, g, st := view[float32](a.w), view[float32](a.g), views[float32](a.st)
		if s.bf16 {
			cp := view[kernels.BF16](a.cp)
			return func() { m.bf16Copy(w, g, st, cp, rnd) }
		}
		cp := view[kernels.F16](a.cp)
		return func() { m.f16Copy(w, g, st, cp, rnd) }
	case s.weights == 4 && s.bf16:
		w, g, st := view[float32](a.w), view[float32](a.g), views[kernels.BF16](a.st)
		return func() { m.bf16State(w, g, st, rnd) }
	case s.weights == 4:
		w, g, st := view[float32](a.w), view[float32](a.g), views[kernels.F16](a.st)
		return func() { m.f16State(w, g, st, rnd) }
	case s.bf16:
		w, g, st := view[kernels.BF16](a.w), view[kernels.BF16](a.g), views[kernels.BF16](a.st)
		return func() { m.bf16(w, g, st, rnd) }
	}
	w, g, st := view[kernels.F16](a.w), view[kernels.F16](a.g), views[kernels.F16](a.st)
	return func() { m.f16(w, g, st, rnd) }
}

// views returns each of the state arrays as a slice of T.
func views[T any](st [3][]byte) [3][]T {
	var v [3][]T
	for i, b := range st {
		v[i] = view[T](b)
	}
	return v
}

// squareState squares the second moment (Adam's v, and AMSGrad's vmax a copy of it).
func squareState(st [][]float32) {
	squares(st[1])
	if len(st) > 2 {
		copy(st[2], st[1])
	}
}

// squareAll squares every state array (Adagrad's sum).
func squareAll(st [][]float32) { squares(st...) }

func keepState([][]float32) {}

var (
	signed, unsigned = kernels.Q8Signed, kernels.Q8Unsigned

	storedAdam    = &storedKernel{states: 2, maps: []kernels.Q8Map{signed, unsigned}, prep: squareState, modes: adamModes}
	storedAMSGrad = &storedKernel{states: 3, maps: []kernels.Q8Map{signed, unsigned, unsigned}, prep: squareState, modes: adamModes, ams: true}
	storedSGD     = &storedKernel{states: 1, maps: []kernels.Q8Map{signed}, prep: keepState, modes: sgdModes}
	storedLion    = &storedKernel{states: 1, maps: []kernels.Q8Map{signed}, prep: keepState, modes: lionModes}
	storedAdagrad = &storedKernel{states: 1, maps: []kernels.Q8Map{unsigned}, prep: squareAll, modes: adagradModes}
)

func adamModes(h storedHyper) *storedModes {
	s := kernels.AdamHyper{LR: h.lr, Beta1: beta1, Beta2: beta2, Eps: eps, WeightDecay: h.wd, Decoupled: true, AMSGrad: h.ams}.Step(h.t)
	return &storedModes{adamStored[kernels.BF16, kernels.BF16](&s), adamStored[kernels.F16, kernels.F16](&s), adamStored[float32, kernels.BF16](&s),
		adamStored[float32, kernels.F16](&s), adamCopy[kernels.BF16](&s), adamCopy[kernels.F16](&s),
		func(w, g []float32, st [3]kernels.Q8) { kernels.AdamQ8(&s, w, g, st[0], st[1], st[2]) }}
}

func adamStored[W, S kernels.Stored](s *kernels.AdamStep) storedFn[W, S] {
	return func(w, g []W, st [3][]S, rnd kernels.Rounding) { kernels.AdamStored(s, w, g, st[0], st[1], st[2], rnd) }
}

func adamCopy[C kernels.Half](s *kernels.AdamStep) copyFn[C] {
	return func(w, g []float32, st [3][]float32, cp []C, rnd kernels.Rounding) {
		kernels.AdamCopy(s, w, g, st[0], st[1], st[2], cp, rnd)
	}
}

// sgdModes is SGD with momentum, as the float32 cases; the digests' weight decay makes it Nesterov's too.
func sgdModes(h storedHyper) *storedModes {
	s := kernels.SGDHyper{LR: h.lr, Momentum: momentum, WeightDecay: h.wd, Nesterov: h.wd != 0}.Step(h.t)
	return &storedModes{sgdStored[kernels.BF16, kernels.BF16](&s), sgdStored[kernels.F16, kernels.F16](&s), sgdStored[float32, kernels.BF16](&s),
		sgdStored[float32, kernels.F16](&s), sgdCopy[kernels.BF16](&s), sgdCopy[kernels.F16](&s),
		func(w, g []float32, st [3]kernels.Q8) { kernels.SGDQ8(&s, w, g, st[0]) }}
}

func sgdStored[W, S kernels.Stored](s *kernels.SGDStep) storedFn[W, S] {
	return func(w, g []W, st [3][]S, rnd kernels.Rounding) { kernels.SGDStored(s, w, g, st[0], rnd) }
}

func sgdCopy[C kernels.Half](s *kernels.SGDStep) copyFn[C] {
	return func(w, g []float32, st [3][]float32, cp []C, rnd kernels.Rounding) {
		kernels.SGDCopy(s, w, g, st[0], cp, rnd)
	}
}

func lionModes(h storedHyper) *storedModes {
	l := &kernels.LionHyper{LR: h.lr, Beta1: beta1, Beta2: 0.99, WeightDecay: h.wd}
	return &storedModes{lionStored[kernels.BF16, kernels.BF16](l), lionStored[kernels.F16, kernels.F16](l), lionStored[float32, kernels.BF16](l),
		lionStored[float32, kernels.F16](l), lionCopy[kernels.BF16](l), lionCopy[kernels.F16](l),
		func(w, g []float32, st [3]kernels.Q8) { kernels.LionQ8(l, w, g, st[0]) }}
}

func lionStored[W, S kernels.Stored](l *kernels.LionHyper) storedFn[W, S] {
	return func(w, g []W, st [3][]S, rnd kernels.Rounding) { kernels.LionStored(l, w, g, st[0], rnd) }
}

func lionCopy[C kernels.Half](l *kernels.LionHyper) copyFn[C] {
	return func(w, g []float32, st [3][]float32, cp []C, rnd kernels.Rounding) {
		kernels.LionCopy(l, w, g, st[0], cp, rnd)
	}
}

func adagradModes(h storedHyper) *storedModes {
	s := kernels.AdagradHyper{LR: h.lr, Eps: 1e-10, WeightDecay: h.wd}.Step(h.t)
	return &storedModes{adagradStored[kernels.BF16, kernels.BF16](&s), adagradStored[kernels.F16, kernels.F16](&s), adagradStored[float32, kernels.BF16](&s),
		adagradStored[float32, kernels.F16](&s), adagradCopy[kernels.BF16](&s), adagradCopy[kernels.F16](&s),
		func(w, g []float32, st [3]kernels.Q8) { kernels.AdagradQ8(&s, w, g, st[0]) }}
}

func adagradStored[W, S kernels.Stored](s *kernels.AdagradStep) storedFn[W, S] {
	return func(w, g []W, st [3][]S, rnd kernels.Rounding) { kernels.AdagradStored(s, w, g, st[0], rnd) }
}

func adagradCopy[C kernels.Half](s *kernels.AdagradStep) copyFn[C] {
	return func(w, g []float32, st [3][]float32, cp []C, rnd kernels.Rounding) {
		kernels.AdagradCopy(s, w, g, st[0], cp, rnd)
	}
}
