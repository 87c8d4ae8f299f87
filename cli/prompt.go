package cli

import (
	"errors"
	"io"

	"github.com/charmbracelet/huh"
)

// Choice is one entry of a selection prompt.
type Choice struct {
	Label string
	Value string
}

// Prompter asks the person at the terminal. Commands reach huh only through
// it, so tests can answer for the person.
type Prompter interface {
	Select(title string, choices []Choice, initial string) (string, error)
	Input(title, placeholder string, validate func(string) error) (string, error)
}

// huhPrompter draws prompts with huh on the terminal; questions go to
// stderr so that stdout stays the command's result.
type huhPrompter struct {
	in  io.Reader
	out io.Writer
}

func (h huhPrompter) run(f huh.Field) error {
	err := huh.NewForm(huh.NewGroup(f)).WithInput(h.in).WithOutput(h.out).WithShowHelp(true).Run()
	if errors.Is(err, huh.ErrUserAborted) {
		return errInterrupted
	}
	return err
}

func (h huhPrompter) Select(title string, choices []Choice, initial string) (string, error) {
	value := initial
	opts := make([]huh.Option[string], len(choices))
	for i, c := range choices {
		opts[i] = huh.NewOption(c.Label, c.Value)
	}
	// The value is bound before the options: the other way round, huh
	// v1.0 sizes the list for the wrong cursor and hides an option until a
	// key is pressed.
	err := h.run(huh.NewSelect[string]().Title(title).Value(&value).Options(opts...))
	return value, err
}

func (h huhPrompter) Input(title, placeholder string, validate func(string) error) (string, error) {
	var value string
	in := huh.NewInput().Title(title).Placeholder(placeholder).Value(&value)
	if validate != nil {
		in = in.Validate(validate)
	}
	err := h.run(in)
	return value, err
}
