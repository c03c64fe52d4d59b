package kernels

// sides is the number of places side puts a slice: against the guard page after it, and against the one before.
const sides = 2

// side returns n elements of array k: its last n (s = 0), ending at the guard page after the array, or its first n
// (s = 1), starting at the guard page before it.
func (a *arena[F]) side(s, k, n int) []F {
	r := a.regions[k]
	if s == 0 {
		return r[len(r)-n : len(r) : len(r)]
	}
	return r[:n:n]
}
