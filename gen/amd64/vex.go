package main

import (
	"fmt"
	"regexp"
	"strings"
)

// evexOnly matches the registers only AVX-512 can encode: X16–X31, Y16–Y31, any Z, and the opmasks. avo's register
// allocator hands out all 32 vector registers whatever the instructions, and the Go assembler silently encodes an
// AVX2 instruction naming Y16 as EVEX, so an AVX2 function using one would die with SIGILL on an AVX2-only CPU.
var evexOnly = regexp.MustCompile(`\b([XY](1[6-9]|2[0-9]|3[01])|Z[0-9]+|K[1-7])\b`)

// checkVEX returns an error if a function in the Go assembly text asm whose name does not end in AVX512 uses a
// register only AVX-512 can encode.
func checkVEX(asm string) error {
	name := ""
	for _, line := range strings.Split(asm, "\n") {
		if strings.HasPrefix(line, "TEXT ") {
			name = strings.Fields(line)[1]
			continue
		}
		if !strings.HasSuffix(strings.TrimSuffix(name, "(SB),"), "AVX512") && evexOnly.MatchString(line) {
			return fmt.Errorf("%s uses a register AVX2 cannot encode: %q", name, strings.TrimSpace(line))
		}
	}
	return nil
}
