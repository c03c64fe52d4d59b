package main

// The elementwise optimizers and helpers, with the constant layouts of their gen/amd64 twins (kernels' glue fills
// one block for both architectures), each body the reference's operations in the reference's order.

// rootEps returns √(x + in) + out, with (in, out) = (ε, −0) or (−0, ε): adding −0 changes no value.
func rootEps(v *vec, x vreg, in, out int) vreg {
	D := v.v()
	v.op3(fadd, D, x, v.k(in))
	v.op2(fsqrt, D, D)
	v.op3(fadd, D, D, v.k(out))
	return D
}

// SGD: gradSlots, then −lr, μ, 1 − dampening, first-step flag, Nesterov flag.
const (
	slotSGDNLR = gradSlots + iota
	slotSGDMom
	slotSGDOmd
	slotSGDFirst
	slotSGDNesterov
	sgdSlots
)

func sgd() []elementwise {
	body := func(momentum bool) func(v *vec) {
		return func(v *vec) {
			G, W, T := v.load("g"), v.load("w"), v.v()
			prepGrad(v, G, W)
			if momentum {
				B, U := v.load("buf"), v.v()
				v.op3(fmul, B, B, v.k(slotSGDMom))
				v.op3(fmul, U, G, v.k(slotSGDOmd))
				v.op3(fadd, B, B, U)
				v.bit(v.k(slotSGDFirst), G, B) // the first step starts the buffer at g'
				v.store(B, "buf")
				v.op3(fmul, U, B, v.k(slotSGDMom))
				v.op3(fadd, U, G, U)
				v.mov(G, B)
				v.bit(v.k(slotSGDNesterov), U, G)
			}
			v.op3(fmul, T, G, v.k(slotSGDNLR))
			v.op3(fadd, W, W, T)
			v.store(W, "w")
		}
	}
	return []elementwise{
		{name: "SGD", arrays: []string{"w", "g"}, consts: sgdSlots, body: body(false),
			doc: "performs one SGD step without momentum over len(w) elements, bit for bit as kernels' sgdRef does."},
		{name: "SGDMomentum", arrays: []string{"w", "g", "buf"}, consts: sgdSlots, body: body(true),
			doc: "performs one SGD step with momentum over len(w) elements, bit for bit as kernels' sgdRef does."},
	}
}

// Adagrad: gradSlots, then −clr, ε inside and outside the root.
const (
	slotAdagradNCLR = gradSlots + iota
	slotAdagradEpsIn
	slotAdagradEpsOut
	adagradSlots
)

func adagrad() []elementwise {
	return []elementwise{{
		name: "Adagrad", arrays: []string{"w", "g", "sum"}, consts: adagradSlots,
		doc: "performs one Adagrad step over len(w) elements, bit for bit as kernels' adagradRef does.",
		body: func(v *vec) {
			G, W, S, T := v.load("g"), v.load("w"), v.load("sum"), v.v()
			prepGrad(v, G, W)
			v.op3(fmul, T, G, G)
			v.op3(fadd, S, S, T)
			v.store(S, "sum")
			D := rootEps(v, S, slotAdagradEpsIn, slotAdagradEpsOut)
			v.op3(fmul, T, G, v.k(slotAdagradNCLR))
			v.op3(fdiv, T, T, D)
			v.op3(fadd, W, W, T)
			v.store(W, "w")
		},
	}}
}

// RMSprop: gradSlots, then α, 1 − α, ε in and out, μ, −lr, the gradient average's lerp.
const (
	slotRMSAlpha = gradSlots + iota
	slotRMSOma
	slotRMSEpsIn
	slotRMSEpsOut
	slotRMSMom
	slotRMSNLR
	slotRMSK
	slotRMSKMask
	rmspropSlots
)

