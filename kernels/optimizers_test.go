package kernels

import (
	"math"
	"math/rand/v2"
	"testing"
)

// optCase describes one elementwise optimizer kernel for the shared tests: its state slices besides w, how many
// option combinations (variants) it has, and how to run one step t of variant v with the public kernel (the
// active path) or with the reference. The state slices a variant does not use are passed as nil.
type optCase[F Float] struct {
	name     string
	states   int
	variants int
	step     func(ref bool, v, t int, w, g []F, st [][]F)
	hyper    func(v int) any // variant v's hyperparameters, for TestVariantsCoverEveryMode; nil for SWA, which has none
}

// anyOf returns hyperFor with its result as an any, for optCase.hyper.
func anyOf[H any](hyperFor func(v int) H) func(v int) any {
	return func(v int) any { return hyperFor(v) }
}

func bit(v, b int) bool { return v&(1<<b) != 0 }

func wdOf(v, b int) float64 {
	if bit(v, b) {
		return 0.01
	}
	return 0
}

// stateIf returns s when used and nil otherwise.
func stateIf[F Float](s []F, used bool) []F {
	if used {
		return s
	}
	return nil
}

func optCases[F Float]() []optCase[F] {
	return []optCase[F]{
		{"SGD", 1, 32, func(ref bool, v, t int, w, g []F, st [][]F) {
			h := sgdHyperFor(v)
			s := h.Step(t)
			buf := stateIf(st[0], h.Momentum != 0)
			if ref {
				sgdRef(newSGDArgs[F](&s), w, g, buf)
			} else {
				SGD(&s, w, g, buf)
			}
		}, anyOf(sgdHyperFor)},
		{"Adagrad", 1, 16, func(ref bool, v, t int, w, g []F, st [][]F) {
			h := adagradHyperFor(v)
			s := h.Step(t)
			if ref {
				adagradRef(newAdagradArgs[F](&s), w, g, st[0])
			} else {
				Adagrad(&s, w, g, st[0])
			}
		}, anyOf(adagradHyperFor)},
		{"RMSprop", 3, 32, func(ref bool, v, t int, w, g []F, st [][]F) {
			h := rmspropHyperFor(v)
			gavg, buf := stateIf(st[1], h.Centered), stateIf(st[2], h.Momentum > 0)
			if ref {
				rmspropRef(newRMSpropArgs[F](&h), w, g, st[0], gavg, buf)
			} else {
				RMSprop(&h, w, g, st[0], gavg, buf)
			}
		}, anyOf(rmspropHyperFor)},
		{"Adamax", 2, 8, func(ref bool, v, t int, w, g []F, st [][]F) {
			h := adamaxHyperFor(v)
			s := h.Step(t)
			if ref {
				adamaxRef(newAdamaxArgs[F](&s), w, g, st[0], st[1])
			} else {
				Adamax(&s, w, g, st[0], st[1])
			}
		}, anyOf(adamaxHyperFor)},
		{"NAdam", 2, 8, func(ref bool, v, t int, w, g []F, st [][]F) {
			h := nadamHyperFor(v)
			prod := 1.0
			var s NAdamStep
			for k := 1; k <= t; k++ {
				s, prod = h.Step(k, prod)
			}
			if ref {
				nadamRef(newNAdamArgs[F](&s), w, g, st[0], st[1])
			} else {
				NAdam(&s, w, g, st[0], st[1])
			}
		}, anyOf(nadamHyperFor)},
		{"RAdam", 2, 16, func(ref bool, v, t int, w, g []F, st [][]F) {
			h := radamHyperFor(v)
			if bit(v, 3) {
				t += 6 // from step 7 on the variance is tractable and the update rectified
			}
			s := h.Step(t)
			if ref {
				radamRef(newRAdamArgs[F](&s), w, g, st[0], st[1])
			} else {
				RAdam(&s, w, g, st[0], st[1])
			}
		}, anyOf(radamHyperFor)},
		{"Adadelta", 2, 4, func(ref bool, v, t int, w, g []F, st [][]F) {
			h := adadeltaHyperFor(v)
			if ref {
				adadeltaRef(newAdadeltaArgs[F](&h), w, g, st[0], st[1])
			} else {
				Adadelta(&h, w, g, st[0], st[1])
			}
		}, anyOf(adadeltaHyperFor)},
		{"Lion", 1, 2, func(ref bool, v, t int, w, g []F, st [][]F) {
			h := lionHyperFor(v)
			if ref {
				lionRef(newLionArgs[F](&h), w, g, st[0])
			} else {
				Lion(&h, w, g, st[0])
			}
		}, anyOf(lionHyperFor)},
		// The averages: the tests' w is the average, written, and their g the weights averaged, read only.
		{"EMA", 0, 4, func(ref bool, v, _ int, w, g []F, _ [][]F) {
			h := emaHyperFor(v)
			if ref {
				emaRef(newEMAArgs[F](&h), w, g)
			} else {
				EMA(&h, w, g)
			}
		}, anyOf(emaHyperFor)},
		{"SWA", 0, 2, func(ref bool, v, t int, w, g []F, _ [][]F) {
			n := t - 1
			if bit(v, 0) {
				n += 1<<24 + 1 // float32 rounds the divisor
			}
			if ref {
				swaRef(F(n+1), w, g)
			} else {
				SWA(n, w, g)
			}
		}, nil},
		{"ASGD", 1, 16, func(ref bool, v, t int, w, g []F, st [][]F) {
			h := asgdHyperFor(v)
			s := h.Step(t)
			if ref {
				asgdRef(newASGDArgs[F](&s), w, g, st[0])
			} else {
				ASGD(&s, w, g, st[0])
			}
		}, anyOf(asgdHyperFor)},
		{"Rprop", 2, 16, func(ref bool, v, t int, w, g []F, st [][]F) {
			h := rpropHyperFor(v)
			if ref {
				rpropRef(newRpropArgs[F](&h), w, g, st[0], st[1])
			} else {
				Rprop(&h, w, g, st[0], st[1])
			}
		}, anyOf(rpropHyperFor)},
	}
}

