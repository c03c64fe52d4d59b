package experiments

import "github.com/fastgrad/fastgrad/train"

// Report is what Run found: one section per experiment, in the order of the notebooks, and where the markdown went.
type Report struct {
	Sections []Section // one per experiment
	Path     string    // the markdown report
}

// Section is one experiment: the closed-form solution, the runs compared with it, and the figures drawn.
type Section struct {
	Title string   // the experiment, as the report's heading names it
	Notes []string // what the experiment shows, and numbers that fit no table
	// ClosedForm is the least-squares solution by QR (SVD when QR fails), in the units the runs report, and its
	// objective; nil when the section has no least-squares problem to solve.
	ClosedForm     []float64
	ClosedFormLoss float64   // the objective at ClosedForm
	Runs           []Outcome // in the order of the section's table
	Figures        []string  // file names in the report's directory
}

// Outcome is one training run's outcome.
type Outcome struct {
	Optimizer string       // what trained, as the table names it
	LR        float64      // its learning rate
	W         []float64    // the final weights, in the original units
	Loss      float64      // the objective at W
	Iters     int          // steps taken
	Reason    train.Reason // the rule that ended the run
	RelErr    float64      // ‖W − closed form‖/‖closed form‖; NaN without a closed form
}

// Section returns the section with the given title, or nil.
func (r *Report) Section(title string) *Section {
	for i := range r.Sections {
		if r.Sections[i].Title == title {
			return &r.Sections[i]
		}
	}
	return nil
}
