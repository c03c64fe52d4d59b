package kerneldesc

// step returns the doc of an optimizer kernel that performs one step of the reference ref.
func step(what, ref string) string {
	return "performs one " + what + " step over len(w) elements, bit for bit as kernels' " + ref + " does."
}

// adam returns Adam and AMSGrad: kernels' adamRef.
func adam() []*Kernel {
	bl := newBlock("adam", "a *adamArgs[F]")
	ms := momentConsts(bl, "a.moments")
	bc2sqrt := bl.add("a.bc2sqrt", "√(1 − β2ᵗ)")
	eps := bl.add("a.eps", "ε")
	nss := bl.add("a.nss", "−step size")
	var ks []*Kernel
	for _, ams := range []bool{false, true} {
		b := newKernel("Adam", step("Adam", "adamRef"), bl, "w", "g", "m", "v")
		if ams {
			b = newKernel("AMSGrad", step("AMSGrad", "adamRef"), bl, "w", "g", "m", "v", "vmax")
		}
		if !ams {
			b.when("vmax == nil")
		}
		w, _, m, v := b.moments(ms)
		if ams {
			v = b.maxNaN(b.load("vmax"), v) // torch.maximum(vmax, v): a NaN in either propagates
			b.store(v, "vmax")
		}
		d := b.add(b.div(b.sqrt(v), b.k(bc2sqrt)), b.k(eps))
		b.store(b.add(w, b.div(b.mul(b.k(nss), m), d)), "w")
		ks = append(ks, b.done())
	}
	return ks
}

// adamax returns Adamax: kernels' adamaxRef.
func adamax() []*Kernel {
	bl := newBlock("adamax", "a *adamaxArgs[F]")
	gs := gradConsts(bl, "a.grad")
	ls := lerpConsts(bl, "a.lerp")
	b2 := bl.add("a.b2", "β2")
	eps := bl.add("a.eps", "ε")
	nclr := bl.add("a.nclr", "−lr/(1 − β1ᵗ)")
	abs := bl.add("absMask[F]()", "all bits but the sign: x AND it is |x|")
	b := newKernel("Adamax", step("Adamax", "adamaxRef"), bl, "w", "g", "m", "u")
	w := b.load("w")
	g := b.grad(gs, b.load("g"), w)
	m := b.lerp(ls, b.load("m"), g)
	b.store(m, "m")
	u := b.maxNaN(b.mul(b.load("u"), b.k(b2)), b.add(b.and(g, b.k(abs)), b.k(eps)))
	b.store(u, "u")
	b.store(b.add(w, b.div(b.mul(b.k(nclr), m), u)), "w")
	return []*Kernel{b.done()}
}

// nadam returns NAdam: kernels' nadamRef.
func nadam() []*Kernel {
	bl := newBlock("nadam", "a *nadamArgs[F]")
	ms := momentConsts(bl, "a.moments")
	bc2 := bl.add("a.bc2", "1 − β2ᵗ")
	eps := bl.add("a.eps", "ε")
	cg := bl.add("a.cg", "the gradient's coefficient")
	cm := bl.add("a.cm", "the first moment's coefficient")
	b := newKernel("NAdam", step("NAdam", "nadamRef"), bl, "w", "g", "m", "v")
	w, g, m, v := b.moments(ms)
	d := b.add(b.sqrt(b.div(v, b.k(bc2))), b.k(eps))
	w = b.add(w, b.div(b.mul(b.k(cg), g), d))
	b.store(b.add(w, b.div(b.mul(b.k(cm), m), d)), "w")
	return []*Kernel{b.done()}
}

// radam returns RAdam: kernels' radamRef. Both steps are computed and the rectified one selected, since the choice
// is the same for every element.
func radam() []*Kernel {
	bl := newBlock("radam", "a *radamArgs[F]")
	ms := momentConsts(bl, "a.moments")
	eps := bl.add("a.eps", "ε")
	lr := bl.add("a.lr", "lr")
	bc1 := bl.add("a.bc1", "1 − β1ᵗ")
	bc2sqrt := bl.add("a.bc2sqrt", "√(1 − β2ᵗ)")
	rect := bl.add("a.rect", "the rectification term")
	rectified := bl.addFlag("a.rectified", "the step is rectified (ρₜ > 5)")
	b := newKernel("RAdam", step("RAdam", "radamRef"), bl, "w", "g", "m", "v")
	w, _, m, v := b.moments(ms)
	s := b.mul(b.div(m, b.k(bc1)), b.k(lr))
	r := b.div(b.k(bc2sqrt), b.add(b.sqrt(v), b.k(eps)))
	r = b.mul(b.mul(s, r), b.k(rect))
	b.store(b.sub(w, b.sel(b.flag(rectified), r, s)), "w")
	return []*Kernel{b.done()}
}
