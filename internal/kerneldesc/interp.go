package kerneldesc

import (
	"fmt"
	"math"
	"unsafe"
)

// Float is an element type the kernels compute in.
type Float interface{ ~float32 | ~float64 }

// Run performs k over every index of arrays, given in k.Arrays' order and at least as long as the first, with the
// constant block consts: one element at a time, each operation rounded to F as its Kind defines. It is the
// descriptions' meaning, which every lowering must reproduce, and panics where a body or block breaks a rule the
// lowerings rely on: a flag that is neither all ones nor +0, or arrays of the wrong number.
func Run[F Float](k *Kernel, arrays [][]F, consts []F) {
	if len(arrays) != len(k.Arrays) || len(consts) != len(k.Block.Consts) {
		panic(fmt.Sprintf("kerneldesc: %s takes %d arrays and %d constants, not %d and %d",
			k.Name, len(k.Arrays), len(k.Block.Consts), len(arrays), len(consts)))
	}
	for s, c := range k.Block.Consts {
		if b := bitsOf(consts[s]); c.Flag && b != 0 && b != onesOf[F]() {
			panic(fmt.Sprintf("kerneldesc: %s: flag slot %d is %#x, neither all ones nor +0", k.Name, s, b))
		}
	}
	vals := make([]F, len(k.Body))
	for i := range arrays[0] {
		for j, op := range k.Body {
			vals[j] = eval(op, vals, arrays, consts, i)
		}
	}
}

// eval returns the value of op at index i, storing it first if op is a Store.
func eval[F Float](op Op, vals []F, arrays [][]F, consts []F, i int) F {
	arg := func(n int) F { return vals[op.Args[n]] }
	switch op.Kind {
	case Load:
		return arrays[op.Array][i]
	case Store:
		arrays[op.Array][i] = arg(0)
		return 0
	case Const:
		return consts[op.Slot]
	case Add:
		return arg(0) + arg(1)
	case Sub:
		return arg(0) - arg(1)
	case Mul:
		return F(arg(0) * arg(1))
	case Div:
		return arg(0) / arg(1)
	case Sqrt:
		return F(math.Sqrt(float64(arg(0))))
	case And:
		return fromBits[F](bitsOf(arg(0)) & bitsOf(arg(1)))
	case Xor:
		return fromBits[F](bitsOf(arg(0)) ^ bitsOf(arg(1)))
	case Abs:
		return fromBits[F](bitsOf(arg(0)) &^ signOf[F]())
	case MaxNaN:
		if a, b := arg(0), arg(1); a > b || a != a {
			return a
		}
		return arg(1)
	case Greater:
		return mask[F](arg(0) > arg(1))
	case Less:
		return mask[F](arg(0) < arg(1))
	case Equal:
		return mask[F](arg(0) == arg(1))
	case Select:
		if bitsOf(arg(0)) != 0 {
			return arg(1)
		}
		return arg(2)
	}
	panic(fmt.Sprintf("kerneldesc: unknown operation %d", op.Kind))
}

// mask returns all ones when on and +0 otherwise.
func mask[F Float](on bool) F {
	if on {
		return fromBits[F](onesOf[F]())
	}
	return 0
}

func is32[F Float]() bool {
	var x F
	return unsafe.Sizeof(x) == 4
}

func onesOf[F Float]() uint64 {
	if is32[F]() {
		return math.MaxUint32
	}
	return math.MaxUint64
}

func signOf[F Float]() uint64 {
	if is32[F]() {
		return 1 << 31
	}
	return 1 << 63
}

func bitsOf[F Float](x F) uint64 {
	if is32[F]() {
		return uint64(math.Float32bits(float32(x)))
	}
	return math.Float64bits(float64(x))
}

func fromBits[F Float](b uint64) F {
	if is32[F]() {
		return F(math.Float32frombits(uint32(b)))
	}
	return F(math.Float64frombits(b))
}
