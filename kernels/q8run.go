package kernels

import "fmt"

// Q8 kernels keep optimizer state in 8-bit blockwise form and the weights and gradients in float32. Block by block
// they dequantize the state, run the float32 kernel on it (so its update is, element by element, the float32
// kernel's on the dequantized values: the weights move by the new moments before these are quantized, as in
// bitsandbytes' 8-bit blockwise kernels), then quantize the new state with each block's new absmax. A block's
// result depends only on that block, so neither chunking nor splitting a tensor at block boundaries changes a bit.

// A chunk of a stored kernel is a whole number of blocks.
var _ = [1]int{}[storedChunk%Q8Block]

// runQ8 runs step, a path's float32 kernel, over the weights w, gradients g and the state st (the zero Q8 where
// the kernel has fewer arrays), a chunk of whole blocks at a time, in the pooled float32 buffers.
func runQ8(w, g []float32, st [3]Q8, step func(w, g []float32, st [3][]float32)) {
	b := chunkPool.Get().(*chunkBufs)
	defer chunkPool.Put(b)
	o := opsOf[float32]()
	var tabs [3]*q8Table
	for j, q := range st {
		if q.Map != 0 {
			tabs[j] = q.Map.table()
		}
	}
	for lo := 0; lo < len(w); lo += storedChunk {
		hi := min(lo+storedChunk, len(w))
		var cs [3][]float32
		for j, t := range tabs {
			if t != nil {
				cs[j] = b[2+j][:hi-lo]
				o.dequantizeQ8(cs[j], t, st[j].Codes[lo:hi], st[j].Scales[lo/Q8Block:])
			}
		}
		step(w[lo:hi], g[lo:hi], cs)
		for j, t := range tabs {
			if t != nil {
				o.quantizeQ8(t, st[j].Codes[lo:hi], st[j].Scales[lo/Q8Block:], cs[j])
			}
		}
	}
}

// mustQ8State panics, naming the kernel and the argument, unless q is valid state of n elements in map m.
func mustQ8State(kernel, name string, q Q8, m Q8Map, n int) {
	if q.Map != m {
		panic(fmt.Sprintf("kernels: %s: %s.Map is %v, want %v", kernel, name, q.Map, m))
	}
	mustQ8(kernel, name, q)
	if len(q.Codes) != n {
		panic(fmt.Sprintf("kernels: %s: len(%s.Codes)=%d, want len(w)=%d", kernel, name, len(q.Codes), n))
	}
}

// mustNoQ8 panics, naming the kernel and the argument, unless q is the zero Q8: state the step does not use.
func mustNoQ8(kernel, name, why string, q Q8) {
	if q.Map != 0 || q.Codes != nil || q.Scales != nil {
		panic(fmt.Sprintf("kernels: %s: %s given but %s", kernel, name, why))
	}
}

// q8Regions returns the memory of q's codes and scales.
func q8Regions(q Q8) (codes, scales region) { return regionOf(q.Codes), regionOf(q.Scales) }

// mustQ8Kernel panics unless the arguments of a kernel with one state array q in map m fit: g of w's length, q
// valid state of w's length, and w, q's codes, q's scales and g disjoint. names lists those four's names.
func mustQ8Kernel(kernel, names string, w, g []float32, state string, q Q8, m Q8Map) {
	mustLen(kernel, "g", len(g), "w", len(w))
	mustQ8State(kernel, state, q, m, len(w))
	qc, qs := q8Regions(q)
	mustDisjointRegions(kernel, names, 3, regionOf(w), qc, qs, regionOf(g))
}