func rmsprop() []elementwise {
	var ks []elementwise
	for _, centered := range []bool{false, true} {
		for _, momentum := range []bool{false, true} {
			k := elementwise{name: "RMSprop", arrays: []string{"w", "g", "sq"}, consts: rmspropSlots}
			what := "RMSprop"
			if centered {
				k.name, k.arrays, what = k.name+"Centered", append(k.arrays, "gavg"), "centered "+what
			}
			if momentum {
				k.name, k.arrays, what = k.name+"Momentum", append(k.arrays, "buf"), what+" with momentum"
			}
			k.doc = "performs one " + what + " step over len(w) elements, bit for bit as kernels' rmspropRef does."
			k.body = func(v *vec) {
				G, W, S, T := v.load("g"), v.load("w"), v.load("sq"), v.v()
				prepGrad(v, G, W)
				emaSq(v, S, G, slotRMSAlpha, slotRMSOma)
				v.store(S, "sq")
				if centered {
					A := lerp(v, v.load("gavg"), G, slotRMSK, slotRMSKMask)
					v.store(A, "gavg")
					v.op3(fmul, T, A, A)
					v.op3(fsub, S, S, T)
				}
				D := rootEps(v, S, slotRMSEpsIn, slotRMSEpsOut)
				if momentum {
					B := v.load("buf")
					v.op3(fmul, B, B, v.k(slotRMSMom))
					v.op3(fdiv, T, G, D)
					v.op3(fadd, B, B, T)
					v.store(B, "buf")
					v.op3(fmul, T, B, v.k(slotRMSNLR))
				} else {
					v.op3(fmul, T, G, v.k(slotRMSNLR))
					v.op3(fdiv, T, T, D)
				}
				v.op3(fadd, W, W, T)
				v.store(W, "w")
			}
			ks = append(ks, k)
		}
	}
	return ks
}

// Adamax: gradSlots, then the lerp, β2, ε, −clr, the |x| mask.
const (
	slotAdamaxK = gradSlots + iota
	slotAdamaxKMask
	slotAdamaxB2
	slotAdamaxEps
	slotAdamaxNCLR
	slotAdamaxAbs
	adamaxSlots
)

func adamax() []elementwise {
	return []elementwise{{
		name: "Adamax", arrays: []string{"w", "g", "m", "u"}, consts: adamaxSlots,
		doc: "performs one Adamax step over len(w) elements, bit for bit as kernels' adamaxRef does.",
		body: func(v *vec) {
			G, W, T := v.load("g"), v.load("w"), v.v()
			prepGrad(v, G, W)
			M := lerp(v, v.load("m"), G, slotAdamaxK, slotAdamaxKMask)
			v.store(M, "m")
			U := v.load("u")
			v.op3(fmul, U, U, v.k(slotAdamaxB2))
			v.and(T, G, v.k(slotAdamaxAbs))
			v.op3(fadd, T, T, v.k(slotAdamaxEps))
			U = maxNaN(v, U, T)
			v.store(U, "u")
			v.op3(fmul, T, M, v.k(slotAdamaxNCLR))
			v.op3(fdiv, T, T, U)
			v.op3(fadd, W, W, T)
			v.store(W, "w")
		},
	}}
}

// NAdam: the moments' slots, then 1 − β2ᵗ, ε, the gradient's and the moment's coefficients.
const (
	slotNAdamBC2 = momentSlots + iota
	slotNAdamEps
	slotNAdamCG
	slotNAdamCM
	nadamSlots
)

func nadam() []elementwise {
	return []elementwise{{
		name: "NAdam", arrays: []string{"w", "g", "m", "v"}, consts: nadamSlots,
		doc: "performs one NAdam step over len(w) elements, bit for bit as kernels' nadamRef does.",
		body: func(v *vec) {
			W, G, M, V := moments(v)
			D, T := v.v(), v.v()
			v.op3(fdiv, D, V, v.k(slotNAdamBC2))
			v.op2(fsqrt, D, D)
			v.op3(fadd, D, D, v.k(slotNAdamEps))
			v.op3(fmul, T, G, v.k(slotNAdamCG))
			v.op3(fdiv, T, T, D)
			v.op3(fadd, W, W, T)
			v.op3(fmul, T, M, v.k(slotNAdamCM))
			v.op3(fdiv, T, T, D)
			v.op3(fadd, W, W, T)
			v.store(W, "w")
		},
	}}
}

// RAdam: the moments' slots, then ε, lr, 1 − β1ᵗ, √(1 − β2ᵗ), the rectification term and its flag.
const (
	slotRAdamEps = momentSlots + iota
	slotRAdamLR
	slotRAdamBC1
	slotRAdamBC2Sqrt
	slotRAdamRect
	slotRAdamRectified
	radamSlots
)

func radam() []elementwise {
	return []elementwise{{
		name: "RAdam", arrays: []string{"w", "g", "m", "v"}, consts: radamSlots,
		doc: "performs one RAdam step over len(w) elements, bit for bit as kernels' radamRef does.",
		body: func(v *vec) {
			W, _, M, V := moments(v)
			S, D, R := v.v(), v.v(), v.v()
			v.op3(fdiv, S, M, v.k(slotRAdamBC1))
			v.op3(fmul, S, S, v.k(slotRAdamLR))
			v.op2(fsqrt, D, V)
			v.op3(fadd, D, D, v.k(slotRAdamEps))
			v.op3(fdiv, R, v.k(slotRAdamBC2Sqrt), D)
			v.op3(fmul, R, S, R)
			v.op3(fmul, R, R, v.k(slotRAdamRect))
			v.bit(v.k(slotRAdamRectified), R, S)
			v.op3(fsub, W, W, S)
			v.store(W, "w")
		},
	}}
}

