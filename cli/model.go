package cli

import (
	"strings"

	"github.com/alecthomas/kong"
)

// Model returns the Kong model of the command line, with its help texts in
// language lang ("en", "zh"): the commands, flags and help that Main parses
// with and `aigne --help` shows. It is for tools that document the CLI,
// such as cmd/aigne-man, which writes the man page from it.
func Model(lang string) (*kong.Application, error) {
	var root CLI
	p := Printer{Lang: lang}
	parser, err := kong.New(&root, modelOptions()...)
	if err != nil {
		return nil, err
	}
	localizeHelp(p, parser.Model.Node)
	return parser.Model, nil
}

// modelOptions are the options of Main's kong.New that shape the model
// rather than the run: the name and the description. The help texts stay
// catalog keys until something shows them (localizeHelp).
// TestModelMatchesHelp (in cmd/aigne-man) checks the two stay in step.
func modelOptions() []kong.Option {
	return []kong.Option{
		kong.Name("aigne"),
		kong.Description(string(MsgHelpApp)),
	}
}

// localizeHelp puts the help texts in the person's language. The struct
// tags name catalog keys (help:"help.list"), and the model keeps them until
// help is printed or the model is handed out: a run that shows no help
// never looks them up, and Kong, which runs a regular expression over
// every help text it builds, only ever sees the short keys. Translating
// twice changes nothing.
func localizeHelp(p Printer, n *kong.Node) {
	tr := func(s string) string {
		switch {
		case strings.HasPrefix(s, "help."):
			return p.T(Msg(s))
		case s == kongHelpFlagHelp:
			return p.T(MsgHelpHelp)
		}
		return s
	}
	n.Help = tr(n.Help)
	for _, f := range n.Flags {
		f.Help = tr(f.Help)
	}
	for _, a := range n.Positional {
		a.Help = tr(a.Help)
	}
	for _, c := range n.Children {
		localizeHelp(p, c)
	}
}

// kongHelpFlagHelp is the help of Kong's own --help flag.
const kongHelpFlagHelp = "Show context-sensitive help."
