package main

// The weight averages, with the constant layouts of gen/amd64/average.go.
const (
	slotEMAK     = iota // lerp form: the coefficient
	slotEMAKMask        // lerp form: all ones when measured from w
	emaSlots
)

const (
	slotEMADecay = iota // weighted sum: decay
	slotEMAOmd          // weighted sum: 1 − decay
)

// average returns EMA, in its two forms, and SWA.
func average() []elementwise {
	return []elementwise{
		{name: "EMALerp", arrays: []string{"avg", "w"}, consts: emaSlots,
			doc: "sets avg[i] = lerp(avg[i], w[i]) over len(avg) elements, bit for bit as kernels' emaRef does.",
			body: func(v *vec) {
				A := lerp(v, v.load("avg"), v.load("w"), slotEMAK, slotEMAKMask)
				v.store(A, "avg")
			}},
		{name: "EMASum", arrays: []string{"avg", "w"}, consts: emaSlots,
			doc: "sets avg[i] = F(k[0]·avg[i]) + F(k[1]·w[i]) over len(avg) elements, bit for bit as kernels' emaRef does.",
			body: func(v *vec) {
				A, W := v.load("avg"), v.load("w")
				v.op3(fmul, A, A, v.k(slotEMADecay))
				v.op3(fmul, W, W, v.k(slotEMAOmd))
				v.op3(fadd, A, A, W)
				v.store(A, "avg")
			}},
		{name: "SWA", arrays: []string{"avg", "w"}, consts: 1,
			doc: "sets avg[i] += (w[i] − avg[i])/k[0] over len(avg) elements, bit for bit as kernels' swaRef does.",
			body: func(v *vec) {
				A, W := v.load("avg"), v.load("w")
				v.op3(fsub, W, W, A)
				v.op3(fdiv, W, W, v.k(0))
				v.op3(fadd, A, A, W)
				v.store(A, "avg")
			}},
	}
}
