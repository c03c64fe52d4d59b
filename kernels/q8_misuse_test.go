package kernels

import (
	"fmt"
	"math"
	"unsafe"

	"github.com/fastgrad/fastgrad/internal/misuse"
)

// addQ8Misuse adds the misuse cases of the 8-bit blockwise state and its kernels to TestMisuse's table.
func addQ8Misuse(table map[string][]misuse.Case) {
	const n = 600 // three blocks, the last partial
	ok, panics := misuse.OK, misuse.Panics
	sm, um := NewQ8(Q8Signed, n), NewQ8(Q8Unsigned, n)
	x := make([]float32, n)
	table["Q8Blocks"] = []misuse.Case{
		panics("n < 0", func() { Q8Blocks(-1) }, "kernels: Q8Blocks: n=-1 < 0"),
		ok("n = 0", func() { Q8Blocks(0) }),
		ok("n = MaxInt", func() {
			if Q8Blocks(math.MaxInt) != math.MaxInt/Q8Block+1 {
				panic("Q8Blocks(MaxInt) overflowed")
			}
		}),
	}
	table["NewQ8"] = []misuse.Case{
		panics("no map", func() { NewQ8(0, n) }, "kernels: NewQ8: Q8Map(0) is not a map"),
		panics("n < 0", func() { NewQ8(Q8Signed, -1) }, "kernels: NewQ8: n=-1 < 0"),
		ok("n = 0", func() { NewQ8(Q8Unsigned, 0) }),
	}
	table["Q8.Len"] = []misuse.Case{ok("zero Q8", func() { _ = Q8{}.Len() })}
	table["Q8.Slice"] = []misuse.Case{
		panics("misaligned start", func() { sm.Slice(100, 356) }, "kernels: Q8.Slice: [100:356] does not fall on blocks of 256 (or end at Len()=600)"),
		panics("misaligned end", func() { sm.Slice(0, 300) }, "kernels: Q8.Slice: [0:300] does not fall on blocks of 256 (or end at Len()=600)"),
		panics("past the end", func() { sm.Slice(512, 768) }, "kernels: Q8.Slice: [512:768] of 600 elements"),
		panics("reversed", func() { sm.Slice(256, 0) }, "kernels: Q8.Slice: [256:0] of 600 elements"),
		ok("to the partial end", func() { sm.Slice(512, n) }),
		ok("empty at a block", func() { sm.Slice(256, 256) }),
		panics("empty at the partial end", func() { sm.Slice(n, n) }, "kernels: Q8.Slice: [600:600] does not fall on blocks of 256 (or end at Len()=600)"),
	}
	table["Q8Map.Values"] = []misuse.Case{
		panics("no map", func() { Q8Map(0).Values() }, "kernels: Q8Map.Values: Q8Map(0) is not a map"),
		ok("unsigned", func() { Q8Unsigned.Values() }),
	}
	table["Q8Map.String"] = []misuse.Case{ok("no map", func() { _ = Q8Map(9).String() })}
	bad := Q8{Map: Q8Signed, Codes: make([]uint8, n), Scales: make([]float32, 2)}
	for _, name := range []string{"Quantize", "Dequantize"} {
		call := func(q Q8, x []float32) { Quantize(q, x) }
		xname, qname := "x", "q.Codes"
		if name == "Dequantize" {
			call, xname, qname = func(q Q8, x []float32) { Dequantize(x, q) }, "q.Codes", "x"
		}
		pre := "kernels: " + name + ": "
		short := fmt.Sprintf(pre+"len(%s)=%d, want len(%s)=%d", qname, n, xname, n-1)
		if name == "Dequantize" {
			short = fmt.Sprintf(pre+"len(x)=%d, want len(q.Codes)=%d", n-1, n)
		}
		table[name] = []misuse.Case{
			panics("x short", func() { call(sm, x[1:]) }, short),
			panics("no map", func() { call(Q8{Codes: x8(n), Scales: make([]float32, 3)}, x) }, pre+"q.Map is Q8Map(0)"),
			panics("scales short", func() { call(bad, x) }, pre+"len(q.Scales)=2, want ⌈len(q.Codes)/256⌉=3"),
			panics("nil scales", func() { call(Q8{Map: Q8Unsigned, Codes: x8(1)}, x[:1]) }, pre+"len(q.Scales)=0, want ⌈len(q.Codes)/256⌉=1"),
			ok("empty", func() { call(Q8{Map: Q8Unsigned}, nil) }),
			ok("NaN and Inf", func() { call(um, append([]float32{float32(math.NaN()), float32(math.Inf(-1))}, x[2:]...)) }),
		}
	}

	st := AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}.Step(1)
	ams := AdamHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, AMSGrad: true}.Step(1)
	w, g := make([]float32, n), make([]float32, n)
	m, v, vx := NewQ8(Q8Signed, n), NewQ8(Q8Unsigned, n), NewQ8(Q8Unsigned, n)
	pre := "kernels: AdamQ8: "
	table["AdamQ8"] = []misuse.Case{
		panics("nil step", func() { AdamQ8(nil, w, g, m, v, Q8{}) }, pre+"s is nil"),
		panics("zero step", func() { AdamQ8(&AdamStep{}, w, g, m, v, Q8{}) }, pre+"s is the zero kernels.AdamStep"),
		panics("g short", func() { AdamQ8(&st, w, g[1:], m, v, Q8{}) }, fmt.Sprintf(pre+"len(g)=%d, want len(w)=%d", n-1, n)),
		panics("m unsigned", func() { AdamQ8(&st, w, g, v, v, Q8{}) }, pre+"m.Map is Q8Unsigned, want Q8Signed"),
		panics("v signed", func() { AdamQ8(&st, w, g, m, m, Q8{}) }, pre+"v.Map is Q8Signed, want Q8Unsigned"),
		panics("zero m", func() { AdamQ8(&st, w, g, Q8{}, v, Q8{}) }, pre+"m.Map is Q8Map(0), want Q8Signed"),
		panics("v short", func() { AdamQ8(&st, w, g, m, v.Slice(0, 512), Q8{}) }, pre+"len(v.Codes)=512, want len(w)=600"),
		panics("m's scales short", func() { AdamQ8(&st, w, g, Q8{Map: Q8Signed, Codes: m.Codes, Scales: m.Scales[:2]}, v, Q8{}) },
			pre+"len(m.Scales)=2, want ⌈len(m.Codes)/256⌉=3"),
		panics("vmax without AMSGrad", func() { AdamQ8(&st, w, g, m, v, vx) }, pre+"vmax given but s.AMSGrad is false"),
		panics("empty vmax without AMSGrad", func() { AdamQ8(&st, w, g, m, v, Q8{Map: Q8Unsigned}) }, pre+"vmax given but s.AMSGrad is false"),
		panics("AMSGrad without vmax", func() { AdamQ8(&ams, w, g, m, v, Q8{}) }, pre+"vmax.Map is Q8Map(0), want Q8Unsigned"),
		panics("w is g", func() { AdamQ8(&st, w, w, m, v, Q8{}) }, pre+"w and g overlap"),
		panics("v is vmax", func() { AdamQ8(&ams, w, g, m, v, v) }, pre+"v.Codes and vmax.Codes overlap"),
		panics("m's scales are v's", func() {
			AdamQ8(&st, w, g, m, Q8{Map: Q8Unsigned, Codes: v.Codes, Scales: m.Scales}, Q8{})
		}, pre+"m.Scales and v.Scales overlap"),
		panics("weights over the scales", func() {
			AdamQ8(&st, w[:3], g[:3], NewQ8(Q8Signed, 3), Q8{Map: Q8Unsigned, Codes: x8(3), Scales: w[2:3]}, Q8{})
		},
			pre+"w and v.Scales overlap"),
		ok("empty", func() { AdamQ8(&st, nil, nil, Q8{Map: Q8Signed}, Q8{Map: Q8Unsigned}, Q8{}) }),
		ok("AMSGrad", func() { AdamQ8(&ams, w, g, m, v, vx) }),
		ok("NaN step", func() { AdamQ8(every(&AdamStep{}, math.NaN()), w, g, m, v, vx) }),
	}

	sgd := SGDHyper{LR: 0.1, Momentum: 0.9}.Step(1)
	plain := SGDHyper{LR: 0.1}.Step(1)
	pre = "kernels: SGDQ8: "
	table["SGDQ8"] = []misuse.Case{
		panics("nil step", func() { SGDQ8(nil, w, g, m) }, pre+"s is nil"),
		panics("g short", func() { SGDQ8(&sgd, w, g[1:], m) }, fmt.Sprintf(pre+"len(g)=%d, want len(w)=%d", n-1, n)),
		panics("buf unsigned", func() { SGDQ8(&sgd, w, g, v) }, pre+"buf.Map is Q8Unsigned, want Q8Signed"),
		panics("momentum without buf", func() { SGDQ8(&sgd, w, g, Q8{}) }, pre+"buf.Map is Q8Map(0), want Q8Signed"),
		panics("buf without momentum", func() { SGDQ8(&plain, w, g, m) }, pre+"buf given but s.Momentum is 0"),
		panics("buf short", func() { SGDQ8(&sgd, w, g, m.Slice(0, 256)) }, pre+"len(buf.Codes)=256, want len(w)=600"),
		panics("w is g", func() { SGDQ8(&sgd, w, w, m) }, pre+"w and g overlap"),
		ok("no momentum", func() { SGDQ8(&plain, w, g, Q8{}) }),
		ok("empty", func() { SGDQ8(&sgd, nil, nil, Q8{Map: Q8Signed}) }),
	}
	lion := LionHyper{LR: 1e-3, Beta1: 0.9, Beta2: 0.99}
	pre = "kernels: LionQ8: "
	table["LionQ8"] = []misuse.Case{
		panics("nil h", func() { LionQ8(nil, w, g, m) }, pre+"h is nil"),
		panics("zero h", func() { LionQ8(&LionHyper{}, w, g, m) }, pre+"h is the zero kernels.LionHyper"),
		panics("g long", func() { LionQ8(&lion, w[1:], g, m) }, fmt.Sprintf(pre+"len(g)=%d, want len(w)=%d", n, n-1)),
		panics("m unsigned", func() { LionQ8(&lion, w, g, v) }, pre+"m.Map is Q8Unsigned, want Q8Signed"),
		panics("m's codes over g", func() {
			LionQ8(&lion, w[:2], floatsOverBytes(m.Codes[:8]), Q8{Map: Q8Signed, Codes: m.Codes[:2], Scales: m.Scales[:1]})
		},
			pre+"m.Codes and g overlap"),
		ok("NaN h", func() { LionQ8(every(&LionHyper{}, math.NaN()), w, g, m) }),
		ok("empty", func() { LionQ8(&lion, nil, nil, Q8{Map: Q8Signed}) }),
	}
	ada := AdagradHyper{LR: 0.01, Eps: 1e-10}.Step(1)
	pre = "kernels: AdagradQ8: "
	table["AdagradQ8"] = []misuse.Case{
		panics("nil step", func() { AdagradQ8(nil, w, g, v) }, pre+"s is nil"),
		panics("sum signed", func() { AdagradQ8(&ada, w, g, m) }, pre+"sum.Map is Q8Signed, want Q8Unsigned"),
		panics("sum's scales short", func() { AdagradQ8(&ada, w, g, Q8{Map: Q8Unsigned, Codes: v.Codes, Scales: v.Scales[:1]}) },
			pre+"len(sum.Scales)=1, want ⌈len(sum.Codes)/256⌉=3"),
		panics("w is g", func() { AdagradQ8(&ada, w, w, v) }, pre+"w and g overlap"),
		ok("empty", func() { AdagradQ8(&ada, nil, nil, Q8{Map: Q8Unsigned}) }),
	}
}

// floatsOverBytes returns the float32s in the memory of b.
func floatsOverBytes(b []uint8) []float32 {
	return unsafe.Slice((*float32)(unsafe.Pointer(unsafe.SliceData(b))), len(b)/4)
}

// x8 returns n zero codes.
func x8(n int) []uint8 { return make([]uint8, n) }