// rpropHyperFor returns variant v of Rprop's hyperparameters: maximizing (bit 0), bounds that clamp most step
// sizes of [0, 1] (bit 1), η− = 1, which torch.optim refuses but the kernel takes as torch's functional rprop does
// (bit 2), and a NaN bound (bit 3).
func rpropHyperFor(v int) RpropHyper {
	h := RpropHyper{EtaMinus: 0.5, EtaPlus: 1.2, StepMin: 1e-6, StepMax: 50, Maximize: bit(v, 0)}
	if bit(v, 1) {
		h.StepMin, h.StepMax = 0.25, 0.5
	}
	if bit(v, 2) {
		h.EtaMinus = 1
	}
	if bit(v, 3) {
		h.StepMax = math.NaN()
	}
	return h
}

// optRun runs three steps of variant v on copies of w and the state, with the reference or the active path, on
// buffers provided by place (padded or guarded), and returns the outputs.
func optRun[F Float](c optCase[F], ref bool, v int, w, g []F, st [][]F, place func(k int, src []F) []F) ([]F, [][]F) {
	pw, pg := place(0, w), place(1, g)
	ps := make([][]F, len(st))
	for k := range st {
		ps[k] = place(2+k, st[k])
	}
	for t := 1; t <= 3; t++ {
		c.step(ref, v, t, pw, pg, ps)
	}
	return pw, ps
}

// TestOptimizerPaths checks every optimizer kernel on every path against its reference, bit for bit, over every
// length and offset, all option variants, realistic and special values, three steps, in padded buffers (sentinels
// intact, g unchanged) and against a PROT_NONE page on either side.
func TestOptimizerPaths(t *testing.T) {
	forEachPath(t, func(t *testing.T) { forTypes(t, optimizerPaths[float32], optimizerPaths[float64]) })
}

func optimizerPaths[F Float](t *testing.T) {
	lengths := testLengths()
	for ci, c := range optCases[F]() {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(51, uint64(ci)))
			ar := newArena[F](t, 2+c.states, lengths[len(lengths)-1])
			k := 0
			for _, n := range lengths {
				for off := range maxOffset {
					k++
					v := k % c.variants
					w, g := make([]F, n), make([]F, n)
					st := make([][]F, c.states)
					special := k%3 == 0
					fillValues(r, w, special)
					fillValues(r, g, special)
					for j := range st {
						st[j] = make([]F, n)
						fillValues(r, st[j], special)
						if !special {
							for i, x := range st[j] {
								st[j][i] = x * x // accumulators of squares are not negative
							}
						}
					}
					wantW, wantS := optRun(c, true, v, w, g, st, func(_ int, src []F) []F { return clone(src) })
					var pads []*padded[F]
					gotW, gotS := optRun(c, false, v, w, g, st, func(j int, src []F) []F {
						p := newPadded[F]("arg", len(src), (off+j)%maxOffset)
						copy(p.s, src)
						pads = append(pads, p)
						return p.s
					})
					t.Logf("n=%d off=%d variant=%d", n, off, v) // shown only on failure
					checkSame(t, "w", gotW, wantW)
					for j := range st {
						checkSame(t, "state", gotS[j], wantS[j])
					}
					checkSame(t, "g (read-only)", pads[1].s, g)
					for _, p := range pads {
						p.checkSentinels(t)
					}
					if off < sides {
						gotW, gotS = optRun(c, false, v, w, g, st, func(j int, src []F) []F {
							s := ar.side(off, j, len(src))
							copy(s, src)
							return s
						})
						checkSame(t, "w (guarded)", gotW, wantW)
						for j := range st {
							checkSame(t, "state (guarded)", gotS[j], wantS[j])
						}
					}
				}
			}
		})
	}
}

