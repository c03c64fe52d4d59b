// Package plotstyle holds what every fastgrad figure shares, so that the benchmark plots and the experiment figures
// look alike and stay readable: one colour-blind-safe palette and one log-axis ticker.
package plotstyle

import "image/color"

// The Okabe–Ito palette, whose colours readers with any common colour-vision deficiency can tell apart.
var (
	Black     = color.RGBA{0x00, 0x00, 0x00, 0xff}
	Orange    = color.RGBA{0xe6, 0x9f, 0x00, 0xff}
	Sky       = color.RGBA{0x56, 0xb4, 0xe9, 0xff}
	Green     = color.RGBA{0x00, 0x9e, 0x73, 0xff}
	Blue      = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	Vermilion = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	Purple    = color.RGBA{0xcc, 0x79, 0xa7, 0xff}
	Yellow    = color.RGBA{0xf0, 0xe4, 0x42, 0xff}
)

// OkabeIto is the palette in the order series take it: the strongest contrasts first, and yellow, hard to see on
// white, last.
var OkabeIto = []color.RGBA{Blue, Vermilion, Green, Purple, Orange, Sky, Black, Yellow}
