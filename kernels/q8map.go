package kernels

import (
	"fmt"
	"math"
	"sort"
)

// Q8Map names the quantization map of 8-bit blockwise state: the 256 values, in increasing order, that a code
// stands for, as fractions of its block's scale.
type Q8Map uint8

const (
	// Q8Signed is bitsandbytes' signed dynamic map (create_dynamic_map(signed=True)), for first moments: 127
	// negative values, 0 at code 127, 127 positive values and 1 at code 255. Its most negative value is
	// −0.99296875…, not −1.
	Q8Signed Q8Map = iota + 1
	// Q8Unsigned is bitsandbytes' unsigned dynamic map (create_dynamic_map(signed=False)), for second moments and
	// AMSGrad's maximum: 0 at code 0, 254 positive values and 1 at code 255.
	Q8Unsigned
)

// Values returns the map's 256 values; code c stands for Values()[c]·scale. It panics unless m is Q8Signed or
// Q8Unsigned.
func (m Q8Map) Values() [256]float32 {
	if !m.valid() {
		panic(fmt.Sprintf("kernels: Q8Map.Values: %v is not a map", m))
	}
	var v [256]float32
	for c, b := range m.table().bits {
		v[c] = math.Float32frombits(b)
	}
	return v
}

// String returns the map's name.
func (m Q8Map) String() string {
	switch m {
	case Q8Signed:
		return "Q8Signed"
	case Q8Unsigned:
		return "Q8Unsigned"
	}
	return fmt.Sprintf("Q8Map(%d)", uint8(m))
}

// valid reports whether m names a map.
func (m Q8Map) valid() bool { return m == Q8Signed || m == Q8Unsigned }

// table returns m's tables; m must be valid.
func (m Q8Map) table() *q8Table {
	switch m {
	case Q8Signed:
		return &q8SignedTable
	case Q8Unsigned:
		return &q8UnsignedTable
	}
	panic("kernels: unchecked Q8Map")
}

// q8Table is a map in the forms quantization reads: its values, and the thresholds of nearest-code rounding.
type q8Table struct {
	bits   [256]uint32  // the values' float32 bits, as bitsandbytes computes them
	values [256]float32 // the values
	// up[c], for c in 1..255, is the least float32 above the exact midpoint of values[c−1] and values[c]: a
	// normalized r rounds to code c or above exactly when r ≥ up[c], so ties go to the lower code. up[0] is unused
	// and up[256] is +Inf, which no r reaches.
	up [257]float32
	// lo[q8Bucket(r)] is the code of the least float32 in r's bucket. A bucket holds at most one threshold, so r's
	// code is lo, or lo+1 when r ≥ up[lo+1]: a lookup and one comparison instead of a search.
	lo [2 * q8Buckets]uint8
	// packed[i] is lo[i] in its low byte and, above it, the key (q8Key) of the threshold up[lo[i]+1] if it lies in
	// bucket i, else 1<<16, which no key reaches: r's code is lo[i] plus 1 when q8Key(r) ≥ packed[i]>>8. The
	// assembly reads this one entry per element where lo and up would take two reads.
	packed [2 * q8Buckets]uint32
	zero   uint8 // the code of 0
}

// Quantization finds a normalized r's code through its bucket: the float32 values of one sign whose magnitudes
// share their exponent and top q8MantBits mantissa bits, all magnitudes below 2^(q8MinExp−127) forming the first
// bucket. Those are the finest buckets that no threshold of either map falls below and that hold at most one
// threshold each (newQ8Table checks both), so that the code is the bucket's least one or the next.
const (
	q8MantBits = 7
	q8MinExp   = 104
	// q8Buckets is the number of buckets of one sign: binades from 2^(q8MinExp−127) up to 1, which |r| never
	// exceeds, plus 1's own bucket.
	q8Buckets = (127-q8MinExp)<<q8MantBits + 1
)

