package kernels

import (
	"bufio"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestQ8MapsAgainstTorch compares both maps, bit for bit, with bitsandbytes' construction as testdata/q8/gen.py
// runs it in torch float32, and checks the shape Quantize relies on: strictly increasing, 1 at code 255, 0 at the
// zero code.
func TestQ8MapsAgainstTorch(t *testing.T) {
	f, err := os.Open("testdata/q8/maps.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := map[string]*[256]uint32{"signed": new([256]uint32), "unsigned": new([256]uint32)}
	seen := 0
	for sc := bufio.NewScanner(f); sc.Scan(); seen++ {
		fields := strings.Fields(sc.Text())
		c, err1 := strconv.Atoi(fields[1])
		b, err2 := strconv.ParseUint(fields[2], 16, 32)
		if len(fields) != 3 || want[fields[0]] == nil || err1 != nil || err2 != nil || c < 0 || c > 255 {
			t.Fatalf("bad line %q", sc.Text())
		}
		want[fields[0]][c] = uint32(b)
	}
	if seen != 512 {
		t.Fatalf("maps.txt has %d lines, want 512", seen)
	}
	for _, m := range []struct {
		m    Q8Map
		name string
		zero uint8
	}{{Q8Signed, "signed", 127}, {Q8Unsigned, "unsigned", 0}} {
		v := m.m.Values()
		for c := range v {
			if got := math.Float32bits(v[c]); got != want[m.name][c] {
				t.Fatalf("%v.Values()[%d] has bits %#08x, torch %#08x", m.m, c, got, want[m.name][c])
			}
			if c > 0 && !(v[c-1] < v[c]) {
				t.Fatalf("%v is not increasing at %d", m.m, c)
			}
		}
		if v[255] != 1 || v[m.zero] != 0 || m.m.table().zero != m.zero {
			t.Fatalf("%v: Values()[255]=%v, zero code %d", m.m, v[255], m.m.table().zero)
		}
	}
}

// q8Want is an independent transcription of Quantize in float64: the scale by a scan for the largest magnitude
// and the non-finite values, the normalized value by a float64 quotient rounded once to float32 (float64 carries
// more than twice float32's precision, so that is float32's correctly rounded quotient), and the nearest code by
// an exhaustive search of all 256 values by float64 distance, the lowest code winning a tie. Near a tie both
// distances are differences of float32 values of nearby magnitudes, exact in float64.
func q8Want(values [256]float32, x []float32) (codes []uint8, scales []float32) {
	zero := -1
	for c, v := range values {
		if v == 0 {
			zero = c
		}
	}
	for lo := 0; lo < len(x); lo += Q8Block {
		blk := x[lo:min(lo+Q8Block, len(x))]
		big, bad := 0.0, false
		for _, xi := range blk {
			a := math.Abs(float64(xi))
			bad = bad || math.IsNaN(a) || math.IsInf(a, 0)
			big = math.Max(big, a)
		}
		scale := float32(big)
		if bad {
			scale = math.Float32frombits(0x7fc00000)
		}
		scales = append(scales, scale)
		for _, xi := range blk {
			switch {
			case bad:
				codes = append(codes, 0)
			case scale == 0:
				codes = append(codes, uint8(zero))
			default:
				r := float64(float32(float64(xi) / float64(scale)))
				best, bestD := 0, math.Inf(1)
				for c, v := range values {
					if d := math.Abs(r - float64(v)); d < bestD {
						best, bestD = c, d
					}
				}
				codes = append(codes, uint8(best))
			}
		}
	}
	return codes, scales
}

// q8Inputs returns blocks of special and random values: ±0, subnormals, NaN, ±Inf, the map's values and the
// midpoints between them (and their float32 neighbours) at several scales, all-zero blocks and partial blocks.
func q8Inputs(values [256]float32) [][]float32 {
	r := rand.New(rand.NewPCG(18, 2))
	var in [][]float32
	for _, scale := range []float32{1, 0x1p-3, 0x1p20, 0x1p-100, 3, 0.7} {
		var at, mids []float32
		for c, v := range values {
			at = append(at, v*scale)
			if c > 0 {
				mid := (float64(values[c-1]) + float64(v)) / 2
				f := float32(mid)
				mids = append(mids, f*scale, math.Nextafter32(f, 2)*scale, math.Nextafter32(f, -2)*scale)
			}
		}
		at[0] = scale // the block's scale is this, so the values are the map's (times an exact power of two)
		in = append(in, at)
		for lo := 0; lo < len(mids); lo += 200 { // each block with ±scale, so its scale is scale
			in = append(in, append([]float32{scale, -scale}, mids[lo:min(lo+200, len(mids))]...))
		}
	}
	sub := math.Float32frombits(1)
	in = append(in,
		[]float32{0, float32(math.Copysign(0, -1)), 0, 0},
		make([]float32, 300),
		[]float32{sub, -sub, 2 * sub, 0, math.Float32frombits(0x7fffff), -3 * sub},
		[]float32{1, 2, float32(math.NaN()), 3},
		[]float32{1, float32(math.Inf(1)), 3},
		[]float32{float32(math.Inf(-1)), 0},
		[]float32{math.MaxFloat32, -math.MaxFloat32, 1, -1e-30, sub},
		[]float32{-1, 0.5, float32(math.Copysign(0, -1)), 1e-9},
	)
	for _, n := range []int{1, 7, 255, 256, 257, 511, 512, 513, 1000, 2049} {
		x := make([]float32, n)
		for i := range x {
			x[i] = float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(80)-40)))
			if r.IntN(5) == 0 {
				x[i] = math.Float32frombits(r.Uint32())
				if x[i] != x[i] || math.IsInf(float64(x[i]), 0) {
					x[i] = 0
				}
			}
		}
		in = append(in, x)
	}
	return in
}

