package cli

import (
	"reflect"
	"slices"
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

// commandRoot is what Main builds its Kong model from. Kong reflects over
// every command and flag of the tree on every run (tags, hooks, defaults),
// although a run uses one command. So when args name one command plainly,
// the root is a struct made for the run (reflect.StructOf) that holds the
// same flags as CLI and, at every level, only the command the words name,
// with that command's own type. Parsing it reaches the same command with
// the same values as parsing CLI would. Where that cannot be sure (help
// asked for, a word that names no command, a group without its command),
// or for a tree whose groups have methods Kong would call, it is a CLI; and
// Main parses again with a CLI when the small root gives any error, so
// that the message, its hint and the help see the whole tree.
func commandRoot(args []string) (root reflect.Value, small bool) {
	if t, ok := prunedRoot(args); ok {
		return reflect.New(t), true
	}
	return reflect.ValueOf(new(CLI)), false
}

// prunedRoot is the type of the small root for args, if there is one.
func prunedRoot(args []string) (reflect.Type, bool) {
	var words []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--", a == "-h", a == "--help", strings.HasPrefix(a, "--help="):
			return nil, false // help shows the whole tree
		case a == "-o", a == "--output":
			i++ // its value is no command
		case strings.HasPrefix(a, "--"):
		case strings.HasPrefix(a, "-"):
			if !strings.HasPrefix(a, "-o") && strings.Contains(a, "h") {
				return nil, false // -h among other short flags
			}
		default:
			words = append(words, a)
		}
	}
	return prunedType(reflect.TypeFor[CLI](), words)
}

// prunedType is t with only the command words[0] names among its commands,
// itself pruned by the words after it, and its flags and arguments as they
// are; false when words do not name a command of t plainly.
func prunedType(t reflect.Type, words []string) (reflect.Type, bool) {
	if len(words) == 0 {
		return nil, false
	}
	cmd, ok := namedCommand(t, words[0])
	if !ok {
		return nil, false
	}
	if isGroup(cmd.Type) {
		if cmd.Type, ok = prunedType(cmd.Type, words[1:]); !ok {
			return nil, false
		}
	}
	// t's fields as Kong reads them, an embedded struct's lifted into its
	// parent, and of the commands only the one named (the first, as in
	// namedCommand).
	var fields []reflect.StructField
	kept := false
	var lift func(t reflect.Type)
	lift = func(t reflect.Type) {
		for i := range t.NumField() {
			switch f := t.Field(i); {
			case f.Tag == `embed:""`:
				lift(f.Type)
			case !f.IsExported():
				// Kong cannot set it, and leaves it out.
			case hasTag(f, "cmd"):
				if !kept && slices.Contains(commandNames(f), words[0]) {
					kept = true
					fields = append(fields, reflect.StructField{Name: f.Name, Type: cmd.Type, Tag: f.Tag})
				}
			default:
				fields = append(fields, reflect.StructField{Name: f.Name, Type: f.Type, Tag: f.Tag})
			}
		}
	}
	lift(t)
	return reflect.StructOf(fields), true
}

// namedCommand is the command field of t that word names, looking into
// the structs t embeds (embed:"") as Kong does, the first if several do.
// ok is false when there is none, or when t holds what Kong would treat in
// a way that neither a pruned root nor a plain run follows: methods on t
// or on a struct it embeds (hooks Kong calls), an anonymous field, a
// kong:"" tag, a command that is not a struct.
func namedCommand(t reflect.Type, word string) (cmd reflect.StructField, ok bool) {
	if reflect.PointerTo(t).NumMethod() > 0 {
		return cmd, false
	}
	found := false
	var walk func(t reflect.Type) bool
	walk = func(t reflect.Type) bool {
		for i := range t.NumField() {
			switch f := t.Field(i); {
			case f.Anonymous || f.Tag.Get("kong") != "":
				return false
			case f.Tag == `embed:""`:
				if f.Type.Kind() != reflect.Struct || reflect.PointerTo(f.Type).NumMethod() > 0 || !walk(f.Type) {
					return false
				}
			case !f.IsExported():
			case !found && hasTag(f, "cmd") && slices.Contains(commandNames(f), word):
				if f.Type.Kind() != reflect.Struct {
					return false
				}
				cmd, found = f, true
			}
		}
		return true
	}
	return cmd, walk(t) && found
}

// isGroup reports whether a command's struct holds commands of its own.
func isGroup(t reflect.Type) bool {
	for i := range t.NumField() {
		f := t.Field(i)
		if hasTag(f, "cmd") || f.Tag == `embed:""` && f.Type.Kind() == reflect.Struct && isGroup(f.Type) {
			return true
		}
	}
	return false
}

// commandNames are the words that name a command field, as Kong reads
// them: its name tag, or the field's name in lower case (a name of one
// word: Kong puts dashes between the words of others, which needs a name
// tag here to be found), and its aliases.
func commandNames(f reflect.StructField) []string {
	name := f.Tag.Get("name")
	if name == "" {
		if strings.ToLower(f.Name[1:]) != f.Name[1:] {
			return nil
		}
		name = strings.ToLower(f.Name)
	}
	names := []string{name}
	if a := f.Tag.Get("aliases"); a != "" {
		names = append(names, strings.Split(a, ",")...)
	}
	return names
}

func hasTag(f reflect.StructField, key string) bool {
	_, ok := f.Tag.Lookup(key)
	return ok
}
