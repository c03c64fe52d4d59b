package kernels

// dotShort is dotAcc for len(x) ≤ 32 (at most one element per accumulator), p as dotAcc computes it. It writes
// the products to acc[:len(x)] and needs acc[len(x):p] to be +0, standing for the accumulators no element reaches.
//
// It adds +0 to the products once, to the total of the tree, instead of to each product (the canonical order starts
// each accumulator at +0): +0 + a[j] differs from a[j] only where a[j] is −0, and a sum whose addends differ only in
// the signs of zeros differs only in the sign of a zero, so the tree over the products differs from the canonical
// one at most in the sign of a zero total, which adding +0 makes +0, as the canonical total is.
func dotShort[F Float](acc *[64]F, x, y []F, p int) F {
	y = y[:len(x)]
	a := acc[:len(x)]
	for j, xj := range x {
		a[j] = F(xj * y[j])
	}
	return 0 + tree(acc, p)
}

// tree returns pairwise(acc[:p]), p a power of two ≤ 64, without writing acc: the values of each level stay in
// registers instead of going through memory, where each level waited for the stores of the one before. pairwise's
// tree adds a[j] and a[j+h] for h = p/2, …, 1; its last three levels are tree8, and the levels above it reduce the
// elements j, j+8, j+16, … to one for each j < 8 by the same tree (over p/8 elements).
func tree[F Float](acc *[64]F, p int) F {
	a := (*[8]F)(acc[:8])
	switch p {
	case 1:
		return acc[0]
	case 2:
		return acc[0] + acc[1]
	case 4:
		return (acc[0] + acc[2]) + (acc[1] + acc[3])
	case 8:
		return tree8(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7])
	}
	var d [8]F
	b, c, e := (*[8]F)(acc[8:16]), (*[8]F)(acc[16:24]), (*[8]F)(acc[24:32])
	switch p {
	case 16:
		for j := range d {
			d[j] = a[j] + b[j]
		}
	case 32:
		for j := range d {
			d[j] = (a[j] + c[j]) + (b[j] + e[j])
		}
	default:
		h := (*[32]F)(acc[32:])
		for j := range d {
			d[j] = tree8(a[j], b[j], c[j], e[j], h[j], h[j+8], h[j+16], h[j+24])
		}
	}
	return tree8(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7])
}

// tree8 is pairwise over 8 values.
func tree8[F Float](a0, a1, a2, a3, a4, a5, a6, a7 F) F {
	return ((a0 + a4) + (a2 + a6)) + ((a1 + a5) + (a3 + a7))
}

// treeWidth returns p, the smallest power of two ≥ min(n, L): the accumulators a dot product of n elements
// combines (see dotAcc).
func treeWidth[F Float](n int) int {
	p := 1
	for p < n && p < lanes[F]() {
		p *= 2
	}
	return p
}

// dotGeneric is dotRef; see dotAcc.
func dotGeneric[F Float](x, y []F) F {
	var acc [64]F
	return dotAcc(&acc, x, y, planDot[F](len(x)))
}

// sumSqGeneric is sumSqRef: dotRef(x, x) adds the same products in the same order, which dotAcc computes from one
// load of each element when y is nil. It reads blocks of dotBlock, touched from streamBytes on. With one array
// to read, Dot's smaller blocks (planDot) won only for float64 in L3 (1.1×) and lost elsewhere: from memory 1.3×
// slower for float32 and 1.12× for float64, in L3 1.06× for float32 (cmd/bench medians, Zen 5).
func sumSqGeneric[F Float](x []F) F {
	var acc [64]F
	return dotAcc(&acc, x, nil, dotPlan{block: dotBlock, touch: streams(x)})
}

// dotAcc returns dotRef(x, y), using acc as its accumulators, whatever they held. The accumulators no element
// reached are +0 and the others are never −0 (reduce.go), so adding them changes nothing: the canonical tree gives
// the same bits over the first p accumulators only, p the smallest power of two ≥ min(len(x), L), which is what
// makes a short dot product (a least-squares row of a few elements) cheap.
//
// Element i goes to accumulator i mod L, in index order, as in dotRef, but the whole rounds of L elements are
// visited a block (whole rounds, plan.block elements) at a time and, within a block, four accumulators at a time:
// those four stay in registers while the loop steps through the block by L, instead of each addition loading and
// storing its accumulator. The block stays in L1 for its L/4 passes. The loop indexes the block directly, its
// bound len(xb)−3 proving i+3 in range: cutting a [4]F from xb[i:] at each step cost a dozen integer instructions
// for the slice's bounds and pointer mask, and float64 Dot in L1 ran 1.2× slower. Eight at a time needed more than
// the 15 vector registers Go allocates on amd64: one went through the stack at every step, and float64 ran 1.27×
// slower in L2 on a Zen 5. How large the blocks are and whether they are touched first is the plan's (dotPlan). An
// x of fewer than 8 rounds goes to dotRounds. A nil y stands for x (SumSq): the passes then load each element once,
// not twice, and SumSq ran 1.8-2.1× faster in L1 and L2 (Zen 5), where two loads an element set the pace.
func dotAcc[F Float](acc *[64]F, x, y []F, plan dotPlan) F {
	sq := y == nil
	if sq {
		y = x
	}
	y = y[:len(x)]
	p := treeWidth[F](len(x))
	if len(x) <= 32 {
		clear(acc[len(x):p])
		return dotShort(acc, x, y, p)
	}
	clear(acc[:p])
	L := lanes[F]()
	if len(x) < 8*L {
		return dotRounds(acc, x, y, p)
	}
	full := len(x) - len(x)%L
	for from := 0; from < full; from += plan.block {
		to := min(from+plan.block, full)
		xb, yb := x[from:to], y[from:to]
		if plan.touch {
			keepLoads(touch(xb, yb))
		}
		if sq {
			for lane := 0; lane < L; lane += 4 {
				a := (*[4]F)(acc[lane:])
				a0, a1, a2, a3 := a[0], a[1], a[2], a[3]
				for i := lane; i < len(xb)-3; i += L {
					a0 += F(xb[i] * xb[i])
					a1 += F(xb[i+1] * xb[i+1])
					a2 += F(xb[i+2] * xb[i+2])
					a3 += F(xb[i+3] * xb[i+3])
				}
				a[0], a[1], a[2], a[3] = a0, a1, a2, a3
			}
			continue
		}
		for lane := 0; lane < L; lane += 4 {
			a := (*[4]F)(acc[lane:])
			a0, a1, a2, a3 := a[0], a[1], a[2], a[3]
			for i := lane; i < len(xb)-3; i += L {
				a0 += F(xb[i] * yb[i])
				a1 += F(xb[i+1] * yb[i+1])
				a2 += F(xb[i+2] * yb[i+2])
				a3 += F(xb[i+3] * yb[i+3])
			}
			a[0], a[1], a[2], a[3] = a0, a1, a2, a3
		}
	}
	a := acc[:len(x)-full]
	y = y[full:]
	for j, xj := range x[full:] {
		a[j] += F(xj * y[j])
	}
	return tree(acc, p)
}

