package bench

import (
	"errors"
	"testing"
	"testing/fstest"
)

func TestParseCacheSize(t *testing.T) {
	for s, want := range map[string]int{
		"48K": 48 << 10, "32768K": 32 << 20, "1M": 1 << 20, "491520K\n": 480 << 20, "2G": 2 << 30,
		"65536": 64 << 10, " 16 MiB ": 16 << 20, "512KB": 512 << 10, "1m": 1 << 20,
	} {
		if got, err := parseCacheSize(s); err != nil || got != want {
			t.Errorf("parseCacheSize(%q) = %d, %v; want %d", s, got, err, want)
		}
	}
	for _, s := range []string{"", "K", "0", "-1K", "12X", "1.5M", "99999999999G"} {
		if got, err := parseCacheSize(s); err == nil {
			t.Errorf("parseCacheSize(%q) = %d, want an error", s, got)
		}
	}
}

// cacheDir returns a sysfs cache directory of the given index entries, each level, type and size; an empty
// string leaves that file out.
func cacheDir(entries ...[3]string) fstest.MapFS {
	fsys := fstest.MapFS{"uevent": {Data: []byte("")}}
	for i, e := range entries {
		dir := "index" + string(rune('0'+i))
		for j, name := range []string{"level", "type", "size"} {
			if e[j] != "" {
				fsys[dir+"/"+name] = &fstest.MapFile{Data: []byte(e[j] + "\n")}
			}
		}
	}
	return fsys
}

func TestSysfsCaches(t *testing.T) {
	for _, tc := range []struct {
		name string
		fsys fstest.MapFS
		want [3]int
	}{
		{"this machine's (Xeon, L3 shared by both CPUs)", cacheDir(
			[3]string{"1", "Data", "48K"}, [3]string{"1", "Instruction", "64K"},
			[3]string{"2", "Unified", "2048K"}, [3]string{"3", "Unified", "491520K"}),
			[3]int{48 << 10, 2 << 20, 480 << 20}},
		{"Zen 5 VM", cacheDir(
			[3]string{"1", "Data", "48K"}, [3]string{"1", "Instruction", "32K"},
			[3]string{"2", "Unified", "1024K"}, [3]string{"3", "Unified", "32768K"}),
			[3]int{48 << 10, 1 << 20, 32 << 20}},
		{"instruction cache listed first, sizes in M", cacheDir(
			[3]string{"1", "Instruction", "1M"}, [3]string{"1", "Data", "32K"}, [3]string{"2", "Unified", "1M"}),
			[3]int{32 << 10, 1 << 20, 0}},
		{"a unified L1, no L3", cacheDir([3]string{"1", "Unified", "64K"}, [3]string{"2", "Unified", "512K"}),
			[3]int{64 << 10, 512 << 10, 0}},
		{"missing and unreadable files", cacheDir(
			[3]string{"1", "Data", ""}, [3]string{"", "Unified", "1M"}, [3]string{"2", "", "1M"},
			[3]string{"3", "Unified", "lots"}, [3]string{"4", "Unified", "1G"}, [3]string{"2", "Unified", "256K"}),
			[3]int{0, 256 << 10, 0}},
		{"empty directory", fstest.MapFS{}, [3]int{}},
	} {
		if got := sysfsCaches(tc.fsys); got != tc.want {
			t.Errorf("%s: sysfsCaches = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := sysfsCaches(nil); got != [3]int{} {
		t.Errorf("sysfsCaches(nil) = %v, want zeros", got)
	}
}

func TestSysctlCaches(t *testing.T) {
	lookup := func(values map[string]string) func(string) (string, error) {
		return func(name string) (string, error) {
			if v, ok := values[name]; ok {
				return v, nil
			}
			return "", errors.New("sysctl: unknown oid '" + name + "'")
		}
	}
	for _, tc := range []struct {
		name   string
		values map[string]string
		want   [3]int
	}{
		{"Intel Mac", map[string]string{"hw.l1dcachesize": "32768\n", "hw.l2cachesize": "262144\n", "hw.l3cachesize": "8388608\n"},
			[3]int{32 << 10, 256 << 10, 8 << 20}},
		{"Apple silicon: no L3, the performance cores' sizes over hw.*'s", map[string]string{
			"hw.l1dcachesize": "65536", "hw.l2cachesize": "4194304",
			"hw.perflevel0.l1dcachesize": "131072", "hw.perflevel0.l2cachesize": "16777216"},
			[3]int{128 << 10, 16 << 20, 0}},
		{"hw.* zero, perflevel0 known", map[string]string{"hw.l1dcachesize": "0", "hw.perflevel0.l1dcachesize": "131072", "hw.l3cachesize": "0"},
			[3]int{128 << 10, 0, 0}},
		{"nothing", nil, [3]int{}},
	} {
		if got := sysctlCaches(lookup(tc.values)); got != tc.want {
			t.Errorf("%s: sysctlCaches = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestPickCaches(t *testing.T) {
	got := pickCaches([3]int{48 << 10, -1, 0}, [3]int{32 << 10, 2 << 20, 0}, FromSysfs)
	want := [3]Cache{{48 << 10, FromCPUID}, {2 << 20, FromSysfs}, {16 << 20, FromAssumed}}
	if got != want {
		t.Errorf("pickCaches = %v, want %v", got, want)
	}
}

func TestDRAMBytes(t *testing.T) {
	for l3, want := range map[int]int{32 << 20: 128 << 20, 64 << 20: maxDRAM, 480 << 20: maxDRAM, 4 << 20: minDRAM} {
		if got := dramBytes(l3); got != want {
			t.Errorf("dramBytes(%d MiB) = %d MiB, want %d MiB", l3>>20, got>>20, want>>20)
		}
	}
	_, _, l3 := Caches()
	if dram := Sizes()[3]; dram.Bytes < 4*l3 != DRAMCapped() {
		t.Errorf("Sizes: dram %d bytes against an L3 of %d, but DRAMCapped() = %v", dram.Bytes, l3, DRAMCapped())
	}
}
