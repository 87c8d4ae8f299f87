package cli

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/kong"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient/hubtest"
)

// commandPaths are the words of every command of the tree, with each
// alias, as Kong's model has them: "hub list", "hub ls", "version", ….
func commandPaths(t *testing.T) [][]string {
	t.Helper()
	app, err := Model("en")
	if err != nil {
		t.Fatal(err)
	}
	var paths [][]string
	var walk func(n *kong.Node, prefix []string)
	walk = func(n *kong.Node, prefix []string) {
		for _, c := range n.Children {
			for _, name := range append([]string{c.Name}, c.Aliases...) {
				words := append(slices.Clone(prefix), name)
				if len(c.Children) == 0 {
					paths = append(paths, words)
				}
				walk(c, words)
			}
		}
	}
	walk(app.Node, nil)
	return paths
}

// TestPlainRunIsKongs: for every command line that runs without Kong, the
// command gets the very struct Kong makes of the same words (its flags'
// defaults, and what its AfterApply sets), and the same output format.
func TestPlainRunIsKongs(t *testing.T) {
	var plain []string
	for _, words := range commandPaths(t) {
		for _, args := range [][]string{words, append([]string{"-o", "json"}, words...), append(slices.Clone(words), "--output=text")} {
			c, ok := plainCommand(args)
			if !ok {
				continue
			}
			name := strings.Join(args, " ")
			if len(args) == len(words) {
				plain = append(plain, name)
			}
			for _, tty := range []bool{false, true} {
				env := map[string]string{EnvCredentialStore: "keyring", "SHELL": "/bin/zsh"}
				app := &App{Getenv: func(k string) string { return env[k] }}
				app.IO, _, _ = TestStreams("")
				app.IO.InTTY, app.IO.ErrTTY = tty, tty
				app.fill()
				out := &Output{IO: app.IO, p: Printer{Lang: "en"}, format: FormatText}
				d := app.deps(out)

				plainErr := error(nil)
				if check := c.check; check.IsValid() {
					in, err := d.args(check.Type())
					if err != nil {
						t.Fatal(err)
					}
					plainErr = callErr(check, in)
				}

				var root CLI
				parser, err := kong.New(&root, append(append(modelOptions(), kong.Exit(func(int) { t.Fatal("exit") })), d.bindings()...)...)
				if err != nil {
					t.Fatal(err)
				}
				kctx, kongErr := parser.Parse(args)
				if (plainErr == nil) != (kongErr == nil) {
					t.Errorf("%s (terminal %v): AfterApply says %v, Kong %v", name, tty, plainErr, kongErr)
					continue
				}
				if kongErr != nil {
					continue // a plain run leaves the message to Kong
				}
				if got, want := c.cmd.Elem().Interface(), kctx.Selected().Target.Interface(); !reflect.DeepEqual(got, want) {
					t.Errorf("%s (terminal %v): plain run makes %#v, Kong %#v", name, tty, got, want)
				}
				if c.format != root.Output {
					t.Errorf("%s: format %q, Kong's %q", name, c.format, root.Output)
				}
			}
		}
	}
	// The commands scripts call most run plainly; a command with a
	// required argument does not.
	for _, want := range []string{"hub list", "hub ls", "hub status", "hub st", "hub token", "hub env", "hub info", "hub use", "hub remove", "hub rm", "hub connect", "version"} {
		if !slices.Contains(plain, want) {
			t.Errorf("%q does not run plainly; plain runs: %q", want, plain)
		}
	}
	// And they do run plainly: Main does not go on to Kong.
	for _, name := range []string{"hub list", "hub ls", "hub status", "hub token", "hub env", "hub info", "version", "-o json version"} {
		h := newHarness(t, "")
		app := &App{Getenv: func(k string) string { return h.env[k] }, Path: h.path, Prompter: failingPrompter{t},
			Keychain: &credentials.Keychain{Backend: h.keys}}
		app.IO, _, _ = TestStreams("")
		app.fill()
		out := &Output{IO: app.IO, p: Printer{Lang: "en"}, format: FormatText}
		if _, ok := app.runPlain(strings.Fields(name), out); !ok {
			t.Errorf("%q went to Kong", name)
		}
	}
	for _, args := range [][]string{
		{"completion"}, {"hub"}, {"hub", "list", "--check"}, {"hub", "token", "URL"}, {"hub", "help"},
		{"-o", "yaml", "hub", "list"}, {"-o=json", "hub", "list"}, {"hub", "list", "-o"}, {"hub", "list", "--", "x"},
		{"-o", "json", "hub", "list", "-o", "text"}, {"hub", "list", "extra"}, {"hub", "list", ""}, {"--output=", "hub", "list"},
	} {
		if _, ok := plainCommand(args); ok {
			t.Errorf("%q runs plainly", args)
		}
	}
}

