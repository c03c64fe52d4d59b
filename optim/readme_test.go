package optim_test

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeCheckpointCode: the Go in the README's section "Saving and resuming a run" is the code of
// ExampleSaveCheckpointFile and ExampleLoadTorchStateFile, to the letter, so the README shows code that compiles
// and does what it says.
func TestReadmeCheckpointCode(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var example []byte
	for _, name := range []string{"example_checkpoint_test.go", "example_torchfile_test.go"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		example = append(example, b...)
	}
	_, section, ok := strings.Cut(string(readme), "\n## Saving and resuming a run\n")
	if !ok {
		t.Fatal(`README.md has no section "Saving and resuming a run"`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	blocks := 0
	for _, chunk := range strings.Split(section, "```go\n")[1:] {
		code, _, _ := strings.Cut(chunk, "```")
		if !strings.Contains(string(example), code) {
			t.Errorf("the README's code is in no Example:\n%s", code)
		}
		blocks++
	}
	if blocks == 0 {
		t.Error("the section has no Go code")
	}
}
