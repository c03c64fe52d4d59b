package kernels

// l3Bytes is the last-level cache the kernels plan for: the L3 that cpuid reports on amd64 and arm64 (outside
// purego), else defaultL3Bytes. A wrong guess costs speed only, never bits: it picks between ways of reading
// memory that add the same products in the same order.
var l3Bytes = func() int {
	if l3 := cpuidL3(); l3 > 0 {
		return l3
	}
	return defaultL3Bytes
}()

// defaultL3Bytes is the L3 assumed where cpuid reports none (some VMs hide it) or cannot run: 32 MiB, what one
// chiplet of a current AMD EPYC has, and less than a current Xeon's.
const defaultL3Bytes = 32 << 20
