package optim

import "fmt"

// Mode selects which framework's equations an optimizer reproduces. The zero value is PyTorch's; an optimizer
// offers another mode only where that framework's formula differs from PyTorch's in a way a port depends on (see
// each config's Mode field and the table in docs/optim.md), and NewX rejects a mode its optimizer lacks.
type Mode uint8

const (
	// ModeTorch is PyTorch's update (torch.optim, 2.x), the default.
	ModeTorch Mode = iota
	// ModeKeras is Keras 3's (keras.optimizers) form, where it differs from PyTorch's.
	ModeKeras
	// ModeTFJS is TensorFlow.js 4.x's (tf.train) form, where it differs from PyTorch's and from Keras's.
	ModeTFJS
)

var modeNames = [...]string{ModeTorch: "torch", ModeKeras: "keras", ModeTFJS: "tfjs"}

// String returns "torch", "keras" or "tfjs": the name checkpoints and torch states record in "fastgrad_mode".
func (m Mode) String() string {
	if int(m) < len(modeNames) {
		return modeNames[m]
	}
	return fmt.Sprintf("Mode(%d)", uint8(m))
}

// modeOption is the option that names a mode PyTorch does not have.
const modeOption = "fastgrad_mode"

// withMode adds the mode to a config's PyTorch options unless it is PyTorch's own.
func withMode(opts map[string]any, m Mode) map[string]any {
	if m != ModeTorch {
		opts[modeOption] = m.String()
	}
	return opts
}

// legacyModes maps the mode names files written before Mode existed give, per optimizer, to today's: each was a
// Keras form under its own name.
var legacyModes = map[string]map[string]string{
	"Adam":    {"eps_hat": "keras"},
	"RMSprop": {"eps_inside": "keras"},
	"Adagrad": {"eps_inside": "keras"},
}

// givenMode returns the mode a state or checkpoint of optimizer opt names, under today's name: an old file loads
// into the optimizer it was saved from.
func givenMode(opt string, v any) any {
	if s, ok := v.(string); ok {
		if now, ok := legacyModes[opt][s]; ok {
			return now
		}
	}
	return v
}

// checkMode rejects a mode optimizer opt does not offer; offered lists the ones it does, besides ModeTorch.
func checkMode(opt string, m Mode, offered ...Mode) error {
	if m == ModeTorch {
		return nil
	}
	for _, o := range offered {
		if m == o {
			return nil
		}
	}
	return fmt.Errorf("optim: %s: Mode %v: %s offers %v", opt, m, opt, append([]Mode{ModeTorch}, offered...))
}
