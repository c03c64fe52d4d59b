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
	ek := elementwise{name: k.Name, arrays: k.Arrays, consts: len(k.Block.Consts), doc: k.Doc, unroll: unrollOf(k.Name)}
	for _, op := range k.Body {
		switch {
		case op.Kind != kerneldesc.Const:
		case k.Block.Consts[op.Slot].Flag:
			ek.flags = append(ek.flags, op.Slot)
		default:
			ek.numbers = append(ek.numbers, op.Slot)
		}
	}
	slices.Sort(ek.flags)
	slices.Sort(ek.numbers)
	ek.body = func(v *vec) { lowerBody(v, k) }
	return ek
}

// lowerBody emits k's body through v. An operand is a register or, for a constant AVX2 keeps on the stack, memory;
// avo's AVX forms take (src2, src1, dst) with dst = src1 op src2 and only src2 may be memory, so a memory operand
// goes to src2 where the operation allows it and is copied into a register where it does not.
func lowerBody(v *vec, k *kerneldesc.Kernel) {
	e := v.e
	vals := make([]operand.Op, len(k.Body))
	for i, o := range k.Body {
		arg := func(n int) operand.Op { return vals[o.Args[n]] }
		// binary emits dst = x op y; swap says the operation commutes.
		binary := func(ins op, swap bool) operand.Op {
			x, y := arg(0), arg(1)
			if swap && isMem(x) && !isMem(y) {
				x, y = y, x
			}
			dst := v.reg()
			ins(y, v.inReg(x), dst)
			return dst
		}
		switch o.Kind {
		case kerneldesc.Load:
			vals[i] = v.load(k.Arrays[o.Array])
		case kerneldesc.Store:
			v.store(v.inReg(arg(0)), k.Arrays[o.Array])
		case kerneldesc.Const:
			if k.Block.Consts[o.Slot].Flag {
				vals[i] = v.flag(o.Slot)
			} else {
				vals[i] = v.k(o.Slot)
			}
		case kerneldesc.Add:
			vals[i] = binary(e.add, true)
		case kerneldesc.Sub:
			vals[i] = binary(e.sub, false)
		case kerneldesc.Mul:
			vals[i] = binary(e.mul, true)
		case kerneldesc.Div:
			vals[i] = binary(e.div, false)
		case kerneldesc.And:
			vals[i] = binary(e.and, true)
		case kerneldesc.Xor:
			vals[i] = binary(e.xor, true)
		case kerneldesc.Sqrt:
			dst := v.reg()
			e.sqrt(arg(0), dst)
			vals[i] = dst
		case kerneldesc.MaxNaN:
			vals[i] = v.maxNaN(v.inReg(arg(0)), arg(1))
		case kerneldesc.Greater:
			vals[i] = v.compare(cmpGT, cmpLT, arg(0), arg(1))
		case kerneldesc.Less:
			vals[i] = v.compare(cmpLT, cmpGT, arg(0), arg(1))
		case kerneldesc.Equal:
			vals[i] = v.compare(cmpEQ, cmpEQ, arg(0), arg(1))
		case kerneldesc.Select:
			dst := v.reg()
			v.blend(arg(0).(reg.Register), arg(1), v.inReg(arg(2)), dst)
			vals[i] = dst
		default:
			panic(fmt.Sprintf("%s: no lowering for %v", k.Name, o.Kind))
		}
	}
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

// compare returns the mask of a pred b, where mirror is the predicate of b pred a: only b may be in memory.
func (v *vec) compare(pred, mirror uint8, a, b operand.Op) reg.Register {
	if isMem(a) && !isMem(b) {
		return v.cmp(mirror, b, a)
	}
	return v.cmp(pred, v.inReg(a), b)
}

// maxNaN returns kernels' maxNaN(a, b): a when a > b or a is NaN, b otherwise. MAXPx(a, b) is a > b ? a : b,
// which is b for a NaN a, so a NaN a is blended back in.
func (v *vec) maxNaN(a reg.VecVirtual, b operand.Op) reg.VecVirtual {
	m := v.reg()
	v.e.max(b, a, m)
	v.blend(v.cmp(cmpUnord, a, a), a, m, m)
	return m
}
