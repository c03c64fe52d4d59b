package kernels

import "math"

// optimBlock is how many elements the generic optimizer loops prepare the gradient of at a time, into a buffer on
// the stack, when it needs preparing (maximize or coupled weight decay): small enough to stay in L1 beside the
// arrays' current blocks.
const optimBlock = 256

// prepared returns g' = gradArgs.of(g[i], w[i]) for the block, in tmp, or g itself when there is nothing to
// prepare. One loop per case keeps the options' branches out of the loops.
func (a gradArgs[F]) prepared(tmp *[optimBlock]F, g, w []F) []F {
	if !a.prepares() {
		return g
	}
	t, wd := tmp[:len(g)], a.wd
	w = w[:len(g)]
	switch {
	case !a.coupled:
		for i, gi := range g {
			t[i] = -gi
		}
	case a.maximize:
		for i, gi := range g {
			t[i] = -gi + F(wd*w[i])
		}
	default:
		for i, gi := range g {
			t[i] = gi + F(wd*w[i])
		}
	}
	return t
}

// prepares reports whether the gradient needs preparing: the loops then run over blocks of it, prepared.
func (a gradArgs[F]) prepares() bool { return a.maximize || a.coupled }

// part returns s[from:to], or nil for a nil s (a state the options leave out).
func part[F Float](s []F, from, to int) []F {
	if s == nil {
		return nil
	}
	return s[from:to]
}

// sgdGeneric is sgdRef with one loop per form of the update.
func sgdGeneric[F Float](a sgdArgs[F], w, g, buf []F) {
	if !a.grad.prepares() {
		sgdLoop(a, w, g, buf)
		return
	}
	var tmp [optimBlock]F
	for from := 0; from < len(w); from += optimBlock {
		to := min(from+optimBlock, len(w))
		sgdLoop(a, w[from:to], a.grad.prepared(&tmp, g[from:to], w[from:to]), part(buf, from, to))
	}
}

// sgdLoop is sgdRef's loop over a prepared gradient g.
func sgdLoop[F Float](a sgdArgs[F], w, g, buf []F) {
	mom, omd, nlr := a.mom, a.omd, a.nlr
	g = g[:len(w)]
	if !a.momentum {
		for i, gi := range g {
			w[i] += F(nlr * gi)
		}
		return
	}
	buf = buf[:len(w)]
	switch {
	case a.first && a.nesterov:
		for i, gi := range g {
			buf[i] = gi
			w[i] += F(nlr * (gi + F(mom*gi)))
		}
	case a.first:
		for i, gi := range g {
			buf[i] = gi
			w[i] += F(nlr * gi)
		}
	case a.nesterov:
		for i, gi := range g {
			b := F(buf[i]*mom) + F(omd*gi)
			buf[i] = b
			w[i] += F(nlr * (gi + F(mom*b)))
		}
	case omd == 1:
		// No dampening, torch's default: 1·g is g, NaN payloads included, so the product can go.
		for i, gi := range g {
			b := F(buf[i]*mom) + gi
			buf[i] = b
			w[i] += F(nlr * b)
		}
	default:
		for i, gi := range g {
			b := F(buf[i]*mom) + F(omd*gi)
			buf[i] = b
			w[i] += F(nlr * b)
		}
	}
}

// adamGeneric is adamRef with its scalars in locals and one loop for Adam, one for AMSGrad.
func adamGeneric[F Float](a adamArgs[F], w, g, m, v, vmax []F) {
	if !a.grad.prepares() {
		adamLoop(a, w, g, m, v, vmax)
		return
	}
	var tmp [optimBlock]F
	for from := 0; from < len(w); from += optimBlock {
		to := min(from+optimBlock, len(w))
		adamLoop(a, w[from:to], a.grad.prepared(&tmp, g[from:to], w[from:to]), m[from:to], v[from:to], part(vmax, from, to))
	}
}

// adamLoop is adamRef's loop over a prepared gradient g.
func adamLoop[F Float](a adamArgs[F], w, g, m, v, vmax []F) {
	decay, k, fromEnd, b2, omb2 := a.decay, a.lerp.k, a.lerp.fromEnd, a.b2, a.omb2
	bc2sqrt, eps, nss := a.bc2sqrt, a.eps, a.nss
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	if vmax == nil {
		for i, wi := range w {
			gi, mi := g[i], m[i]
			base := mi
			if fromEnd {
				base = gi
			}
			mi = base + F(k*(gi-mi))
			vi := F(v[i]*b2) + F(F(omb2*gi)*gi)
			m[i], v[i] = mi, vi
			w[i] = F(wi*decay) + F(nss*mi)/(sqrt(vi)/bc2sqrt+eps)
		}
		return
	}
	vmax = vmax[:len(w)]
	for i, wi := range w {
		gi, mi := g[i], m[i]
		base := mi
		if fromEnd {
			base = gi
		}
		mi = base + F(k*(gi-mi))
		vi := F(v[i]*b2) + F(F(omb2*gi)*gi)
		m[i], v[i] = mi, vi
		if is32[F]() {
			vi = F(maxNaN32(float32(vmax[i]), float32(vi)))
		} else {
			vi = F(maxNaN64(float64(vmax[i]), float64(vi)))
		}
		vmax[i] = vi
		w[i] = F(wi*decay) + F(nss*mi)/(sqrt(vi)/bc2sqrt+eps)
	}
}

// maxNaN32 and maxNaN64 are maxNaN without a branch: they blend the bits of a and of b through a mask made from
// the comparisons. Whether vmax[i] > v[i] has no pattern a predictor can learn (it changes from element to element
// as the gradients do), and a branch on it, mispredicted at every other element or so, made the AMSGrad loop slower
// than a naive one. A plain "if pick { r = a }" on the bits was compiled into such a branch too, once inlined in
// the loop. They are not generic so that the compiler inlines them.
func maxNaN32(a, b float32) float32 {
	m := -uint32(b2u(a > b) | b2u(a != a)) // all ones where maxNaN returns a
	return math.Float32frombits(math.Float32bits(a)&m | math.Float32bits(b)&^m)
}

func maxNaN64(a, b float64) float64 {
	m := -uint64(b2u(a > b) | b2u(a != a))
	return math.Float64frombits(math.Float64bits(a)&m | math.Float64bits(b)&^m)
}

// b2u returns 1 for true and 0 for false; the compiler turns it into a flag read (SETcc), not a branch.
func b2u(c bool) uint8 {
	if c {
		return 1
	}
	return 0
}
