// Package cli is the aigne command line: Kong commands, their output in text
// or JSON, English or Chinese, and the mapping of failures to exit codes.
package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/alecthomas/kong"

	"github.com/aigne-io/aigne/credentials"
)

// CLI is the command tree.
type CLI struct {
	Output  string      `short:"o" enum:"text,json" default:"text" placeholder:"text|json" help:"help.output"`
	Version versionFlag `help:"help.version"`

	Hub HubCmd `cmd:"" help:"help.hub"`

	// completion, and the hidden __complete its scripts call.
	Completions completionCmds `embed:""`
}

// App is what commands need from the outside world. Main fills what the
// caller left empty; tests set their own parts.
type App struct {
	Ctx      context.Context
	IO       *IOStreams
	Getenv   func(string) string
	Prompter Prompter
	// Path is the hub list file; "" means ~/.aigne/aigne-hub-connected.yaml.
	Path string
	// Keychain is the OS keychain; nil means this platform's own.
	Keychain *credentials.Keychain
	// HTTPClient is used for every request to a hub; nil means the default.
	HTTPClient *http.Client
	// OpenBrowser opens a URL for the person; nil means $BROWSER or the
	// platform opener.
	OpenBrowser func(url string) error
	// Version is the line --version prints, worked out only then; nil
	// means "dev".
	Version func() string

	p      Printer
	format string
	reg    *credentials.Registry
}

// versionFlag is --version: it prints the version line and exits. Unlike
// Kong's own, it asks for the line only when the flag is given (reading the
// build record costs every other run a little for nothing).
type versionFlag bool

func (versionFlag) BeforeReset(k *kong.Kong, a *App) error {
	fmt.Fprintln(k.Stdout, a.Version())
	k.Exit(ExitOK)
	return nil
}

// kongExit carries an exit code out of Kong (after --help or --version)
// without ending the process, so Main stays testable.
type kongExit struct{ code int }

// Main runs the command line in args (without the program name) and returns
// the exit code.
func Main(args []string, app *App) (code int) {
	app.fill()
	p := app.p
	app.format = FormatText
	if wantsJSON(args) {
		app.format = FormatJSON
	}

	var root CLI
	parser, err := kong.New(&root, append(modelOptions(),
		kong.Writers(app.IO.Out, app.IO.ErrOut),
		kong.Exit(func(c int) { panic(kongExit{c}) }),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
		kong.Help(helpPrinter(p)),
		kong.Bind(app),
		kong.BindTo(app.Ctx, (*context.Context)(nil)),
	)...)
	if err != nil {
		panic(err) // the command tree itself is wrong: a programming error
	}
	defer func() {
		if r := recover(); r != nil {
			ke, ok := r.(kongExit)
			if !ok {
				panic(r)
			}
			code = ke.code
		}
	}()

	kctx, err := parser.Parse(helpArgs(args))
	if err != nil {
		var pe *kong.ParseError
		if errors.As(err, &pe) {
			kctx = pe.Context
		}
		return app.fail(exitErr(ExitUsage, err, p.T(MsgErrUsage, translateParseError(p, err.Error()))+hintHelp(p, kctx)))
	}
	app.format = root.Output
	if err := kctx.Run(app); err != nil {
		return app.fail(err)
	}
	return ExitOK
}

// helpArgs turns the ways of asking for help that Kong does not know into
// --help: `aigne`, `aigne hub` (a group without its command) and
// `aigne help [COMMAND…]`.
func helpArgs(args []string) []string {
	var words, flags []string
	for _, a := range args {
		if strings.HasPrefix(a, "-") {
			flags = append(flags, a)
		} else {
			words = append(words, a)
		}
	}
	// Only -o/--output may stand beside them: its value is a word too.
	for i := 0; i < len(flags); i++ {
		switch f := flags[i]; {
		case f == "-o" || f == "--output":
			if len(words) == 0 {
				return args
			}
			words = words[1:]
		case strings.HasPrefix(f, "-o") || strings.HasPrefix(f, "--output="):
		default:
			return args
		}
	}
	switch {
	case len(words) == 0, len(words) == 1 && words[0] == "hub":
		return append(slices.Clone(words), "--help")
	case words[0] == "help":
		return append(slices.Clone(words[1:]), "--help")
	}
	return args
}

func hintHelp(p Printer, kctx *kong.Context) string {
	cmd := []string{"aigne"}
	if kctx != nil {
		// The deepest command reached, without its arguments.
		for _, w := range strings.Fields(kctx.Command()) {
			if strings.HasPrefix(w, "<") {
				break
			}
			cmd = append(cmd, w)
		}
	}
	return p.T(MsgSeeHelp, strings.Join(cmd, " "))
}

// fail reports err on stderr in the output format and returns its code.
func (a *App) fail(err error) int {
	var se *silentExit
	if errors.As(err, &se) {
		return se.code
	}
	code, msg := Classify(err, a.p)
	if a.format == FormatJSON {
		writeJSONError(a.IO.ErrOut, code, msg)
	} else {
		// Error details may quote a hub's words or the user's input.
		fmt.Fprintln(a.IO.ErrOut, paint(a.IO.Color && a.IO.ErrTTY, colorError, a.p.T(MsgErrPrefix))+safeText(msg))
	}
	return code
}

// wantsJSON finds -o json in the arguments before Kong has parsed them, so
// that even a parse error is reported as JSON.
func wantsJSON(args []string) bool {
	for i, a := range args {
		if a == "--" {
			break
		}
		switch {
		case a == "-ojson", a == "--output=json", a == "-o=json":
			return true
		case (a == "-o" || a == "--output") && i+1 < len(args) && args[i+1] == "json":
			return true
		}
	}
	return false
}

func (a *App) fill() {
	if a.Getenv == nil {
		a.Getenv = os.Getenv
	}
	if a.Ctx == nil {
		a.Ctx = context.Background()
	}
	if a.IO == nil {
		a.IO = System(a.Getenv)
	}
	if a.Version == nil {
		a.Version = func() string { return "dev" }
	}
	a.p = Printer{Lang: LangFromEnv(a.Getenv)}
	if a.Prompter == nil {
		a.Prompter = newPrompter(a.Ctx, a.IO.In, a.IO.ErrOut, a.p, a.Getenv)
	}
}

// EnvKeychainTimeout bounds each keychain call (a Go duration, "10s").
const EnvKeychainTimeout = "AIGNE_KEYCHAIN_TIMEOUT"

// registry opens the hub list on first use, so that --help and --version
// never touch the disk or the keychain.
func (a *App) registry() (*credentials.Registry, error) {
	if a.reg != nil {
		return a.reg, nil
	}
	path := a.Path
	if path == "" {
		var err error
		if path, err = credentials.DefaultPath(); err != nil {
			return nil, err
		}
	}
	kc := a.Keychain
	if kc == nil {
		kc = credentials.NewKeychain()
		if d, err := time.ParseDuration(a.Getenv(EnvKeychainTimeout)); err == nil && d > 0 {
			kc.Timeout = d
		} else if runtime.GOOS == "darwin" && a.IO.InTTY && a.IO.ErrTTY {
			// macOS may ask the person at the terminal for permission
			// to read an item another program wrote: give them time.
			kc.Timeout = 60 * time.Second
		}
	}
	a.reg = credentials.NewRegistry(path, kc)
	return a.reg, nil
}

func (a *App) json() bool { return a.format == FormatJSON }
