package kernels_test

import (
	"math"

	. "github.com/fastgrad/fastgrad/kernels" // the loops name the kernels' types and Dot as the package does
)

// The helpers the package documentation defines, and each kernel's doc loop as the body of doc<Kernel>, which has
// the kernel's signature: copies to the letter, outside the package, as a user would type them in.
// TestDocLoopsInSync keeps them equal to the doc comments, and TestDocLoopsMatchKernels runs them.

// sqrt is the correctly rounded square root in F (for float32, rounding the float64 root gives it).
func sqrt[F Float](x F) F { return F(math.Sqrt(float64(x))) }

// maxNaN is torch.maximum: NaN if a or b is NaN, and b when they compare equal, so maxNaN(+0, −0) is −0
// where Go's max gives +0.
func maxNaN[F Float](a, b F) F {
	if a > b || a != a {
		return a
	}
	return b
}

// lerp is PyTorch's lerp(x, end, wt): from the nearer end, with its weight rounded to F.
func lerp[F Float](x, end F, wt float64) F {
	if math.Abs(wt) < 0.5 {
		return x + F(F(wt)*(end-x))
	}
	return end - F(F(1-wt)*(end-x))
}

// sign is ±1 by the sign of x, and x itself for ±0 and NaN (torch.sign on the CPU gives +0 for those: zsign).
func sign[F Float](x F) F {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x
}

