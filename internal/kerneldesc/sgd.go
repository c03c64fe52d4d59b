package kerneldesc

// sgd returns SGD, without and with a momentum buffer, and with it in its common form: kernels' sgdRef.
func sgd() []*Kernel { return sgdForms(true) }

// sgdForms returns SGD without and with a momentum buffer, with plain the common form's kernel too.
func sgdForms(plain bool) []*Kernel {
	bl := newBlock("sgd", "a *sgdArgs[F]")
	gs := gradConsts(bl, "a.grad")
	nlr := bl.add("a.nlr", "−lr")
	mom := bl.add("a.mom", "μ")
	omd := bl.add("a.omd", "1 − dampening")
	first := bl.addFlag("a.first", "the first step: the buffer starts as g'")
	nesterov := bl.addFlag("a.nesterov", "Nesterov momentum")
	var ks []*Kernel
	for _, momentum := range []bool{false, true} {
		b := newKernel("SGD", "performs one SGD step without momentum over len(w) elements, bit for bit as kernels' sgdRef does.",
			bl, "w", "g")
		b.when("!a.momentum")
		if momentum {
			b = newKernel("SGDMomentum", "performs one SGD step with momentum over len(w) elements, bit for bit as kernels' sgdRef does.",
				bl, "w", "g", "buf")
		}
		w := b.load("w")
		g := b.grad(gs, b.load("g"), w)
		if momentum {
			buf := b.add(b.mul(b.load("buf"), b.k(mom)), b.mul(b.k(omd), g))
			buf = b.sel(b.flag(first), g, buf)
			b.store(buf, "buf")
			g = b.sel(b.flag(nesterov), b.add(g, b.mul(b.k(mom), buf)), buf)
		}
		b.store(b.add(w, b.mul(b.k(nlr), g)), "w")
		ks = append(ks, b.done())
	}
	if !plain {
		return ks
	}
	// The common form, torch.optim.SGD(lr, momentum) after its first step, has a kernel of its own ahead of the
	// general one: the general body computes every form and selects, about twice the arithmetic, which showed as
	// twice the time of a C loop written for this form on data in cache.
	b := newKernel("SGDMomentumPlain", "performs one SGD step with momentum over len(w) elements, bit for bit as kernels' sgdRef does, "+
		"for a step that is not the first, without weight decay, Nesterov momentum or maximize.", bl, "w", "g", "buf")
	b.when("!a.first && !a.nesterov && !a.grad.coupled && !a.grad.maximize")
	g := b.load("g")
	buf := b.add(b.mul(b.load("buf"), b.k(mom)), b.mul(b.k(omd), g))
	b.store(buf, "buf")
	b.store(b.add(b.load("w"), b.mul(b.k(nlr), buf)), "w")
	return append(ks[:1], b.done(), ks[1])
}

// asgd returns ASGD: kernels' asgdRef.
func asgd() []*Kernel {
	bl := newBlock("asgd", "a *asgdArgs[F]")
	gs := gradConsts(bl, "a.grad")
	decay := bl.add("a.decay", "1 − λ·η")
	neta := bl.add("a.neta", "−η")
	mu := bl.add("a.mu", "μ")
	average := bl.addFlag("a.average", "μ ≠ 1: ax moves toward w; otherwise ax is set to w")
	b := newKernel("ASGD", step("ASGD", "asgdRef"), bl, "w", "g", "ax")
	w := b.load("w")
	g := b.grad(gs, b.load("g"), w)
	w = b.add(b.mul(w, b.k(decay)), b.mul(b.k(neta), g))
	b.store(w, "w")
	ax := b.load("ax")
	b.store(b.sel(b.flag(average), b.add(ax, b.mul(b.sub(w, ax), b.k(mu))), w), "ax")
	return []*Kernel{b.done()}
}
