package cli

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"

	_ "github.com/aigne-io/aigne/internal/termbg" // before bubbletea's init
)

// Choice is one entry of a selection prompt.
type Choice struct {
	Label string
	Value string
}

// Prompter asks the person at the terminal. Commands reach huh only through
// it, so tests can answer for the person. Cancelling (Ctrl-C, Esc, Ctrl-D)
// returns errInterrupted.
type Prompter interface {
	Select(title string, choices []Choice, initial string) (string, error)
	Input(title, placeholder string, validate func(string) error) (string, error)
}

// newPrompter picks the prompts for this terminal: huh's, or plain
// numbered lines where the terminal cannot take them (TERM=dumb, an
// editor's shell), instead of huh's accessible mode, which cannot be
// cancelled, takes Ctrl-D for the first choice and panics on a number out
// of range.
func newPrompter(ctx context.Context, in io.Reader, out io.Writer, p Printer, getenv func(string) string) Prompter {
	if getenv("TERM") == "dumb" {
		return &linePrompter{ctx: ctx, in: bufio.NewReader(in), out: out, p: p}
	}
	// huh's colours adapt to the terminal's background; termbg decided
	// it without asking the terminal, which can take 5 s to not answer.
	return huhPrompter{ctx: ctx, in: in, out: out, p: p}
}

// huhPrompter draws prompts with huh on the terminal; questions go to
// stderr so that stdout stays the command's result.
type huhPrompter struct {
	ctx context.Context
	in  io.Reader
	out io.Writer
	p   Printer
}

// keyMap is huh's, with Esc and Ctrl-D cancelling as Ctrl-C does, and the
// key hints in the person's language.
func (h huhPrompter) keyMap() *huh.KeyMap {
	p := h.p
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithKeys("ctrl+c", "esc", "ctrl+d"), key.WithHelp("esc", p.T(MsgKeyCancel)))
	s := &km.Select
	s.Up.SetHelp("↑", p.T(MsgKeyUp))
	s.Down.SetHelp("↓", p.T(MsgKeyDown))
	s.Filter.SetHelp("/", p.T(MsgKeyFilter))
	s.SetFilter.SetHelp("esc", p.T(MsgKeySetFilter))
	s.ClearFilter.SetHelp("esc", p.T(MsgKeyClearFilter))
	s.Next.SetHelp("enter", p.T(MsgKeySelect))
	s.Submit.SetHelp("enter", p.T(MsgKeySubmit))
	s.Prev.SetHelp("shift+tab", p.T(MsgKeyBack))
	s.HalfPageUp.SetHelp("ctrl+u", p.T(MsgKeyHalfPageUp))
	// Ctrl-D cancels, as at a shell prompt.
	s.HalfPageDown = key.NewBinding(key.WithKeys("pgdown"), key.WithHelp("pgdown", p.T(MsgKeyHalfPageDown)))
	s.GotoTop.SetHelp("g/home", p.T(MsgKeyFirst))
	s.GotoBottom.SetHelp("G/end", p.T(MsgKeyLast))
	in := &km.Input
	in.AcceptSuggestion.SetHelp("ctrl+e", p.T(MsgKeyComplete))
	in.Prev.SetHelp("shift+tab", p.T(MsgKeyBack))
	in.Next.SetHelp("enter", p.T(MsgKeyNext))
	in.Submit.SetHelp("enter", p.T(MsgKeySubmit))
	return km
}

// run shows the form until it is answered or cancelled. Bubble Tea's own
// SIGINT and SIGTERM handler is left out: it would end the form as if the
// highlighted choice had been made, and `kill` would remove a hub. The
// run's context ends the form instead (its signals are caught from the
// moment the form waits on it), and that is an interruption.
func (h huhPrompter) run(f huh.Field) error {
	err := huh.NewForm(huh.NewGroup(f)).
		WithProgramOptions(tea.WithReportFocus(), tea.WithoutSignalHandler()). // replaces huh's own: first
		WithInput(h.in).WithOutput(h.out).WithShowHelp(true).WithKeyMap(h.keyMap()).
		RunWithContext(h.ctx)
	if h.ctx.Err() != nil || errors.Is(err, huh.ErrUserAborted) {
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
	// sizes the list for the wrong cursor and hides an option until a key
	// is pressed.
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

// linePrompter asks with plain lines: numbered choices and a typed answer.
// End of input, Ctrl-C and a line holding Esc cancel; a wrong answer asks
// again.
type linePrompter struct {
	ctx context.Context
	in  *bufio.Reader
	out io.Writer
	p   Printer
}

// readLine reads one answer; Ctrl-C (the context) ends the wait at once.
func (l *linePrompter) readLine() (string, error) {
	type result struct {
		line string
		err  error
	}
	got := make(chan result, 1)
	go func() {
		line, err := l.in.ReadString('\n')
		got <- result{line, err}
	}()
	select {
	case <-l.ctx.Done():
		return "", errInterrupted
	case r := <-got:
		if r.err != nil || strings.ContainsAny(r.line, "\x1b\x03\x04") {
			return "", errInterrupted // end of input, Esc, a raw ^C or ^D
		}
		return strings.TrimRight(r.line, "\r\n"), nil
	}
}

func (l *linePrompter) Select(title string, choices []Choice, initial string) (string, error) {
	if len(choices) == 0 {
		return "", errors.New("nothing to choose from")
	}
	def := 0
	fprintln(l.out, title)
	for i, c := range choices {
		fprintln(l.out, "  "+strconv.Itoa(i+1)+". "+c.Label)
		if c.Value == initial && def == 0 {
			def = i + 1
		}
	}
	ask := l.p.T(MsgPromptNumber, len(choices))
	if def > 0 {
		ask = l.p.T(MsgPromptNumberDefault, len(choices), def)
	}
	for {
		_, _ = io.WriteString(l.out, ask+" ")
		line, err := l.readLine()
		if err != nil {
			fprintln(l.out)
			return "", err
		}
		n, ok := parseChoice(line, len(choices), def)
		if ok {
			return choices[n-1].Value, nil
		}
		fprintln(l.out, l.p.T(MsgPromptNotANumber, safeText(line), len(choices)))
	}
}

// parseChoice reads a typed choice among n: a number from 1 to n, or
// nothing for the default (0: none).
func parseChoice(line string, n, def int) (int, bool) {
	s := strings.TrimSpace(line)
	if s == "" {
		return def, def >= 1 && def <= n
	}
	i, err := strconv.Atoi(s)
	if err != nil || i < 1 || i > n {
		return 0, false
	}
	return i, true
}

func (l *linePrompter) Input(title, placeholder string, validate func(string) error) (string, error) {
	for {
		_, _ = io.WriteString(l.out, title+" ")
		line, err := l.readLine()
		if err != nil {
			fprintln(l.out)
			return "", err
		}
		line = strings.TrimSpace(line)
		if validate != nil {
			if err := validate(line); err != nil {
				fprintln(l.out, safeText(err.Error()))
				continue
			}
		}
		return line, nil
	}
}
