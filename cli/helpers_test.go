package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient/hubtest"
	"github.com/aigne-io/aigne/internal/testenv"
)

// The helpers the tests of this package share: a hub list file, one way
// to run a command line in-process (runMain, and the harness around it),
// prompters that answer from a script or fail, and a fake hub. TestMain,
// in main_test.go, gives them all a home of their own.

// runMain runs the command line args with app and returns its exit code,
// stdout and stderr. app.IO, if set, must come from TestStreams; nil is
// TestStreams("") (no terminal, nothing on stdin).
func runMain(app *App, args ...string) (int, string, string) {
	if app.IO == nil {
		app.IO, _, _ = TestStreams("")
	}
	code := Main(args, app)
	return code, app.IO.Out.(*bytes.Buffer).String(), app.IO.ErrOut.(*bytes.Buffer).String()
}

// fakePrompter answers prompts from a script and records what was asked.
type fakePrompter struct {
	answers []string
	asked   []string
}

func (f *fakePrompter) next(title string) (string, error) {
	f.asked = append(f.asked, title)
	if len(f.answers) == 0 {
		return "", errInterrupted
	}
	a := f.answers[0]
	f.answers = f.answers[1:]
	return a, nil
}

func (f *fakePrompter) Select(title string, choices []Choice, initial string) (string, error) {
	return f.next(title)
}

func (f *fakePrompter) Input(title, placeholder string, validate func(string) error) (string, error) {
	a, err := f.next(title)
	if err == nil && validate != nil {
		err = validate(a)
	}
	return a, err
}

type harness struct {
	t      *testing.T
	path   string
	env    map[string]string
	tty    bool
	prompt *fakePrompter
	keys   *credentials.MemoryBackend
	open   func(string) error
}

func newHarness(t *testing.T, file string) *harness {
	t.Helper()
	path := filepath.Join(t.TempDir(), ".aigne", credentials.FileName)
	if file != "" {
		testenv.WriteFile(t, path, file)
	}
	return &harness{t: t, path: path, env: map[string]string{}, prompt: &fakePrompter{}, keys: credentials.NewMemoryBackend()}
}

func (h *harness) run(stdin string, args ...string) (int, string, string) {
	h.t.Helper()
	io, _, _ := TestStreams(stdin)
	io.InTTY, io.OutTTY, io.ErrTTY = h.tty, h.tty, h.tty
	app := &App{
		Ctx:         context.Background(),
		IO:          io,
		Getenv:      func(k string) string { return h.env[k] },
		Prompter:    h.prompt,
		Path:        h.path,
		Keychain:    &credentials.Keychain{Backend: h.keys},
		Build:       func() Build { return Build{Version: "test"} },
		OpenBrowser: h.open,
	}
	return runMain(app, args...)
}

func (h *harness) file() string {
	data, _ := os.ReadFile(h.path)
	return string(data)
}

// failingPrompter fails the test when anything asks a question.
type failingPrompter struct{ t *testing.T }

func (f failingPrompter) Select(string, []Choice, string) (string, error) {
	f.t.Error("asked to select")
	return "", errors.New("no")
}

func (f failingPrompter) Input(string, string, func(string) error) (string, error) {
	f.t.Error("asked for input")
	return "", errors.New("no")
}

// browserVisits makes the harness's "browser" approve like a person would.
func (h *harness) browserVisits(hub *hubtest.Hub) {
	h.open = func(u string) error { return hub.Visit(u) }
	h.env["BROWSER"] = "set-so-that-a-browser-is-assumed"
}
