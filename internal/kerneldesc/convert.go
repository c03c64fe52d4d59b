package kerneldesc

// conversions returns the conversions between float32 and the 16-bit storage types, kernels' WidenBF16, WidenF16,
// and RoundToBF16 and RoundToF16 to nearest: each one Load and one Store, with the 16-bit storage on one side. They
// have no constants, so they take no constant block.
func conversions() []*Kernel {
	var ks []*Kernel
	for _, t := range []struct {
		name string
		s    Storage
	}{{"BF16", BF16}, {"F16", F16}} {
		w := newKernel("Widen"+t.name, "sets dst[i] to src[i] widened to float32, exactly, over len(dst) elements.",
			&Block{Name: "widen" + t.name}, "dst", "src")
		w.stored("src", t.s)
		w.store(w.load("src"), "dst")
		r := newKernel("RoundTo"+t.name, "sets dst[i] to src[i] rounded to nearest, ties to even, over len(dst) elements.",
			&Block{Name: "round" + t.name}, "dst", "src")
		r.stored("dst", t.s)
		r.store(r.load("src"), "dst")
		ks = append(ks, w.done(), r.done())
	}
	return ks
}
