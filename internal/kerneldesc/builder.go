package kerneldesc

import (
	"fmt"
	"slices"
)

// builder writes a kernel's body, one operation per call, and checks what every backend relies on.
type builder struct {
	kern   *Kernel
	consts map[int]Value // the Const op already emitted for a slot
}

// newKernel starts the kernel name over arrays, reading block.
func newKernel(name, doc string, block *Block, arrays ...string) *builder {
	return &builder{kern: &Kernel{Name: name, Doc: doc, Arrays: arrays, Block: block, Entry: block.Name}, consts: map[int]Value{}}
}

func (b *builder) op(o Op) Value {
	for _, a := range o.Args {
		if a < 0 || int(a) >= len(b.kern.Body) {
			panic(fmt.Sprintf("%s: %v reads value %d, which does not exist yet", b.kern.Name, o.Kind, a))
		}
		if b.kern.Body[a].Kind == Store {
			panic(fmt.Sprintf("%s: %v reads a Store", b.kern.Name, o.Kind))
		}
	}
	b.kern.Body = append(b.kern.Body, o)
	return Value(len(b.kern.Body) - 1)
}

func (b *builder) array(name string) int {
	i := slices.Index(b.kern.Arrays, name)
	if i < 0 {
		panic(fmt.Sprintf("%s: no array %q", b.kern.Name, name))
	}
	return i
}

// load reads the current element of array name; a body reads each array at most once.
func (b *builder) load(name string) Value {
	a := b.array(name)
	for _, op := range b.kern.Body {
		if op.Array == a && (op.Kind == Load || op.Kind == Store) {
			panic(fmt.Sprintf("%s: %s is loaded after a load or store of it", b.kern.Name, name))
		}
	}
	return b.op(Op{Kind: Load, Array: a})
}

// store writes x to the current element of array name; a body writes each array at most once.
func (b *builder) store(x Value, name string) {
	a := b.array(name)
	for _, op := range b.kern.Body {
		if op.Kind == Store && op.Array == a {
			panic(fmt.Sprintf("%s: %s is stored twice", b.kern.Name, name))
		}
	}
	if b.isMask(x) {
		panic(fmt.Sprintf("%s: a mask is stored to %s", b.kern.Name, name))
	}
	b.op(Op{Kind: Store, Array: a, Args: []Value{x}})
}

// k returns constant slot s, which must not be a flag.
func (b *builder) k(s int) Value {
	if b.kern.Block.Consts[s].Flag {
		panic(fmt.Sprintf("%s: flag slot %d read as a number", b.kern.Name, s))
	}
	return b.slot(s)
}

// flag returns flag slot s, a mask.
func (b *builder) flag(s int) Value {
	if !b.kern.Block.Consts[s].Flag {
		panic(fmt.Sprintf("%s: slot %d read as a flag", b.kern.Name, s))
	}
	return b.slot(s)
}

func (b *builder) slot(s int) Value {
	if v, ok := b.consts[s]; ok {
		return v
	}
	v := b.op(Op{Kind: Const, Slot: s})
	b.consts[s] = v
	return v
}

// isMask reports whether x is a comparison or a flag.
func (b *builder) isMask(x Value) bool {
	op := b.kern.Body[x]
	return op.Kind.IsMask() || op.Kind == Const && b.kern.Block.Consts[op.Slot].Flag
}

func (b *builder) num(kind Kind, args ...Value) Value {
	for _, a := range args {
		if b.isMask(a) {
			panic(fmt.Sprintf("%s: %v of a mask", b.kern.Name, kind))
		}
	}
	return b.op(Op{Kind: kind, Args: args})
}

func (b *builder) add(x, y Value) Value    { return b.num(Add, x, y) }
func (b *builder) sub(x, y Value) Value    { return b.num(Sub, x, y) }
func (b *builder) mul(x, y Value) Value    { return b.num(Mul, x, y) }
func (b *builder) div(x, y Value) Value    { return b.num(Div, x, y) }
func (b *builder) sqrt(x Value) Value      { return b.num(Sqrt, x) }
func (b *builder) and(x, y Value) Value    { return b.num(And, x, y) }
func (b *builder) xor(x, y Value) Value    { return b.num(Xor, x, y) }
func (b *builder) abs(x Value) Value       { return b.num(Abs, x) }
func (b *builder) maxNaN(x, y Value) Value { return b.num(MaxNaN, x, y) }
func (b *builder) gt(x, y Value) Value     { return b.num(Greater, x, y) }
func (b *builder) lt(x, y Value) Value     { return b.num(Less, x, y) }
func (b *builder) eq(x, y Value) Value     { return b.num(Equal, x, y) }

// sel returns x in the lanes of mask and y elsewhere.
func (b *builder) sel(mask, x, y Value) Value {
	if !b.isMask(mask) {
		panic(fmt.Sprintf("%s: Select on a value that is not a mask", b.kern.Name))
	}
	if b.isMask(x) || b.isMask(y) {
		panic(fmt.Sprintf("%s: Select of a mask", b.kern.Name))
	}
	return b.op(Op{Kind: Select, Args: []Value{mask, x, y}})
}

// done returns the kernel, checking that every array is used and every value read or stored.
func (b *builder) done() *Kernel {
	for a, name := range b.kern.Arrays {
		if b.kern.Access(a) == 0 {
			panic(fmt.Sprintf("%s: array %s is never used", b.kern.Name, name))
		}
	}
	last := b.kern.LastUse()
	for i, op := range b.kern.Body {
		if op.Kind != Store && last[i] < 0 {
			panic(fmt.Sprintf("%s: value %d (%v) is never used", b.kern.Name, i, op.Kind))
		}
	}
	return b.kern
}

// stored makes the array name hold its elements as s; call it before the body.
func (b *builder) stored(name string, s Storage) {
	if b.kern.Storage == nil {
		b.kern.Storage = make([]Storage, len(b.kern.Arrays))
	}
	b.kern.Storage[b.array(name)] = s
}

// when makes the kernel the variant of its entry that runs under the Go condition cond.
func (b *builder) when(cond string) { b.kern.When = cond }

// newBlock starts a constant block filled by the Go function name(params).
func newBlock(name, param string) *Block { return &Block{Name: name, Param: param} }

// add appends a slot holding value and returns its index.
func (bl *Block) add(value, doc string) int {
	bl.Consts = append(bl.Consts, Slot{Value: value, Doc: doc})
	return len(bl.Consts) - 1
}

// addFlag appends a flag slot, all ones when the Go bool on is true, and returns its index.
func (bl *Block) addFlag(on, doc string) int {
	bl.Consts = append(bl.Consts, Slot{Value: "allOnes[F](" + on + ")", Doc: doc, Flag: true})
	return len(bl.Consts) - 1
}