// dotRounds is dotAcc for a short x (a least-squares row of a few rounds of L, fewer than 8), where the passes of
// dotAcc's blocks cost more than they save: it reads blocks of 32 elements through array pointers, free of bounds
// checks, block k going to accumulators 32k mod L onwards, where dotRef's index mask sends each of its elements.
// acc[:p] must be +0.
func dotRounds[F Float](acc *[64]F, x, y []F, p int) F {
	y = y[:len(x)]
	mask := lanes[F]() - 1
	lane := 0
	for len(x) >= 32 {
		a, xb, yb := (*[32]F)(acc[lane:]), (*[32]F)(x), (*[32]F)(y)
		for j := 0; j < 32; j += 4 {
			a[j] += F(xb[j] * yb[j])
			a[j+1] += F(xb[j+1] * yb[j+1])
			a[j+2] += F(xb[j+2] * yb[j+2])
			a[j+3] += F(xb[j+3] * yb[j+3])
		}
		x, y = x[32:], y[32:]
		lane = (lane + 32) & mask
	}
	a := acc[lane : lane+len(x)]
	for j, xj := range x {
		a[j] += F(xj * y[j])
	}
	return tree(acc, p)
}

// dotPlan is how dotAcc reads x and y: block elements (whole rounds of L) at a time, each block touched before its
// passes when touch is set. The plan decides only when cache lines are loaded, never which products are added or
// in what order.
type dotPlan struct {
	block int
	touch bool
}

// planDot returns Dot's plan for arrays of n elements, by where they are likely to be. Under streamBytes each, in
// L1 or L2: blocks of dotBlock, untouched, whose passes stay in L1. Larger, in L3 (both within l3Bytes): blocks of
// streamRounds rounds, untouched. Larger still, from memory: the same small blocks, touched. Our reading of why,
// not measured directly: the passes over a small block reach all its lines within a few dozen loads, so
// out-of-order execution overlaps L3's misses with the arithmetic, while memory's need a touch, which asks for a
// block's lines at once and is short enough that the next block's touch waits on memory while the passes work.
// Against touched blocks of dotBlock throughout, cmd/bench's medians (Zen 5, three runs of each, taken
// in turn) went from 0.47 to 0.39 ns an element for float64 in L3 and from 0.67 to 0.52 from memory, and for
// float32 from 0.39 to 0.37 in L3 and from 0.50 to 0.43 from memory.
func planDot[F Float](n int) dotPlan {
	bytes := sizeBytes[F](n)
	switch {
	case bytes < streamBytes:
		return dotPlan{block: dotBlock}
	case 2*bytes <= uint64(l3Bytes):
		return dotPlan{block: streamRounds * lanes[F]()}
	default:
		return dotPlan{block: streamRounds * lanes[F](), touch: true}
	}
}

// streamRounds is how many rounds of L a block of dotAcc holds in L3 and from memory: 1 KiB of each float64 array.
const streamRounds = 4

// dotBlock is how many elements dotAcc reads in L/4 passes, a multiple of L: 8 KiB of each float32 array, 16 KiB
// of each float64 one, in L1 together.
const dotBlock = 2048

// allFiniteGeneric is allFiniteRef without a branch per element: x − x is +0 for a finite x and NaN for ±Inf and
// NaN, so a block's sum of them is NaN exactly when the block holds a non-finite element. It looks at the sums
// after each block of finiteBlock elements.
func allFiniteGeneric[F Float](x []F) bool {
	const finiteBlock = 256
	for len(x) > 0 {
		b := x[:min(len(x), finiteBlock)]
		x = x[len(b):]
		var s0, s1, s2, s3 F
		for ; len(b) >= 4; b = b[4:] {
			s0 += b[0] - b[0]
			s1 += b[1] - b[1]
			s2 += b[2] - b[2]
			s3 += b[3] - b[3]
		}
		for _, xi := range b {
			s0 += xi - xi
		}
		if s0+s1+s2+s3 != 0 {
			return false
		}
	}
	return true
}
