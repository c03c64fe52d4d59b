package optim

import (
	"bytes"
	"math"
	"slices"

	"github.com/fastgrad/fastgrad/internal/misuse"
	"github.com/fastgrad/fastgrad/kernels"
)

// addAverageMisuse adds the misuse cases of the weight averages (NewEMA, NewSWA, Average's methods and their
// checkpoint part) to table, the parameters' buffers made by a.
func addAverageMisuse[F kernels.Float](table map[string][]misuse.Case, a *misuse.Args[F]) {
	fails := misuse.Fails
	nan, inf := math.NaN(), math.Inf(1)
	param := func(name string, n int) *Param[F] { return tracked(a, name, n) }
	ema := func(cfg EMAConfig, ps ...*Param[F]) func() error {
		return func() error { _, err := NewEMA(ps, cfg); return err }
	}
	warm := func(gamma, power, minDecay float64) EMAConfig {
		return EMAConfig{Decay: 0.3, Warmup: true, WarmupGamma: gamma, WarmupPower: power, MinDecay: minDecay}
	}
	w := func() *Param[F] { return param("w", 3) }
	table["NewEMA"] = []misuse.Case{
		fails("Decay NaN", ema(EMAConfig{Decay: nan}, w()), "optim: EMA: Decay=NaN is not finite"),
		fails("Decay +Inf", ema(EMAConfig{Decay: inf}, w()), "optim: EMA: Decay=+Inf is not finite"),
		fails("Decay < 0", ema(EMAConfig{Decay: -0.1}, w()), "optim: EMA: Decay=-0.1, want in [0, 1]"),
		fails("Decay > 1", ema(EMAConfig{Decay: 1.5}, w()), "optim: EMA: Decay=1.5, want in [0, 1]"),
		fails("WarmupGamma NaN, even off", ema(EMAConfig{Decay: 0.5, WarmupGamma: nan}, w()), "optim: EMA: WarmupGamma=NaN is not finite"),
		fails("WarmupGamma 0", ema(warm(0, 1, 0), w()), "optim: EMA: WarmupGamma=0, want > 0 with Warmup"),
		fails("WarmupPower −1", ema(warm(1, -1, 0), w()), "optim: EMA: WarmupPower=-1, want > 0 with Warmup"),
		fails("MinDecay above Decay", ema(warm(1, 1, 0.5), w()), "optim: EMA: MinDecay=0.5, want in [0, Decay=0.3] with Warmup"),
		fails("MinDecay < 0", ema(warm(1, 1, -1), w()), "optim: EMA: MinDecay=-1, want in [0, Decay=0.3] with Warmup"),
		fails("no parameters", ema(DefaultEMA()), "optim: no parameters"),
		fails("a nil parameter", func() error { return ema(DefaultEMA(), w(), nil)() }, "optim: params[1] is nil"),
		fails("a parameter twice", func() error { p := w(); return ema(DefaultEMA(), p, p)() },
			`optim: params[0] and params[1] are the same parameter "w", given twice`),
		accepts("Decay 0", ema(EMAConfig{}, w())),
		accepts("Decay 1", ema(EMAConfig{Decay: 1}, w())),
		accepts("warmup fields unused without Warmup", ema(EMAConfig{Decay: 0.5, WarmupPower: -1}, w())),
		accepts("warmup, MinDecay = Decay", ema(warm(1, 1, 0.3), w())),
	}
	swa := func(ps ...*Param[F]) func() error { return func() error { _, err := NewSWA(ps); return err } }
	table["NewSWA"] = []misuse.Case{
		fails("no parameters", swa(), "optim: no parameters"),
		fails("a nil parameter", func() error { return swa(nil)() }, "optim: params[0] is nil"),
		fails("Grad shorter than Value", func() error {
			return swa(&Param[F]{Name: "w", Value: a.Slice(3), Grad: a.Slice(2)})()
		}, `optim: parameter "w": len(Grad)=2, want len(Value)=3`),
		accepts("one parameter", func() error { return swa(w())() }),
	}
	table["DefaultEMA"] = []misuse.Case{
		is("torch's default, valid", func() any { c := DefaultEMA(); return []any{c, c.validate()} },
			[]any{EMAConfig{Decay: 0.999}, nil}),
	}

	// updated is an Average of the kind over p after the given number of updates, and what it holds, for keeps.
	updated := func(kind string, p *Param[F], updates int) (*Average[F], func() any) {
		var avg *Average[F]
		if kind == "SWA" {
			avg = built(NewSWA([]*Param[F]{p}))
		} else {
			avg = built(NewEMA([]*Param[F]{p}, DefaultEMA()))
		}
		for range updates {
			noErr(avg.Update())
		}
		return avg, func() any { return []any{avg.Count(), avg.Swapped(), slices.Clone(avg.avg[0])} }
	}
	nilAvg, zero := (*Average[F])(nil), &Average[F]{}
	const nilMsg = " on a nil or zero Average (make one with NewEMA or NewSWA)"
	resized := func(op func(*Average[F]) error) func() error {
		return func() error {
			p := untracked[F]("w", 3)
			avg, state := updated("SWA", p, 1)
			p.Value = a.Slice(2)
			p.Grad = a.Slice(2)
			return keeps(state, func() error { return op(avg) })
		}
	}
	swapped := func(op func(*Average[F]) error) func() error {
		return func() error {
			avg, state := updated("EMA", untracked[F]("w", 3), 2)
			noErr(avg.Swap())
			return keeps(state, func() error { return op(avg) })
		}
	}
	update, swap, copyTo := (*Average[F]).Update, (*Average[F]).Swap, (*Average[F]).CopyTo
	const resizedMsg = `optim: parameter "w" was resized: len(Value)=2, len(Grad)=2, want 3`
	table["Average.Update"] = []misuse.Case{
		fails("nil", nilAvg.Update, "optim: Update"+nilMsg),
		fails("zero", zero.Update, "optim: Update"+nilMsg),
		fails("a resized parameter", resized(update), resizedMsg),
		fails("swapped in", swapped(update), "optim: EMA: Update while the averages are swapped in (Swap back first)"),
		is("the first copies", func() any {
			p := untracked[F]("w", 3)
			p.Value[0], p.Value[1], p.Value[2] = 1, F(inf), F(nan)
			avg, _ := updated("EMA", p, 1)
			return []any{avg.avg[0][0], avg.avg[0][1], avg.avg[0][2] != avg.avg[0][2], avg.Count()}
		}, []any{F(1), F(inf), true, 1}),
	}
	table["Average.Count"] = []misuse.Case{
		is("nil", func() any { return nilAvg.Count() }, 0),
		is("after a failed Update", func() any {
			avg, _ := updated("SWA", untracked[F]("w", 3), 2)
			noErr(avg.Swap())
			return []any{avg.Update() != nil, avg.Count()}
		}, []any{true, 2}),
	}
	table["Average.Averaged"] = []misuse.Case{
		fails("nil", func() error { _, err := nilAvg.Averaged("w"); return err }, "optim: Averaged"+nilMsg),
		fails("an unknown name", func() error {
			avg, _ := updated("SWA", w(), 1)
			_, err := avg.Averaged("v")
			return err
		}, `optim: SWA: Averaged: no parameter "v"`),
		is("before the first Update: zeros", func() any {
			avg, _ := updated("EMA", w(), 0)
			s, err := avg.Averaged("w")
			return []any{s, err}
		}, []any{make([]F, 3), nil}),
	}
	table["Average.Swap"] = []misuse.Case{
		fails("nil", nilAvg.Swap, "optim: Swap"+nilMsg),
		fails("zero", zero.Swap, "optim: Swap"+nilMsg),
		fails("before the first Update", func() error {
			avg, state := updated("SWA", w(), 0)
			return keeps(state, avg.Swap)
		}, "optim: SWA: Swap before the first Update: there is no average yet"),
		fails("a resized parameter", resized(swap), resizedMsg),
		is("twice: as before", func() any {
			p := untracked[F]("w", 3)
			avg, state := updated("EMA", p, 1)
			p.Value[0] = 5
			before, values := state(), slices.Clone(p.Value)
			noErr(avg.Swap())
			noErr(avg.Swap())
			return []any{slices.Equal(values, p.Value), slices.Equal(before.([]any)[2].([]F), avg.avg[0]), avg.Swapped()}
		}, []any{true, true, false}),
	}
	table["Average.Swapped"] = []misuse.Case{
		is("nil", func() any { return nilAvg.Swapped() }, false),
		is("after a failed Swap", func() any { avg, _ := updated("SWA", w(), 0); _ = avg.Swap(); return avg.Swapped() }, false),
	}
	table["Average.CopyTo"] = []misuse.Case{
		fails("nil", nilAvg.CopyTo, "optim: CopyTo"+nilMsg),
		fails("before the first Update", func() error { avg, _ := updated("EMA", w(), 0); return avg.CopyTo() },
			"optim: EMA: CopyTo before the first Update: there is no average yet"),
		fails("swapped in", swapped(copyTo), "optim: EMA: CopyTo while the averages are swapped in (Swap back first)"),
		fails("a resized parameter", resized(copyTo), resizedMsg),
	}

	// The checkpoint part: the same kind, configuration and parameters, never while swapped.
	roundTrip := func(save, into Checkpointed) error {
		var buf bytes.Buffer
		noErr(SaveCheckpoint(&buf, save))
		return LoadCheckpoint(&buf, into)
	}
	emaOf := func(cfg EMAConfig, p *Param[F]) *Average[F] {
		avg := built(NewEMA([]*Param[F]{p}, cfg))
		noErr(avg.Update())
		return avg
	}
	table["SaveCheckpoint"] = append(table["SaveCheckpoint"],
		fails("an Average swapped in", func() error {
			avg, _ := updated("SWA", untracked[F]("w", 3), 1)
			noErr(avg.Swap())
			return SaveCheckpoint(new(bytes.Buffer), avg)
		}, "optim: SaveCheckpoint: SWA: the averages are swapped in (Swap back first)"),
		fails("a zero Average", func() error { return SaveCheckpoint(new(bytes.Buffer), zero) },
			"optim: SaveCheckpoint: Average: a nil or zero Average (make one with NewEMA or NewSWA)"),
	)
	table["LoadCheckpoint"] = append(table["LoadCheckpoint"],
		fails("an EMA of another decay", func() error {
			into := emaOf(EMAConfig{Decay: 0.5}, untracked[F]("w", 3))
			return keeps(func() any { return slices.Clone(into.avg[0]) }, func() error {
				return roundTrip(emaOf(DefaultEMA(), untracked[F]("w", 3)), into)
			})
		}, "optim: EMA: checkpoint with Decay=0.999, this average's 0.5"),
		fails("an EMA of the other form", func() error {
			return roundTrip(emaOf(DefaultEMA(), untracked[F]("w", 3)), emaOf(EMAConfig{Decay: 0.999, WeightedSum: true}, untracked[F]("w", 3)))
		}, "optim: EMA: checkpoint with WeightedSum=false, this average's true"),
		fails("an Average of another parameter", func() error {
			a1, _ := updated("SWA", untracked[F]("w", 3), 2)
			a2, _ := updated("SWA", untracked[F]("v", 3), 0)
			return roundTrip(a1, a2)
		}, `optim: SWA: checkpoint parameter 0 is "w", the average's "v"`),
		fails("an Average swapped in", func() error {
			a1, _ := updated("SWA", untracked[F]("w", 3), 2)
			a2, state := updated("SWA", untracked[F]("w", 3), 1)
			noErr(a2.Swap())
			return keeps(state, func() error { return roundTrip(a1, a2) })
		}, "optim: SWA: loading while the averages are swapped in (Swap back first)"),
		is("an Average's count and averages", func() any {
			p := untracked[F]("w", 3)
			p.Value[1] = 2
			a1, _ := updated("SWA", p, 2)
			a2, _ := updated("SWA", untracked[F]("w", 3), 0)
			err := roundTrip(a1, a2)
			return []any{err, a2.Count(), a2.avg[0][1]}
		}, []any{nil, 2, F(2)}),
	)
}
