package optim

import (
	"fmt"
	"math"
)

// The checks every schedule constructor shares. Each error names the schedule, the parameter and its value, so a
// schedule nested in SequentialLR or Chain can still be found from the message.

func schedBad(sched, field string, v any, want string) error {
	return fmt.Errorf("optim: %s: %s=%v, want %s", sched, field, v, want)
}

// schedFloat rejects NaN and ±Inf, then any v outside [lo, hi], where an open end (loOpen, hiOpen) excludes it.
func schedFloat(sched, field string, v, lo, hi float64, loOpen, hiOpen bool) error {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < lo || v > hi || (loOpen && v == lo) || (hiOpen && v == hi) {
		return schedBad(sched, field, v, schedRange(lo, hi, loOpen, hiOpen))
	}
	return nil
}

func schedRange(lo, hi float64, loOpen, hiOpen bool) string {
	switch {
	case math.IsInf(hi, 1) && loOpen:
		return fmt.Sprintf("finite and > %v", lo)
	case math.IsInf(hi, 1):
		return fmt.Sprintf("finite and ≥ %v", lo)
	}
	l, r := "[", "]"
	if loOpen {
		l = "("
	}
	if hiOpen {
		r = ")"
	}
	return fmt.Sprintf("in %s%v, %v%s", l, lo, hi, r)
}

func schedPositive(sched, field string, v float64) error {
	return schedFloat(sched, field, v, 0, math.Inf(1), true, false)
}

func schedNonNegative(sched, field string, v float64) error {
	return schedFloat(sched, field, v, 0, math.Inf(1), false, false)
}

func schedMinInt(sched, field string, v, lo int) error {
	if v < lo {
		return schedBad(sched, field, v, fmt.Sprintf("≥ %d", lo))
	}
	return nil
}

// schedFirst returns the first non-nil error, so a constructor can list its checks in order.
func schedFirst(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
