package kerneldesc

import (
	"fmt"
	"slices"
)

// storedCopies returns the weights-copy modes of Adam (and AMSGrad), SGD (with and without momentum), Lion and
// Adagrad, kernels' AdamCopy, SGDCopy, LionCopy and AdagradCopy for nearest rounding: the float32 kernel, which
// also stores the updated weights into a BF16 or F16 array wCopy in the same pass (DeepSpeed's offload step).
func storedCopies() []*Kernel {
	var out []*Kernel
	for _, mode := range []struct {
		suffix string
		s      Storage
	}{{"CopyBF16", BF16}, {"CopyF16", F16}} {
		for _, k := range storedBase() {
			out = append(out, k.withCopy(mode.suffix, mode.s))
		}
	}
	return out
}

// withCopy returns k named, and implementing its entry, with suffix added, and with one more array, wCopy, kept as
// s, into which it stores the value it stores into w. The body is k's, rebuilt through a builder so that the
// copy keeps every rule k was built under.
func (k *Kernel) withCopy(suffix string, s Storage) *Kernel {
	b := newKernel(k.Name+suffix, k.Doc+" It also stores the updated weights, rounded to nearest, into wCopy.", k.Block,
		append(slices.Clone(k.Arrays), "wCopy")...)
	b.kern.Entry, b.kern.When = k.Entry+suffix, k.When
	b.stored("wCopy", s)
	w := b.array("w")
	var updated Value = -1
	for _, o := range k.Body {
		switch o.Kind {
		case Load:
			b.load(k.Arrays[o.Array])
		case Store:
			b.store(o.Args[0], k.Arrays[o.Array])
			if o.Array == w {
				updated = o.Args[0]
			}
		default:
			b.op(Op{Kind: o.Kind, Args: slices.Clone(o.Args), Slot: o.Slot})
		}
	}
	if updated < 0 {
		panic(fmt.Sprintf("%s: stores no weights to copy", k.Name))
	}
	b.store(updated, "wCopy")
	return b.done()
}
