package cli

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/alecthomas/kong"
)

// helpPrinter is Kong's help with its own words (headings, the closing
// hint) in the person's language; the help texts themselves come from the
// catalog already (localizeHelp).
func helpPrinter(p Printer) kong.HelpPrinter {
	return func(options kong.HelpOptions, ctx *kong.Context) error {
		out := ctx.Stdout
		var buf bytes.Buffer
		ctx.Stdout = &buf
		err := kong.DefaultHelpPrinter(options, ctx)
		ctx.Stdout = out
		if err != nil {
			return err
		}
		_, err = out.Write([]byte(translateHelp(p, buf.String())))
		return err
	}
}

var (
	helpRunMoreCommand = regexp.MustCompile(`^Run "(.+) <command> --help" for more information on a command\.$`)
	helpRunMore        = regexp.MustCompile(`^Run "(.+) --help" for more information\.$`)
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
			if m := helpRunMoreCommand.FindStringSubmatch(l); m != nil {
				lines[i] = p.T(MsgHelpRunMoreCommand, m[1]+" <command> --help")
			} else if m := helpRunMore.FindStringSubmatch(l); m != nil {
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
	re  *regexp.Regexp
	msg Msg
}{
	{regexp.MustCompile(`^unexpected argument (.+)$`), MsgParseUnexpectedArg},
	{regexp.MustCompile(`^unknown flag (.+)$`), MsgParseUnknownFlag},
	{regexp.MustCompile(`^expected one of (.+)$`), MsgParseExpectedOneOf},
	{regexp.MustCompile(`^expected (.+)$`), MsgParseExpected},
	{regexp.MustCompile(`^missing positional arguments (.+)$`), MsgParseMissingArgs},
	{regexp.MustCompile(`^missing flags: (.+)$`), MsgParseMissingFlags},
	{regexp.MustCompile(`^(\S+) must be one of (.+) but got (.+)$`), MsgParseEnum},
	{regexp.MustCompile(`^(\S+): expected duration but got ("[^"]*").*$`), MsgParseDuration},
	{regexp.MustCompile(`^(\S+): expected (?:string|bool) value but got .*$`), MsgParseNoValue},
	{regexp.MustCompile(`^(\S+): expected bool but got .*$`), MsgParseNoValue},
	{regexp.MustCompile(`^unexpected flag argument (.+)$`), MsgParseFlagArg},
	{regexp.MustCompile(`^(.+) is required$`), MsgParseRequired},
}

var didYouMean = regexp.MustCompile(`^(.*), did you mean (one of )?(.+)\?$`)

// translateParseError words Kong's parse error in the person's language;
// an error of a kind not known here keeps Kong's words.
func translateParseError(p Printer, msg string) string {
	if p.Lang == "en" {
		return msg
	}
	suffix := ""
	if m := didYouMean.FindStringSubmatch(msg); m != nil {
		msg = m[1]
		if m[2] != "" {
			suffix = p.T(MsgParseDidYouMeanOneOf, m[3])
		} else {
			suffix = p.T(MsgParseDidYouMean, m[3])
		}
	}
	for _, k := range kongErrors {
		if m := k.re.FindStringSubmatch(msg); m != nil {
			args := make([]any, len(m)-1)
			for i, s := range m[1:] {
				args[i] = s
			}
			return p.T(k.msg, args...) + suffix
		}
	}
	return msg + suffix
}
