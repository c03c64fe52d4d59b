package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/fastgrad/fastgrad/train/experiments"
)

// experimentsCommand is the subcommand's name, the first argument: the benchmark's flags stay the default command's.
const experimentsCommand = "experiments"

// defaultExperimentsOut is -out's default: a directory in the current one, where the report is easy to find and
// open with its figures (.gitignore keeps the repository's own out of commits).
const defaultExperimentsOut = "experiments"

// experimentsUsage explains the subcommand before flag's list of flags.
const experimentsUsage = `Usage: go run ./cmd/bench experiments [-out DIR]

Reproduces the gradient-descent notebooks with package train: SGD, momentum, RMSprop and Adam on synthetic
500×2 and 5000×2 regressions; gradient descent and its stochastic version on the six-point table; a quadratic
fit and its ill-conditioned variant; gradient descent on x²; a hyperparameter search; Adam with BF16 and F16 state and weights against
float32 Adam. Each result is set
against the closed-form least-squares solution. Prints each experiment's summary as it finishes, and writes
report.md with its figures (SVG plots, GIF animations) into DIR. Takes a few seconds; the numbers are the
same on every run.

`

// parseExperimentsFlags parses the subcommand's arguments (those after its name) and returns the directory to
// write the report into.
func parseExperimentsFlags(args []string, stderr io.Writer) (out string, err error) {
	fs := flag.NewFlagSet("bench "+experimentsCommand, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), experimentsUsage)
		fs.PrintDefaults()
	}
	fs.StringVar(&out, "out", defaultExperimentsOut, "write report.md and its figures into `DIR` (created if need be; files of the same names are replaced)")
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		return "", fmt.Errorf("%s: unexpected arguments %q (the only flag is -out DIR)", experimentsCommand, fs.Args())
	}
	if out == "" {
		return "", fmt.Errorf("%s: -out: want a directory", experimentsCommand)
	}
	return out, nil
}

// runExperiments runs every experiment into dir. The summaries, printed as each experiment finishes and ending with
// the report's path, are the command's output as the benchmark's table is, so they go to stdout; a run of seconds
// needs no progress on stderr.
func runExperiments(dir string, stdout io.Writer) error {
	_, err := experiments.Run(dir, stdout)
	return err
}
