package kerneldesc

// The parts the optimizers share: their slots, written into a block by the *Consts functions in the order the
// block takes them, and their operations, written into a body by the builder's methods.

// gradSlots are the gradient preparation's slots: kernels' gradArgs.
type gradSlots struct{ sign, wd, coupled int }

func gradConsts(bl *Block, args string) gradSlots {
	return gradSlots{
		sign:    bl.add("signMask[F]("+args+".maximize)", "−0 when maximizing, +0 otherwise: XOR flips the gradient's sign"),
		wd:      bl.add(args+".wd", "coupled weight decay"),
		coupled: bl.addFlag(args+".coupled", "the weight decay is coupled (weight_decay ≠ 0)"),
	}
}

// grad returns kernels' gradArgs.of(g, w): −g when maximizing, then + F(wd·w) only when the decay is coupled, so
// that wd = 0 leaves g's bits alone even for an infinite w.
func (b *builder) grad(s gradSlots, g, w Value) Value {
	g = b.xor(g, b.k(s.sign))
	return b.sel(b.flag(s.coupled), b.add(g, b.mul(b.k(s.wd), w)), g)
}

// lerpSlots are a moving average's by PyTorch's lerp: kernels' lerpArgs.
type lerpSlots struct{ k, fromEnd int }

func lerpConsts(bl *Block, args string) lerpSlots {
	return lerpSlots{
		k:       bl.add(args+".k", "the lerp's coefficient"),
		fromEnd: bl.addFlag(args+".fromEnd", "the lerp is measured from its end (its weight is ≥ 0.5)"),
	}
}

// lerp returns kernels' lerpArgs.of(x, end): base + F(k·(end − x)), the base being end or x.
func (b *builder) lerp(s lerpSlots, x, end Value) Value {
	return b.add(b.sel(b.flag(s.fromEnd), end, x), b.mul(b.k(s.k), b.sub(end, x)))
}

// emaSq returns the moving average of squares F(s·a) + F(F(oma·x)·x): PyTorch's mul_(a).addcmul_(x, x, value=oma).
func (b *builder) emaSq(s, x Value, a, oma int) Value {
	return b.add(b.mul(s, b.k(a)), b.mul(b.mul(b.k(oma), x), x))
}

// epsConsts appends ε inside and outside the root, for rootEps.
func epsConsts(bl *Block, eps, inside string) (in, out int) {
	return bl.add("epsSlot("+eps+", "+inside+")", "ε inside the root (Keras), −0 otherwise"),
		bl.add("epsSlot("+eps+", !"+inside+")", "ε outside the root (PyTorch), −0 otherwise")
}

// rootEps returns kernels' rootEps(x, ε, inside) as √(x + in) + out: adding the −0 of the unused slot changes no
// value, ±0 included, so one form serves both modes without a branch.
func (b *builder) rootEps(x Value, in, out int) Value {
	return b.add(b.sqrt(b.add(x, b.k(in))), b.k(out))
}

// momentSlots are the Adam family's shared slots: kernels' moments.
type momentSlots struct {
	grad     gradSlots
	decay    int
	lerp     lerpSlots
	b2, omb2 int
}

func momentConsts(bl *Block, args string) momentSlots {
	return momentSlots{
		grad:  gradConsts(bl, args+".grad"),
		decay: bl.add(args+".decay", "decoupled decay factor (AdamW), 1 otherwise"),
		lerp:  lerpConsts(bl, args+".lerp"),
		b2:    bl.add(args+".b2", "β2"),
		omb2:  bl.add(args+".omb2", "1 − β2"),
	}
}

// moments loads w, g, m and v, stores the new m and v, and returns the decayed weight, g', m and v: kernels'
// moments.update.
func (b *builder) moments(s momentSlots) (w, g, m, v Value) {
	g, w = b.load("g"), b.load("w")
	g = b.grad(s.grad, g, w)
	w = b.mul(w, b.k(s.decay))
	m = b.lerp(s.lerp, b.load("m"), g)
	b.store(m, "m")
	v = b.emaSq(b.load("v"), g, s.b2, s.omb2)
	b.store(v, "v")
	return w, g, m, v
}
