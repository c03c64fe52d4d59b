package main

import (
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestEncodingsMatchBinutils assembles every instruction form the encoder produces, for every arrangement and
// registers that set every bit of each register field, with GNU as for AArch64, and compares the words.
func TestEncodingsMatchBinutils(t *testing.T) {
	as, err := exec.LookPath("aarch64-linux-gnu-as")
	if err != nil {
		t.Skip("aarch64-linux-gnu-as not found: apt-get install binutils-aarch64-linux-gnu (.ci/run installs it)")
	}
	objcopy, err := exec.LookPath("aarch64-linux-gnu-objcopy")
	if err != nil {
		t.Skip("aarch64-linux-gnu-objcopy not found: apt-get install binutils-aarch64-linux-gnu")
	}
	regs := [][3]vreg{{0, 0, 0}, {31, 0, 0}, {0, 31, 0}, {0, 0, 31}, {1, 2, 4}, {8, 16, 30}, {21, 10, 5}}
	var insts []inst
	for _, a := range []arrangement{s4, d2} {
		for _, r := range regs {
			for _, o := range threeSames {
				insts = append(insts, o.enc(a, r[0], r[1], r[2]))
			}
			for _, o := range twoMiscs {
				insts = append(insts, o.enc(a, r[0], r[1]))
			}
		}
	}
	for _, r := range regs {
		for _, o := range halfLaneOps {
			insts = append(insts, o.enc(r[:strings.Count(o.syntax, "%d")]...))
		}
	}
	dir := t.TempDir()
	var src strings.Builder
	for _, in := range insts {
		src.WriteString(in.asm + "\n")
	}
	s, o, bin := filepath.Join(dir, "x.s"), filepath.Join(dir, "x.o"), filepath.Join(dir, "x.bin")
	if err := os.WriteFile(s, []byte(src.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(as, "-o", o, s).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", as, err, out)
	}
	if out, err := exec.Command(objcopy, "-O", "binary", "-j", ".text", o, bin).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", objcopy, err, out)
	}
	b, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 4*len(insts) {
		t.Fatalf("binutils produced %d bytes for %d instructions", len(b), len(insts))
	}
	for i, in := range insts {
		if got := binary.LittleEndian.Uint32(b[4*i:]); got != in.word {
			t.Errorf("%s: encoder %08x, binutils %08x", in.asm, in.word, got)
		}
	}
}
