package optim

import "reflect"

// isNil reports whether v is nil or a nil pointer in an interface: a nil *Adam given as an optimizer is a
// mistake to report, not to dereference.
func isNil(v any) bool {
	r := reflect.ValueOf(v)
	return !r.IsValid() || r.Kind() == reflect.Pointer && r.IsNil()
}
