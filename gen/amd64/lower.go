package main

import (
	"fmt"
	"slices"

	"github.com/fastgrad/fastgrad/internal/kerneldesc"

	"github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// lower returns the elementwise kernel that performs the description k: its body emits k's operations in order,
// each value in a new virtual register (avo allocates them by liveness), and only the constants the body reads are
// broadcast.
func lower(k *kerneldesc.Kernel) elementwise {
	ek := elementwise{name: k.Name, arrays: k.Arrays, storage: k.Storage, consts: len(k.Block.Consts), abs: takesAbs(k), doc: k.Doc,
		unroll: unrollOf(k.Name)}
	for _, s := range k.Slots() {
		if k.Block.Consts[s].Flag {
			ek.flags = append(ek.flags, s)
		} else {
			ek.numbers = append(ek.numbers, s)
		}
	}
	ek.widensBF16 = slices.ContainsFunc(k.Body, func(o kerneldesc.Op) bool {
		return o.Kind == kerneldesc.Load && k.Storage != nil && k.Storage[o.Array] == kerneldesc.BF16
	})
	for i, a := range k.Arrays {
		if k.RoundsStochastically(i) {
			ek.stochastic = append(ek.stochastic, a)
		}
	}
	ek.body = func(v *vec) { lowerBody(v, k) }
	return ek
}

// takesAbs reports whether k's body takes an Abs, which reads the all-but-sign mask.
func takesAbs(k *kerneldesc.Kernel) bool {
	return slices.ContainsFunc(k.Body, func(o kerneldesc.Op) bool { return o.Kind == kerneldesc.Abs })
}

// lowerBody emits k's body through v and returns its values, a Store's nil. An operand is a register or memory: a
// constant AVX2 keeps on the stack, or a reduction's vector read in place. avo's AVX forms take (src2, src1, dst)
// with dst = src1 op src2 and only src2 may be memory, so a memory operand goes to src2 where the operation allows
// it and is copied into a register where it does not.
func lowerBody(v *vec, k *kerneldesc.Kernel) []operand.Op {
	e := v.e
	reads := make([]int, len(k.Body)) // how many operands a value is
	for _, o := range k.Body {
		for _, a := range o.Args {
			reads[a]++
		}
	}
	// The two-operand arithmetic: its instruction, and whether it commutes.
	arith := map[kerneldesc.Kind]struct {
		ins      op
		commutes bool
	}{
		kerneldesc.Add: {e.add, true}, kerneldesc.Sub: {e.sub, false}, kerneldesc.Mul: {e.mul, true},
		kerneldesc.Div: {e.div, false}, kerneldesc.And: {e.and, true}, kerneldesc.Xor: {e.xor, true},
	}
	// The comparisons: the predicate of a pred b, and that of b pred a.
	compares := map[kerneldesc.Kind][2]uint8{
		kerneldesc.Greater: {cmpGT, cmpLT}, kerneldesc.Less: {cmpLT, cmpGT}, kerneldesc.Equal: {cmpEQ, cmpEQ},
	}
	vals := make([]operand.Op, len(k.Body))
	for i, o := range k.Body {
		arg := func(n int) operand.Op { return vals[o.Args[n]] }
		a, isArith := arith[o.Kind]
		c, isCompare := compares[o.Kind]
		switch {
		case isArith:
			x, y := arg(0), arg(1)
			if a.commutes && isMem(x) && !isMem(y) {
				x, y = y, x
			}
			dst := v.reg()
			a.ins(y, v.inReg(x), dst)
			vals[i] = dst
		case isCompare:
			x, y := arg(0), arg(1)
			if isMem(x) && !isMem(y) {
				vals[i] = v.cmp(c[1], y, x)
			} else {
				vals[i] = v.cmp(c[0], v.inReg(x), y)
			}
		case o.Kind == kerneldesc.Load:
			vals[i] = v.load(k.Arrays[o.Array])
			if reads[i] > 1 {
				// Memory read as several operands would be loaded once per operand.
				vals[i] = v.inReg(vals[i])
			}
		case o.Kind == kerneldesc.Store:
			v.store(v.inReg(arg(0)), k.Arrays[o.Array])
		case o.Kind == kerneldesc.Const && k.Block.Consts[o.Slot].Flag:
			vals[i] = v.flag(o.Slot)
		case o.Kind == kerneldesc.Const:
			vals[i] = v.k(o.Slot)
		case o.Kind == kerneldesc.Sqrt:
			dst := v.reg()
			e.sqrt(arg(0), dst)
			vals[i] = dst
		case o.Kind == kerneldesc.Abs:
			dst := v.reg()
			e.and(arg(0), v.abs, dst)
			vals[i] = dst
		case o.Kind == kerneldesc.MaxNaN:
			vals[i] = v.maxNaN(v.inReg(arg(0)), arg(1))
		case o.Kind == kerneldesc.Select:
			dst := v.reg()
			v.blend(arg(0).(reg.Register), arg(1), v.inReg(arg(2)), dst)
			vals[i] = dst
		default:
			panic(fmt.Sprintf("%s: no lowering for %v", k.Name, o.Kind))
		}
	}
	return vals
}

// isMem reports whether x is a memory operand rather than a register.
func isMem(x operand.Op) bool {
	_, ok := x.(operand.Mem)
	return ok
}

// inReg returns x in a register, copying it into a new one if it is in memory.
func (v *vec) inReg(x operand.Op) reg.VecVirtual {
	if r, ok := x.(reg.VecVirtual); ok {
		return r
	}
	r := v.reg()
	v.e.movu(x, r)
	return r
}

// maxNaN returns kernels' maxNaN(a, b): a when a > b or a is NaN, b otherwise. MAXPx(a, b) is a > b ? a : b,
// which is b for a NaN a, so a NaN a is blended back in.
func (v *vec) maxNaN(a reg.VecVirtual, b operand.Op) reg.VecVirtual {
	m := v.reg()
	v.e.max(b, a, m)
	v.blend(v.cmp(cmpUnord, a, a), a, m, m)
	return m
}
