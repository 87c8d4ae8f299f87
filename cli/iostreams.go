package cli

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams carries the process's standard streams and what they are
// connected to. Commands write only through it, so tests can capture
// everything and play a terminal.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	InTTY, OutTTY, ErrTTY bool
	// Color is decided once: a terminal on stdout and no NO_COLOR, or
	// CLICOLOR_FORCE set.
	Color bool
}

// System returns the real streams.
func System(getenv func(string) string) *IOStreams {
	s := &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
	}
	s.Color = s.OutTTY
	if getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		s.Color = false
	} else if v := getenv("CLICOLOR_FORCE"); v != "" && v != "0" {
		s.Color = true
	}
	return s
}

// TestStreams returns streams over buffers, with no terminal anywhere.
func TestStreams(stdin string) (*IOStreams, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &IOStreams{In: bytes.NewBufferString(stdin), Out: &out, ErrOut: &errOut}, &out, &errOut
}

// CanPrompt is true only when a person can both see and answer a question:
// prompts are drawn on stderr, so it must be a terminal too.
func (s *IOStreams) CanPrompt() bool { return s.InTTY && s.OutTTY && s.ErrTTY }
