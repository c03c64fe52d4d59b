package main

import (
	"bytes"
	"errors"
	"flag"
	"image/gif"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// experimentTitles are the report's sections: the notebooks issue 7 asks for, and the search.
var experimentTitles = []string{
	"Synthetic regression, 500×2",
	"Synthetic regression, 5000×2",
	"The six-point table",
	"Quadratic fit",
	"Quadratic fit, ill-conditioned",
	"Quadratic fit, ill-conditioned and standardized",
	"Gradient descent on f(x) = x²",
	"Hyperparameter search",
}

// TestExperiments runs the subcommand as main would, into a directory it must create, and checks what it wrote:
// a report with every section, whose every figure exists and decodes, and nothing else.
func TestExperiments(t *testing.T) {
	if testing.Short() {
		// A second natively, but some 12 s under the race detector and far more under qemu; train/experiments'
		// own tests run the experiments under -short.
		t.Skip("runs every experiment")
	}
	dir := filepath.Join(t.TempDir(), "report")
	start, err := parseCommand([]string{"experiments", "-out", dir}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var stdout bytes.Buffer
	if err := start(&stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(dir, "report.md")
	if !strings.HasSuffix(stdout.String(), "report: "+report+"\n") {
		t.Errorf("standard output does not end with the report's path:\n%s", stdout.String())
	}
	md, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range experimentTitles {
		if !bytes.Contains(md, []byte("\n## "+title+"\n")) || !strings.Contains("\n"+stdout.String(), "\n"+title+"\n") {
			t.Errorf("no section %q in report.md or in the summaries", title)
		}
	}

	files := []string{"report.md"}
	for _, m := range regexp.MustCompile(`!\[[^\]]*\]\(([^)]+)\)`).FindAllSubmatch(md, -1) {
		f := string(m[1])
		files = append(files, f)
		data, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Error(err)
			continue
		}
		switch filepath.Ext(f) {
		case ".svg":
			err = parseXML(data)
			if err == nil && !bytes.Contains(data, []byte("<svg")) {
				err = errors.New("no <svg> element")
			}
		case ".gif":
			var g *gif.GIF
			if g, err = gif.DecodeAll(bytes.NewReader(data)); err == nil && len(g.Image) < 2 {
				err = errors.New("not an animation")
			}
		default:
			err = errors.New("a format this test does not know")
		}
		if err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	if len(files) == 1 {
		t.Error("report.md shows no figure")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !slices.Contains(files, e.Name()) {
			t.Errorf("%s is in the directory but not in the report", e.Name())
		}
	}
}

// TestExperimentsUsage checks -out's default, and that the command's usage names the subcommand and the
// subcommand's its flag.
func TestExperimentsUsage(t *testing.T) {
	if dir, err := parseExperimentsFlags(nil, io.Discard); err != nil || dir != defaultExperimentsOut {
		t.Errorf("no flags: -out %q, %v; want %q", dir, err, defaultExperimentsOut)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-h"}, "go run ./cmd/bench experiments [-out DIR]"},
		{[]string{"experiments", "-h"}, "-out DIR"},
	} {
		var usage bytes.Buffer
		if _, err := parseCommand(c.args, &usage); !errors.Is(err, flag.ErrHelp) || !strings.Contains(usage.String(), c.want) {
			t.Errorf("%q: %v, and a usage without %q:\n%s", c.args, err, c.want, usage.String())
		}
	}
}

// TestExperimentsExit checks the subcommand's exit status after -h, and after a run that fails: a directory that
// cannot be made.
func TestExperimentsExit(t *testing.T) {
	if code, _ := command(t, "experiments", "-h"); code != 0 {
		t.Errorf("experiments -h: exit status %d, want 0", code)
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stderr := command(t, "experiments", "-out", filepath.Join(file, "report")); code != 1 || !strings.Contains(stderr, "bench: experiments: ") {
		t.Errorf("experiments -out under a file: exit status %d, stderr %q; want 1 and a message", code, stderr)
	}
}
