package cli

import "github.com/alecthomas/kong"

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
		kong.Vars(helpVars(p, version)),
	}
}
