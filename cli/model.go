package cli

import (
	"strings"

	"github.com/alecthomas/kong"
)

// Model returns the Kong model of the command line, with its help texts in
// language lang ("en", "zh"): the commands, flags and help that Main parses
// with and `aigne --help` shows. It is for tools that document the CLI,
// such as cmd/aigne-man, which writes the man page from it.
func Model(lang, version string) (*kong.Application, error) {
	var root CLI
	parser, err := kong.New(&root, modelOptions(Printer{Lang: lang}, version)...)
	if err != nil {
		return nil, err
	}
	return parser.Model, nil
}

// modelOptions are the options of Main's kong.New that shape the model
// rather than the run: the name, the description and the help texts.
// TestModelMatchesHelp (in cmd/aigne-man) checks the two stay in step.
func modelOptions(p Printer, version string) []kong.Option {
	return []kong.Option{
		kong.Name("aigne"),
		kong.Description(p.T(MsgHelpApp)),
		kong.Vars{"version": version},
		kong.PostBuild(func(k *kong.Kong) error {
			localizeHelp(p, k.Model.Node)
			return nil
		}),
	}
}

// localizeHelp puts the help texts in the person's language. The struct
// tags name catalog keys (help:"help.list"); they are looked up once the
// model is built, which costs a fraction of Kong's ${var} interpolation of
// every tag of every node.
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