// q8Bucket returns the bucket of r, whose magnitude is at most 1: negative values' buckets follow the positive
// ones'.
func q8Bucket(r float32) int {
	b := math.Float32bits(r)
	i := max(int(b&^(1<<31)>>(23-q8MantBits))-q8MinExp<<q8MantBits, 0)
	return i + int(b>>31)*q8Buckets
}

// q8Key returns what orders the float32 values of one bucket (but the first of each sign, which spans several
// exponents) as their values: the low 16 bits of r's bits, which the bucket's members do not share, inverted for a
// negative r, whose value falls as its magnitude grows.
func q8Key(r float32) uint32 {
	b := math.Float32bits(r)
	return (b ^ uint32(int32(b)>>31)) & 0xffff
}

// newQ8Table derives a map's thresholds and buckets from its values. The midpoint of two float32 values is exact
// in float64 (the map spans far fewer binades than float64 has spare bits), so the thresholds are exact too. It
// panics if a bucket holds two thresholds, which a change of the constants above or of a map would cause.
func newQ8Table(bits [256]uint32) q8Table {
	t := q8Table{bits: bits}
	for c, b := range bits {
		t.values[c] = math.Float32frombits(b)
		if t.values[c] == 0 {
			t.zero = uint8(c)
		}
	}
	for c := 1; c < 256; c++ {
		mid := float64((float64(t.values[c-1]) + float64(t.values[c])) / 2)
		u := float32(mid)
		if float64(u) <= mid {
			u = math.Nextafter32(u, float32(math.Inf(1)))
		}
		t.up[c] = u
	}
	t.up[256] = float32(math.Inf(1))
	for i := range q8Buckets {
		// The magnitudes of bucket i run from first up to last; the least r is first for the positive bucket and
		// −last for the negative one.
		first := uint32(i+q8MinExp<<q8MantBits) << (23 - q8MantBits)
		if i == 0 {
			first = 0
		}
		last := uint32(i+1+q8MinExp<<q8MantBits)<<(23-q8MantBits) - 1
		for s, ends := range [2][2]uint32{{first, last}, {last | 1<<31, first | 1<<31}} {
			least, most := t.code(math.Float32frombits(ends[0])), t.code(math.Float32frombits(ends[1]))
			if most-least > 1 {
				panic(fmt.Sprintf("kernels: q8 bucket %d of sign %d holds codes %d to %d", i, s, least, most))
			}
			t.lo[s*q8Buckets+i] = uint8(least)
		}
	}
	for i, c := range t.lo {
		key, u := uint32(1<<16), t.up[int(c)+1]
		if q8Bucket(u) == i { // never true of up[256] = +Inf, whose bucket number lies beyond lo
			if i%q8Buckets == 0 {
				panic(fmt.Sprintf("kernels: q8 threshold %v lies in the first bucket of its sign, whose keys do not order it", u))
			}
			key = q8Key(u)
		}
		t.packed[i] = uint32(c) | key<<8
	}
	return t
}

// code returns the code of r by its definition, the number of thresholds at or below r, searching them.
func (t *q8Table) code(r float32) int {
	return sort.Search(255, func(c int) bool { return t.up[c+1] > r })
}

