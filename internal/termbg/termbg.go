// Package termbg decides, without asking the terminal, whether its
// background is dark, before Bubble Tea's package initialiser asks.
//
// Bubble Tea v1 queries the terminal's background colour from its init
// function, on every run whose stdout is a terminal, and waits up to 5 s
// for an answer that a serial console or some terminals never send: every
// aigne command would start that late. Import this package (for its side
// effect) anywhere in the program. Go initialises packages in import-path
// order among those whose imports are ready; this one needs only
// lipgloss, and "github.com/aigne-io/…" sorts before
// "github.com/charmbracelet/bubbletea", so it always runs first.
package termbg

import (
	"os"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

func init() { lipgloss.SetHasDarkBackground(Dark(os.Getenv)) }

// Dark reads COLORFGBG ("15;0": light text on black), which many terminals
// set; without it, dark, the common case.
func Dark(getenv func(string) string) bool {
	v := getenv("COLORFGBG")
	i := strings.LastIndexByte(v, ';')
	if i < 0 {
		return true
	}
	bg, err := strconv.Atoi(v[i+1:])
	return err != nil || bg < 7 || bg == 8
}
