package bench

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/cpuid/v2"
)

// Where a cache size came from, as CacheInfo reports it.
const (
	FromCPUID   = "cpuid"   // the CPUID instruction, through klauspost/cpuid
	FromSysfs   = "sysfs"   // Linux's /sys/devices/system/cpu/cpu0/cache
	FromSysctl  = "sysctl"  // darwin's hw.*cachesize
	FromAssumed = "assumed" // nothing could tell: a common size
)

// Cache is the size of one cache level and where it came from (FromCPUID, FromSysfs, FromSysctl or FromAssumed).
type Cache struct {
	Bytes  int
	Source string
}

// assumed are the sizes taken when nothing tells: a common L1D, L2 and L3.
var assumed = [3]int{32 << 10, 1 << 20, 16 << 20}

// CacheInfo returns this CPU's L1 data cache, L2 and L3: from cpuid where it knows the level, else from the
// operating system (sysfs on Linux, sysctl on darwin), else assumed. It asks once per process.
func CacheInfo() (l1d, l2, l3 Cache) {
	c := cacheInfo()
	return c[0], c[1], c[2]
}

var cacheInfo = sync.OnceValue(func() [3]Cache {
	c := cpuid.CPU.Cache
	var sizes [3]int
	source := FromSysfs
	switch runtime.GOOS {
	case "linux":
		sizes = sysfsCaches(osDirFS("/sys/devices/system/cpu/cpu0/cache"))
	case "darwin":
		sizes, source = sysctlCaches(sysctl), FromSysctl
	}
	return pickCaches([3]int{c.L1D, c.L2, c.L3}, sizes, source)
})

// osDirFS is os.DirFS, or nil where the directory does not exist.
func osDirFS(dir string) fs.FS {
	if _, err := os.Stat(dir); err != nil {
		return nil
	}
	return os.DirFS(dir)
}

// sysctl returns the value of a sysctl name as the command prints it.
func sysctl(name string) (string, error) {
	out, err := exec.Command("sysctl", "-n", name).Output()
	return string(out), err
}

// pickCaches takes, level by level, cpuid's size, else the operating system's, else the assumed one. A size ≤ 0
// is unknown (cpuid says -1).
func pickCaches(cpuidSizes, osSizes [3]int, osSource string) [3]Cache {
	var c [3]Cache
	for i := range c {
		switch {
		case cpuidSizes[i] > 0:
			c[i] = Cache{cpuidSizes[i], FromCPUID}
		case osSizes[i] > 0:
			c[i] = Cache{osSizes[i], osSource}
		default:
			c[i] = Cache{assumed[i], FromAssumed}
		}
	}
	return c
}

// sysfsCaches reads the L1 data, L2 and L3 sizes from a Linux cpuN/cache directory: entries index0, index1, ...
// each with files level (1, 2, 3), type (Data, Instruction or Unified) and size (such as 48K or 32768K). An
// instruction cache never counts; a level's data or unified cache does, the largest if several claim it (a shared
// L3 is listed once per CPU directory with its whole size). Sizes it cannot read are 0; fsys may be nil.
func sysfsCaches(fsys fs.FS) [3]int {
	var sizes [3]int
	if fsys == nil {
		return sizes
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return sizes
	}
	read := func(dir, name string) string {
		b, err := fs.ReadFile(fsys, path.Join(dir, name))
		if err != nil {
			return ""
		}
		return strings.TrimSpace(string(b))
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), "index") {
			continue
		}
		level, err := strconv.Atoi(read(e.Name(), "level"))
		if err != nil || level < 1 || level > 3 {
			continue
		}
		if t := strings.ToLower(read(e.Name(), "type")); t != "data" && t != "unified" {
			continue
		}
		if n, err := parseCacheSize(read(e.Name(), "size")); err == nil && n > sizes[level-1] {
			sizes[level-1] = n
		}
	}
	return sizes
}

// parseCacheSize parses a cache size as sysfs and sysctl print it: bytes, or a count with a K, M or G suffix
// (powers of 1024, as the kernel means them), with an optional B or iB.
func parseCacheSize(s string) (int, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.TrimSuffix(strings.TrimSuffix(s, "B"), "I")
	shift := 0
	switch {
	case strings.HasSuffix(s, "K"):
		shift = 10
	case strings.HasSuffix(s, "M"):
		shift = 20
	case strings.HasSuffix(s, "G"):
		shift = 30
	}
	if shift > 0 {
		s = strings.TrimSpace(s[:len(s)-1])
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 || n > 1<<40>>shift {
		return 0, fmt.Errorf("cache size %q: want a positive count of bytes, K, M or G", s)
	}
	return n << shift, nil
}

// sysctlCaches reads the L1 data, L2 and L3 sizes through lookup, which returns the value of a sysctl name:
// hw.perflevel0.* where darwin has it (Apple silicon's performance cores, which run the benchmarks; its hw.* are
// the efficiency cores', and it has no L3 at all: the last level is the L2 a cluster shares), else hw.*. Each name
// is asked alone, since one unknown name among several makes sysctl print the others' values out of line. Sizes
// it cannot read are 0.
func sysctlCaches(lookup func(name string) (string, error)) [3]int {
	var sizes [3]int
	for i, name := range []string{"l1dcachesize", "l2cachesize", "l3cachesize"} {
		for _, prefix := range []string{"hw.perflevel0.", "hw."} {
			v, err := lookup(prefix + name)
			if err != nil {
				continue
			}
			if n, err := parseCacheSize(v); err == nil {
				sizes[i] = n
				break
			}
		}
	}
	return sizes
}
