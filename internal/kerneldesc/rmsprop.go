package kerneldesc

// adagrad returns Adagrad: kernels' adagradRef.
func adagrad() []*Kernel {
	bl := newBlock("adagrad", "a *adagradArgs[F]")
	gs := gradConsts(bl, "a.grad")
	nclr := bl.add("a.nclr", "−lr/(1 + (t−1)·lr_decay)")
	in, out := epsConsts(bl, "a.eps", "a.inside")
	b := newKernel("Adagrad", step("Adagrad", "adagradRef"), bl, "w", "g", "sum")
	w := b.load("w")
	g := b.grad(gs, b.load("g"), w)
	sum := b.add(b.load("sum"), b.mul(g, g))
	b.store(sum, "sum")
	b.store(b.add(w, b.div(b.mul(b.k(nclr), g), b.rootEps(sum, in, out))), "w")
	return []*Kernel{b.done()}
}

// rmsprop returns RMSprop plain, centered, with momentum and both: kernels' rmspropRef, each variant walking only
// the arrays it needs.
func rmsprop() []*Kernel {
	bl := newBlock("rmsprop", "a *rmspropArgs[F]")
	gs := gradConsts(bl, "a.grad")
	alpha := bl.add("a.alpha", "α")
	oma := bl.add("a.oma", "1 − α")
	in, out := epsConsts(bl, "a.eps", "a.inside")
	mom := bl.add("a.mom", "μ")
	nlr := bl.add("a.nl", "−lr")
	ls := lerpConsts(bl, "a.lerp")
	var ks []*Kernel
	for _, centered := range []bool{false, true} {
		for _, momentum := range []bool{false, true} {
			name, what, arrays := "RMSprop", "RMSprop", []string{"w", "g", "sq"}
			if centered {
				name, what, arrays = name+"Centered", "centered "+what, append(arrays, "gavg")
			}
			if momentum {
				name, what, arrays = name+"Momentum", what+" with momentum", append(arrays, "buf")
			}
			b := newKernel(name, step(what, "rmspropRef"), bl, arrays...)
			if !centered || !momentum {
				b.when(is(centered, "a.centered") + " && " + is(momentum, "a.moment"))
			}
			w := b.load("w")
			g := b.grad(gs, b.load("g"), w)
			sq := b.emaSq(b.load("sq"), g, alpha, oma)
			b.store(sq, "sq")
			if centered {
				avg := b.lerp(ls, b.load("gavg"), g)
				b.store(avg, "gavg")
				sq = b.sub(sq, b.mul(avg, avg))
			}
			d := b.rootEps(sq, in, out)
			var t Value
			if momentum {
				buf := b.add(b.mul(b.load("buf"), b.k(mom)), b.div(g, d))
				b.store(buf, "buf")
				t = b.mul(b.k(nlr), buf)
			} else {
				t = b.div(b.mul(b.k(nlr), g), d)
			}
			b.store(b.add(w, t), "w")
			ks = append(ks, b.done())
		}
	}
	return ks
}

// adadelta returns Adadelta: kernels' adadeltaRef.
func adadelta() []*Kernel {
	bl := newBlock("adadelta", "a *adadeltaArgs[F]")
	gs := gradConsts(bl, "a.grad")
	rho := bl.add("a.rho", "ρ")
	omr := bl.add("a.omr", "1 − ρ")
	eps := bl.add("a.eps", "ε")
	nlr := bl.add("a.nlr", "−lr")
	b := newKernel("Adadelta", step("Adadelta", "adadeltaRef"), bl, "w", "g", "sq", "acc")
	w := b.load("w")
	g := b.grad(gs, b.load("g"), w)
	sq := b.emaSq(b.load("sq"), g, rho, omr)
	b.store(sq, "sq")
	acc := b.load("acc")
	// δ = F((√(acc + ε)/√(sq + ε))·g')
	delta := b.mul(b.div(b.sqrt(b.add(acc, b.k(eps))), b.sqrt(b.add(sq, b.k(eps)))), g)
	b.store(b.emaSq(acc, delta, rho, omr), "acc")
	b.store(b.add(w, b.mul(b.k(nlr), delta)), "w")
	return []*Kernel{b.done()}
}

// is returns the Go condition that the bool named cond is on.
func is(on bool, cond string) string {
	if on {
		return cond
	}
	return "!" + cond
}