// Adadelta: gradSlots, then ρ, 1 − ρ, ε, −lr.
const (
	slotAdadeltaRho = gradSlots + iota
	slotAdadeltaOmr
	slotAdadeltaEps
	slotAdadeltaNLR
	adadeltaSlots
)

func adadelta() []elementwise {
	return []elementwise{{
		name: "Adadelta", arrays: []string{"w", "g", "sq", "acc"}, consts: adadeltaSlots,
		doc: "performs one Adadelta step over len(w) elements, bit for bit as kernels' adadeltaRef does.",
		body: func(v *vec) {
			G, W, S, T := v.load("g"), v.load("w"), v.load("sq"), v.v()
			prepGrad(v, G, W)
			emaSq(v, S, G, slotAdadeltaRho, slotAdadeltaOmr)
			v.store(S, "sq")
			A, N := v.load("acc"), v.v()
			v.op3(fadd, N, A, v.k(slotAdadeltaEps))
			v.op2(fsqrt, N, N)
			v.op3(fadd, S, S, v.k(slotAdadeltaEps))
			v.op2(fsqrt, S, S)
			v.op3(fdiv, N, N, S)
			v.op3(fmul, N, N, G) // δ = F((√(acc + ε)/√(sq + ε))·g')
			emaSq(v, A, N, slotAdadeltaRho, slotAdadeltaOmr)
			v.store(A, "acc")
			v.op3(fmul, T, N, v.k(slotAdadeltaNLR))
			v.op3(fadd, W, W, T)
			v.store(W, "w")
		},
	}}
}

// Lion: 1 − lr·wd, β1, 1 − β1, β2, 1 − β2, −lr, +0, 1, −1.
const (
	slotLionDecay = iota
	slotLionB1
	slotLionOmb1
	slotLionB2
	slotLionOmb2
	slotLionNLR
	slotLionZero
	slotLionOne
	slotLionMinusOne
	lionSlots
)

func lion() []elementwise {
	return []elementwise{{
		name: "Lion", arrays: []string{"w", "g", "m"}, consts: lionSlots,
		doc: "performs one Lion step over len(w) elements, bit for bit as kernels' lionRef does.",
		body: func(v *vec) {
			G, M, C, T := v.load("g"), v.load("m"), v.v(), v.v()
			v.op3(fmul, C, M, v.k(slotLionB1))
			v.op3(fmul, T, G, v.k(slotLionOmb1))
			v.op3(fadd, C, C, T)
			// sign(c): ±1, or c itself for ±0 and NaN, which compare neither greater nor less than 0.
			S, Q := v.v(), v.v()
			v.mov(S, C)
			v.op3(fcmgt, Q, C, v.k(slotLionZero))
			v.bit(Q, v.k(slotLionOne), S)
			v.op3(fcmgt, Q, v.k(slotLionZero), C)
			v.bit(Q, v.k(slotLionMinusOne), S)
			W := v.load("w")
			v.op3(fmul, W, W, v.k(slotLionDecay))
			v.op3(fmul, S, S, v.k(slotLionNLR))
			v.op3(fadd, W, W, S)
			v.store(W, "w")
			v.op3(fmul, M, M, v.k(slotLionB2))
			v.op3(fmul, T, G, v.k(slotLionOmb2))
			v.op3(fadd, M, M, T)
			v.store(M, "m")
		},
	}}
}

// ASGD: gradSlots, then 1 − λ·η, −η, μ, the averaging flag.
const (
	slotASGDDecay = gradSlots + iota
	slotASGDNEta
	slotASGDMu
	slotASGDAverage
	asgdSlots
)

func asgd() []elementwise {
	return []elementwise{{
		name: "ASGD", arrays: []string{"w", "g", "ax"}, consts: asgdSlots,
		doc: "performs one ASGD step over len(w) elements, bit for bit as kernels' asgdRef does.",
		body: func(v *vec) {
			G, W, T := v.load("g"), v.load("w"), v.v()
			prepGrad(v, G, W)
			v.op3(fmul, W, W, v.k(slotASGDDecay))
			v.op3(fmul, T, G, v.k(slotASGDNEta))
			v.op3(fadd, W, W, T)
			v.store(W, "w")
			A := v.load("ax")
			v.op3(fsub, T, W, A)
			v.op3(fmul, T, T, v.k(slotASGDMu))
			v.op3(fadd, T, A, T)
			v.mov(A, W)
			v.bit(v.k(slotASGDAverage), T, A) // ax moves toward w when μ ≠ 1, and is w otherwise
			v.store(A, "ax")
		},
	}}
}