// randomParts are the keys and the login tokens in an output.
var randomParts = regexp.MustCompile(`aigne_[0-9a-f]+|__token__=[^&\s]+`)

// TestPlainRunSameOutput runs each plain command line both ways, with the
// key in each place a key can be, and compares all a person sees: the exit
// code, stdout, stderr and the hub list file after.
func TestPlainRunSameOutput(t *testing.T) {
	defer func() { plainRuns = true }()
	commands := [][]string{
		{"hub", "list"}, {"-o", "json", "hub", "ls"}, {"hub", "status"}, {"hub", "st", "--output=json"},
		{"hub", "token"}, {"hub", "env"}, {"-o", "json", "hub", "env"}, {"hub", "info"}, {"hub", "use"},
		{"hub", "remove"}, {"hub", "connect"}, {"version"}, {"-o", "json", "version"},
	}
	for _, src := range keySources {
		for _, cmd := range commands {
			for _, tty := range []bool{false, true} {
				hub := hubtest.NewT(t)
				key := hub.IssueKey()
				var runs [2]struct {
					code          int
					out, err, doc string
				}
				for i, on := range []bool{true, false} {
					h := src.setup(t, hub, key)
					h.env["LANG"] = "zh_CN.UTF-8"
					h.env[EnvRequestTimeout] = "soon" // warned about where it is read
					h.tty = tty
					// No spinner: its frames follow the clock, not the code.
					h.env["TERM"] = "dumb"
					h.prompt.answers = []string{hub.URL}
					h.browserVisits(hub) // connect at a terminal logs in
					plainRuns = on
					r := &runs[i]
					r.code, r.out, r.err = h.run("", cmd...)
					r.doc = h.file()
					// Keys and login tokens are new each time.
					for _, s := range []*string{&r.out, &r.err, &r.doc} {
						*s = randomParts.ReplaceAllString(*s, "RANDOM")
					}
				}
				plainRuns = true
				if runs[0] != runs[1] {
					t.Errorf("%s, %q (terminal %v):\nplain: exit %d\n%s%s%s\nKong:  exit %d\n%s%s%s", src.name, cmd, tty,
						runs[0].code, runs[0].out, runs[0].err, runs[0].doc, runs[1].code, runs[1].out, runs[1].err, runs[1].doc)
				}
			}
		}
	}
}

// TestPlainRunLeavesToKong: what plain.go cannot be sure to do as Kong
// does goes to Kong, and a nil pointer returned as an error is no error,
// as Kong takes it.
func TestPlainRunLeavesToKong(t *testing.T) {
	type waitFlags struct {
		Wait time.Duration `default:"3s"`
	}
	type named string
	for _, v := range []any{
		&struct{ waitFlags }{}, // Kong takes the embedded fields as flags
		&struct {
			Wait time.Duration `kong:"default='3s'"`
		}{}, // tags inside kong:""
		&struct {
			Kind named `default:"x"`
		}{}, // a type Kong may decode its own way
		&struct{ Items []string }{},
		&struct {
			On bool `default:"true"`
		}{},
		&struct {
			URL string `arg:""`
		}{}, // required
	} {
		if setDefaults(reflect.ValueOf(v).Elem()) {
			t.Errorf("%T: set by plain.go", v)
		}
	}
	var nilErr *ExitError
	if err := callErr(reflect.ValueOf(func() error { return nilErr }), nil); err != nil {
		t.Errorf("a nil *ExitError is %v", err)
	}
	if err := callErr(reflect.ValueOf(func() error { return errInterrupted }), nil); err != errInterrupted {
		t.Errorf("an error is %v", err)
	}
}
