package main

import (
	"slices"

	"github.com/fastgrad/fastgrad/internal/kerneldesc"
)

// twoOperand are the description's operations that are one instruction d = n op m, any of d, n and m the same
// register; Less is Greater with its operands swapped.
var twoOperand = map[kerneldesc.Kind]func(v *vec, d, n, m vreg){
	kerneldesc.Add:     func(v *vec, d, n, m vreg) { v.op3(fadd, d, n, m) },
	kerneldesc.Sub:     func(v *vec, d, n, m vreg) { v.op3(fsub, d, n, m) },
	kerneldesc.Mul:     func(v *vec, d, n, m vreg) { v.op3(fmul, d, n, m) },
	kerneldesc.Div:     func(v *vec, d, n, m vreg) { v.op3(fdiv, d, n, m) },
	kerneldesc.And:     func(v *vec, d, n, m vreg) { v.and(d, n, m) },
	kerneldesc.Xor:     func(v *vec, d, n, m vreg) { v.xor(d, n, m) },
	kerneldesc.Greater: func(v *vec, d, n, m vreg) { v.op3(fcmgt, d, n, m) },
	kerneldesc.Less:    func(v *vec, d, n, m vreg) { v.op3(fcmgt, d, m, n) },
	kerneldesc.Equal:   func(v *vec, d, n, m vreg) { v.op3(fcmeq, d, n, m) },
}

// oneOperand are the operations that are one instruction d = op n, d and n possibly the same register. Abs is an
// AND with the sign mask rather than FABS, which keeps a NaN's sign when FPCR.AH is set: the AND clears it whatever
// the control register says, as the description's Abs does.
var oneOperand = map[kerneldesc.Kind]func(v *vec, d, n vreg){
	kerneldesc.Sqrt: func(v *vec, d, n vreg) { v.op2(fsqrt, d, n) },
	kerneldesc.Abs:  func(v *vec, d, n vreg) { v.and(d, n, v.abs) },
}

// usesAbs reports whether k's body has an Abs: its function then sets up the sign mask (vec.abs) once, before its
// loops.
func usesAbs(k *kerneldesc.Kernel) bool {
	return slices.ContainsFunc(k.Body, func(op kerneldesc.Op) bool { return op.Kind == kerneldesc.Abs })
}

// lower writes k's operations on one vector of elements through v, and returns the register that holds the
// body's last value: a reduction's term. A value holds a register from the operation that makes it to its last
// use, then gives it back, and a result goes over an operand that dies with the operation where the instruction
// allows it, so that the body takes as few registers as it can. The registers the body took stay taken when it
// returns: the copies of it in one block are then independent chains.
func lower(k *kerneldesc.Kernel, v *vec) vreg {
	last := k.LastUse()
	regs := make([]vreg, len(k.Body))
	var took []vreg
	fresh := func() vreg {
		r := v.v()
		took = append(took, r)
		return r
	}
	// A constant's register is loaded once for the whole function, and never given back.
	dies := func(x kerneldesc.Value, at int) bool {
		return last[x] == at && k.Body[x].Kind != kerneldesc.Const
	}
	// over returns the register of the first of xs that dies at op at, for the result to overwrite, or a fresh one.
	over := func(at int, xs ...kerneldesc.Value) vreg {
		for _, x := range xs {
			if dies(x, at) {
				return regs[x]
			}
		}
		return fresh()
	}
	for i, op := range k.Body {
		arg := func(n int) vreg { return regs[op.Args[n]] }
		switch op.Kind {
		case kerneldesc.Load:
			regs[i] = v.load(k.Arrays[op.Array])
			took = append(took, regs[i])
		case kerneldesc.Store:
			v.store(arg(0), k.Arrays[op.Array])
		case kerneldesc.Const:
			regs[i] = v.k(op.Slot)
		case kerneldesc.Select:
			// BIT inserts the mask's lanes of x into the register holding y, which is neither the mask nor x.
			regs[i] = over(i, op.Args[2])
			if regs[i] != arg(2) {
				v.mov(regs[i], arg(2))
			}
			v.bit(arg(0), arg(1), regs[i])
		case kerneldesc.MaxNaN:
			// kernels' maxNaN: b, then a where a > b, then a where a is NaN. FMAX would differ on ±0.
			regs[i] = over(i, op.Args[1])
			if regs[i] != arg(1) {
				v.mov(regs[i], arg(1))
			}
			m := fresh()
			v.op3(fcmgt, m, arg(0), arg(1))
			v.bit(m, arg(0), regs[i])
			v.op3(fcmeq, m, arg(0), arg(0)) // a is a number
			v.bif(m, arg(0), regs[i])
			v.free(m)
		default:
			regs[i] = over(i, op.Args...)
			if ins, ok := twoOperand[op.Kind]; ok {
				ins(v, regs[i], arg(0), arg(1))
			} else if ins, ok := oneOperand[op.Kind]; ok {
				ins(v, regs[i], arg(0))
			} else {
				panic(k.Name + ": no NEON lowering of " + op.Kind.String())
			}
		}
		for _, x := range op.Args {
			if dies(x, i) && (op.Kind == kerneldesc.Store || regs[x] != regs[i]) {
				v.free(regs[x])
			}
		}
	}
	for _, r := range took {
		v.used[r] = true
	}
	return regs[len(regs)-1]
}
