package cli

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/alecthomas/kong"

	"github.com/aigne-io/aigne/internal/lazyre"
)

// helpPrinter is Kong's help in the person's language: the help texts from
// the catalog (localizeHelp), and Kong's own words (headings, the closing
// hint) translated.
func helpPrinter(p Printer) kong.HelpPrinter {
	return func(options kong.HelpOptions, ctx *kong.Context) error {
		localizeHelp(p, ctx.Model.Node)
		out := ctx.Stdout
		var buf bytes.Buffer
		ctx.Stdout = &buf
		err := kong.DefaultHelpPrinter(options, ctx)
		ctx.Stdout = out
		if err != nil {
			return err
		}
		help := translateHelp(p, SpacedAliases(ctx.Model.Node).Replace(buf.String()))
		if ctx.Selected() == nil {
			// The top: say where the commands it does not list went.
			help += "\n" + p.T(MsgHelpPassedOn) + "\n"
		}
		_, err = out.Write([]byte(help))
		return err
	}
}

// SpacedAliases writes a command's aliases as a list is written
// elsewhere, "(rm, logout)", where Kong, which has no option for it,
// joins them with a bare comma: "hub remove (rm,logout)". A help row
// takes the space from its padding, so that the column after it stays
// where it was. The man page (cmd/aigne-man) uses it too.
func SpacedAliases(root *kong.Node) *strings.Replacer {
	var pairs []string
	var walk func(n *kong.Node)
	walk = func(n *kong.Node) {
		if len(n.Aliases) > 1 {
			bare := "(" + strings.Join(n.Aliases, ",") + ")"
			spaced := "(" + strings.Join(n.Aliases, ", ") + ")"
			// The padded form first: at each place the Replacer tries
			// the pairs in order.
			pairs = append(pairs, bare+"  ", spaced+" ", bare, spaced)
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(root)
	return strings.NewReplacer(pairs...)
}

var (
	helpRunMoreCommand = lazyre.New(`^Run "(.+) <command> --help" for more information on a command\.$`)
	helpRunMore        = lazyre.New(`^Run "(.+) --help" for more information\.$`)
)

func translateHelp(p Printer, help string) string {
	if p.Lang == "en" {
		return help
	}
	lines := strings.Split(help, "\n")
	for i, l := range lines {
		switch {
		case strings.HasPrefix(l, "Usage: "):
			lines[i] = p.T(MsgHelpUsage) + strings.TrimPrefix(l, "Usage: ")
		case l == "Flags:":
			lines[i] = p.T(MsgHelpFlags)
		case l == "Commands:":
			lines[i] = p.T(MsgHelpCommands)
		case l == "Arguments:":
			lines[i] = p.T(MsgHelpArguments)
		default:
			if m := helpRunMoreCommand().FindStringSubmatch(l); m != nil {
				lines[i] = p.T(MsgHelpRunMoreCommand, m[1]+" <command> --help")
			} else if m := helpRunMore().FindStringSubmatch(l); m != nil {
				lines[i] = p.T(MsgHelpRunMore, m[1]+" --help")
			}
		}
	}
	return strings.Join(lines, "\n")
}

// kongErrors are the parse errors Kong words in English, each with the
// message that says it in the person's language. A "did you mean" Kong
// adds is worded separately.
var kongErrors = []struct {
	re  func() *regexp.Regexp
	msg Msg
}{
	{lazyre.New(`^unexpected argument (.+)$`), MsgParseUnexpectedArg},
	{lazyre.New(`^unknown flag (.+)$`), MsgParseUnknownFlag},
	{lazyre.New(`^expected one of (.+)$`), MsgParseExpectedOneOf},
	{lazyre.New(`^expected (.+)$`), MsgParseExpected},
	{lazyre.New(`^missing positional arguments (.+)$`), MsgParseMissingArgs},
	{lazyre.New(`^missing flags: (.+)$`), MsgParseMissingFlags},
	{kongDuration, MsgParseDuration},
	{lazyre.New(`^(\S+): expected (?:string|bool) value but got .*$`), MsgParseNoValue},
	{lazyre.New(`^(\S+): expected bool but got .*$`), MsgParseNoValue},
	{lazyre.New(`^unexpected flag argument (.+)$`), MsgParseFlagArg},
	{lazyre.New(`^(.+) is required$`), MsgParseRequired},
}

// kongDuration is Kong's error for a bad duration, which ends in Go's own
// words ("time: unknown unit"): it is reworded in English too.
var kongDuration = lazyre.New(`^(\S+): expected duration but got ("[^"]*").*$`)

var kongUnexpected = lazyre.New(`^unexpected argument (\S+)$`)

var didYouMean = lazyre.New(`^(.*), did you mean (one of )?(.+)\?$`)

// kongEnum is Kong's error for a value outside a flag's or argument's
// choices (`--output must be one of "text","json" but got "yaml"`): it is
// reworded in English too, as the other choice errors are worded
// (`--output must be text or json, not "yaml"`).
var (
	kongEnum       = lazyre.New(`^(\S+) must be one of ((?:"[^"]*",)*"[^"]*") but got ("[^"]*")$`)
	kongEnumChoice = lazyre.New(`"([^"]*)"`)
)

// enumError is Kong's enum error m (kongEnum's match) in p's words.
func enumError(p Printer, m []string) string {
	var choices []string
	for _, c := range kongEnumChoice().FindAllStringSubmatch(m[2], -1) {
		choices = append(choices, c[1])
	}
	return p.T(MsgParseEnum, m[1], p.Or(choices), m[3])
}

// translateParseError words Kong's parse error in the person's language;
// an error of a kind not known here keeps Kong's words.
func translateParseError(p Printer, msg string) string {
	if m := kongEnum().FindStringSubmatch(msg); m != nil {
		return enumError(p, m)
	}
	if p.Lang == "en" {
		if m := kongDuration().FindStringSubmatch(msg); m != nil {
			return p.T(MsgParseDuration, m[1], m[2])
		}
		// The word quoted, as in Chinese and in our other errors.
		if m := kongUnexpected().FindStringSubmatch(msg); m != nil {
			return p.T(MsgParseUnexpectedArg, m[1])
		}
		return msg
	}
	suffix := ""
	if m := didYouMean().FindStringSubmatch(msg); m != nil {
		msg = m[1]
		if m[2] != "" {
			suffix = p.T(MsgParseDidYouMeanOneOf, choiceList(p, m[3]))
		} else {
			suffix = p.T(MsgParseDidYouMean, m[3])
		}
	}
	for _, k := range kongErrors {
		if m := k.re().FindStringSubmatch(msg); m != nil {
			args := make([]any, len(m)-1)
			for i, s := range m[1:] {
				args[i] = s
			}
			return p.T(k.msg, args...) + suffix
		}
	}
	return msg + suffix
}

// choiceList is Kong's list of suggestions (`"list", "use"`) joined as the
// person's language joins a list: Chinese uses "、", not a comma.
func choiceList(p Printer, kong string) string {
	if p.Lang == "zh" {
		return strings.ReplaceAll(kong, `", "`, `"、"`)
	}
	return kong
}
