package kerneldesc

import "slices"

// storedBase returns the float32 kernels the stored modes derive from: Adam (and AMSGrad), SGD (with and without
// momentum), Lion and Adagrad. SGD's common form has no kernel of its own there: its general kernel serves.
func storedBase() []*Kernel {
	var base []*Kernel
	for _, ks := range [][]*Kernel{adam(), sgdForms(false), lion(), adagrad()} {
		base = append(base, ks...)
	}
	return base
}

// storedOptimizers returns the 16-bit modes of Adam (and AMSGrad), SGD (with and without momentum), Lion and
// Adagrad, kernels' AdamStored, SGDStored, LionStored and AdagradStored for nearest rounding: each kernel with
// every array in BF16 or F16 (PyTorch's fused optimizers on low-precision tensors), and with only its state in
// BF16 or F16 (float32 weights and gradients). The bodies are the float32 ones; the loops widen and round.
func storedOptimizers() []*Kernel {
	base := storedBase()
	var out []*Kernel
	for _, mode := range []struct {
		suffix    string
		s         Storage
		stateOnly bool
	}{{"BF16", BF16, false}, {"F16", F16, false}, {"StateBF16", BF16, true}, {"StateF16", F16, true}} {
		for _, k := range base {
			out = append(out, k.withStorage(mode.suffix, mode.s, mode.stateOnly))
		}
	}
	return out
}

// withStorage returns k named, and implementing its entry, with suffix added, its arrays kept as s: every array,
// or with stateOnly all but the weights w and the gradient g.
func (k *Kernel) withStorage(suffix string, s Storage, stateOnly bool) *Kernel {
	v := *k
	v.Name, v.Entry = k.Name+suffix, k.Entry+suffix
	v.Storage = make([]Storage, len(k.Arrays))
	for i, a := range k.Arrays {
		if !stateOnly || !slices.Contains([]string{"w", "g"}, a) {
			v.Storage[i] = s
		}
	}
	return &v
}
