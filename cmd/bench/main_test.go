package main

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/fastgrad/fastgrad/bench"
)

func TestParseFlags(t *testing.T) {
	o, err := parseFlags([]string{"-quick", "-sizes", "l1,dram", "-filter", "Adam"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if o.count != 3 || o.benchtime != "30ms" || len(o.sizes) != 2 || o.sizes[1].Name != "dram" || !o.filter.MatchString("Adam/f32") {
		t.Errorf("-quick -sizes l1,dram -filter Adam gave %+v", o)
	}
	o, err = parseFlags([]string{"-sizes", "4096,l2"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if len(o.sizes) != 2 || o.sizes[0].N != 4096 || o.sizes[0].Name != "n=4096" || o.sizes[1].Name != "l2" {
		t.Errorf("-sizes 4096,l2 gave %+v", o.sizes)
	}
	if o, err := parseFlags([]string{"-quick", "-count", "7"}, io.Discard); err != nil || o.count != 7 {
		t.Errorf("-quick must not override an explicit -count: %+v, %v", o, err)
	}
	for _, bad := range [][]string{{"-count", "0"}, {"-sizes", "l4"}, {"-sizes", "0"}, {"-sizes", "-5"}, {"-filter", "("}, {"-benchtime", "soon"}, {"extra"}, {"-nope"}} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) accepted bad input", bad)
		}
	}
}

func TestMedianAndSpeedups(t *testing.T) {
	mk := func(impl string, runs ...float64) result {
		return result{Case: bench.Case{Kernel: "Dot", Type: "f32", Impl: impl, Size: "l1", N: 100, Bytes: 800}, Runs: runs}
	}
	rs := []result{mk("avx2", 10, 30, 20), mk("generic", 100, 80, 90, 120), mk("naive", 200)}
	if m := rs[0].median(); m != 20 {
		t.Errorf("median of 10, 30, 20 = %v, want 20", m)
	}
	if m := rs[1].median(); m != 95 {
		t.Errorf("median of 100, 80, 90, 120 = %v, want 95", m)
	}
	if g := rs[0].gbps(); g != 40 {
		t.Errorf("800 bytes in 20 ns = %v GB/s, want 40", g)
	}
	vg, vn, vo := speedups(rs)
	if vg[0] != 95.0/20 || vn[0] != 10 || vo[0] != 0 || vg[1] != 1 {
		t.Errorf("speedups %v %v %v", vg, vn, vo)
	}
}

func TestRunSmoke(t *testing.T) {
	o, err := parseFlags([]string{"-filter", "^(Dot|Adam)/dtype=f32/.*/layout=b2b/path=(generic|naive)$", "-sizes", "l1", "-benchtime", "1x", "-count", "1"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(o, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"fastgrad bench:", "Dot", "Adam", "generic", "naive", "×generic"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, out.String())
		}
	}

	o.json = filepath.Join(t.TempDir(), "out.json")
	if err := run(o, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(o.json)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Machine machine      `json:"machine"`
		Results []jsonResult `json:"results"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatalf("JSON output does not parse: %v", err)
	}
	if len(doc.Results) != 4 || doc.Machine.GOARCH == "" {
		t.Errorf("JSON has %d results (want 4) and machine %+v", len(doc.Results), doc.Machine)
	}
	for _, r := range doc.Results {
		if r.MedianNs <= 0 || len(r.RunsNs) != 1 || r.Bytes <= 0 {
			t.Errorf("bad JSON result %+v", r)
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(o.json)); len(entries) != 1 {
		t.Errorf("the atomic write left %d files behind, want just out.json", len(entries))
	}

	o2 := *o
	o2.filter = regexp.MustCompile("^nothing$")
	if err := run(&o2, io.Discard, io.Discard); err == nil {
		t.Error("a filter matching no case must be an error")
	}
}
