package kernels

import (
	"math/rand/v2"
	"testing"
)

// The doc loops' tests (docloops_test.go) live in package kernels_test, where only the exported API is in scope,
// as for a user who types a loop in. These give them the package's test harness.

// ForEachPath is forEachPath.
func ForEachPath(t *testing.T, f func(t *testing.T)) {
	t.Helper()
	forEachPath(t, f)
}

// RaceEnabled is raceEnabled.
const RaceEnabled = raceEnabled

// FillValues is fillValues.
func FillValues[F Float](r *rand.Rand, s []F, withSpecials bool) { fillValues(r, s, withSpecials) }

// CheckSame is checkSame.
func CheckSame[F Float](t *testing.T, what string, got, want []F) {
	t.Helper()
	checkSame(t, what, got, want)
}

// SpecialValues is specialValues.
func SpecialValues[F Float]() []F { return specialValues[F]() }