// TestOptimizersAllocateNothing checks every optimizer kernel, every variant, on every path.
func TestOptimizersAllocateNothing(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		skipInterpreter(t)
		for _, c := range optCases[float32]() {
			w, g := make([]float32, 50), make([]float32, 50)
			st := make([][]float32, c.states)
			for j := range st {
				st[j] = make([]float32, 50)
			}
			for v := range c.variants {
				if n := testing.AllocsPerRun(5, func() { c.step(false, v, 2, w, g, st) }); n != 0 {
					t.Errorf("%s variant %d: %v allocations per call", c.name, v, n)
				}
			}
		}
	})
}

// optCaseNamed returns the case of the named kernel.
func optCaseNamed[F Float](name string) optCase[F] {
	for _, c := range optCases[F]() {
		if c.name == name {
			return c
		}
	}
	panic("no optimizer case " + name)
}

// fuzzOptimizer is the fuzz target of one optimizer family: the bytes become w, g and the state (raw bits), the
// variant picks the options, and every path must return the reference's bits.
func fuzzOptimizer(f *testing.F, name string) {
	for _, n := range []int{0, 3, 40} {
		f.Add(seeds[float32](4*n), uint8(n))
		f.Add(seeds[float64](4*n), uint8(n+1))
	}
	f.Fuzz(func(t *testing.T, data []byte, variant uint8) {
		fuzzOptimizerType(t, optCaseNamed[float32](name), data, int(variant))
		fuzzOptimizerType(t, optCaseNamed[float64](name), data, int(variant))
	})
}

func fuzzOptimizerType[F Float](t *testing.T, c optCase[F], data []byte, variant int) {
	vals := decode[F](data)
	n := len(vals) / (2 + c.states)
	w, g := vals[:n], vals[n:2*n]
	st := make([][]F, c.states)
	for j := range st {
		st[j] = vals[(2+j)*n : (3+j)*n]
	}
	v := variant % c.variants
	cp := func(_ int, src []F) []F { return clone(src) }
	wantW, wantS := optRun(c, true, v, w, g, st, cp)
	onEveryPath(t, func(path string) {
		gotW, gotS := optRun(c, false, v, w, g, st, cp)
		checkSame(t, path+" w", gotW, wantW)
		for j := range st {
			checkSame(t, path+" state", gotS[j], wantS[j])
		}
	})
}

func FuzzSGD(f *testing.F)      { fuzzOptimizer(f, "SGD") }
func FuzzAdagrad(f *testing.F)  { fuzzOptimizer(f, "Adagrad") }
func FuzzRMSprop(f *testing.F)  { fuzzOptimizer(f, "RMSprop") }
func FuzzAdamax(f *testing.F)   { fuzzOptimizer(f, "Adamax") }
func FuzzNAdam(f *testing.F)    { fuzzOptimizer(f, "NAdam") }
func FuzzRAdam(f *testing.F)    { fuzzOptimizer(f, "RAdam") }
func FuzzAdadelta(f *testing.F) { fuzzOptimizer(f, "Adadelta") }
func FuzzLion(f *testing.F)     { fuzzOptimizer(f, "Lion") }
func FuzzEMA(f *testing.F)      { fuzzOptimizer(f, "EMA") }
func FuzzSWA(f *testing.F)      { fuzzOptimizer(f, "SWA") }
func FuzzASGD(f *testing.F)     { fuzzOptimizer(f, "ASGD") }
func FuzzRprop(f *testing.F)    { fuzzOptimizer(f, "Rprop") }

