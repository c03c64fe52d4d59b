package main

// The Adam constant block, after the moments' (kernels' adamBlock fills it).
const (
	slotBC2Sqrt = momentSlots + iota // √(1 − β2ᵗ)
	slotEps                          // ε
	slotNSS                          // −step size
	adamSlots
)

// adam returns Adam and AMSGrad: one step of kernels' adamRef.
func adam() []elementwise {
	var ks []elementwise
	for _, ams := range []bool{false, true} {
		k := elementwise{
			name: "Adam", arrays: []string{"w", "g", "m", "v"}, consts: adamSlots,
			doc:  "performs one Adam step over len(w) elements, bit for bit as kernels' adamRef does.",
			body: func(v *vec) { adamBody(v, ams) },
		}
		if ams {
			k.name, k.arrays = "AMSGrad", append(k.arrays, "vmax")
			k.doc = "performs one AMSGrad step over len(w) elements, bit for bit as kernels' adamRef does."
		}
		ks = append(ks, k)
	}
	return ks
}

func adamBody(v *vec, ams bool) {
	W, _, M, V := moments(v)
	if ams {
		V = maxNaN(v, v.load("vmax"), V)
		v.store(V, "vmax")
	}
	T, U := v.v(), v.v()
	v.op2(fsqrt, T, V)
	v.op3(fdiv, T, T, v.k(slotBC2Sqrt))
	v.op3(fadd, T, T, v.k(slotEps))
	v.op3(fmul, U, M, v.k(slotNSS))
	v.op3(fdiv, U, U, T)
	v.op3(fadd, W, W, U)
	v.store(W, "w")
}
