package detmath

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"hash"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite testdata/digests.txt and tables.go")

const (
	digestFile = "testdata/digests.txt"
	// digestN is how many inputs each function's digest covers.
	digestN = 1_000_000
)

// digester hashes results as little-endian bits, every NaN as math.NaN()'s (payloads are not promised).
type digester struct {
	h   hash.Hash
	buf [8]byte
}

func (d *digester) add(v float64) {
	if v != v {
		v = math.NaN()
	}
	binary.LittleEndian.PutUint64(d.buf[:], math.Float64bits(v))
	d.h.Write(d.buf[:])
}

// digestCases lists each function with its deterministic inputs: a quarter random bit patterns (every double,
// NaN and ±Inf included), the rest drawn from the ranges that matter.
var digestCases = []struct {
	name string
	run  func(r *splitMix, d *digester)
}{
	{"Exp", func(r *splitMix, d *digester) {
		for i := range digestN {
			switch i % 8 {
			case 0, 1:
				d.add(Exp(math.Float64frombits(r.next())))
			case 2:
				d.add(Exp(r.in(-745.2, -708.3))) // subnormal results
			case 3:
				d.add(Exp(r.sign() * math.Ldexp(1+r.unit(), -int(r.intn(60)))))
			default:
				d.add(Exp(r.in(-745.2, 709.8)))
			}
		}
	}},
	{"Log", func(r *splitMix, d *digester) {
		for i := range digestN {
			switch i % 4 {
			case 0:
				d.add(Log(math.Float64frombits(r.next())))
			case 1:
				d.add(Log(math.Float64frombits(r.next() >> 1)))
			case 2:
				d.add(Log(1 + math.Ldexp(r.in(-1, 1), -int(r.intn(53)))))
			default:
				d.add(Log(r.in(0, 100)))
			}
		}
	}},
	{"Pow", func(r *splitMix, d *digester) {
		for i := range digestN {
			switch i % 8 {
			case 0, 1:
				d.add(Pow(math.Float64frombits(r.next()), math.Float64frombits(r.next())))
			case 2:
				d.add(Pow(math.Float64frombits(r.next()), r.in(-4, 4)))
			case 3:
				d.add(Pow(r.unit(), float64(int64(r.intn(1e7)))))
			case 4:
				d.add(Pow(1-math.Ldexp(r.unit(), -int(r.intn(30))), float64(int64(r.intn(1e7)))))
			case 5:
				d.add(Pow(1+math.Ldexp(r.in(-1, 1), -int(r.intn(50))), r.sign()*math.Ldexp(r.unit(), int(r.intn(60)))))
			case 6:
				T := float64(int64(r.intn(1e6) + 1))
				t := float64(int64(r.intn(uint64(T))))
				d.add(Pow(1-t/T, r.in(0.1, 5)))
				d.add(Pow(t+1, -r.in(0.1, 2)))
			default:
				d.add(Pow(0.96, float64(float64(int64(r.intn(1e7)))*0.004)))
				d.add(Pow(r.sign()*float64(int64(r.intn(1000))), float64(int64(r.intn(200)))-100))
			}
		}
	}},
	{"Cos", func(r *splitMix, d *digester) { trigDigest(r, d, Cos) }},
	{"Sin", func(r *splitMix, d *digester) { trigDigest(r, d, Sin) }},
	{"Erfc", func(r *splitMix, d *digester) {
		for i := range digestN {
			switch i % 4 {
			case 0:
				d.add(Erfc(math.Float64frombits(r.next())))
			case 1:
				d.add(Erfc(r.in(26.5, 27.3))) // subnormal results
			default:
				d.add(Erfc(r.in(-6.5, 27.5)))
			}
		}
	}},
}

func trigDigest(r *splitMix, d *digester, f func(float64) float64) {
	for i := range digestN {
		switch i % 8 {
		case 0, 1:
			d.add(f(math.Float64frombits(r.next())))
		case 2:
			d.add(f(r.in(-1e6, 1e6)))
		case 3:
			d.add(f(float64(float64(int64(r.intn(1<<20))) * (math.Pi / 2)))) // near multiples of π/2
		default:
			d.add(f(r.in(-10, 10)))
		}
	}
}

// TestDigests checks that a million results per function hash to the committed SHA-256 on this target: the
// promise that every GOARCH gives the same bits. With -update, it rewrites the file.
func TestDigests(t *testing.T) {
	want := map[string]string{}
	if !*update {
		f, err := os.Open(digestFile)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		s := bufio.NewScanner(f)
		for s.Scan() {
			if name, sum, ok := strings.Cut(s.Text(), " "); ok && !strings.HasPrefix(name, "#") {
				want[name] = sum
			}
		}
	}
	var out strings.Builder
	out.WriteString("# SHA-256 of the little-endian bits of each function's results over TestDigests' inputs.\n")
	for i, c := range digestCases {
		d := digester{h: sha256.New()}
		start := time.Now()
		c.run(&splitMix{uint64(1000 + i)}, &d)
		sum := fmt.Sprintf("%x", d.h.Sum(nil))
		t.Logf("%s: %v", c.name, time.Since(start).Round(time.Millisecond))
		fmt.Fprintf(&out, "%s %s\n", c.name, sum)
		if !*update && sum != want[c.name] {
			t.Errorf("%s: digest %s, want %s", c.name, sum, want[c.name])
		}
	}
	if *update {
		if err := os.WriteFile(digestFile, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