// goldenOptimizer digests every variant of the named optimizer, three steps each, over the golden lengths.
func goldenOptimizer[F Float](name string) func(d *digest) {
	return func(d *digest) {
		c := optCaseNamed[F](name)
		for v := range c.variants {
			n := goldenLengths[v%len(goldenLengths)]
			w, g := goldenInput[F](d, n, v%3 == 0), goldenInput[F](d, n, v%3 == 0)
			st := make([][]F, c.states)
			for j := range st {
				st[j] = goldenInput[F](d, n, false)
				for i, x := range st[j] {
					st[j][i] = x * x
				}
			}
			gw, gs := optRun(c, false, v, w, g, st, func(_ int, src []F) []F { return clone(src) })
			digestValues(d, gw...)
			for _, s := range gs {
				digestValues(d, s...)
			}
		}
	}
}

// sgdHyperFor returns variant v of SGD's hyperparameters for the shared tests.
func sgdHyperFor(v int) SGDHyper {
	h := SGDHyper{LR: 0.1, Maximize: bit(v, 0), WeightDecay: wdOf(v, 1), Nesterov: bit(v, 3)}
	if bit(v, 2) || h.Nesterov {
		h.Momentum = 0.9
	}
	if bit(v, 4) {
		h.Dampening = 0.1
	}
	return h
}

// adagradHyperFor returns variant v of Adagrad's hyperparameters for the shared tests.
func adagradHyperFor(v int) AdagradHyper {
	h := AdagradHyper{LR: 0.01, Eps: 1e-10, Maximize: bit(v, 0), WeightDecay: wdOf(v, 1), EpsInside: bit(v, 3)}
	if bit(v, 2) {
		h.LRDecay = 0.1
	}
	return h
}

// rmspropHyperFor returns variant v of RMSprop's hyperparameters for the shared tests.
func rmspropHyperFor(v int) RMSpropHyper {
	h := RMSpropHyper{LR: 0.01, Alpha: 0.99, Eps: 1e-8, Maximize: bit(v, 0), WeightDecay: wdOf(v, 1),
		Centered: bit(v, 3), EpsInside: bit(v, 4)}
	if bit(v, 2) {
		h.Momentum = 0.9
	}
	return h
}

// adamaxHyperFor returns variant v of Adamax's hyperparameters for the shared tests.
func adamaxHyperFor(v int) AdamaxHyper {
	h := AdamaxHyper{LR: 2e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Maximize: bit(v, 0), WeightDecay: wdOf(v, 1)}
	if bit(v, 2) {
		h.Beta1 = 0.3
	}
	return h
}

// nadamHyperFor returns variant v of NAdam's hyperparameters for the shared tests.
func nadamHyperFor(v int) NAdamHyper {
	h := NAdamHyper{LR: 2e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, MomentumDecay: 4e-3, Maximize: bit(v, 0),
		WeightDecay: wdOf(v, 1), Decoupled: bit(v, 2)}
	return h
}

// radamHyperFor returns variant v of RAdam's hyperparameters for the shared tests.
func radamHyperFor(v int) RAdamHyper {
	h := RAdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, Maximize: bit(v, 0), WeightDecay: wdOf(v, 1),
		Decoupled: bit(v, 2)}
	return h
}

// adadeltaHyperFor returns variant v of Adadelta's hyperparameters for the shared tests.
func adadeltaHyperFor(v int) AdadeltaHyper {
	h := AdadeltaHyper{LR: 1, Rho: 0.9, Eps: 1e-6, Maximize: bit(v, 0), WeightDecay: wdOf(v, 1)}
	return h
}

// lionHyperFor returns variant v of Lion's hyperparameters for the shared tests.
func lionHyperFor(v int) LionHyper {
	h := LionHyper{LR: 1e-4, Beta1: 0.9, Beta2: 0.99, WeightDecay: 10 * wdOf(v, 0)}
	return h
}

// emaHyperFor returns variant v of EMA's hyperparameters for the shared tests.
func emaHyperFor(v int) EMAHyper {
	h := EMAHyper{Decay: 0.999, WeightedSum: bit(v, 0)}
	if bit(v, 1) {
		h.Decay = 0.3 // the lerp's weight ≥ 0.5: measured from the weights
	}
	return h
}

// asgdHyperFor returns variant v of ASGD's hyperparameters for the shared tests.
func asgdHyperFor(v int) ASGDHyper {
	h := ASGDHyper{LR: 1e-2, Lambd: 1e-4, Alpha: 0.75, T0: 1e6, Maximize: bit(v, 0), WeightDecay: wdOf(v, 1)}
	if bit(v, 2) {
		h.T0 = -5 // averaging from step 2: μ ≠ 1
	}
	if bit(v, 3) {
		h.LR, h.Lambd = 0.5, 0.5 // a decay far from 1
	}
	return h
}
