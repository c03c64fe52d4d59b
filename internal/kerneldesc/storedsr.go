package kerneldesc

import "strings"

// storedStochastic returns the stored modes whose weights round stochastically, kernels' AdamStored, SGDStored,
// LionStored and AdagradStored with every array BF16 or F16, and AdamCopy, SGDCopy, LionCopy and AdagradCopy,
// under a stochastic Rounding: the nearest-rounding kernels of stored.go and storedcopy.go, named and implementing
// their entries with "SR" added, with the stores to w (all 16-bit) or to wCopy rounding stochastically. The state
// still rounds to nearest. Float32 weights with 16-bit state have no variant: their weights are not rounded.
func storedStochastic() []*Kernel {
	var out []*Kernel
	for _, k := range append(storedOptimizers(), storedCopies()...) {
		if k.StorageOf(0) == Native && k.Arrays[len(k.Arrays)-1] != "wCopy" {
			continue
		}
		v := *k
		v.Name, v.Entry, v.Stochastic = k.Name+"SR", k.Entry+"SR", true
		v.Doc = strings.Replace(k.Doc, ", rounded to nearest,", "", 1) +
			" The weights round stochastically, element j by the random bits of index first+j under the key k0, k1."
		out = append(out, &v)
	}
	return out
}
