// Package kerneldoc holds the wording both generators give the generated kernels' doc comments, so that amd64
// and arm64 declarations read the same.
package kerneldoc

import (
	"fmt"
	"strings"
)

// Arguments is the second line of the doc comment of an elementwise kernel over arrays, taking a constant block k
// if consts: what its arguments must be, or "" when nothing needs saying.
func Arguments(arrays []string, consts bool) string {
	var says []string
	if len(arrays) > 1 {
		says = append(says, fmt.Sprintf("%s must be at least as long as %s", strings.Join(arrays[1:], ", "), arrays[0]))
	}
	if consts {
		says = append(says, "k holds the constants, in the order of kernels' glue")
	}
	if len(says) == 0 {
		return ""
	}
	return strings.Join(says, "; ") + "."
}

// LeastSquares is the doc comment of the least-squares kernel name over rows ("every row of X", or the rows of
// idx), one line per element.
func LeastSquares(name, rows string) []string {
	return []string{
		name + " returns the least-squares loss and writes the gradient g and the residuals r (unless r is nil) over " + rows + ",",
		"bit for bit as kernels' reference does. The lengths must be consistent: len(X) = len(y)·len(w) = len(y)·len(g),",
		"r nil or as long as the rows visited, and every idx[k] in [0, len(y)).",
	}
}
