package cli

import (
	"bufio"
	"context"
	"errors"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aigne-io/aigne/credentials"
)

func newLinePrompter(ctx context.Context, input string) (*linePrompter, *strings.Builder) {
	var out strings.Builder
	return &linePrompter{ctx: ctx, in: bufio.NewReader(strings.NewReader(input)), out: &out, p: Printer{Lang: "en"}}, &out
}

var twoChoices = []Choice{{Label: "https://a.example", Value: "a.example"}, {Label: "https://b.example", Value: "b.example"}}

// On a dumb terminal: a wrong answer asks again, nothing picks the default,
// and end of input or Esc cancels; nothing ever picks a hub by accident.
func TestLinePrompterSelect(t *testing.T) {
	cases := []struct {
		input, want string
		cancel      bool
	}{
		{"2\n", "b.example", false},
		{" 1 \n", "a.example", false},
		{"\n", "b.example", false}, // the default
		{"3\n0\n-1\nx\n1\n", "a.example", false},
		{"99999999999999999999\n2\n", "b.example", false},
		{"", "", true},       // Ctrl-D at once
		{"7\n", "", true},    // then end of input
		{"\x1b\n", "", true}, // Esc
		{"1\x04", "", true},  // a raw ^D
	}
	for _, c := range cases {
		lp, out := newLinePrompter(context.Background(), c.input)
		got, err := lp.Select("Choose:", twoChoices, "b.example")
		if c.cancel {
			if !errors.Is(err, errInterrupted) {
				t.Errorf("%q: %q %v, want cancelled", c.input, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%q: %q %v, want %q\n%s", c.input, got, err, c.want, out)
		}
	}
	lp, out := newLinePrompter(context.Background(), "5\n1\n")
	if _, err := lp.Select("Choose:", twoChoices, ""); err != nil || !strings.Contains(out.String(), `"5" is not a number from 1 to 2`) {
		t.Fatalf("%v\n%s", err, out)
	}
	// No default: an empty answer asks again.
	lp, _ = newLinePrompter(context.Background(), "\n")
	if _, err := lp.Select("Choose:", twoChoices, ""); !errors.Is(err, errInterrupted) {
		t.Fatalf("empty answer without a default: %v", err)
	}
}

// Ctrl-C ends a wait for an answer that never comes.
func TestLinePrompterCtrlC(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	r, w := io.Pipe()
	defer w.Close()
	lp := &linePrompter{ctx: ctx, in: bufio.NewReader(r), out: &strings.Builder{}, p: Printer{Lang: "en"}}
	done := make(chan error, 1)
	go func() { _, err := lp.Select("Choose:", twoChoices, ""); done <- err }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, errInterrupted) {
			t.Fatal(err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("Ctrl-C did not end the prompt")
	}
}

func TestLinePrompterInput(t *testing.T) {
	validate := func(s string) error {
		if !strings.HasPrefix(s, "https://") {
			return errors.New("not https")
		}
		return nil
	}
	lp, out := newLinePrompter(context.Background(), "ftp://x\nhttps://ok.example\n")
	got, err := lp.Input("URL:", "", validate)
	if err != nil || got != "https://ok.example" || !strings.Contains(out.String(), "not https") {
		t.Fatalf("%q %v\n%s", got, err, out)
	}
	lp, _ = newLinePrompter(context.Background(), "ftp://x\n")
	if _, err := lp.Input("URL:", "", validate); !errors.Is(err, errInterrupted) {
		t.Fatalf("end of input: %v", err)
	}
}

func FuzzParseChoice(f *testing.F) {
	for _, s := range []string{"", "1", " 2 ", "0", "-1", "3", "x", "1e3", "99999999999999999999", "٣", "+1"} {
		f.Add(s, 2, 1)
	}
	f.Fuzz(func(t *testing.T, line string, n, def int) {
		i, ok := parseChoice(line, n, def)
		if ok && (i < 1 || i > n) {
			t.Fatalf("parseChoice(%q, %d, %d) = %d", line, n, def, i)
		}
		if !ok && i != 0 && strings.TrimSpace(line) != "" {
			t.Fatalf("parseChoice(%q) = %d but not ok", line, i)
		}
	})
}

// reaskPrompter answers from a script as a person would: a refused
// answer is asked again (its reason kept), and the script's end cancels.
type reaskPrompter struct {
	answers, reasons []string
}

func (r *reaskPrompter) next() (string, error) {
	if len(r.answers) == 0 {
		return "", errInterrupted
	}
	a := r.answers[0]
	r.answers = r.answers[1:]
	return a, nil
}

func (r *reaskPrompter) Select(string, []Choice, string) (string, error) { return r.next() }

func (r *reaskPrompter) Input(_, _ string, validate func(string) error) (string, error) {
	for {
		a, err := r.next()
		if err != nil {
			return "", err
		}
		if err := validate(a); err != nil {
			r.reasons = append(r.reasons, err.Error())
			continue
		}
		return a, nil
	}
}

// The custom URL at connect's prompt is checked as a URL argument is:
// plain http to another machine is asked again, with the reason, like
// an unreadable URL, instead of ending the command (exit 2).
func TestConnectPromptAsksAgain(t *testing.T) {
	h := newHarness(t, "")
	io, _, _ := TestStreams("")
	io.InTTY, io.OutTTY, io.ErrTTY = true, true, true
	ask := &reaskPrompter{answers: []string{"", "http://example.com", "ftp://x", "", " "}}
	app := &App{IO: io, Getenv: func(string) string { return "" }, Path: h.path, Keychain: &credentials.Keychain{Backend: h.keys}, Prompter: ask}
	code, out, errOut := runMain(app, "hub", "connect")
	if code != ExitInterrupted || out != "" {
		t.Fatalf("exit %d, want %d (cancelled at the prompt)\n%s%s", code, ExitInterrupted, out, errOut)
	}
	want := []string{
		"http://example.com uses plain http: the API key would travel unencrypted; use https (plain http is only allowed to localhost)",
		`unsupported scheme "ftp" (use http or https)`,
		"empty URL",
		"empty URL",
	}
	if strings.Join(ask.reasons, "\n") != strings.Join(want, "\n") {
		t.Fatalf("reasons:\n%s\nwant:\n%s", strings.Join(ask.reasons, "\n"), strings.Join(want, "\n"))
	}
	if h.file() != "" {
		t.Fatalf("saved: %s", h.file())
	}
}

// huh's picker, fed keys as a terminal would send them: Esc while a
// filter is typed clears the filter and the picker stays (Enter then
// picks); Esc, Ctrl-C or Ctrl-D outside a filter cancel.
func TestHuhPickerKeys(t *testing.T) {
	cases := []struct {
		name string
		keys []string
		want string // "" cancelled
	}{
		{"esc in a filter clears it", []string{"/", "b", "\x1b", "\r"}, "a.example"},
		{"esc in a filter, then esc", []string{"/", "b", "\x1b", "\x1b"}, ""},
		{"a filter, then enter", []string{"/", "b", "\r"}, "b.example"},
		{"esc", []string{"\x1b"}, ""},
		{"ctrl-c", []string{"\x03"}, ""},
		{"ctrl-d", []string{"\x04"}, ""},
		{"down, enter", []string{"\x1b[B", "\r"}, "b.example"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, w := io.Pipe()
			var out syncWriter
			hp := huhPrompter{ctx: context.Background(), in: r, out: &out, p: Printer{Lang: "en"}}
			go func() {
				drawn := 0
				for _, k := range c.keys {
					// Each key once the one before has been drawn, so
					// that an Esc is read alone, as a key.
					for deadline := time.Now().Add(5 * time.Second); len(out.String()) <= drawn && time.Now().Before(deadline); {
						time.Sleep(10 * time.Millisecond)
					}
					time.Sleep(50 * time.Millisecond)
					drawn = len(out.String())
					if _, err := w.Write([]byte(k)); err != nil {
						return
					}
				}
			}()
			type answer struct {
				v   string
				err error
			}
			got := make(chan answer, 1)
			go func() {
				v, err := hp.Select("Choose:", twoChoices, "")
				got <- answer{v, err}
			}()
			var a answer
			select {
			case a = <-got:
			case <-time.After(10 * time.Second):
				t.Fatalf("still asking:\n%q", out.String())
			}
			w.Close()
			switch {
			case c.want == "" && !errors.Is(a.err, errInterrupted):
				t.Fatalf("%q %v, want cancelled\n%q", a.v, a.err, out.String())
			case c.want != "" && (a.err != nil || a.v != c.want):
				t.Fatalf("%q %v, want %q\n%q", a.v, a.err, c.want, out.String())
			}
		})
	}
}

// syncWriter is a strings.Builder that one goroutine fills while another
// reads it.
type syncWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncWriter) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
