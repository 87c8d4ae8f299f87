package cli

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"slices"
	"strings"

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

	// version is --version as a command. Hidden: the help names it in the
	// line on the Node CLI's commands, next to help, which is no Kong
	// command either.
	VersionCommand versionCmd `cmd:"" name:"version" hidden:"" help:"help.version"`
}

type versionCmd struct{}

func (versionCmd) Run(out *Output, b buildStamp) error {
	return out.render(versionResult(b()))
}

// Build is what a build stamps in the binary: its version, the commit it
// was built from and when. Empty fields are unknown.
type Build struct{ Version, Commit, Date string }

// Line is the line --version prints: "aigne 1.2.0 (commit abc1234, built
// 2026-01-01T00:00:00Z)"; only "aigne 1.2.0" for a build that stamped
// neither commit nor date.
func (b Build) Line() string {
	if b.Commit == "" && b.Date == "" {
		return "aigne " + b.Version
	}
	return "aigne " + b.Version + " (commit " + b.Commit + ", built " + b.Date + ")"
}

// versionResult is the answer of --version and `aigne version`: the line,
// or with -o json its parts.
type versionResult Build

func (r versionResult) document(Printer) any {
	return struct {
		Version string `json:"version"`
		Commit  string `json:"commit"`
		Date    string `json:"date"`
	}{r.Version, r.Commit, r.Date}
}

func (r versionResult) text(o *Output) error {
	_, err := fmt.Fprintln(o.IO.Out, Build(r).Line())
	return err
}

// App is what the caller of Main supplies from the outside world; Main
// fills what it left empty. Commands never see it: each names what it
// uses in its Run method (see deps.go).
type App struct {
	Ctx      context.Context
	IO       *IOStreams
	Getenv   func(string) string
	Prompter Prompter // nil: huh at a terminal, numbered lines on TERM=dumb
	// Path is the hub list file; "" means ~/.aigne/aigne-hub-connected.yaml.
	Path string
	// Keychain is the OS keychain; nil means this platform's own.
	Keychain *credentials.Keychain
	// HTTPClient is used for every request to a hub; nil means the default.
	HTTPClient *http.Client
	// OpenBrowser opens a URL for the person; nil means $BROWSER or the
	// platform opener.
	OpenBrowser func(url string) error
	// Build is what the binary was stamped with, worked out only when
	// --version asks; nil means version "dev", nothing else known.
	Build func() Build
}

// versionFlag is --version: it prints the version line (with -o json,
// its parts) and exits. Unlike Kong's own, it asks for the build only when
// the flag is given (reading the build record costs every other run a
// little for nothing). Kong has not set --output yet when this runs: out's
// format is Main's reading of the arguments (wantsJSON).
type versionFlag bool

func (versionFlag) BeforeReset(k *kong.Kong, out *Output, b buildStamp) error {
	if err := out.render(versionResult(b())); err != nil {
		return err
	}
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
	out := &Output{IO: app.IO, p: Printer{Lang: LangFromEnv(app.Getenv)}, format: FormatText}
	p := out.p
	if wantsJSON(args) {
		out.format = FormatJSON
	}

	parse := func(root reflect.Value) (*kong.Context, error) {
		parser, err := kong.New(root.Interface(), append(append(modelOptions(),
			kong.Writers(app.IO.Out, app.IO.ErrOut),
			kong.Exit(func(c int) { panic(kongExit{c}) }),
			kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
			kong.Help(helpPrinter(p)),
		), app.deps(out).bindings()...)...)
		if err != nil {
			panic(err) // the command tree itself is wrong: a programming error
		}
		parsed, _ := helpArgs(args)
		return parser.Parse(parsed)
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

	if code, ok := app.runPlain(args, out); ok {
		return code
	}
	// The tree of the one command args name, or the whole tree; any
	// failure is the whole tree's to tell (commandRoot).
	root, small := commandRoot(args)
	kctx, err := parse(root)
	if err != nil && small {
		root = reflect.ValueOf(new(CLI))
		kctx, err = parse(root)
	}
	var checked *ExitError
	if errors.As(err, &checked) {
		return out.fail(checked) // a command's own check of its flags (AfterApply)
	}
	if err != nil {
		if _, topic := helpArgs(args); len(topic) > 0 {
			if e := unknownTopic(p, topic, err); e != nil {
				return out.fail(e)
			}
		}
		// `aigne hub frob`: a command that does not exist, worded as
		// `aigne hub help frob` words it, not as a stray argument.
		if words := leadingWords(args); len(words) >= 2 && words[0] == "hub" && strings.HasPrefix(err.Error(), "unexpected argument ") {
			if e := unknownTopic(p, words[:2], err); e != nil {
				return out.fail(e)
			}
		}
		var pe *kong.ParseError
		if errors.As(err, &pe) {
			kctx = pe.Context
		}
		return out.fail(exitErr(ExitUsage, err, p.T(MsgErrUsage, translateParseError(p, err.Error()))+hintHelp(p, kctx)))
	}
	out.format = root.Elem().FieldByName("Output").String()
	if err := kctx.Run(); err != nil {
		return out.fail(err)
	}
	return ExitOK
}

// leadingWords are the words of args before any flag but -o/--output
// (and its value): the command they name.
func leadingWords(args []string) []string {
	var words []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-o" || a == "--output":
			i++
		case strings.HasPrefix(a, "-o") || strings.HasPrefix(a, "--output="):
		case strings.HasPrefix(a, "-"):
			return words
		default:
			words = append(words, a)
		}
	}
	return words
}