// zsign is torch.sign as torch computes it on the CPU: ±1 by the sign of x, and +0 for ±0 and for NaN, which
// compares neither greater nor less than 0.
func zsign[F Float](x F) F {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// clamp is torch.clamp(x, lo, hi): NaN if x, lo or hi is NaN, and otherwise min(max(x, lo), hi), keeping x
// where it equals a bound (so −0 stays −0) and giving hi where lo > hi.
func clamp[F Float](x, lo, hi F) F {
	if lo != lo || hi != hi {
		return F(math.NaN())
	}
	if x < lo {
		x = lo
	}
	if x > hi {
		x = hi
	}
	return x
}

func docAdam[F Float](s *AdamStep, w, g, m, v, vmax []F) {
	wd, decay, b2, omb2 := F(s.WeightDecay), F(1-s.DecoupledDecay), F(s.Beta2), F(1-s.Beta2)
	bc2sqrt, eps, stepSize := F(s.BC2Sqrt), F(s.Eps), F(s.StepSize)
	for i := range w {
		gi := g[i]
		if s.Maximize {
			gi = -gi
		}
		if s.WeightDecay != 0 {
			gi += F(wd * w[i])
		}
		wi := F(w[i] * decay)
		m[i] = lerp(m[i], gi, 1-s.Beta1)
		v[i] = F(v[i]*b2) + F(F(omb2*gi)*gi)
		vi := v[i]
		if s.AMSGrad {
			vmax[i] = maxNaN(vmax[i], v[i])
			vi = vmax[i]
		}
		den := sqrt(vi)/bc2sqrt + eps
		w[i] = wi + F(-stepSize*m[i])/den
	}
}

func docSGD[F Float](s *SGDStep, w, g, buf []F) {
	wd, mom, omd, lr := F(s.WeightDecay), F(s.Momentum), F(1-s.Dampening), F(s.LR)
	for i := range w {
		gi := g[i]
		if s.Maximize {
			gi = -gi
		}
		if s.WeightDecay != 0 {
			gi += F(wd * w[i])
		}
		if s.Momentum != 0 {
			if s.FirstStep {
				buf[i] = gi
			} else {
				buf[i] = F(buf[i]*mom) + F(omd*gi)
			}
			if s.Nesterov {
				gi += F(mom * buf[i])
			} else {
				gi = buf[i]
			}
		}
		w[i] += F(-lr * gi)
	}
}

func docAdagrad[F Float](s *AdagradStep, w, g, sum []F) {
	wd, clr, eps := F(s.WeightDecay), F(s.CLR), F(s.Eps)
	for i := range w {
		gi := g[i]
		if s.Maximize {
			gi = -gi
		}
		if s.WeightDecay != 0 {
			gi += F(wd * w[i])
		}
		sum[i] += F(gi * gi)
		std := sqrt(sum[i]) + eps
		if s.EpsInside {
			std = sqrt(sum[i] + eps)
		}
		w[i] += F(-clr*gi) / std
	}
}

func docRMSprop[F Float](h *RMSpropHyper, w, g, sq, gavg, buf []F) {
	wd, alpha, oma := F(h.WeightDecay), F(h.Alpha), F(1-h.Alpha)
	eps, mom, lr := F(h.Eps), F(h.Momentum), F(h.LR)
	for i := range w {
		gi := g[i]
		if h.Maximize {
			gi = -gi
		}
		if h.WeightDecay != 0 {
			gi += F(wd * w[i])
		}
		sq[i] = F(sq[i]*alpha) + F(F(oma*gi)*gi)
		avg := sq[i]
		if h.Centered {
			gavg[i] = lerp(gavg[i], gi, 1-h.Alpha)
			avg -= F(gavg[i] * gavg[i])
		}
		den := sqrt(avg) + eps
		if h.EpsInside {
			den = sqrt(avg + eps)
		}
		if h.Momentum > 0 {
			buf[i] = F(buf[i]*mom) + gi/den
			w[i] += F(-lr * buf[i])
		} else {
			w[i] += F(-lr*gi) / den
		}
	}
}

func docAdamax[F Float](s *AdamaxStep, w, g, m, u []F) {
	wd, b2, eps, clr := F(s.WeightDecay), F(s.Beta2), F(s.Eps), F(s.CLR)
	for i := range w {
		gi := g[i]
		if s.Maximize {
			gi = -gi
		}
		if s.WeightDecay != 0 {
			gi += F(wd * w[i])
		}
		m[i] = lerp(m[i], gi, 1-s.Beta1)
		u[i] = maxNaN(F(u[i]*b2), F(math.Abs(float64(gi)))+eps)
		w[i] += F(-clr*m[i]) / u[i]
	}
}

func docNAdam[F Float](s *NAdamStep, w, g, m, v []F) {
	wd, decay, b2, omb2 := F(s.WeightDecay), F(1-s.DecoupledDecay), F(s.Beta2), F(1-s.Beta2)
	bc2, eps, gradCoef, momentCoef := F(s.BC2), F(s.Eps), F(s.GradCoef), F(s.MomentCoef)
	for i := range w {
		gi := g[i]
		if s.Maximize {
			gi = -gi
		}
		if s.WeightDecay != 0 {
			gi += F(wd * w[i])
		}
		wi := F(w[i] * decay)
		m[i] = lerp(m[i], gi, 1-s.Beta1)
		v[i] = F(v[i]*b2) + F(F(omb2*gi)*gi)
		den := sqrt(v[i]/bc2) + eps
		wi += F(gradCoef*gi) / den
		w[i] = wi + F(momentCoef*m[i])/den
	}
}

func docRAdam[F Float](s *RAdamStep, w, g, m, v []F) {
	wd, decay, b2, omb2 := F(s.WeightDecay), F(1-s.DecoupledDecay), F(s.Beta2), F(1-s.Beta2)
	eps, lr, bc1, bc2sqrt, rect := F(s.Eps), F(s.LR), F(s.BC1), F(s.BC2Sqrt), F(s.Rect)
	for i := range w {
		gi := g[i]
		if s.Maximize {
			gi = -gi
		}
		if s.WeightDecay != 0 {
			gi += F(wd * w[i])
		}
		wi := F(w[i] * decay)
		m[i] = lerp(m[i], gi, 1-s.Beta1)
		v[i] = F(v[i]*b2) + F(F(omb2*gi)*gi)
		step := F((m[i] / bc1) * lr)
		if s.Rectified {
			step = F(F(step*(bc2sqrt/(sqrt(v[i])+eps))) * rect)
		}
		w[i] = wi - step
	}
}

func docAdadelta[F Float](h *AdadeltaHyper, w, g, sq, acc []F) {
	wd, rho, omr, eps, lr := F(h.WeightDecay), F(h.Rho), F(1-h.Rho), F(h.Eps), F(h.LR)
	for i := range w {
		gi := g[i]
		if h.Maximize {
			gi = -gi
		}
		if h.WeightDecay != 0 {
			gi += F(wd * w[i])
		}
		sq[i] = F(sq[i]*rho) + F(F(omr*gi)*gi)
		delta := F((sqrt(acc[i]+eps) / sqrt(sq[i]+eps)) * gi)
		acc[i] = F(acc[i]*rho) + F(F(omr*delta)*delta)
		w[i] += F(-lr * delta)
	}
}

func docLion[F Float](h *LionHyper, w, g, m []F) {
	decay, lr := F(1-float64(h.LR*h.WeightDecay)), F(h.LR)
	b1, omb1, b2, omb2 := F(h.Beta1), F(1-h.Beta1), F(h.Beta2), F(1-h.Beta2)
	for i := range w {
		c := F(m[i]*b1) + F(omb1*g[i])
		w[i] = F(w[i]*decay) + F(-lr*sign(c))
		m[i] = F(m[i]*b2) + F(omb2*g[i])
	}
}

func docEMA[F Float](h *EMAHyper, avg, w []F) {
	d, omd := F(h.Decay), F(1-h.Decay)
	for i := range avg {
		if h.WeightedSum {
			avg[i] = F(d*avg[i]) + F(omd*w[i])
		} else {
			avg[i] = lerp(avg[i], w[i], 1-h.Decay)
		}
	}
}

func docASGD[F Float](s *ASGDStep, w, g, ax []F) {
	wd, decay, neta, mu := F(s.WeightDecay), F(1-float64(s.Lambd*s.Eta)), F(-s.Eta), F(s.Mu)
	for i := range w {
		gi := g[i]
		if s.Maximize {
			gi = -gi
		}
		if s.WeightDecay != 0 {
			gi += F(wd * w[i])
		}
		w[i] = F(w[i]*decay) + F(neta*gi)
		if s.Mu != 1 {
			ax[i] += F((w[i] - ax[i]) * mu)
		} else {
			ax[i] = w[i]
		}
	}
}

func docSWA[F Float](n int, avg, w []F) {
	c := F(n + 1)
	for i := range avg {
		avg[i] += (w[i] - avg[i]) / c
	}
}

func docRprop[F Float](h *RpropHyper, w, g, prev, stepSize []F) {
	em, ep, lo, hi := F(h.EtaMinus), F(h.EtaPlus), F(h.StepMin), F(h.StepMax)
	for i := range w {
		gi := g[i]
		if h.Maximize {
			gi = -gi
		}
		f := zsign(F(gi * prev[i]))
		if f > 0 {
			f = ep
		}
		if f < 0 {
			f = em
		}
		if f == 0 {
			f = 1
		}
		stepSize[i] = clamp(F(stepSize[i]*f), lo, hi)
		if f == em {
			gi = 0
		}
		w[i] += F(-zsign(gi) * stepSize[i])
		prev[i] = gi
	}
}

func docLeastSquares[F Float](g, r, X, y, w []F, s F) (loss F) {
	m, n := len(y), len(w)
	clear(g)
	for i := range m {
		row := X[i*n : (i+1)*n]
		ri := Dot(row, w) - y[i] // Dot's canonical order
		if r != nil {
			r[i] = ri
		}
		loss += F(ri * ri)
		for j := range n {
			g[j] += F(ri * row[j])
		}
	}
	for j := range n {
		g[j] = s * g[j]
	}
	return loss
}

func docLeastSquaresBatch[F Float](g, r, X, y, w []F, idx []int, s F) (loss F) {
	n := len(w)
	clear(g)
	for k, i := range idx {
		row := X[i*n : (i+1)*n]
		ri := Dot(row, w) - y[i] // Dot's canonical order
		if r != nil {
			r[k] = ri
		}
		loss += F(ri * ri)
		for j := range n {
			g[j] += F(ri * row[j])
		}
	}
	for j := range n {
		g[j] = s * g[j]
	}
	return loss
}

func docDot[F Float](x, y []F) F {
	L := 64 // accumulators: 64 for float32, 32 for float64
	if _, f64 := any(F(0)).(float64); f64 {
		L = 32
	}
	acc := make([]F, L)
	for i := range x {
		acc[i%L] += F(x[i] * y[i])
	}
	for h := L / 2; h >= 1; h /= 2 {
		for j := range h {
			acc[j] += acc[j+h]
		}
	}
	return acc[0]
}

func docSumSq[F Float](x []F) F {
	return Dot(x, x)
}

func docMaxAbs[F Float](x []F) F {
	var m F // +0
	for i := range x {
		a := F(math.Abs(float64(x[i])))
		if a > m || a != a { // once m is NaN it stays NaN: nothing compares greater
			m = a
		}
	}
	return m
}

func docAllFinite[F Float](x []F) bool {
	for i := range x {
		if math.IsNaN(float64(x[i])) || math.IsInf(float64(x[i]), 0) {
			return false
		}
	}
	return true
}

func docScale[F Float](alpha F, x []F) {
	for i := range x {
		x[i] = alpha * x[i]
	}
}

func docAxpy[F Float](alpha F, x, y []F) {
	for i := range y {
		y[i] += F(alpha * x[i])
	}
}

func docClipValue[F Float](c F, x []F) {
	if c == 0 {
		c = 0 // a −0 bound is taken as +0
	}
	for i := range x {
		if x[i] < -c {
			x[i] = -c
		} else if x[i] > c {
			x[i] = c
		}
	}
}

func docToBF16(x float32) BF16 {
	b := math.Float32bits(x)
	if x != x {
		return 0x7fc0
	}
	return BF16((b + 0x7fff + b>>16&1) >> 16)
}

func docRoundToBF16(dst []BF16, src []float32, rnd Rounding) {
	for i := range src {
		if rnd.Stochastic {
			dst[i] = rnd.Key.BF16(src[i], rnd.Offset+i)
		} else {
			dst[i] = ToBF16(src[i])
		}
	}
}

func docRoundToF16(dst []F16, src []float32, rnd Rounding) {
	for i := range src {
		if rnd.Stochastic {
			dst[i] = rnd.Key.F16(src[i], rnd.Offset+i)
		} else {
			dst[i] = ToF16(src[i])
		}
	}
}

func docWidenBF16(dst []float32, src []BF16) {
	for i := range src {
		dst[i] = src[i].Float32()
	}
}

func docWidenF16(dst []float32, src []F16) {
	for i := range src {
		dst[i] = src[i].Float32()
	}
}

func docWidened[S Stored](x S) float32 {
	switch v := any(x).(type) {
	case BF16:
		return v.Float32()
	case F16:
		return v.Float32()
	}
	return any(x).(float32)
}

func docRounded[S Stored](x float32, rnd Rounding, i int) S {
	var z S
	switch any(z).(type) {
	case BF16:
		if rnd.Stochastic {
			return S(rnd.Key.BF16(x, rnd.Offset+i))
		}
		return S(ToBF16(x))
	case F16:
		if rnd.Stochastic {
			return S(rnd.Key.F16(x, rnd.Offset+i))
		}
		return S(ToF16(x))
	}
	return any(x).(S)
}

func docAdamStored[W, G, S Stored](s *AdamStep, w []W, g []G, m, v, vmax []S, rnd Rounding) {
	for i := range w {
		wi, gi := []float32{Widened(w[i])}, []float32{Widened(g[i])}
		mi, vi := []float32{Widened(m[i])}, []float32{Widened(v[i])}
		var vmaxi []float32
		if s.AMSGrad {
			vmaxi = []float32{Widened(vmax[i])}
		}
		Adam(s, wi, gi, mi, vi, vmaxi)
		w[i] = Rounded[W](wi[0], rnd, i)
		m[i], v[i] = Rounded[S](mi[0], Rounding{}, i), Rounded[S](vi[0], Rounding{}, i)
		if s.AMSGrad {
			vmax[i] = Rounded[S](vmaxi[0], Rounding{}, i)
		}
	}
}

func docAdamCopy[C Half](s *AdamStep, w, g, m, v, vmax []float32, wCopy []C, rnd Rounding) {
	Adam(s, w, g, m, v, vmax)
	for i := range w {
		wCopy[i] = Rounded[C](w[i], rnd, i)
	}
}

func docSGDStored[W, G, S Stored](s *SGDStep, w []W, g []G, buf []S, rnd Rounding) {
	for i := range w {
		wi, gi := []float32{Widened(w[i])}, []float32{Widened(g[i])}
		var bi []float32
		if s.Momentum != 0 {
			bi = []float32{Widened(buf[i])}
		}
		SGD(s, wi, gi, bi)
		w[i] = Rounded[W](wi[0], rnd, i)
		if s.Momentum != 0 {
			buf[i] = Rounded[S](bi[0], Rounding{}, i)
		}
	}
}

func docSGDCopy[C Half](s *SGDStep, w, g, buf []float32, wCopy []C, rnd Rounding) {
	SGD(s, w, g, buf)
	for i := range w {
		wCopy[i] = Rounded[C](w[i], rnd, i)
	}
}

func docLionStored[W, G, S Stored](h *LionHyper, w []W, g []G, m []S, rnd Rounding) {
	for i := range w {
		wi, gi, mi := []float32{Widened(w[i])}, []float32{Widened(g[i])}, []float32{Widened(m[i])}
		Lion(h, wi, gi, mi)
		w[i], m[i] = Rounded[W](wi[0], rnd, i), Rounded[S](mi[0], Rounding{}, i)
	}
}

func docLionCopy[C Half](h *LionHyper, w, g, m []float32, wCopy []C, rnd Rounding) {
	Lion(h, w, g, m)
	for i := range w {
		wCopy[i] = Rounded[C](w[i], rnd, i)
	}
}

func docAdagradStored[W, G, S Stored](s *AdagradStep, w []W, g []G, sum []S, rnd Rounding) {
	for i := range w {
		wi, gi, si := []float32{Widened(w[i])}, []float32{Widened(g[i])}, []float32{Widened(sum[i])}
		Adagrad(s, wi, gi, si)
		w[i], sum[i] = Rounded[W](wi[0], rnd, i), Rounded[S](si[0], Rounding{}, i)
	}
}

func docAdagradCopy[C Half](s *AdagradStep, w, g, sum []float32, wCopy []C, rnd Rounding) {
	Adagrad(s, w, g, sum)
	for i := range w {
		wCopy[i] = Rounded[C](w[i], rnd, i)
	}
}

func docQuantize(q Q8, x []float32) {
	values := q.Map.Values()
	for lo := 0; lo < len(x); lo += Q8Block {
		block := x[lo:min(lo+Q8Block, len(x))]
		scale := float32(0)
		for _, xi := range block {
			scale = max(scale, float32(math.Abs(float64(xi))))
		}
		if scale != scale || scale > math.MaxFloat32 {
			scale = math.Float32frombits(0x7fc00000)
		}
		q.Scales[lo/Q8Block] = scale
		for i, xi := range block {
			r := xi / scale
			if scale == 0 {
				r = 0
			}
			code := 0
			for c := 1; c < 256; c++ {
				if 2*float64(r) > float64(values[c-1])+float64(values[c]) {
					code = c
				}
			}
			q.Codes[lo+i] = uint8(code)
		}
	}
}

func docDequantize(x []float32, q Q8) {
	values := q.Map.Values()
	for i := range x {
		x[i] = values[q.Codes[i]] * q.Scales[i/Q8Block]
	}
}

func docAdamQ8(s *AdamStep, w, g []float32, m, v, vmax Q8) {
	for lo := 0; lo < len(w); lo += Q8Block {
		hi := min(lo+Q8Block, len(w))
		mb, vb := make([]float32, hi-lo), make([]float32, hi-lo)
		Dequantize(mb, m.Slice(lo, hi))
		Dequantize(vb, v.Slice(lo, hi))
		var xb []float32
		if s.AMSGrad {
			xb = make([]float32, hi-lo)
			Dequantize(xb, vmax.Slice(lo, hi))
		}
		Adam(s, w[lo:hi], g[lo:hi], mb, vb, xb)
		Quantize(m.Slice(lo, hi), mb)
		Quantize(v.Slice(lo, hi), vb)
		if s.AMSGrad {
			Quantize(vmax.Slice(lo, hi), xb)
		}
	}
}

func docSGDQ8(s *SGDStep, w, g []float32, buf Q8) {
	for lo := 0; lo < len(w); lo += Q8Block {
		hi := min(lo+Q8Block, len(w))
		var bb []float32
		if s.Momentum != 0 {
			bb = make([]float32, hi-lo)
			Dequantize(bb, buf.Slice(lo, hi))
		}
		SGD(s, w[lo:hi], g[lo:hi], bb)
		if s.Momentum != 0 {
			Quantize(buf.Slice(lo, hi), bb)
		}
	}
}

func docLionQ8(h *LionHyper, w, g []float32, m Q8) {
	for lo := 0; lo < len(w); lo += Q8Block {
		hi := min(lo+Q8Block, len(w))
		mb := make([]float32, hi-lo)
		Dequantize(mb, m.Slice(lo, hi))
		Lion(h, w[lo:hi], g[lo:hi], mb)
		Quantize(m.Slice(lo, hi), mb)
	}
}

func docAdagradQ8(s *AdagradStep, w, g []float32, sum Q8) {
	for lo := 0; lo < len(w); lo += Q8Block {
		hi := min(lo+Q8Block, len(w))
		sb := make([]float32, hi-lo)
		Dequantize(sb, sum.Slice(lo, hi))
		Adagrad(s, w[lo:hi], g[lo:hi], sb)
		Quantize(sum.Slice(lo, hi), sb)
	}
}
