// Package kerneldoc holds the wording both generators give the generated kernels' doc comments, so that amd64
// and arm64 declarations read the same.
package kerneldoc

import (
	"fmt"
	"strings"
)

// Lengths is the second line of an elementwise kernel's doc comment: what its arguments must be.
func Lengths(arrays []string) string {
	if len(arrays) == 1 {
		return "k holds the constants, in the order of kernels' glue."
	}
	return fmt.Sprintf("%s must be at least as long as %s; k holds the constants, in the order of kernels' glue.",
		strings.Join(arrays[1:], ", "), arrays[0])
}