// TestQ8QuantizeIndependent compares Quantize, bit for bit, with the independent float64 transcription on the
// special and random inputs, in both maps, and Dequantize with the float32 product of value and scale computed
// through float64 (exact, then rounded once).
func TestQ8QuantizeIndependent(t *testing.T) {
	for _, m := range []Q8Map{Q8Signed, Q8Unsigned} {
		values := m.Values()
		for k, x := range q8Inputs(values) {
			q := NewQ8(m, len(x))
			Quantize(q, x)
			codes, scales := q8Want(values, x)
			for b, s := range scales {
				if math.Float32bits(q.Scales[b]) != math.Float32bits(s) {
					t.Fatalf("%v, input %d: scale %d = %v (%#08x), want %v", m, k, b, q.Scales[b], math.Float32bits(q.Scales[b]), s)
				}
			}
			for i, c := range codes {
				if q.Codes[i] != c {
					t.Fatalf("%v, input %d: x[%d]=%v (%#08x), scale %v: code %d (%v), want %d (%v)", m, k, i, x[i],
						math.Float32bits(x[i]), q.Scales[i/Q8Block], q.Codes[i], values[q.Codes[i]], c, values[c])
				}
			}
			got := make([]float32, len(x))
			Dequantize(got, q)
			for i := range got {
				want := float32(float64(values[codes[i]]) * float64(scales[i/Q8Block]))
				if math.Float32bits(got[i]) != math.Float32bits(want) && !(got[i] != got[i] && want != want) {
					t.Fatalf("%v, input %d: dequantized x[%d] = %v, want %v", m, k, i, got[i], want)
				}
			}
		}
	}
}

