package cli

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/huh"
	"golang.org/x/term"

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

// keyMap is huh's, with the key hints in the person's language. The
// form's own Quit is switched off: promptModel decides what cancels.
func (h huhPrompter) keyMap() *huh.KeyMap {
	p := h.p
	km := huh.NewDefaultKeyMap()
	km.Quit = key.NewBinding(key.WithDisabled())
	s := &km.Select
	s.Up.SetHelp("↑", p.T(MsgKeyUp))
	s.Down.SetHelp("↓", p.T(MsgKeyDown))
	s.Filter.SetHelp("/", p.T(MsgKeyFilter))
	// Esc while typing a filter clears it (promptModel sends the second
	// Esc that huh needs for that).
	s.SetFilter.SetHelp("esc", p.T(MsgKeyClearFilter))
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

// run shows the form until it is answered or cancelled, and leaves
// nothing of it on the screen either way. Bubble Tea runs promptModel
// rather than the form itself (huh's Run), because the form would decide
// Esc before the field sees it, and ends a cancelled form by interrupting
// the program, which skips the last drawing and leaves the prompt drawn.
// Bubble Tea's own SIGINT and SIGTERM handler is left out: it would end
// the form as if the highlighted choice had been made, and `kill` would
// remove a hub. The run's context ends the form instead (its signals are
// caught from the moment the form waits on it), and that is an
// interruption.
func (h huhPrompter) run(f huh.Field, fit func(rows int)) error {
	if file, ok := h.out.(*os.File); ok && fit != nil {
		// Sized before huh measures the field and before the first
		// drawing, which comes before Bubble Tea knows the terminal's
		// size: a list drawn whole would scroll the terminal first.
		if _, rows, err := term.GetSize(int(file.Fd())); err == nil {
			fit(rows)
		}
	}
	hf := &hinted{Field: f, p: h.p}
	m := &promptModel{field: hf, fit: fit, help: help.New()}
	m.form = huh.NewForm(huh.NewGroup(hf)).
		WithShowHelp(true).WithKeyMap(h.keyMap())
	m.form.SubmitCmd = tea.Quit
	m.form.CancelCmd = tea.Quit
	prog := tea.NewProgram(m, tea.WithInput(h.in), tea.WithOutput(h.out),
		tea.WithReportFocus(), tea.WithoutSignalHandler())
	ended := make(chan struct{})
	defer close(ended)
	go func() {
		select {
		case <-h.ctx.Done():
			prog.Send(promptCancel{})
		case <-ended:
		}
	}()
	_, err := prog.Run()
	switch {
	case h.ctx.Err() != nil || m.cancelled:
		return errInterrupted
	case err != nil:
		return err
	case m.form.State != huh.StateCompleted:
		return errInterrupted
	}
	return nil
}

// promptCancel ends the prompt as a cancel key does.
type promptCancel struct{}

// promptModel is the form as Bubble Tea runs it: Ctrl-C, Ctrl-D and Esc
// cancel, except that Esc is the field's own while it uses it (to end a
// filter); a cancelled or answered form draws nothing more, so Bubble
// Tea's last drawing clears it.
type promptModel struct {
	form      *huh.Form
	field     *hinted
	fit       func(rows int) // sizes the field for a terminal this high
	help      help.Model     // the key hints, while huh shows an error in their place
	cancelled bool
}

func (m *promptModel) Init() tea.Cmd { return m.form.Init() }

func (m *promptModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m.done() {
		return m, nil
	}
	switch msg := msg.(type) {
	case promptCancel:
		return m.cancel()
	case tea.WindowSizeMsg:
		m.help.Width = msg.Width
		if m.fit != nil {
			m.fit(msg.Height)
		}
	case tea.KeyMsg:
		switch msg.String() {
		case "ctrl+c", "ctrl+d":
			return m.cancel()
		case "esc":
			if !usesEsc(m.field.Field) {
				return m.cancel()
			}
			// huh's first Esc stops typing the filter but keeps it; a
			// second one clears it.
			_, cmd := m.form.Update(msg)
			if usesEsc(m.field.Field) {
				_, cmd2 := m.form.Update(msg)
				cmd = tea.Batch(cmd, cmd2)
			}
			return m, cmd
		}
	}
	_, cmd := m.form.Update(msg)
	return m, cmd
}

func (m *promptModel) cancel() (tea.Model, tea.Cmd) {
	m.cancelled = true
	return m, tea.Quit
}

func (m *promptModel) done() bool { return m.cancelled || m.form.State != huh.StateNormal }

func (m *promptModel) View() string {
	if m.done() {
		return ""
	}
	v := m.form.View()
	if m.field.Error() != nil {
		// huh shows a wrong answer's reason instead of the hints: the
		// way out stays in view below it.
		v += "\n" + m.help.ShortHelpView(m.field.KeyBinds())
	}
	return v
}

// usesEsc tells whether the field takes Esc itself now (a filter being
// typed or set), so that it does not cancel.
func usesEsc(f huh.Field) bool {
	for _, b := range f.KeyBinds() {
		if b.Enabled() && slices.Contains(b.Keys(), "esc") {
			return true
		}
	}
	return false
}

// hinted is a field whose key hints end with the key that cancels:
// Esc, or Ctrl-C while the field takes Esc itself.
type hinted struct {
	huh.Field
	p Printer
}

func (h *hinted) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := h.Field.Update(msg)
	h.Field = m.(huh.Field)
	return h, cmd
}

func (h *hinted) KeyBinds() []key.Binding {
	k := "esc"
	if usesEsc(h.Field) {
		k = "ctrl+c"
	}
	return append(h.Field.KeyBinds(), key.NewBinding(key.WithKeys(k), key.WithHelp(k, h.p.T(MsgKeyCancel))))
}

// selectChrome is the height of what a select prompt shows besides its
// title and options: a blank line, the key hints, and the line the
// cursor rests on below them.
const selectChrome = 3

func (h huhPrompter) Select(title string, choices []Choice, initial string) (string, error) {
	value := initial
	opts := make([]huh.Option[string], len(choices))
	for i, c := range choices {
		opts[i] = huh.NewOption(c.Label, c.Value)
	}
	// The value is bound before the options: the other way round, huh
	// sizes the list for the wrong cursor and hides an option until a key
	// is pressed.
	sel := huh.NewSelect[string]().Title(title).Value(&value).Options(opts...)
	// A list taller than the terminal scrolls under its title: huh sizes
	// it without the blank line above the hints, and the terminal then
	// loses the top line, the title.
	capped := false
	fit := func(rows int) {
		need := len(choices) + 1
		if need > rows-selectChrome || capped {
			capped = true
			sel.Height(max(2, min(need, rows-selectChrome)))
		}
	}
	err := h.run(sel, fit)
	return value, err
}

func (h huhPrompter) Input(title, placeholder string, validate func(string) error) (string, error) {
	var value string
	in := huh.NewInput().Title(title).Placeholder(placeholder).Value(&value)
	if validate != nil {
		in = in.Validate(func(s string) error {
			if err := validate(s); err != nil {
				return errors.New(safeText(err.Error()))
			}
			return nil
		})
	}
	err := h.run(in, nil)
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
