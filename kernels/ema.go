package kernels

// EMAHyper holds an exponential moving average of weights: its decay, the weight the old average keeps (torch's
// and timm's decay, Keras's ema_momentum), and which of the two common formulas it follows.
type EMAHyper struct {
	Decay float64
	// WeightedSum selects decay·avg + (1 − decay)·w, as torch's get_ema_avg_fn, timm's ModelEmaV2, Keras's
	// use_ema and ultralytics's ModelEMA compute it (avg.mul_(decay).add_(w, alpha=1 − decay) is the same bits).
	// Otherwise the average is lerp(avg, w, 1 − decay), as torch 2.x's get_ema_multi_avg_fn and timm's ModelEmaV3
	// compute it. The two differ in the last bits, and for infinite weights. (Keras 3 computes 1 − decay in the
	// variables' type, so in float32 its weighted sum can differ from this one, which rounds 1 − decay from float64
	// as torch does.)
	WeightedSum bool
}

// EMA folds the weights w into their exponential moving average avg. It is equivalent to (lerp as the package
// documentation defines it)
//
//	d, omd := F(h.Decay), F(1-h.Decay)
//	for i := range avg {
//		if h.WeightedSum {
//			avg[i] = F(d*avg[i]) + F(omd*w[i])
//		} else {
//			avg[i] = lerp(avg[i], w[i], 1-h.Decay)
//		}
//	}
//
// PyTorch's own CPU lerp fuses its multiply-add, so torch.lerp's last bit can differ from the lerp form here, which
// rounds the product as every path can. w must have the length of avg; otherwise EMA panics. It also panics if avg
// and w overlap, or h is nil. Unlike the optimizers' steps, the zero EMAHyper is a step someone means: a decay of 0,
// which a warmup starts from, sets avg to w.
func EMA[F Float](h *EMAHyper, avg, w []F) {
	mustNotNil("EMA", "h", h)
	mustLen("EMA", "w", len(w), "avg", len(avg))
	mustDisjoint("EMA", "avg,w", 1, avg, w)
	opsOf[F]().ema(newEMAArgs[F](h), avg, w)
}

// emaArgs are EMA's scalars in F: the weighted sum's two factors, or the lerp.
type emaArgs[F Float] struct {
	weighted bool
	d, omd   F
	lerp     lerpArgs[F]
}

func newEMAArgs[F Float](h *EMAHyper) emaArgs[F] {
	return emaArgs[F]{weighted: h.WeightedSum, d: F(h.Decay), omd: F(1 - h.Decay), lerp: newLerp[F](1 - h.Decay)}
}

func emaRef[F Float](a emaArgs[F], avg, w []F) {
	if a.weighted {
		for i, x := range w {
			avg[i] = F(a.d*avg[i]) + F(a.omd*x)
		}
		return
	}
	for i, x := range w {
		avg[i] = a.lerp.of(avg[i], x)
	}
}