// TestQ8Rules checks the documented special cases by name.
func TestQ8Rules(t *testing.T) {
	q := NewQ8(Q8Signed, 3)
	got := make([]float32, 3)
	Dequantize(got, q)
	for _, x := range got {
		if math.Float32bits(x) != 0 {
			t.Fatalf("NewQ8 dequantizes to %v, want +0", got)
		}
	}
	Quantize(q, []float32{-2, 2, float32(math.Copysign(0, -1))})
	Dequantize(got, q)
	if q.Scales[0] != 2 || q.Codes[1] != 255 || got[1] != 2 || math.Float32bits(got[2]) != 0 || q.Codes[0] != 0 {
		t.Fatalf("[-2 2 -0] quantizes to %v %v, dequantizes to %v", q.Codes, q.Scales, got)
	}
	// The exact midpoint between two map values goes to the lower code.
	v := Q8Unsigned.Values()
	u, ties := NewQ8(Q8Unsigned, 2), 0
	for c := 1; c < 256; c++ {
		mid := (float64(v[c-1]) + float64(v[c])) / 2
		if float64(float32(mid)) != mid {
			continue
		}
		ties++
		Quantize(u, []float32{float32(mid), 1})
		if int(u.Codes[0]) != c-1 {
			t.Fatalf("the midpoint of codes %d and %d quantizes to %d", c-1, c, u.Codes[0])
		}
	}
	if ties < 10 {
		t.Fatalf("only %d midpoints of the unsigned map are float32 values", ties)
	}
	Quantize(u, []float32{1, float32(math.NaN())})
	Dequantize(got[:2], u)
	if u.Codes[0] != 0 || u.Codes[1] != 0 || got[0] == got[0] || got[1] == got[1] || math.Float32bits(u.Scales[0]) != 0x7fc00000 {
		t.Fatalf("a block with NaN quantizes to %v %v, dequantizes to %v", u.Codes, u.Scales, got[:2])
	}
}

// TestQ8Nearest checks the bucket lookup against the threshold search it replaces: at every threshold and the
// float32 below it, at both ends of every bucket, of both signs, and at every 997th float32 of [−1, 1] (every
// 61st without -short). Those ends and thresholds are where a wrong bucket constant would show first.
func TestQ8Nearest(t *testing.T) {
	stride := uint32(997)
	if !testing.Short() {
		stride = 61
	}
	for _, m := range []Q8Map{Q8Signed, Q8Unsigned} {
		tab := m.table()
		check := func(r float32) {
			if got, want := tab.nearest(r), tab.code(r); int(got) != want {
				t.Fatalf("%v: r=%v (%#08x): code %d, want %d", m, r, math.Float32bits(r), got, want)
			}
		}
		for c := 1; c < 256; c++ {
			check(tab.up[c])
			check(math.Nextafter32(tab.up[c], -2))
		}
		for i := range q8Buckets {
			for _, b := range []uint32{uint32(i+q8MinExp<<q8MantBits) << (23 - q8MantBits), uint32(i+1+q8MinExp<<q8MantBits)<<(23-q8MantBits) - 1} {
				if b <= 0x3f800000 {
					check(math.Float32frombits(b))
					check(math.Float32frombits(b | 1<<31))
				}
			}
		}
		for b := uint32(0); b <= 0x3f800000; b += stride {
			check(math.Float32frombits(b))
			check(math.Float32frombits(b | 1<<31))
		}
	}
}

// TestQ8Packed checks the packed bucket table the assembly reads against nearest, the Go code's lookup, in both
// maps: at both ends of every bucket, and at every threshold and the values on either side of it.
func TestQ8Packed(t *testing.T) {
	for _, m := range []Q8Map{Q8Signed, Q8Unsigned} {
		tab := m.table()
		check := func(r float32) {
			t.Helper()
			if r != r || r < -1 || r > 1 {
				return
			}
			e := tab.packed[q8Bucket(r)]
			got := uint8(e)
			if q8Key(r) >= e>>8 {
				got++
			}
			if want := tab.nearest(r); got != want {
				t.Fatalf("%v: r=%v (%#08x): packed gives code %d, nearest %d", m, r, math.Float32bits(r), got, want)
			}
		}
		for i := range q8Buckets {
			first := uint32(i+q8MinExp<<q8MantBits) << (23 - q8MantBits)
			if i == 0 {
				first = 0
			}
			last := uint32(i+1+q8MinExp<<q8MantBits)<<(23-q8MantBits) - 1
			for _, b := range []uint32{first, last} {
				check(math.Float32frombits(b))
				check(math.Float32frombits(b | 1<<31))
			}
		}
		for _, u := range tab.up[1:256] {
			for _, r := range []float32{u, math.Nextafter32(u, 2), math.Nextafter32(u, -2)} {
				check(r)
			}
		}
	}
}
