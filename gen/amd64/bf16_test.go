package main

import (
	"bytes"
	"testing"
)

// TestEncodeCVTNEPS2BF16 checks the encoding against GNU as (binutils 2.40) for registers in each bank of the EVEX
// register bits.
func TestEncodeCVTNEPS2BF16(t *testing.T) {
	for _, c := range []struct {
		src, dst uint8
		want     []byte
	}{
		{9, 12, []byte{0x62, 0x52, 0x7e, 0x48, 0x72, 0xe1}},
		{0, 0, []byte{0x62, 0xf2, 0x7e, 0x48, 0x72, 0xc0}},
		{31, 16, []byte{0x62, 0x82, 0x7e, 0x48, 0x72, 0xc7}},
		{17, 3, []byte{0x62, 0xb2, 0x7e, 0x48, 0x72, 0xd9}},
		{7, 25, []byte{0x62, 0x62, 0x7e, 0x48, 0x72, 0xcf}},
	} {
		if got := evexCVTNEPS2BF16(c.src, c.dst); !bytes.Equal(got, c.want) {
			t.Errorf("VCVTNEPS2BF16 Z%d, Y%d: % x, as writes % x", c.src, c.dst, got, c.want)
		}
	}
}

// TestEncodeCVTNE2PS2BF16 checks the encoding against GNU as (binutils 2.40), as TestEncodeCVTNEPS2BF16 does.
func TestEncodeCVTNE2PS2BF16(t *testing.T) {
	for _, c := range []struct {
		lo, hi, dst uint8
		want        []byte
	}{
		{9, 12, 3, []byte{0x62, 0xd2, 0x1f, 0x48, 0x72, 0xd9}},
		{0, 0, 0, []byte{0x62, 0xf2, 0x7f, 0x48, 0x72, 0xc0}},
		{31, 16, 7, []byte{0x62, 0x92, 0x7f, 0x40, 0x72, 0xff}},
		{17, 3, 25, []byte{0x62, 0x22, 0x67, 0x48, 0x72, 0xc9}},
		{13, 16, 17, []byte{0x62, 0xc2, 0x7f, 0x40, 0x72, 0xcd}},
	} {
		if got := evexCVTNE2PS2BF16(c.lo, c.hi, c.dst); !bytes.Equal(got, c.want) {
			t.Errorf("VCVTNE2PS2BF16 Z%d, Z%d, Z%d: % x, as writes % x", c.lo, c.hi, c.dst, got, c.want)
		}
	}
}