// The maps' values are bitsandbytes' float32 values bit for bit, as testdata/q8/gen.py computes them in torch;
// TestQ8MapsAgainstTorch compares every entry with its output.
var (
	q8SignedTable = newQ8Table([256]uint32{
		0xbf7e3333, 0xbf7a9999, 0xbf770000, 0xbf736666, 0xbf6fcccc, 0xbf6c3333, 0xbf68999a, 0xbf650000,
		0xbf616666, 0xbf5dcccc, 0xbf5a3333, 0xbf569999, 0xbf530000, 0xbf4f6666, 0xbf4bcccc, 0xbf483333,
		0xbf44999a, 0xbf410000, 0xbf3d6667, 0xbf39cccd, 0xbf363334, 0xbf32999a, 0xbf2f0000, 0xbf2b6667,
		0xbf27cccd, 0xbf243333, 0xbf20999a, 0xbf1d0000, 0xbf196666, 0xbf15cccd, 0xbf123334, 0xbf0e999a,
		0xbf0b0000, 0xbf076666, 0xbf03cccd, 0xbf003333, 0xbef93334, 0xbef20000, 0xbeeacccc, 0xbee3999a,
		0xbedc6666, 0xbed53332, 0xbece0000, 0xbec6cccc, 0xbebf999a, 0xbeb86666, 0xbeb13332, 0xbeaa0000,
		0xbea2cccc, 0xbe9b999a, 0xbe946666, 0xbe8d3334, 0xbe860000, 0xbe7d999a, 0xbe6f3334, 0xbe60cccd,
		0xbe526666, 0xbe440000, 0xbe359999, 0xbe273333, 0xbe18cccd, 0xbe0a6666, 0xbdf80000, 0xbddb3334,
		0xbdc9eb85, 0xbdc428f5, 0xbdbe6667, 0xbdb8a3d7, 0xbdb2e148, 0xbdad1eb8, 0xbda75c28, 0xbda1999a,
		0xbd9bd70a, 0xbd96147b, 0xbd9051eb, 0xbd8a8f5d, 0xbd84cccd, 0xbd7e147a, 0xbd728f5d, 0xbd670a3d,
		0xbd5b851f, 0xbd500000, 0xbd447ae1, 0xbd38f5c3, 0xbd2d70a3, 0xbd21eb85, 0xbd166667, 0xbd0ae147,
		0xbcfeb852, 0xbce7ae13, 0xbcd0a3d7, 0xbcb9999a, 0xbca28f5c, 0xbc8b851f, 0xbc68f5c3, 0xbc3ae148,
		0xbc1f3b64, 0xbc160418, 0xbc0ccccd, 0xbc039581, 0xbbf4bc6a, 0xbbe24dd3, 0xbbcfdf3b, 0xbbbd70a4,
		0xbbab020d, 0xbb989374, 0xbb8624dd, 0xbb676c8a, 0xbb428f5c, 0xbb1db22d, 0xbaf1a9fc, 0xbaa7ef9d,
		0xba7765ff, 0xba59e83e, 0xba3c6a80, 0xba1eecc1, 0xba016f01, 0xb9c7e283, 0xb98ce705, 0xb923d70b,
		0xb8ba1f4b, 0xb88aefb3, 0xb8378034, 0xb7b24206, 0xb70205ff, 0xb65a1a94, 0xb513a3b7, 0x00000000,
		0x3513a3b7, 0x365a1a94, 0x370205ff, 0x37b24206, 0x38378034, 0x388aefb3, 0x38ba1f4b, 0x3923d70b,
		0x398ce705, 0x39c7e283, 0x3a016f01, 0x3a1eecc1, 0x3a3c6a80, 0x3a59e83e, 0x3a7765ff, 0x3aa7ef9d,
		0x3af1a9fc, 0x3b1db22d, 0x3b428f5c, 0x3b676c8a, 0x3b8624dd, 0x3b989374, 0x3bab020d, 0x3bbd70a4,
		0x3bcfdf3b, 0x3be24dd3, 0x3bf4bc6a, 0x3c039581, 0x3c0ccccd, 0x3c160418, 0x3c1f3b64, 0x3c3ae148,
		0x3c68f5c3, 0x3c8b851f, 0x3ca28f5c, 0x3cb9999a, 0x3cd0a3d7, 0x3ce7ae13, 0x3cfeb852, 0x3d0ae147,
		0x3d166667, 0x3d21eb85, 0x3d2d70a3, 0x3d38f5c3, 0x3d447ae1, 0x3d500000, 0x3d5b851f, 0x3d670a3d,
		0x3d728f5d, 0x3d7e147a, 0x3d84cccd, 0x3d8a8f5d, 0x3d9051eb, 0x3d96147b, 0x3d9bd70a, 0x3da1999a,
		0x3da75c28, 0x3dad1eb8, 0x3db2e148, 0x3db8a3d7, 0x3dbe6667, 0x3dc428f5, 0x3dc9eb85, 0x3ddb3334,
		0x3df80000, 0x3e0a6666, 0x3e18cccd, 0x3e273333, 0x3e359999, 0x3e440000, 0x3e526666, 0x3e60cccd,
		0x3e6f3334, 0x3e7d999a, 0x3e860000, 0x3e8d3334, 0x3e946666, 0x3e9b999a, 0x3ea2cccc, 0x3eaa0000,
		0x3eb13332, 0x3eb86666, 0x3ebf999a, 0x3ec6cccc, 0x3ece0000, 0x3ed53332, 0x3edc6666, 0x3ee3999a,
		0x3eeacccc, 0x3ef20000, 0x3ef93334, 0x3f003333, 0x3f03cccd, 0x3f076666, 0x3f0b0000, 0x3f0e999a,
		0x3f123334, 0x3f15cccd, 0x3f196666, 0x3f1d0000, 0x3f20999a, 0x3f243333, 0x3f27cccd, 0x3f2b6667,
		0x3f2f0000, 0x3f32999a, 0x3f363334, 0x3f39cccd, 0x3f3d6667, 0x3f410000, 0x3f44999a, 0x3f483333,
		0x3f4bcccc, 0x3f4f6666, 0x3f530000, 0x3f569999, 0x3f5a3333, 0x3f5dcccc, 0x3f616666, 0x3f650000,
		0x3f68999a, 0x3f6c3333, 0x3f6fcccc, 0x3f736666, 0x3f770000, 0x3f7a9999, 0x3f7e3333, 0x3f800000,
	})
	q8UnsignedTable = newQ8Table([256]uint32{
		0x00000000, 0x34ae7baa, 0x35500998, 0x360e9b38, 0x3692ccf6, 0x36de4c51, 0x3714e5d5, 0x3783126e,
		0x37e171a0, 0x381fe868, 0x384f1800, 0x387e479a, 0x3896bb99, 0x38ae5364, 0x38c5eb31, 0x3906594b,
		0x394154ca, 0x397c5048, 0x399ba5e4, 0x39b923a2, 0x39d6a162, 0x39f41f22, 0x3a08ce71, 0x3a178d50,
		0x3a264c30, 0x3a350b10, 0x3a43c9ef, 0x3a5288d0, 0x3a6147af, 0x3a70068e, 0x3a7ec56e, 0x3a958106,
		0x3aba5e35, 0x3adf3b64, 0x3b020c49, 0x3b147ae1, 0x3b26e978, 0x3b39580f, 0x3b4bc6a7, 0x3b5e353e,
		0x3b70a3d7, 0x3b818937, 0x3b8ac082, 0x3b93f7cf, 0x3b9d2f1a, 0x3ba66666, 0x3baf9db2, 0x3bb8d4fd,
		0x3bc20c4a, 0x3bcb4394, 0x3bd47ae1, 0x3bddb22e, 0x3be6e978, 0x3bf020c5, 0x3bf9580f, 0x3c0147ae,
		0x3c05e353, 0x3c0a7ef9, 0x3c0f1aa0, 0x3c13b645, 0x3c1851eb, 0x3c1ced90, 0x3c218937, 0x3c2f5c2a,
		0x3c466667, 0x3c5d70a3, 0x3c747ae2, 0x3c85c28f, 0x3c9147ae, 0x3c9ccccd, 0x3ca851eb, 0x3cb3d70b,
		0x3cbf5c2a, 0x3ccae148, 0x3cd66667, 0x3ce1eb87, 0x3ced70a3, 0x3cf8f5c3, 0x3d023d70, 0x3d080000,
		0x3d0dc28f, 0x3d13851f, 0x3d1947af, 0x3d1f0a3d, 0x3d24cccd, 0x3d2a8f5b, 0x3d3051eb, 0x3d36147b,
		0x3d3bd70a, 0x3d41999a, 0x3d475c2a, 0x3d4d1eb8, 0x3d52e148, 0x3d58a3d7, 0x3d5e6667, 0x3d6428f7,
		0x3d69eb87, 0x3d6fae15, 0x3d7570a3, 0x3d7b3333, 0x3d807ae2, 0x3d835c29, 0x3d863d71, 0x3d891eb9,
		0x3d8c0000, 0x3d8ee148, 0x3d91c290, 0x3d94a3d7, 0x3d97851f, 0x3d9a6667, 0x3d9d47af, 0x3da028f6,
		0x3da30a3d, 0x3da5eb85, 0x3da8cccd, 0x3dabae14, 0x3dae8f5c, 0x3db170a3, 0x3db451eb, 0x3db73333,
		0x3dba147b, 0x3dbcf5c3, 0x3dbfd70a, 0x3dc2b852, 0x3dc5999a, 0x3dc87ae1, 0x3dcb5c29, 0x3dd40000,
		0x3de26666, 0x3df0cccd, 0x3dff3333, 0x3e06cccc, 0x3e0e0000, 0x3e153334, 0x3e1c6666, 0x3e23999a,
		0x3e2acccc, 0x3e320000, 0x3e393334, 0x3e406666, 0x3e47999a, 0x3e4ecccc, 0x3e560000, 0x3e5d3334,
		0x3e646666, 0x3e6b999a, 0x3e72ccce, 0x3e7a0000, 0x3e80999a, 0x3e843333, 0x3e87cccd, 0x3e8b6667,
		0x3e8f0000, 0x3e92999a, 0x3e963334, 0x3e99cccd, 0x3e9d6667, 0x3ea10000, 0x3ea4999a, 0x3ea83333,
		0x3eabcccc, 0x3eaf6666, 0x3eb30000, 0x3eb69999, 0x3eba3333, 0x3ebdcccc, 0x3ec16666, 0x3ec50000,
		0x3ec8999a, 0x3ecc3333, 0x3ecfcccc, 0x3ed36666, 0x3ed70000, 0x3eda9999, 0x3ede3333, 0x3ee1cccd,
		0x3ee56666, 0x3ee90000, 0x3eec999a, 0x3ef03333, 0x3ef3cccd, 0x3ef76666, 0x3efb0000, 0x3efe9999,
		0x3f01199a, 0x3f02e666, 0x3f04b332, 0x3f068000, 0x3f084ccc, 0x3f0a199a, 0x3f0be666, 0x3f0db334,
		0x3f0f8000, 0x3f114ccd, 0x3f13199a, 0x3f14e666, 0x3f16b334, 0x3f188000, 0x3f1a4ccd, 0x3f1c199a,
		0x3f1de666, 0x3f1fb333, 0x3f218000, 0x3f234ccc, 0x3f25199a, 0x3f26e666, 0x3f28b334, 0x3f2a8000,
		0x3f2c4cce, 0x3f2e199a, 0x3f2fe666, 0x3f31b334, 0x3f338000, 0x3f354cce, 0x3f37199a, 0x3f38e666,
		0x3f3ab334, 0x3f3c8000, 0x3f3e4ccc, 0x3f40199a, 0x3f41e666, 0x3f43b334, 0x3f458000, 0x3f474ccc,
		0x3f49199a, 0x3f4ae666, 0x3f4cb332, 0x3f4e8000, 0x3f504ccc, 0x3f52199a, 0x3f53e666, 0x3f55b334,
		0x3f578000, 0x3f594ccd, 0x3f5b199a, 0x3f5ce666, 0x3f5eb334, 0x3f608000, 0x3f624ccd, 0x3f64199a,
		0x3f65e666, 0x3f67b333, 0x3f698000, 0x3f6b4ccc, 0x3f6d199a, 0x3f6ee666, 0x3f70b334, 0x3f728000,
		0x3f744cce, 0x3f76199a, 0x3f77e666, 0x3f79b334, 0x3f7b8000, 0x3f7d4cce, 0x3f7f199a, 0x3f800000,
	})
)
