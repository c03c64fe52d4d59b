package kernels

import "testing"

// TestLengthPanics gives every slice argument of every optimizer kernel the wrong length in turn and checks the
// panic names the kernel and that argument.
func TestLengthPanics(t *testing.T) {
	ok, bad := make([]float32, 3), make([]float32, 4)
	pick := func(k, i int) []float32 {
		if k == i {
			return bad
		}
		return ok
	}
	sgd, ada, rms, amx, nad, rad, adl, lion := testSteps()
	cases := []struct {
		kernel string
		names  []string // the arguments after w, each checked against len(w)
		call   func(k int)
	}{
		{"SGD", []string{"g", "buf"}, func(k int) { SGD(&sgd, ok, pick(k, 0), pick(k, 1)) }},
		{"Adagrad", []string{"g", "sum"}, func(k int) { Adagrad(&ada, ok, pick(k, 0), pick(k, 1)) }},
		{"RMSprop", []string{"g", "sq", "gavg", "buf"}, func(k int) { RMSprop(&rms, ok, pick(k, 0), pick(k, 1), pick(k, 2), pick(k, 3)) }},
		{"Adamax", []string{"g", "m", "u"}, func(k int) { Adamax(&amx, ok, pick(k, 0), pick(k, 1), pick(k, 2)) }},
		{"NAdam", []string{"g", "m", "v"}, func(k int) { NAdam(&nad, ok, pick(k, 0), pick(k, 1), pick(k, 2)) }},
		{"RAdam", []string{"g", "m", "v"}, func(k int) { RAdam(&rad, ok, pick(k, 0), pick(k, 1), pick(k, 2)) }},
		{"Adadelta", []string{"g", "sq", "acc"}, func(k int) { Adadelta(&adl, ok, pick(k, 0), pick(k, 1), pick(k, 2)) }},
		{"Lion", []string{"g", "m"}, func(k int) { Lion(&lion, ok, pick(k, 0), pick(k, 1)) }},
	}
	for _, c := range cases {
		for k, name := range c.names {
			panicsWith(t, func() { c.call(k) }, c.kernel+":", "len("+name+")=4", "len(w)=3")
		}
	}
	for _, f := range []func(){
		func() { SGDHyper{}.Step(0) }, func() { AdagradHyper{}.Step(0) }, func() { AdamaxHyper{}.Step(0) },
		func() { NAdamHyper{}.Step(0, 1) }, func() { RAdamHyper{}.Step(0) },
	} {
		panicsWith(t, f, "t < 1")
	}
}

// testSteps returns one step's scalars of every optimizer kernel but Adam, each with its state slices in use, for
// the tests of argument checking.
func testSteps() (SGDStep, AdagradStep, RMSpropHyper, AdamaxStep, NAdamStep, RAdamStep, AdadeltaHyper, LionHyper) {
	nad, _ := NAdamHyper{LR: 0.1, Beta1: 0.9, Beta2: 0.99}.Step(1, 1)
	return SGDHyper{LR: 0.1, Momentum: 0.9}.Step(1), AdagradHyper{LR: 0.1}.Step(1),
		RMSpropHyper{LR: 0.1, Alpha: 0.9, Centered: true, Momentum: 0.9}, AdamaxHyper{LR: 0.1, Beta1: 0.9, Beta2: 0.99}.Step(1),
		nad, RAdamHyper{LR: 0.1, Beta1: 0.9, Beta2: 0.99}.Step(1), AdadeltaHyper{LR: 1, Rho: 0.9},
		LionHyper{LR: 0.1, Beta1: 0.9, Beta2: 0.99}
}