// Rprop: the gradient's sign flip, η−, η+, the step size's bounds, −0 or NaN (a NaN bound), +0, −0, 1, −1.
const (
	slotRpropFlip = iota
	slotRpropEM
	slotRpropEP
	slotRpropLo
	slotRpropHi
	slotRpropBound
	slotRpropZero
	slotRpropNegZero
	slotRpropOne
	slotRpropMinusOne
	rpropSlots
)

func rprop() []elementwise {
	return []elementwise{{
		name: "Rprop", arrays: []string{"w", "g", "prev", "stepSize"}, consts: rpropSlots,
		doc: "performs one Rprop step over len(w) elements, bit for bit as kernels' rpropRef does.",
		body: func(v *vec) {
			G, P, S, Q := v.load("g"), v.load("prev"), v.v(), v.v()
			v.xor(G, G, v.k(slotRpropFlip))
			v.op3(fmul, P, G, P)
			// The factor: zsign(g·prev), then torch's three masked assignments in its order. NaN compares false
			// everywhere, so a NaN product ends as 1 and a NaN η as itself.
			v.mov(S, v.k(slotRpropZero))
			v.op3(fcmgt, Q, P, v.k(slotRpropZero))
			v.bit(Q, v.k(slotRpropOne), S)
			v.op3(fcmgt, Q, v.k(slotRpropZero), P)
			v.bit(Q, v.k(slotRpropMinusOne), S)
			v.op3(fcmgt, Q, S, v.k(slotRpropZero))
			v.bit(Q, v.k(slotRpropEP), S)
			v.op3(fcmgt, Q, v.k(slotRpropZero), S)
			v.bit(Q, v.k(slotRpropEM), S)
			v.op3(fcmeq, Q, S, v.k(slotRpropZero))
			v.bit(Q, v.k(slotRpropOne), S)
			Z := v.load("stepSize")
			v.op3(fmul, Z, Z, S)
			v.op3(fcmgt, Q, v.k(slotRpropLo), Z)
			v.bit(Q, v.k(slotRpropLo), Z)
			v.op3(fcmgt, Q, Z, v.k(slotRpropHi))
			v.bit(Q, v.k(slotRpropHi), Z)
			v.op3(fadd, Z, Z, v.k(slotRpropBound))
			v.store(Z, "stepSize")
			v.op3(fcmeq, Q, S, v.k(slotRpropEM))
			v.bit(Q, v.k(slotRpropZero), G)
			v.store(G, "prev")
			// −zsign(g): ∓1, or −0 for ±0 and NaN.
			v.mov(S, v.k(slotRpropNegZero))
			v.op3(fcmgt, Q, G, v.k(slotRpropZero))
			v.bit(Q, v.k(slotRpropMinusOne), S)
			v.op3(fcmgt, Q, v.k(slotRpropZero), G)
			v.bit(Q, v.k(slotRpropOne), S)
			v.op3(fmul, S, S, Z)
			W := v.load("w")
			v.op3(fadd, W, W, S)
			v.store(W, "w")
		},
	}}
}

// helpers returns Scale, Axpy and ClipValue (k = {c, −c}, c ≥ 0 and never −0; NaN compares false and stays).
func helpers() []elementwise {
	return []elementwise{
		{name: "Scale", arrays: []string{"x"}, consts: 1, doc: "sets x[i] = k[0]·x[i] over len(x) elements.",
			body: func(v *vec) {
				X := v.load("x")
				v.op3(fmul, X, X, v.k(0))
				v.store(X, "x")
			}},
		{name: "Axpy", arrays: []string{"x", "y"}, consts: 1, doc: "adds F(k[0]·x[i]) to y[i] over len(x) elements.",
			body: func(v *vec) {
				X, Y := v.load("x"), v.load("y")
				v.op3(fmul, X, X, v.k(0))
				v.op3(fadd, Y, Y, X)
				v.store(Y, "y")
			}},
		{name: "ClipValue", arrays: []string{"x"}, consts: 2, doc: "clamps x[i] to [k[1], k[0]] over len(x) elements; NaN stays NaN.",
			body: func(v *vec) {
				X, Y, Q := v.load("x"), v.v(), v.v()
				v.mov(Y, X)
				v.op3(fcmgt, Q, v.k(1), X) // x < −c
				v.bit(Q, v.k(1), Y)
				v.op3(fcmgt, Q, X, v.k(0)) // x > c
				v.bit(Q, v.k(0), Y)
				v.store(Y, "x")
			}},
	}
}