// helpArgs turns the ways of asking for help that Kong does not know into
// --help: `aigne`, `aigne hub` (a group without its command), `aigne help
// [COMMAND…]` and `aigne hub help [COMMAND]`. topic is the command the help
// words name (["hub", "connect"]), nil when args are no help request of
// that kind.
func helpArgs(args []string) (parsed, topic []string) {
	// Only -o/--output and -h/--help may stand beside the words.
	var words []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-o" || a == "--output":
			if i++; i == len(args) {
				return args, nil // no value: Kong says so
			}
		case strings.HasPrefix(a, "-o") || strings.HasPrefix(a, "--output="):
		case a == "-h" || a == "--help":
			// Help asked twice (aigne hub help connect -h) is help.
		case strings.HasPrefix(a, "-"):
			return args, nil
		default:
			words = append(words, a)
		}
	}
	switch {
	case len(words) == 0, len(words) == 1 && words[0] == "hub":
		return append(slices.Clone(words), "--help"), nil
	case words[0] == "help":
		topic = slices.Clone(words[1:])
	case len(words) >= 2 && words[0] == "hub" && words[1] == "help":
		// As in git, go and gh: the group's own help command.
		topic = append([]string{"hub"}, words[2:]...)
	default:
		return args, nil
	}
	// The help of help is the help it is asked in: aigne hub help help.
	if i := len(topic) - 1; i >= 0 && topic[i] == "help" && (i == 0 || topic[i-1] == "hub") {
		topic = topic[:i]
	}
	return append(slices.Clone(topic), "--help"), topic
}

// unknownTopic is the usage error for help asked about a command that does
// not exist (`aigne hub help lst`), worded as such rather than as Kong's
// "unexpected argument"; nil when every word of topic names a command, or
// until the words reach a command without subcommands (the rest are its
// arguments, and parseErr, Kong's error, says what is wrong with them).
func unknownTopic(p Printer, topic []string, parseErr error) error {
	parser, err := kong.New(new(CLI), modelOptions()...)
	if err != nil {
		return nil
	}
	n := parser.Model.Node
	path := []string{"aigne"}
	for _, w := range topic {
		if len(n.Children) == 0 {
			return nil
		}
		var next *kong.Node
		for _, c := range n.Children {
			if c.Name == w || slices.Contains(c.Aliases, w) {
				next = c
				break
			}
		}
		if next == nil {
			parent := strings.Join(path, " ")
			msg := p.T(MsgErrHelpUnknown, w, parent)
			// Kong's own suggestion, when it made one, in our words.
			if m := didYouMean().FindStringSubmatch(parseErr.Error()); m != nil {
				if m[2] != "" {
					msg += p.T(MsgParseDidYouMeanOneOf, choiceList(p, m[3]))
				} else {
					msg += p.T(MsgParseDidYouMean, m[3])
				}
			}
			return exitErr(ExitUsage, parseErr, p.T(MsgErrUsage, msg+p.T(MsgSeeHelp, parent)))
		}
		n = next
		path = append(path, n.Name)
	}
	return nil
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
	if a.Build == nil {
		a.Build = func() Build { return Build{Version: "dev"} }
	}
}
