package optim

import (
	"fmt"
	"unsafe"

	"github.com/fastgrad/fastgrad/kernels"
)

// WeightCopy is a 16-bit copy of a float32 parameter's values that every step refreshes from the updated values:
// DeepSpeed's ZeRO-Offload step, which keeps the master weights and the optimizer state in float32 on the CPU and
// gives the forward pass a bfloat16 or float16 copy. Set one of BF16 and F16, of the parameter's length, and
// register it with the optimizer's SetWeightCopy:
//
//	half := make([]kernels.BF16, len(w))
//	err := opt.SetWeightCopy("w", optim.WeightCopy{BF16: half})
//	...
//	err = opt.Step() // w is updated in float32, half holds it rounded to bfloat16
//
// Adam, SGD (but its Keras form), Lion and Adagrad with StateFloat32 write the copy in the pass that updates the
// weights; every other optimizer and state type rounds each piece of the weights into it right after updating it.
type WeightCopy struct {
	BF16 []kernels.BF16
	F16  []kernels.F16
	// Stochastic rounds each value to one of its two neighbours at random (kernels.Rounding) instead of to
	// nearest. The bits of a step come from kernels.NewRoundingKey(Seed, t), t its step count, and each element's
	// index in the parameter: a run resumed from a checkpoint, or split across any number of workers, writes the
	// same copy bit for bit. Give each parameter a Seed of its own, or their copies share their random bits.
	Stochastic bool
	Seed       uint64
}

// weightCopy is a registered copy, with the key of the step under way.
type weightCopy struct {
	WeightCopy
	key kernels.RoundingKey
}

// at returns the copy's rounding for a piece of the parameter that starts at element lo.
func (w *weightCopy) at(lo int) kernels.Rounding {
	return kernels.Rounding{Stochastic: w.Stochastic, Key: w.key, Offset: lo}
}

// setKey sets the key of step t.
func (w *weightCopy) setKey(t int) {
	if w.Stochastic {
		w.key = kernels.NewRoundingKey(w.Seed, uint64(t))
	}
}

// refresh rounds elements [lo, hi) of the float32 values x into the copy.
func (w *weightCopy) refresh(x []float32, lo, hi int) {
	if w.BF16 != nil {
		kernels.RoundToBF16(w.BF16[lo:hi], x[lo:hi], w.at(lo))
	} else {
		kernels.RoundToF16(w.F16[lo:hi], x[lo:hi], w.at(lo))
	}
}

// SetWeightCopy registers a 16-bit copy of the values of the parameter named param, which every step from then on
// refreshes, and fills it at once from the current values (with the key of the current step count, so that the
// copy always holds the values as the last step would have rounded them). Load refreshes it too when it restores
// the values. A WeightCopy with neither BF16 nor F16 removes the parameter's copy. The buffer belongs to the caller;
// the optimizer only writes it. It returns an error, and changes nothing, unless the parameters are float32, param
// names one, exactly one buffer is given, of the parameter's length, sharing no memory with a parameter's Value or
// Grad or another copy.
func (c *Core[F]) SetWeightCopy(param string, w WeightCopy) error {
	if c.lens == nil {
		return errNotBuilt
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("optim: %s: SetWeightCopy(%q): "+format, append([]any{c.name, param}, args...)...)
	}
	if unsafe.Sizeof(F(0)) != 4 {
		return fail("a weight copy needs float32 parameters, these are float64")
	}
	i := -1
	for j, p := range c.params {
		if p.Name == param {
			i = j
		}
	}
	switch {
	case i < 0:
		return fail("no such parameter")
	case w.BF16 == nil && w.F16 == nil:
		if c.copies != nil {
			c.copies[i] = weightCopy{}
		}
		return nil
	case w.BF16 != nil && w.F16 != nil:
		return fail("both BF16 and F16 are set, want one")
	case len(w.BF16)+len(w.F16) != c.lens[i]:
		return fail("%d elements, the parameter has %d", len(w.BF16)+len(w.F16), c.lens[i])
	}
	at := copySpan(w)
	for j, p := range c.params {
		if overlaps(at, span(p.Value)) || overlaps(at, span(p.Grad)) {
			return fail("shares memory with %q's Value or Grad", p.Name)
		}
		if c.copies != nil && j != i && overlaps(at, copySpan(c.copies[j].WeightCopy)) {
			return fail("shares memory with %q's copy", p.Name)
		}
	}
	if c.copies == nil {
		c.copies = make([]weightCopy, len(c.params))
	}
	c.copies[i] = weightCopy{WeightCopy: w}
	c.refreshCopy(i)
	return nil
}

// copyOf returns parameter i's weight copy, or nil.
func (c *Core[F]) copyOf(i int) *weightCopy {
	if c.copies == nil || (c.copies[i].BF16 == nil && c.copies[i].F16 == nil) {
		return nil
	}
	return &c.copies[i]
}

// refreshCopy rounds parameter i's whole value into its copy, if it has one, with the key of the current step.
func (c *Core[F]) refreshCopy(i int) {
	if cp := c.copyOf(i); cp != nil {
		cp.setKey(c.t)
		cp.refresh(f32(c.params[i].Value), 0, c.lens[i])
	}
}

// copyFuser is an optimizer whose update refreshes parameter i's weight copy itself, in the pass that updates the
// weights, when fusesCopy(i).
type copyFuser interface{ fusesCopy(i int) bool }

// copyingUpdater is a step's updater when weight copies are registered: the optimizer's update, then, unless it
// fused the copy's refresh, the refresh of the piece it updated, while it is still in cache.
type copyingUpdater[F kernels.Float] struct {
	c *Core[F]
	u updater
}

func (cu *copyingUpdater[F]) update(i, lo, hi int) {
	cu.u.update(i, lo, hi)
	if cp := cu.c.copyOf(i); cp != nil {
		if f, ok := cu.u.(copyFuser); !ok || !f.fusesCopy(i) {
			cp.refresh(f32(cu.c.params[i].Value), lo, hi)
		}
	}
}

// withCopies returns the updater of a step through o: o itself, or with weight copies registered, o followed by
// their refresh, with each copy's key set for the step under way.
func (c *Core[F]) withCopies(o updater) updater {
	if c.copies == nil {
		return o
	}
	for i := range c.copies {
		c.copies[i].setKey(c.t)
	}
	c.copier = copyingUpdater[F]{c, o}
	return &c.copier
}

// byteSpan is the memory [lo, hi) of a buffer.
type byteSpan struct{ lo, hi uintptr }

// span returns the memory of x.
func span[T any](x []T) byteSpan {
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(x)))
	return byteSpan{lo, lo + uintptr(len(x))*unsafe.Sizeof(*new(T))}
}

// copySpan returns the memory of a copy's buffer.
func copySpan(w WeightCopy) byteSpan {
	if w.BF16 != nil {
		return span(w.BF16)
	}
	return span(w.F16)
}

// overlaps reports whether two buffers share memory; an empty one shares none.
func overlaps(a, b byteSpan) bool { return a.lo < a.hi && b.lo < b.hi && a.lo < b.hi && b.lo < a.hi }
