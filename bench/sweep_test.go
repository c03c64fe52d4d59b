package bench

import "testing"

// TestSweep checks that the sweep starts inside L1D, ends beyond four times L3 (or at the cut), and grows by about
// the same factor at every step, with distinct names.
func TestSweep(t *testing.T) {
	l1, _, l3 := Caches()
	s := Sweep()
	if len(s) != sweepPoints {
		t.Fatalf("%d sizes, want %d", len(s), sweepPoints)
	}
	if s[0].Bytes >= l1 {
		t.Errorf("first size %d bytes, not inside L1D (%d)", s[0].Bytes, l1)
	}
	if last := s[len(s)-1].Bytes; last < min(4*l3, maxSweep) {
		t.Errorf("last size %d bytes, not beyond 4×L3 (%d)", last, 4*l3)
	}
	names := map[string]bool{}
	first := float64(s[1].Bytes) / float64(s[0].Bytes)
	for i, z := range s {
		if names[z.Name] {
			t.Errorf("size %d: name %s twice", i, z.Name)
		}
		names[z.Name] = true
		if i == 0 {
			continue
		}
		if r := float64(z.Bytes) / float64(s[i-1].Bytes); r < first*0.95 || r > first*1.05 {
			t.Errorf("size %d: ratio %.3f to the previous, want about %.3f", i, r, first)
		}
	}
}
