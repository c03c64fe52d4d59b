package train

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/fastgrad/fastgrad/internal/misuse"
	"github.com/fastgrad/fastgrad/kernels"
	"github.com/fastgrad/fastgrad/optim"
)

// TestMisuse walks every exported function and method of the package through its misuse cases. Bad input is an
// error, never a panic, and the error says exactly what is wrong (the whole message is compared); a call that
// fails writes nothing it was given (weights, features). The borderline calls the documentation allows run. The
// table is complete by construction: misuse.Run lists the package's exported functions and methods with
// go/parser and fails for one without cases.
func TestMisuse(t *testing.T) {
	misuse.RunFloats(t, ".", misuseTable[float32], misuseTable[float64])
}

// misuseTable returns every exported function's and method's misuse cases, by name as misuse.Exported gives it,
// their weights and features made by a.
func misuseTable[F kernels.Float](t *testing.T, a *misuse.Args[F]) map[string][]misuse.Case {
	s := a.Slice
	ok, fails := misuse.OK, misuse.Fails
	nan, inf := math.NaN(), math.Inf(1)
	is := misuse.Is
	p, _ := synthetic[F](t, 50, 2, 9)
	other, _ := synthetic[F](t, 50, 3, 9)
	sub, err := p.Subset([]int{4, 0, 7})
	if err != nil {
		t.Fatal(err)
	}
	table := map[string][]misuse.Case{}

	// Train: every field of Config, the weights and the problem; the weights stay as they were on an error.
	good := func() Config[F] { return Config[F]{Batch: 10, Optimizer: sgd[F](0.01, 0), Stop: Stop{MaxEpochs: 1}} }
	with := func(change func(*Config[F])) func() error {
		return func() error {
			c := good()
			change(&c)
			_, err := Train(p, s(2), c)
			return err
		}
	}
	badAdam := optim.DefaultAdam()
	badAdam.LR = nan
	_, adamErr := optim.NewAdam([]*optim.Param[F]{{Name: "w", Value: make([]F, 2), Grad: make([]F, 2)}}, badAdam)
	if adamErr == nil {
		t.Fatal("optim.NewAdam accepts a NaN learning rate")
	}
	boom := errors.New("boom")
	table["Train"] = []misuse.Case{
		fails("batch 0", with(func(c *Config[F]) { c.Batch = 0 }), "train: Batch=0, want in [1, Rows()=50]"),
		fails("batch −1", with(func(c *Config[F]) { c.Batch = -1 }), "train: Batch=-1, want in [1, Rows()=50]"),
		fails("batch > rows", with(func(c *Config[F]) { c.Batch = 51 }), "train: Batch=51, want in [1, Rows()=50]"),
		fails("no optimizer", with(func(c *Config[F]) { c.Optimizer = nil }), "train: no Optimizer and no Lookahead"),
		fails("two optimizers", with(func(c *Config[F]) { c.Lookahead = &Lookahead{LR: 0.1, Momentum: 0.9} }),
			"train: both Optimizer and Lookahead are set"),
		fails("lookahead NaN LR", with(func(c *Config[F]) { c.Optimizer, c.Lookahead = nil, &Lookahead{LR: nan} }),
			"train: Lookahead: LR=NaN, want finite and > 0"),
		fails("lookahead infinite LR", with(func(c *Config[F]) { c.Optimizer, c.Lookahead = nil, &Lookahead{LR: inf} }),
			"train: Lookahead: LR=+Inf, want finite and > 0"),
		fails("lookahead momentum 1", with(func(c *Config[F]) { c.Optimizer, c.Lookahead = nil, &Lookahead{LR: 0.1, Momentum: 1} }),
			"train: Lookahead: Momentum=1, want in [0, 1)"),
		fails("lookahead NaN momentum", with(func(c *Config[F]) { c.Optimizer, c.Lookahead = nil, &Lookahead{LR: 0.1, Momentum: nan} }),
			"train: Lookahead: Momentum=NaN, want in [0, 1)"),
		fails("optimizer NaN LR (optim's error, passed on)", with(func(c *Config[F]) { c.Optimizer = Use(optim.NewAdam[F], badAdam) }),
			adamErr.Error()),
		fails("optimizer's own error", with(func(c *Config[F]) {
			c.Optimizer = func([]*optim.Param[F]) (Stepper, error) { return nil, boom }
		}), "boom"),
		fails("optimizer returns neither optimizer nor error", with(func(c *Config[F]) {
			c.Optimizer = func([]*optim.Param[F]) (Stepper, error) { return nil, nil }
		}), errNilOptimizer.Error()),
		fails("step error ends the run", with(func(c *Config[F]) {
			c.Optimizer = func([]*optim.Param[F]) (Stepper, error) { return stepFunc(func() error { return boom }), nil }
		}), "boom"),
		fails("no budget", with(func(c *Config[F]) { c.Stop = Stop{GradTol: 1} }),
			"train: Stop: neither MaxIter nor MaxEpochs is set, so nothing would end the run"),
		fails("negative MaxIter", with(func(c *Config[F]) { c.Stop.MaxIter = -1 }),
			"train: Stop: MaxIter=-1, MaxEpochs=1, Patience=0, want ≥ 0"),
		fails("negative Patience", with(func(c *Config[F]) { c.Stop.Patience = -1 }),
			"train: Stop: MaxIter=0, MaxEpochs=1, Patience=-1, want ≥ 0"),
		fails("NaN StepTol", with(func(c *Config[F]) { c.Stop.StepTol = nan }), "train: Stop: StepTol=NaN, want finite and ≥ 0"),
		fails("infinite GradTol", with(func(c *Config[F]) { c.Stop.GradTol = inf }), "train: Stop: GradTol=+Inf, want finite and ≥ 0"),
		fails("negative GradTol", with(func(c *Config[F]) { c.Stop.GradTol = -1 }), "train: Stop: GradTol=-1, want finite and ≥ 0"),
		fails("patience, no validation", with(func(c *Config[F]) { c.Stop.Patience = 2 }),
			"train: Stop.Patience=2 needs a Validation problem"),
		fails("validation columns", with(func(c *Config[F]) { c.Validation = other }), "train: validation problem has 3 columns, want 2"),
		fails("objective", with(func(c *Config[F]) { c.Objective = Objective(5) }), "train: unknown objective 5"),
		fails("estimator −1", with(func(c *Config[F]) { c.Estimator = Estimator(-1) }), "train: unknown estimator -1"),
		fails("estimator 3", with(func(c *Config[F]) { c.Estimator = SAGA + 1 }), "train: unknown estimator 3"),
		fails("3 weights for 2 columns", func() error { _, err := Train(p, s(3), good()); return err },
			"train: len(w)=3, want the problem's 2 columns"),
		fails("nil weights", func() error { _, err := Train(p, nil, good()); return err }, "train: len(w)=0, want the problem's 2 columns"),
		fails("nil problem", func() error { _, err := Train(nil, s(2), good()); return err }, "train: nil problem"),
		fails("zero problem", func() error { _, err := Train(&Problem[F]{}, nil, good()); return err },
			"train: Batch=10, want in [1, Rows()=0]"),
		ok("the good configuration", func() { mustTrain(t, p, s(2), good()) }),
		is("NaN weights: a diverged result, not an error", func() any {
			w := s(2)
			w[0] = F(nan)
			return mustTrain(t, p, w, good()).Reason
		}, StopDiverged),
		ok("batch of all rows, a validation subset", func() {
			c := good()
			c.Batch, c.Validation, c.Stop.Patience = p.Rows(), sub, 1
			mustTrain(t, p, s(2), c)
		}),
	}
	table["Use"] = []misuse.Case{
		fails("nil constructor", with(func(c *Config[F]) {
			c.Optimizer = Use[F, optim.AdamConfig, *optim.Adam[F]](nil, optim.DefaultAdam())
		}), errNilOptimizer.Error()),
		fails("constructor returns a nil optimizer and no error", with(func(c *Config[F]) {
			c.Optimizer = Use(func([]*optim.Param[F], int) (*optim.Adam[F], error) { return nil, nil }, 0)
		}), errNilOptimizer.Error()),
		fails("constructor's error", with(func(c *Config[F]) {
			c.Optimizer = Use(func([]*optim.Param[F], int) (*optim.Adam[F], error) { return nil, boom }, 0)
		}), "boom"),
	}

	// Problems.
	table["NewProblem"] = []misuse.Case{
		fails("cols 0", func() error { _, err := NewProblem(s(1), s(1), 0); return err }, "train: NewProblem: cols=0, want > 0"),
		fails("cols −1", func() error { _, err := NewProblem(s(1), s(1), -1); return err }, "train: NewProblem: cols=-1, want > 0"),
		fails("X too short", func() error { _, err := NewProblem(s(3), s(2), 2); return err },
			"train: NewProblem: len(X)=3, want len(y)·cols=2·2"),
		fails("X a partial row too long", func() error { _, err := NewProblem(s(5), s(2), 2); return err },
			"train: NewProblem: len(X)=5, want len(y)·cols=2·2"),
		fails("X nil", func() error { _, err := NewProblem(nil, s(2), 2); return err }, "train: NewProblem: len(X)=0, want len(y)·cols=2·2"),
		fails("no rows", func() error { _, err := NewProblem(s(0), s(0), 2); return err }, "train: NewProblem: no rows (len(y)=0)"),
		ok("NaN values (a run on them diverges)", func() {
			if _, err := NewProblem([]F{F(nan)}, []F{F(inf)}, 1); err != nil {
				panic(err)
			}
		}),
	}
	table["Problem.Rows"] = []misuse.Case{is("of a subset", func() any { return sub.Rows() }, 3),
		is("of a zero Problem", func() any { return (&Problem[F]{}).Rows() }, 0)}
	table["Problem.Cols"] = []misuse.Case{is("of a subset", func() any { return sub.Cols() }, 2)}
	table["Problem.Row"] = []misuse.Case{
		fails("−1", func() error { _, _, err := p.Row(-1); return err }, "train: Row(-1) out of range [0, 50)"),
		fails("Rows()", func() error { _, _, err := p.Row(50); return err }, "train: Row(50) out of range [0, 50)"),
		fails("past a subset's rows", func() error { _, _, err := sub.Row(3); return err }, "train: Row(3) out of range [0, 3)"),
		is("a subset's own numbering", func() any { x, _, _ := sub.Row(1); y, _, _ := p.Row(0); return &x[0] == &y[0] }, true),
	}
	table["Problem.Subset"] = []misuse.Case{
		fails("nil", func() error { _, err := p.Subset(nil); return err }, "train: Subset: no samples"),
		fails("listed twice", func() error { _, err := p.Subset([]int{1, 2, 1}); return err }, "train: Subset: sample 1 listed twice"),
		fails("Rows()", func() error { _, err := p.Subset([]int{50}); return err }, "train: Subset: samples[0]=50 out of range [0, 50)"),
		fails("−1", func() error { _, err := p.Subset([]int{0, -1}); return err }, "train: Subset: samples[1]=-1 out of range [0, 50)"),
		fails("of a subset, past its rows", func() error { _, err := sub.Subset([]int{3}); return err },
			"train: Subset: samples[0]=3 out of range [0, 3)"),
	}
	table["Problem.Loss"] = []misuse.Case{
		fails("3 weights", func() error { _, err := p.Loss(SSE, s(3)); return err }, "train: Gradient: len(w)=3, len(g)=2, want Cols()=2"),
		fails("objective", func() error { _, err := p.Loss(Objective(9), s(2)); return err }, "train: unknown objective 9"),
	}
	table["Problem.Gradient"] = []misuse.Case{
		fails("short g", func() error { _, err := p.Gradient(MSE, s(1), s(2)); return err }, "train: Gradient: len(w)=2, len(g)=1, want Cols()=2"),
		fails("nil w", func() error { _, err := p.Gradient(MSE, s(2), nil); return err }, "train: Gradient: len(w)=0, len(g)=2, want Cols()=2"),
		fails("objective", func() error { _, err := p.Gradient(Objective(-1), s(2), s(2)); return err }, "train: unknown objective -1"),
		// Not an error: the kernels refuse aliasing with a panic, and Gradient passes it on.
		misuse.Panics("g is w", func() { w := s(2); p.Gradient(MSE, w, w) }, "kernels: LeastSquares: g and w overlap"),
	}
	table["Compare"] = []misuse.Case{
		fails("lengths", func() error { _, err := Compare(s(1), []float64{1, 2}); return err }, "train: Compare: len(w)=1, len(ref)=2"),
		ok("NaN", func() { Compare([]F{F(nan)}, []float64{nan}) }),
	}
	table["Synthetic"] = []misuse.Case{
		fails("no rows", func() error { _, _, err := Synthetic[F](0, 2, []float64{1, 2}, 1, 0); return err },
			"train: Synthetic: 0×2, want positive dimensions"),
		fails("negative cols", func() error { _, _, err := Synthetic[F](2, -1, nil, 1, 0); return err },
			"train: Synthetic: 2×-1, want positive dimensions"),
		fails("len(w)", func() error { _, _, err := Synthetic[F](5, 2, []float64{1}, 1, 0); return err },
			"train: Synthetic: len(w)=1, want cols=2"),
		fails("NaN noise", func() error { _, _, err := Synthetic[F](5, 1, []float64{1}, nan, 0); return err },
			"train: Synthetic: noise=NaN, want finite and ≥ 0"),
		fails("infinite noise", func() error { _, _, err := Synthetic[F](5, 1, []float64{1}, inf, 0); return err },
			"train: Synthetic: noise=+Inf, want finite and ≥ 0"),
		fails("negative noise", func() error { _, _, err := Synthetic[F](5, 1, []float64{1}, -1, 0); return err },
			"train: Synthetic: noise=-1, want finite and ≥ 0"),
		fails("NaN weight", func() error { _, _, err := Synthetic[F](5, 2, []float64{1, nan}, 1, 0); return err },
			"train: Synthetic: w[1]=NaN is not finite"),
		fails("too large", func() error { _, _, err := Synthetic[F](math.MaxInt, 2, []float64{1, 2}, 1, 0); return err },
			fmt.Sprintf("train: Synthetic: %d×2 is too large", math.MaxInt)),
	}

	// Closed forms.
	wide, _ := NewProblem(s(3), s(1), 3)
	collinear, _ := NewProblem([]F{1, 2, 2, 4, 3, 6}, []F{1, 2, 3}, 2)
	nanX, _ := NewProblem([]F{1, F(nan)}, []F{1, 2}, 1)
	infY, _ := NewProblem([]F{1, 2}, []F{1, F(-inf)}, 1)
	zero, _ := NewProblem([]F{0, 0}, []F{1, 2}, 1)
	zeroColumn, _ := NewProblem([]F{1, 0, 2, 0, 3, 0}, []F{1, 2, 3}, 2)
	table["SolveNormal"] = []misuse.Case{
		fails("collinear", func() error { _, err := SolveNormal(collinear); return err },
			"train: SolveNormal: XᵀX is not positive definite (collinear features?): use SolveSVD"),
		fails("NaN in X", func() error { _, err := SolveNormal(nanX); return err }, "train: X[1][0]=NaN is not finite"),
		fails("nil problem", func() error { _, err := SolveNormal[F](nil); return err }, "train: nil problem"),
		fails("zero problem", func() error { _, err := SolveNormal(&Problem[F]{}); return err }, "train: empty problem: make it with NewProblem"),
	}
	table["SolveQR"] = []misuse.Case{
		fails("wide", func() error { _, err := SolveQR(wide); return err }, "train: SolveQR: 1 samples for 3 features: use SolveSVD"),
		fails("a zero column", func() error { _, err := SolveQR(zeroColumn); return err },
			"train: SolveQR: matrix singular or near-singular with condition number +Inf: use SolveSVD"),
		// Collinear in exact arithmetic, not quite in floating point: a solution, and the condition number says so.
		is("collinear", func() any { sol, err := SolveQR(collinear); return err == nil && sol.Cond > 1e12 }, true),
		fails("infinite y", func() error { _, err := SolveQR(infY); return err }, "train: y[1]=-Inf is not finite"),
		fails("nil problem", func() error { _, err := SolveQR[F](nil); return err }, "train: nil problem"),
		fails("zero problem", func() error { _, err := SolveQR(&Problem[F]{}); return err }, "train: empty problem: make it with NewProblem"),
	}
	table["SolveSVD"] = []misuse.Case{
		fails("NaN rcond", func() error { _, err := SolveSVD(p, nan); return err }, "train: SolveSVD: rcond=NaN, want < 1"),
		fails("rcond 1", func() error { _, err := SolveSVD(p, 1); return err }, "train: SolveSVD: rcond=1, want < 1"),
		fails("X zero", func() error { _, err := SolveSVD(zero, 0); return err }, "train: SolveSVD: X is zero"),
		fails("NaN in X", func() error { _, err := SolveSVD(nanX, 0); return err }, "train: X[1][0]=NaN is not finite"),
		fails("nil problem", func() error { _, err := SolveSVD[F](nil, 0); return err }, "train: nil problem"),
		fails("zero problem", func() error { _, err := SolveSVD(&Problem[F]{}, 0); return err }, "train: empty problem: make it with NewProblem"),
		ok("wide and collinear", func() {
			for _, q := range []*Problem[F]{wide, collinear} {
				if _, err := SolveSVD(q, -1); err != nil {
					panic(err)
				}
			}
		}),
	}

	// Features and scaling; the features stay as they were on an error.
	table["Polynomial"] = []misuse.Case{
		fails("degree −1", func() error { _, err := Polynomial(s(2), -1); return err }, "train: Polynomial: degree=-1, want ≥ 0"),
		fails("too large", func() error { _, err := Polynomial(s(3), math.MaxInt/2); return err },
			fmt.Sprintf("train: Polynomial: 3 samples of degree %d is too large", math.MaxInt/2)),
		fails("degree MaxInt", func() error { _, err := Polynomial(s(1), math.MaxInt); return err },
			fmt.Sprintf("train: Polynomial: 1 samples of degree %d is too large", math.MaxInt)),
		ok("no samples", func() { Polynomial[F](nil, 3) }),
	}
	table["AddBias"] = []misuse.Case{
		fails("partial row", func() error { _, err := AddBias(s(3), 2); return err }, "train: len(X)=3 is not a whole number of rows of 2 columns"),
		fails("cols 0", func() error { _, err := AddBias(s(3), 0); return err }, "train: len(X)=3 is not a whole number of rows of 0 columns"),
		ok("no rows", func() { AddBias[F](nil, 2) }),
	}
	table["ScaleColumns"] = []misuse.Case{
		fails("partial row", func() error { return ScaleColumns(s(3), 2, []float64{1, 1}) }, "train: len(X)=3 is not a whole number of rows of 2 columns"),
		fails("factors", func() error { return ScaleColumns(s(4), 2, []float64{1}) }, "train: ScaleColumns: len(factors)=1, want cols=2"),
		fails("NaN factor", func() error { return ScaleColumns(s(4), 2, []float64{2, nan}) }, "train: ScaleColumns: factors[1]=NaN is not finite"),
		fails("infinite factor", func() error { return ScaleColumns(s(4), 2, []float64{inf, 2}) }, "train: ScaleColumns: factors[0]=+Inf is not finite"),
		ok("no rows", func() { ScaleColumns[F](nil, 2, []float64{1, 2}) }),
	}
	table["FitScaler"] = []misuse.Case{
		fails("scaling 0", func() error { _, err := FitScaler(s(4), 2, Scaling(0)); return err }, "train: FitScaler: unknown scaling 0"),
		fails("scaling 3", func() error { _, err := FitScaler(s(4), 2, MinMax+1); return err }, "train: FitScaler: unknown scaling 3"),
		fails("partial row", func() error { _, err := FitScaler(s(3), 2, MinMax); return err }, "train: len(X)=3 is not a whole number of rows of 2 columns"),
		fails("no rows", func() error { _, err := FitScaler(s(0), 2, Standardize); return err }, "train: FitScaler: no rows"),
		fails("NaN", func() error { _, err := FitScaler([]F{1, 2, F(nan), 4}, 2, Standardize); return err },
			"train: FitScaler: X[1][0]=NaN is not finite"),
	}
	fitted, err := FitScaler([]F{1, 2, 1, 4}, 2, Standardize) // a bias column and a feature
	if err != nil {
		t.Fatal(err)
	}
	table["Scaler.Transform"] = []misuse.Case{
		fails("columns", func() error { _, err := fitted.Transform(s(3)); return err }, "train: len(X)=3 is not a whole number of rows of 2 columns"),
		fails("a zero Scaler", func() error { _, err := (&Scaler[F]{}).Transform(s(2)); return err },
			"train: Scaler: 0 shifts, 0 scales, intercept column 0"),
		fails("inconsistent", func() error {
			_, err := (&Scaler[F]{Shift: []float64{0, 1}, Scale: []float64{1}, Intercept: -1}).Transform(s(2))
			return err
		}, "train: Scaler: 2 shifts, 1 scales, intercept column -1"),
	}
	table["Scaler.Weights"] = []misuse.Case{
		fails("weights", func() error { _, err := fitted.Weights(s(1)); return err }, "train: Scaler.Weights: len(w)=1, want 2"),
		fails("intercept out of range", func() error {
			_, err := (&Scaler[F]{Shift: []float64{1}, Scale: []float64{1}, Intercept: 3}).Weights(s(1))
			return err
		}, "train: Scaler: 1 shifts, 1 scales, intercept column 3"),
		fails("shifts and no intercept", func() error {
			_, err := (&Scaler[F]{Shift: []float64{1}, Scale: []float64{1}, Intercept: -1}).Weights(s(1))
			return err
		}, "train: Scaler.Weights: the shifted features need an intercept, and no column is constant (add a bias column)"),
		// A Scaler made by hand (or decoded from JSON) has no record of the intercept column's value.
		fails("an intercept column of unknown value", func() error {
			_, err := (&Scaler[F]{Shift: []float64{0, 1}, Scale: []float64{1, 1}, Intercept: 0}).Weights(s(2))
			return err
		}, "train: Scaler.Weights: the value of intercept column 0 is unknown (a Scaler not made by FitScaler)"),
		ok("no shifts, no intercept", func() { (&Scaler[F]{Shift: []float64{0}, Scale: []float64{2}, Intercept: -1}).Weights(s(1)) }),
	}

	// Gaussian processes.
	fit := func() *GP {
		g, _ := NewGP(1, 1, 0.1)
		if err := g.Fit([][]float64{{0}, {1}}, []float64{1, 2}); err != nil {
			t.Fatal(err)
		}
		return g
	}
	unfit, _ := NewGP(1, 1, 0.1)
	table["NewGP"] = []misuse.Case{
		fails("lengthscale 0", func() error { _, err := NewGP(0, 1, 1); return err },
			"train: NewGP: lengthscale=0, variance=1, noise=1, want finite and > 0"),
		fails("variance −1", func() error { _, err := NewGP(1, -1, 1); return err },
			"train: NewGP: lengthscale=1, variance=-1, noise=1, want finite and > 0"),
		fails("NaN noise", func() error { _, err := NewGP(1, 1, nan); return err },
			"train: NewGP: lengthscale=1, variance=1, noise=NaN, want finite and > 0"),
		fails("infinite lengthscale", func() error { _, err := NewGP(inf, 1, 1); return err },
			"train: NewGP: lengthscale=+Inf, variance=1, noise=1, want finite and > 0"),
	}
	table["GP.Fit"] = []misuse.Case{
		fails("a zero GP", func() error { return (&GP{}).Fit([][]float64{{0}}, []float64{1}) },
			"train: NewGP: lengthscale=0, variance=0, noise=0, want finite and > 0"),
		fails("no points", func() error { return fit().Fit(nil, nil) }, "train: GP.Fit: 0 points and 0 values"),
		fails("values", func() error { return fit().Fit([][]float64{{0}}, []float64{1, 2}) }, "train: GP.Fit: 1 points and 2 values"),
		fails("ragged", func() error { return fit().Fit([][]float64{{0}, {0, 1}}, []float64{1, 2}) },
			"train: GP.Fit: point 1 has 2 coordinates, point 0 has 1"),
		fails("no coordinates", func() error { return fit().Fit([][]float64{{}}, []float64{1}) },
			"train: GP.Fit: point 0 has 0 coordinates, point 0 has 0"),
		fails("NaN point", func() error { return fit().Fit([][]float64{{nan}}, []float64{1}) }, "train: GP.Fit: point 0 holds NaN"),
		fails("infinite value", func() error { return fit().Fit([][]float64{{0}}, []float64{-inf}) }, "train: GP.Fit: y[0]=-Inf"),
		ok("duplicate points", func() {
			if err := fit().Fit([][]float64{{0.5}, {0.5}}, []float64{1, 1}); err != nil {
				panic(err)
			}
		}),
	}
	table["GP.Predict"] = []misuse.Case{
		fails("before Fit", func() error { _, _, err := unfit.Predict([]float64{0}); return err }, "train: GP.Predict before Fit"),
		fails("dimension", func() error { _, _, err := fit().Predict([]float64{0, 1}); return err }, "train: GP.Predict: 2 coordinates, want 1"),
		ok("NaN point", func() { fit().Predict([]float64{nan}) }),
	}
	table["GP.LogMarginalLikelihood"] = []misuse.Case{
		is("before Fit: NaN", func() any { return unfit.LogMarginalLikelihood() }, nan),
		is("after Fit: finite", func() any { return finite(fit().LogMarginalLikelihood()) }, true),
	}
	table["ExpectedImprovement"] = []misuse.Case{
		is("negative std is no uncertainty", func() any { return ExpectedImprovement(0, -1, 1, 0) }, 1),
		is("NaN std is no uncertainty", func() any { return ExpectedImprovement(0, nan, 1, 0) }, 1),
		is("NaN mean", func() any { return ExpectedImprovement(nan, 1, 1, 0) }, nan),
	}

	// Searches.
	zeroEval := func([]float64, uint64) (float64, error) { return 0, nil }
	failEval := func([]float64, uint64) (float64, error) { return 0, boom }
	dim := []Dim{{Name: "a", Lo: 0, Hi: 1}}
	big := make([]float64, 50000)
	table["GridSearch"] = []misuse.Case{
		fails("no axes", func() error { _, err := GridSearch(nil, 0, zeroEval); return err }, "train: GridSearch: no axes or no evaluation"),
		fails("no evaluation", func() error { _, err := GridSearch([]Axis{{"a", []float64{1}}}, 0, nil); return err },
			"train: GridSearch: no axes or no evaluation"),
		fails("empty axis", func() error { _, err := GridSearch([]Axis{{"a", nil}}, 0, zeroEval); return err }, `train: GridSearch: axis "a" has no values`),
		fails("NaN value", func() error { _, err := GridSearch([]Axis{{"a", []float64{1, nan}}}, 0, zeroEval); return err },
			`train: GridSearch: axis "a" has the value NaN`),
		fails("too many combinations", func() error { _, err := GridSearch([]Axis{{"a", big}, {"b", big}}, 0, zeroEval); return err },
			"train: GridSearch: too many combinations"),
		fails("evaluation error", func() error { _, err := GridSearch([]Axis{{"a", []float64{1, 2}}}, 0, failEval); return err },
			"train: search: trial 0 [1]: boom"),
	}
	table["RandomSearch"] = []misuse.Case{
		fails("no dimensions", func() error { _, err := RandomSearch(nil, 3, 0, zeroEval); return err }, "train: search: no dimensions"),
		fails("no trials", func() error { _, err := RandomSearch(dim, 0, 0, zeroEval); return err },
			"train: RandomSearch: n=0 trials, want > 0, and an evaluation"),
		fails("no evaluation", func() error { _, err := RandomSearch(dim, 3, 0, nil); return err },
			"train: RandomSearch: n=3 trials, want > 0, and an evaluation"),
		fails("NaN range", func() error { _, err := RandomSearch([]Dim{{Name: "a", Lo: nan, Hi: 1}}, 3, 0, zeroEval); return err },
			`train: Dim "a": [NaN, 1] is not a finite interval`),
		fails("reversed", func() error { _, err := RandomSearch([]Dim{{Name: "a", Lo: 2, Hi: 1}}, 3, 0, zeroEval); return err },
			`train: Dim "a": [2, 1] is not a finite interval`),
		fails("wider than the largest float", func() error {
			_, err := RandomSearch([]Dim{{Name: "a", Lo: -math.MaxFloat64, Hi: math.MaxFloat64}}, 3, 0, zeroEval)
			return err
		}, `train: Dim "a": [-1.7976931348623157e+308, 1.7976931348623157e+308] is not a finite interval`),
		fails("log of 0", func() error {
			_, err := RandomSearch([]Dim{{Name: "a", Lo: 0, Hi: 1, Log: true}}, 3, 0, zeroEval)
			return err
		},
			`train: Dim "a": a log range needs Lo > 0, not 0`),
		fails("integer ends", func() error {
			_, err := RandomSearch([]Dim{{Name: "a", Lo: 0.5, Hi: 3, Integer: true}}, 3, 0, zeroEval)
			return err
		}, `train: Dim "a": an integer range needs integer ends, not [0.5, 3]`),
		fails("evaluation error", func() error { _, err := RandomSearch(dim, 3, 0, failEval); return err },
			fmt.Sprintf("train: search: trial 0 %v: boom", firstRandomPoint(dim))),
		ok("a single value", func() { RandomSearch([]Dim{{Name: "a", Lo: 1, Hi: 1, Log: true, Integer: true}}, 3, 0, zeroEval) }),
	}
	tiny := Bayes{Initial: 2, Iterations: 1, Candidates: 4, Noise: 1e-6}
	table["BayesSearch"] = []misuse.Case{
		fails("a zero Bayes", func() error { _, err := BayesSearch(dim, Bayes{}, 0, zeroEval); return err },
			"train: Bayes: Initial=0, Iterations=0, Candidates=0, want ≥ 2, ≥ 0, > 0 (start from DefaultBayes)"),
		fails("NaN Xi", func() error { b := tiny; b.Xi = nan; _, err := BayesSearch(dim, b, 0, zeroEval); return err },
			"train: Bayes: Xi=NaN, want finite and ≥ 0"),
		fails("noise 0", func() error { b := tiny; b.Noise = 0; _, err := BayesSearch(dim, b, 0, zeroEval); return err },
			"train: Bayes: Noise=0, want finite and > 0"),
		fails("no evaluation", func() error { _, err := BayesSearch(dim, tiny, 0, nil); return err }, "train: BayesSearch: no evaluation"),
		fails("no dimensions", func() error { _, err := BayesSearch(nil, tiny, 0, zeroEval); return err }, "train: search: no dimensions"),
		fails("a negative score to log", func() error {
			b := tiny
			b.LogScores = true
			_, err := BayesSearch(dim, b, 0, func([]float64, uint64) (float64, error) { return -1, nil })
			return err
		}, "train: BayesSearch: LogScores with the score -1"),
		ok("unusable scores", func() {
			if _, err := BayesSearch(dim, tiny, 0, func([]float64, uint64) (float64, error) { return nan, nil }); err != nil {
				panic(err)
			}
		}),
	}
	table["DefaultBayes"] = []misuse.Case{is("valid", func() any { return DefaultBayes().validate() }, nil)}
	table["KFold"] = []misuse.Case{
		fails("k 1", func() error { _, err := KFold(23, 1, 0); return err }, "train: KFold: k=1 folds of 23 samples, want 2 ≤ k ≤ n"),
		fails("k > n", func() error { _, err := KFold(23, 24, 0); return err }, "train: KFold: k=24 folds of 23 samples, want 2 ≤ k ≤ n"),
		fails("n negative", func() error { _, err := KFold(-1, 2, 0); return err }, "train: KFold: k=2 folds of -1 samples, want 2 ≤ k ≤ n"),
	}
	build := func([]float64, int) (Config[F], error) { return good(), nil }
	table["CrossValidate"] = []misuse.Case{
		fails("nil problem", func() error { _, err := CrossValidate(nil, 2, 0, build); return err }, "train: CrossValidate: nil problem or build"),
		fails("nil build", func() error { _, err := CrossValidate(p, 2, 0, nil); return err }, "train: CrossValidate: nil problem or build"),
		fails("k > rows", func() error { _, err := CrossValidate(p, 51, 0, build); return err }, "train: KFold: k=51 folds of 50 samples, want 2 ≤ k ≤ n"),
		fails("a bad configuration", func() error {
			eval, err := CrossValidate(p, 2, 0, func([]float64, int) (Config[F], error) { return Config[F]{}, nil })
			if err != nil {
				return fmt.Errorf("CrossValidate: %w", err)
			}
			_, err = eval([]float64{1}, 0)
			return err
		}, "train: Batch=0, want in [1, Rows()=25]"),
		fails("build's error", func() error {
			eval, _ := CrossValidate(p, 2, 0, func([]float64, int) (Config[F], error) { return Config[F]{}, boom })
			_, err := eval([]float64{1}, 0)
			return err
		}, "boom"),
	}
	table["Multistart"] = []misuse.Case{
		fails("no starts", func() error { _, err := Multistart(p, good(), Starts{N: 0}); return err }, "train: Multistart: N=0, want > 0"),
		fails("reversed range", func() error { _, err := Multistart(p, good(), Starts{N: 2, Lo: 1, Hi: 0}); return err },
			"train: Multistart: range [1, 0) is not a finite interval"),
		fails("NaN range", func() error { _, err := Multistart(p, good(), Starts{N: 2, Lo: nan, Hi: 0}); return err },
			"train: Multistart: range [NaN, 0) is not a finite interval"),
		fails("wider than the largest float", func() error {
			_, err := Multistart(p, good(), Starts{N: 2, Lo: -math.MaxFloat64, Hi: math.MaxFloat64})
			return err
		}, "train: Multistart: range [-1.7976931348623157e+308, 1.7976931348623157e+308) is not a finite interval"),
		fails("nil problem", func() error { _, err := Multistart[F](nil, good(), Starts{N: 2}); return err }, "train: nil problem"),
		fails("bad configuration", func() error { c := good(); c.Batch = 0; _, err := Multistart(p, c, Starts{N: 2}); return err },
			"train: Batch=0, want in [1, Rows()=50]"),
		fails("a start's error", func() error {
			c := good()
			c.Optimizer = func([]*optim.Param[F]) (Stepper, error) { return nil, boom }
			_, err := Multistart(p, c, Starts{N: 3})
			return err
		}, "train: Multistart: start 0: boom"),
		ok("one point", func() {
			if _, err := Multistart(p, good(), Starts{N: 2, Lo: 1, Hi: 1}); err != nil {
				panic(err)
			}
		}),
	}
	if q := 1e39; math.IsInf(float64(F(q)), 0) { // float32: a range float64 holds, but the weights cannot
		table["Multistart"] = append(table["Multistart"], fails("beyond the weights' type", func() error {
			_, err := Multistart(p, good(), Starts{N: 2, Lo: -1e39, Hi: 1e39})
			return err
		}, "train: Multistart: range [-1e+39, 1e+39) is not a finite interval"))
	}

	// Quadratic forms.
	quad, err := NewQuadratic(p, MSE)
	if err != nil {
		t.Fatal(err)
	}
	table["NewQuadratic"] = []misuse.Case{
		fails("nil problem", func() error { _, err := NewQuadratic[F](nil, MSE); return err }, "train: NewQuadratic: nil problem"),
		fails("objective", func() error { _, err := NewQuadratic(p, Objective(3)); return err }, "train: unknown objective 3"),
	}
	table["Quadratic.Loss"] = []misuse.Case{
		fails("short w", func() error { _, err := quad.Loss([]float64{1}); return err }, "train: Quadratic.Loss: len(w)=1, want 2"),
	}
	table["Quadratic.Excess"] = []misuse.Case{
		fails("short ref", func() error { _, err := quad.Excess([]float64{1, 2}, []float64{1}); return err },
			"train: Quadratic.Excess: len(w)=2, len(ref)=1, want 2"),
		fails("long w", func() error { _, err := quad.Excess([]float64{1, 2, 3}, []float64{1, 2}); return err },
			"train: Quadratic.Excess: len(w)=3, len(ref)=2, want 2"),
	}

	// Results and names.
	h := &History[F]{Start: []F{1, 2}}
	table["History.Len"] = []misuse.Case{is("empty", func() any { return h.Len() }, 0)}
	table["History.Trajectory"] = []misuse.Case{
		is("i out of range", func() any { xs, ys := h.Trajectory(2, 0); return xs == nil && ys == nil }, true),
		is("j negative", func() any { xs, ys := h.Trajectory(0, -1); return xs == nil && ys == nil }, true),
		is("no steps", func() any { xs, _ := h.Trajectory(1, 0); return xs }, []float64{2}),
	}
	table["Estimator.String"] = []misuse.Case{is("unknown", func() any { return Estimator(7).String() }, "Estimator(7)")}
	table["Objective.String"] = []misuse.Case{is("unknown", func() any { return Objective(-2).String() }, "Objective(-2)")}
	table["Reason.String"] = []misuse.Case{is("none", func() any { return Reason(0).String() }, "Reason(0)")}
	return table
}

// firstRandomPoint is the first point RandomSearch draws for dims, which its errors name.
func firstRandomPoint(dims []Dim) []float64 {
	var point []float64
	RandomSearch(dims, 1, 0, func(p []float64, _ uint64) (float64, error) { point = p; return 0, nil })
	return point
}

// stepFunc is a Stepper made of a function, for an optimizer whose step fails.
type stepFunc func() error

func (f stepFunc) Step() error { return f() }
