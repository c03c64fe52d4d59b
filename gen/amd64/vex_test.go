package main

import "testing"

func TestCheckVEX(t *testing.T) {
	for _, c := range []struct {
		asm string
		ok  bool
	}{
		{"TEXT ·AdamF32AVX2(SB), NOSPLIT, $0-8\n\tVADDPS Y15, Y14, Y0\n\tVMOVSS X15, (AX)\n", true},
		{"TEXT ·AdamF32AVX2(SB), NOSPLIT, $0-8\n\tVADDPS Y16, Y14, Y0\n", false},
		{"TEXT ·AdamF32AVX2(SB), NOSPLIT, $0-8\n\tVBLENDVPS X5, X31, X1, X1\n", false},
		{"TEXT ·AdamF32AVX2(SB), NOSPLIT, $0-8\n\tVADDPS Z1, Z2, Z3\n", false},
		{"TEXT ·AdamF32AVX2(SB), NOSPLIT, $0-8\n\tKMOVW AX, K1\n", false},
		{"TEXT ·AdamF32AVX512(SB), NOSPLIT, $0-8\n\tVADDPS Z31, Y16, K1, Z3\n", true},
		{"TEXT ·AdamF32AVX512(SB), NOSPLIT, $0-8\n\tRET\nTEXT ·DotF32AVX2(SB), NOSPLIT, $0-8\n\tVADDPS Y20, Y1, Y1\n", false},
	} {
		if err := checkVEX(c.asm); (err == nil) != c.ok {
			t.Errorf("checkVEX(%q) = %v, want ok=%v", c.asm, err, c.ok)
		}
	}
}
