package experiments

import "testing"

// TestCompact checks what the compact-state sections claim: float32 and 16-bit moments reach the closed form, every
// array in BF16 rounded to nearest stalls, and stochastic rounding gets past the stall.
func TestCompact(t *testing.T) {
	r := experiments(t)
	for _, title := range []string{"Compact state: synthetic regression, 5000×2", "Compact state: quadratic fit"} {
		s := section(t, r, title)
		for _, name := range []string{"Adam, float32", "Adam, BF16 moments", "Adam, F16 moments", "Adam, 8-bit moments"} {
			if o := outcome(t, s, name); o.RelErr > 1e-5 {
				t.Errorf("%s: %s: relative error %g, want the closed form's", title, name, o.RelErr)
			}
		}
	}
	for _, title := range []string{"Compact state: synthetic regression, 5000×2", "Compact state: quadratic fit",
		"Compact state: tanh network, 1×16×1"} {
		s := section(t, r, title)
		if len(s.Runs) != len(compactModes) {
			t.Errorf("%s: %d runs, want %d", title, len(s.Runs), len(compactModes))
		}
		f32, nearest, stochastic := outcome(t, s, "Adam, float32"), outcome(t, s, "Adam, all BF16"),
			outcome(t, s, "Adam, all BF16, stochastic")
		if !(f32.Loss < stochastic.Loss && stochastic.Loss < nearest.Loss) {
			t.Errorf("%s: loss float32 %g, all BF16 stochastic %g, nearest %g: want them in that order", title,
				f32.Loss, stochastic.Loss, nearest.Loss)
		}
	}
}
