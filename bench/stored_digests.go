package bench

import (
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/fastgrad/fastgrad/internal/conformance"
	"github.com/fastgrad/fastgrad/kernels"
)

// The stored digests prove that the stored types give the same bits on every path: each run steps one kernel in
// one stored type over fixed inputs, special values among them, and hashes what it wrote. The digests committed in
// testdata/stored_digests.txt are the same on every CPU and build; `go run ./cmd/bench verify` checks them beside
// the conformance workload's.

// StoredRun is one digest run: a kernel in a stored type, named stored/Kernel/type.
type StoredRun struct {
	Name string
	k    *kernel
	typ  string
}

// StoredRuns returns the digest runs, a kernel at a time, in the suite's order and StoredTypes' order.
func StoredRuns() []StoredRun {
	var rs []StoredRun
	for _, k := range suite {
		if k.stored == nil {
			continue
		}
		for _, typ := range StoredTypes {
			rs = append(rs, StoredRun{Name: "stored/" + k.name + "/" + typ, k: k, typ: typ})
		}
	}
	return rs
}

// digestLen and digestSteps shape a run: a length of whole chunks of the stored kernels (512) and an odd tail, so
// that every path's vector loop, its tail and the chunking take part, and steps enough for the moments to build up
// and the weights to round many times.
const digestLen, digestSteps = 1031, 20

// storedDigestHyper are the runs' hyperparameters: a learning rate that moves 16-bit weights by several of their
// units per step, and weight decay.
var storedDigestHyper = map[string]storedHyper{
	"Adam": {lr: 1e-2, wd: 0.01}, "AMSGrad": {lr: 1e-2, wd: 0.01, ams: true}, "SGD": {lr: 1e-2, wd: 0.01},
	"Lion": {lr: 1e-3, wd: 0.1}, "Adagrad": {lr: 5e-2, wd: 0.01},
}

// Digest runs the steps on the kernel path that is running and returns the SHA-256, in hex, of the weights after
// every step and of the state and the copy after the last (8-bit state as its codes, then its scales).
func (r StoredRun) Digest() string {
	s, sk := storages[r.typ], r.k.stored
	rng := rand.New(rand.NewPCG(1, 18)) // every run of a kernel starts from the same inputs
	a := newStoredArrays(s, digestLen, sk, "")
	values := func() []float32 { return digestValues(rng, digestLen, s.q8) }
	f32 := make([][]float32, 2+sk.states)
	for i := range f32 {
		f32[i] = values()
	}
	sk.prep(f32[2:])
	a.set(s, f32)
	var out []byte
	for t := 1; t <= digestSteps; t++ {
		fill(a.g, values(), s)
		h := storedDigestHyper[r.k.name]
		h.t = t
		sk.modes(h).bind(s, a, s.rounding(t))()
		out = appendBits(out, a.w, s)
	}
	for _, st := range a.st {
		if s.q8 {
			out = append(out, st...)
			continue
		}
		out = appendBits(out, st, s)
	}
	for _, sc := range a.sc {
		out = appendFloat32(out, view[uint32](sc))
	}
	out = appendBits(out, a.cp, s)
	sum := sha256.Sum256(out)
	return hex.EncodeToString(sum[:])
}

// digestSpecials are the values every 17th input takes: NaN, infinities, signed zeros, a float32 subnormal, an F16
// subnormal, values past F16's range and at its edge, ties of BF16 and of F16, and float32's largest.
var digestSpecials = []uint32{0x7fc00000, 0x7f800000, 0xff800000, 0, 0x80000000, 0x00000123, 0x35800000,
	0x4788b800, 0x477ff000, 0x3f808000, 0xbf801000, 0x7f7fffff}

// q8Specials are the specials that neither are nor, squared or summed, become an infinity: a NaN or an infinity
// spoils its block of 8-bit state for good (see kernels.Quantize), so 8-bit runs take the others past the first
// block, which alone shows that rule.
var q8Specials = digestSpecials[3 : len(digestSpecials)-1]

// digestValues returns n inputs made from random bits alone, without arithmetic: magnitudes from 2⁻¹⁰ to 2³ of
// either sign, and every 17th a special value, past the first 8-bit block a finite one if q8.
func digestValues(r *rand.Rand, n int, q8 bool) []float32 {
	v := make([]float32, n)
	for i := range v {
		u := r.Uint64()
		if i%17 == 16 {
			specials := digestSpecials
			if q8 && i >= kernels.Q8Block {
				specials = q8Specials
			}
			v[i] = math.Float32frombits(specials[u%uint64(len(specials))])
			continue
		}
		exp := uint32(127-10) + uint32(u>>32)%14
		v[i] = math.Float32frombits(uint32(u>>63)<<31 | exp<<23 | uint32(u)&0x7fffff)
	}
	return v
}

// appendBits appends the bits of b, an array of float32 or of the storage's 16-bit type by its length in bytes
// per element of the run, little-endian, every NaN as one NaN: the kernels' contract leaves payloads aside.
func appendBits(out, b []byte, s storage) []byte {
	if len(b) == 4*digestLen {
		return appendFloat32(out, view[uint32](b))
	}
	exp, mant, nan := uint16(0x7c00), uint16(0x3ff), uint16(0x7e00)
	if s.bf16 {
		exp, mant, nan = 0x7f80, 0x7f, 0x7fc0
	}
	for _, x := range view[uint16](b) {
		if x&exp == exp && x&mant != 0 {
			x = nan
		}
		out = binary.LittleEndian.AppendUint16(out, x)
	}
	return out
}

// appendFloat32 appends the bits of float32 values, little-endian, every NaN as one NaN.
func appendFloat32(out []byte, bits []uint32) []byte {
	for _, x := range bits {
		if x&0x7f800000 == 0x7f800000 && x&0x7fffff != 0 {
			x = 0x7fc00000
		}
		out = binary.LittleEndian.AppendUint32(out, x)
	}
	return out
}

//go:embed testdata/stored_digests.txt
var storedDigestsFile string

// StoredDigestsFile is the path of the committed digests within the module's bench directory, for the tests' -update.
const StoredDigestsFile = "testdata/stored_digests.txt"

// StoredDigests returns the committed digest of every run, by name.
func StoredDigests() (map[string]string, error) { return conformance.ParseDigests(storedDigestsFile) }

// FormatStoredDigests writes digests, by run name, in the file's format, in the order of StoredRuns, under a header
// saying how to rewrite it.
func FormatStoredDigests(got map[string]string) string {
	var b strings.Builder
	b.WriteString("# SHA-256 of each stored-type digest run (bench/stored_digests.go): the same on every CPU and build.\n" +
		"# Regenerate after a deliberate change: go test ./bench -run '^TestStoredDigests$' -update\n")
	for _, r := range StoredRuns() {
		fmt.Fprintf(&b, "%s %s\n", r.Name, got[r.Name])
	}
	return b.String()
}
