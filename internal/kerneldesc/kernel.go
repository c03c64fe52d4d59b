// Package kerneldesc describes fastgrad's kernels once, independently of any instruction set. An elementwise
// kernel's description says which arrays it walks, the scalars of its constant block in slot order and which of them
// are flags, and the update of one element as a list of operations in the reference's order. A reduction's says the
// term of one element, with the same operations, and how the terms fold: summed in the canonical order, their
// maximum, or whether all are finite. The generators in gen/ lower every description to each instruction set
// (gen/amd64 through avo, gen/arm64 through its emitter) and write the Go functions that fill each constant block
// and call the assembly (kernels/described_asm.go), so that the slot order is written in one place. Run and Reduce
// interpret a description one element at a time; kernels' tests run them as one more path, which must give the
// reference's bits, so that a description that drifts from the reference fails before any assembly is generated.
//
// Storage types belong to the loops, not to the descriptions: a Load yields the element in the computing type and
// a Store takes it in that type, whatever the array holds in memory. A kernel's Storage says what each array holds
// (the computing type itself, bfloat16 or binary16); the lowerings widen on loading and round on storing.
package kerneldesc

import "slices"

// Family is the kernels one generated file holds, named as the file is.
type Family struct {
	Name    string
	Kernels []*Kernel
	Source  string // the file that describes them, from the module root: internal/kerneldesc/adam.go
}

// Kernel is one elementwise kernel: for every index i of its arrays, the same operations on the i-th elements.
type Kernel struct {
	Name   string   // the symbol's prefix: the generated functions are Name + F32|F64 + instruction set
	Doc    string   // what the kernel computes, completing "<symbol> …"
	Arrays []string // the slice parameters in signature order; the first one's length is the kernel's
	// Storage is how each array, in Arrays' order, holds its elements; nil means all hold the computing type. A
	// kernel with a 16-bit array computes in float32 only.
	Storage []Storage
	Block   *Block // the constant block the kernel reads, shared by the variants of one optimizer
	// Entry is the kernels' ops field the kernel implements, with the other variants of it; When is the Go
	// condition, on the entry's parameters, under which this variant runs ("" for the last variant, the default).
	Entry, When string
	Body        []Op // the update of one element, in order; an Op's Value is its index
	// Stochastic makes the stores to the weights, w and wCopy when they are 16-bit, round stochastically as
	// kernels' RoundingKey.BF16 and RoundingKey.F16 do, element j as element first+j of the tensor (mod 2³²); the
	// kernel takes k0, k1 and first, uint32s, after its constant block. The other arrays round to nearest.
	Stochastic bool
}

// RoundsStochastically reports whether the stores to k's array a round stochastically.
func (k *Kernel) RoundsStochastically(a int) bool {
	return k.Stochastic && k.StorageOf(a) != Native && slices.Contains([]string{"w", "wCopy"}, k.Arrays[a])
}

// Storage is how an array holds its elements in memory.
type Storage uint8

// The storage types. A Load from a 16-bit array widens the element to float32 exactly; a Store to one rounds it to
// nearest, ties to even, with PyTorch's NaN (kernels' ToBF16 and ToF16 are the definitions).
const (
	Native Storage = iota // the computing type itself
	BF16                  // bfloat16: the upper half of a float32's bits
	F16                   // IEEE 754 binary16
)

// StorageOf returns how the kernel's array a holds its elements.
func (k *Kernel) StorageOf(a int) Storage {
	if k.Storage == nil {
		return Native
	}
	return k.Storage[a]
}

// Block is a constant block: the scalars a kernel reads, passed after the slices as an array [len(Consts)]F.
type Block struct {
	Name   string // kernels/described_asm.go fills it with the function Name + "Block", e.g. adamBlock
	Param  string // that function's one parameter, in terms of which the constants' values are written
	Consts []Slot // in slot order
}

// Slot is one constant of a constant block.
type Slot struct {
	Value string // its Go expression, in terms of the block's parameters, with F the element type
	Doc   string // what it is
	Flag  bool   // a mask: all ones (on) or +0 (off), read only by Select
}

// Kind is what an Op does. The arithmetic rounds every result to the element type: there is no fused operation.
type Kind uint8

// The operations of a kernel body. A mask is all ones in the lanes where it holds and +0 elsewhere.
const (
	Load    Kind = iota // the element at the current index of Arrays[Array]
	Store               // Args[0] into the element at the current index of Arrays[Array]
	Const               // slot Slot of the constant block
	Add                 // Args[0] + Args[1]
	Sub                 // Args[0] − Args[1]
	Mul                 // Args[0] · Args[1]
	Div                 // Args[0] / Args[1]
	Sqrt                // √Args[0]
	And                 // the bits of Args[0] AND those of Args[1]
	Xor                 // the bits of Args[0] XOR those of Args[1]
	MaxNaN              // kernels' maxNaN: Args[0] where it is greater than Args[1] or NaN, Args[1] elsewhere
	Greater             // the mask of Args[0] > Args[1], false where either is NaN
	Less                // the mask of Args[0] < Args[1], false where either is NaN
	Equal               // the mask of Args[0] == Args[1], false where either is NaN
	Select              // Args[1] in the lanes of the mask Args[0], Args[2] elsewhere
	Abs                 // |Args[0]|: its bits with the sign bit cleared, so NaN stays NaN and −0 becomes +0
)

var kindNames = [...]string{"Load", "Store", "Const", "Add", "Sub", "Mul", "Div", "Sqrt", "And", "Xor", "MaxNaN",
	"Greater", "Less", "Equal", "Select", "Abs"}

func (k Kind) String() string { return kindNames[k] }

// IsMask reports whether the operation yields a mask.
func (k Kind) IsMask() bool { return k == Greater || k == Less || k == Equal }

// Value is the result of an Op: its index in the body.
type Value int

// Op is one operation of a kernel body.
type Op struct {
	Kind  Kind
	Args  []Value
	Array int // Load, Store: the index of the array in Kernel.Arrays
	Slot  int // Const: the slot in the constant block
}

// Access says how a kernel uses one of its arrays.
type Access uint8

// The ways an array is used.
const (
	Read    Access = 1 << iota // loaded
	Written                    // stored
)

// Access returns how the kernel uses its array a.
func (k *Kernel) Access(a int) Access {
	var acc Access
	for _, op := range k.Body {
		switch {
		case op.Kind == Load && op.Array == a:
			acc |= Read
		case op.Kind == Store && op.Array == a:
			acc |= Written
		}
	}
	return acc
}

// Slots returns the slots of the constant block the body reads, ascending: the constants a lowering loads.
func (k *Kernel) Slots() []int {
	var slots []int
	for _, op := range k.Body {
		if op.Kind == Const && !slices.Contains(slots, op.Slot) {
			slots = append(slots, op.Slot)
		}
	}
	slices.Sort(slots)
	return slots
}

// LastUse returns, for every value of the body, the index of the last operation that reads it, or −1.
func (k *Kernel) LastUse() []int {
	last := make([]int, len(k.Body))
	for i := range last {
		last[i] = -1
	}
	for i, op := range k.Body {
		for _, a := range op.Args {
			last[a] = i
		}
	}
	return last
}
