package cli

// Shell completion: `aigne completion bash|zsh|fish|powershell` prints a
// script; the hidden `aigne __complete hubs` (completion_hubs.go) gives the
// scripts the saved hubs while the user presses TAB.
//
// The scripts are generated, never edited as text: completionTree reads
// the Kong model (commands, aliases, flags, enum values, help keys) plus
// completionHints into a compTree, and one generator per shell
// (completion_bash.go, completion_zsh.go, completion_fish.go,
// completion_powershell.go) lays it out through its template in
// completions/. Descriptions come from the catalogs, every language in
// the script, picked by the locale at each completion.
//
// To complete a new command, alias, flag or enum value: add it to the Kong
// model, with its help keys in both catalogs; nothing more. Add a line to
// completionHints only for what Kong cannot know: the values of a flag
// that is not an enum, a positional argument that is a saved hub or has
// values to suggest, a flag that ends the command line, or a root flag
// offered before any command only.
//
// (kongplete, the Kong generator, answers through the binary on every TAB
// via posener/complete: it needs a hook in Main and is at home in bash
// only. Here the binary is asked for the saved hubs only.)

import (
	"embed"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"text/template"
	"time"

	"github.com/alecthomas/kong"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/internal/lazyre"
	"github.com/aigne-io/aigne/internal/shellenv"
)

// The templates are named one by one: a directory pattern would leave out
// _aigne, as embed skips names starting with "_".
//
//go:embed completions/aigne.bash completions/_aigne completions/aigne.fish completions/aigne.ps1
var completionFS embed.FS

// completionFiles are the templates, each under the name its script is
// installed as.
var completionFiles = map[string]string{
	"bash":       "completions/aigne.bash",
	"zsh":        "completions/_aigne",
	"fish":       "completions/aigne.fish",
	"powershell": "completions/aigne.ps1",
}

// completionCmds is embedded in CLI: it adds both commands to the root.
type completionCmds struct {
	Completion completionCmd `cmd:"" help:"help.completion"`
	Complete   completeCmd   `cmd:"" name:"__complete" hidden:""`
}

// completionCmd is `aigne completion bash|zsh|fish|powershell`.
type completionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish,powershell" help:"help.completion.shell"`
}

func (c *completionCmd) Run(out *Output) error {
	script, err := completionScript(c.Shell)
	if err != nil {
		return err
	}
	_, err = out.IO.Out.Write([]byte(script))
	return err
}

// completionScript is the script for shell. Its descriptions follow the
// locale at the moment of completion, not the one it was written under:
// it carries every language of the catalog, and picks by LC_ALL, then
// LC_MESSAGES, then LANG, as aigne itself does. (The release writes the
// scripts once, in no one's locale.)
func completionScript(shell string) (string, error) {
	var root CLI
	parser, err := kong.New(&root, modelOptions()...)
	if err != nil {
		return "", err
	}
	tree, err := completionTree(parser.Model, completionHints())
	if err != nil {
		return "", err
	}
	return renderCompletion(shell, tree)
}

// renderCompletion lays tree out as the script for shell.
func renderCompletion(shell string, tree *compTree) (string, error) {
	var view any
	switch shell {
	case "bash":
		view = bashView(tree)
	case "zsh":
		view = zshView(tree)
	case "fish":
		view = fishView(tree)
	case "powershell":
		ps, err := powerShellView(tree)
		if err != nil {
			return "", err
		}
		view = ps
	default:
		return "", fmt.Errorf("no completion for shell %q", shell)
	}
	t, err := template.New(shell).Funcs(template.FuncMap{"join": strings.Join}).ParseFS(completionFS, completionFiles[shell])
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, t.Templates()[0].Name(), view); err != nil {
		return "", err
	}
	return b.String(), nil
}

// compTree is what the scripts complete: the command tree, the flags every
// command takes, and the languages of the descriptions.
type compTree struct {
	Root   *compCmd
	Common []compFlag // the root's flags, which Kong accepts after any command too
	Langs  []string   // "en" first: the fallback
}

// compCmd is one visible command.
type compCmd struct {
	Words []string // its name, then its aliases
	Paths []string // every way to type it after "aigne": "hub info", "hub i"; "" for the root
	Help  Msg
	Flags []compFlag // its own flags; for the root, those offered only before any command
	Arg   *compArg   // its first positional argument, if it has one
	Cmds  []*compCmd
}

// compFlag is one flag.
type compFlag struct {
	Long   string
	Short  string // "" or one letter
	Help   Msg
	Value  string   // "" for a switch; else what its value is: "duration", or the flag's name
	Values []string // the candidates for its value, if there is a list
	Exits  bool     // the command line ends with it (--help, --version)
}

// compArg is a positional argument.
type compArg struct {
	Help   Msg
	Values []string // candidates to suggest
	Hubs   bool     // the saved hubs, from `aigne __complete hubs`
}

// Typed returns the ways the flag is typed: "-o", "--output".
func (f compFlag) Typed() []string {
	if f.Short == "" {
		return []string{"--" + f.Long}
	}
	return []string{"-" + f.Short, "--" + f.Long}
}

// compHint is what the Kong model does not say about a flag or argument.
type compHint struct {
	values   []string
	hubs     bool
	exits    bool
	rootOnly bool
}

// completionHints are keyed by the command path and then "--flag" or
// "<arg>", as typed: "hub connect --store", "hub use <url>", "--version".
// Each must name a flag or argument of the model. (A function, so that
// nothing is built at start-up for runs that complete nothing.)
func completionHints() map[string]compHint {
	return map[string]compHint{
		"--help":              {exits: true},
		"--version":           {exits: true, rootOnly: true},
		"hub connect --store": {values: []string{string(credentials.StoreFile), string(credentials.StoreKeyring)}},
		"hub connect <url>":   {values: []string{OfficialHub}},
		"hub env --shell":     {values: shellNames()},
		"hub use <url>":       {hubs: true},
		"hub remove <url>":    {hubs: true},
		"hub info <url>":      {hubs: true},
		"hub token <url>":     {hubs: true},
		"hub env <url>":       {hubs: true},
	}
}

func shellNames() []string {
	var s []string
	for _, sh := range shellenv.Shells {
		s = append(s, string(sh))
	}
	return s
}

// A command or flag name, and a value, as every script may write them
// without quoting (zsh escapes the ':').
var (
	plainName  = lazyre.New(`^[a-z0-9][a-z0-9-]*$`)
	plainValue = lazyre.New(`^[A-Za-z0-9][A-Za-z0-9._:/=+-]*$`)
)

// completionTree reads a Kong model, with its help texts still catalog
// keys, and hints (completionHints) into a compTree.
func completionTree(model *kong.Application, hints map[string]compHint) (*compTree, error) {
	used := map[string]bool{}
	hint := func(key string) compHint {
		used[key] = true
		return hints[key]
	}
	tree := &compTree{Langs: []string{"en"}}
	for l := range catalogs {
		if l != "en" {
			tree.Langs = append(tree.Langs, l)
		}
	}
	sort.Strings(tree.Langs[1:])

	var build func(n *kong.Node, words, paths []string) (*compCmd, error)
	build = func(n *kong.Node, words, paths []string) (*compCmd, error) {
		c := &compCmd{Words: words, Paths: paths, Help: Msg(n.Help)}
		prefix := paths[0]
		if prefix != "" {
			prefix += " "
		}
		for _, f := range n.Flags {
			if f.Hidden {
				continue
			}
			h := hint(prefix + "--" + f.Name)
			cf := compFlag{Long: f.Name, Help: Msg(f.Help), Exits: h.exits, Values: h.values}
			if f.Help == kongHelpFlagHelp {
				cf.Help = MsgHelpHelp
			}
			if f.Short != 0 {
				cf.Short = string(f.Short)
			}
			if !f.IsBool() && !f.IsCounter() {
				cf.Value = f.Name
				if f.Target.Type() == reflect.TypeOf(time.Duration(0)) {
					cf.Value = "duration"
				}
				if e := nonEmptyValues(f.EnumSlice()); len(e) > 0 {
					cf.Values = e
				}
			}
			if len(cf.Values) > 0 && cf.Value == "" {
				return nil, fmt.Errorf("completion: --%s takes no value, but has values", f.Name)
			}
			if n.Parent == nil && !h.rootOnly {
				tree.Common = append(tree.Common, cf)
			} else {
				c.Flags = append(c.Flags, cf)
			}
		}
		if len(n.Positional) > 0 {
			p := n.Positional[0]
			h := hint(prefix + "<" + p.Name + ">")
			a := &compArg{Help: Msg(p.Help), Values: h.values, Hubs: h.hubs}
			if e := nonEmptyValues(p.EnumSlice()); len(e) > 0 {
				a.Values = e
			}
			c.Arg = a
		}
		for _, child := range n.Children {
			if child.Hidden {
				continue
			}
			w := append([]string{child.Name}, child.Aliases...)
			var ps []string
			for _, p := range paths {
				for _, x := range w {
					ps = append(ps, strings.TrimPrefix(p+" "+x, " "))
				}
			}
			cc, err := build(child, w, ps)
			if err != nil {
				return nil, err
			}
			c.Cmds = append(c.Cmds, cc)
		}
		return c, nil
	}
	var err error
	tree.Root, err = build(model.Node, []string{model.Name}, []string{""})
	if err != nil {
		return nil, err
	}
	// The flags that end the command line (--help) go after the others.
	slices.SortStableFunc(tree.Common, func(a, b compFlag) int {
		switch {
		case a.Exits == b.Exits:
			return 0
		case b.Exits:
			return -1
		}
		return 1
	})
	for k := range hints {
		if !used[k] {
			return nil, fmt.Errorf("completion hint %q names nothing in the command tree", k)
		}
	}
	if err := tree.check(); err != nil {
		return nil, err
	}
	return tree, nil
}

func nonEmptyValues(ss []string) []string {
	return slices.DeleteFunc(slices.Clone(ss), func(s string) bool { return s == "" })
}

// check makes sure the scripts may write every name and value as it is,
// that every description is in the catalog, and that a flag name takes the
// same values wherever it appears (the scripts know a flag by its name).
func (t *compTree) check() error {
	values := map[string][]string{}
	flag := func(f compFlag) error {
		if !plainName().MatchString(f.Long) || (f.Short != "" && !plainName().MatchString(f.Short)) {
			return fmt.Errorf("completion: flag name %q", f.Long)
		}
		for _, v := range f.Values {
			if !plainValue().MatchString(v) {
				return fmt.Errorf("completion: value %q of --%s", v, f.Long)
			}
		}
		for _, typed := range f.Typed() {
			if prev, ok := values[typed]; ok && !slices.Equal(prev, f.Values) {
				return fmt.Errorf("completion: %s takes different values in two commands", typed)
			}
			values[typed] = f.Values
		}
		return inCatalog(f.Help)
	}
	for _, f := range t.Common {
		if err := flag(f); err != nil {
			return err
		}
	}
	var walk func(c *compCmd) error
	walk = func(c *compCmd) error {
		if c != t.Root {
			for _, w := range c.Words {
				if !plainName().MatchString(w) {
					return fmt.Errorf("completion: command name %q", w)
				}
			}
			if err := inCatalog(c.Help); err != nil {
				return err
			}
		}
		for _, f := range c.Flags {
			if err := flag(f); err != nil {
				return err
			}
		}
		if c.Arg != nil {
			for _, v := range c.Arg.Values {
				if !plainValue().MatchString(v) {
					return fmt.Errorf("completion: value %q", v)
				}
			}
			if err := inCatalog(c.Arg.Help); err != nil {
				return err
			}
		}
		for _, cc := range c.Cmds {
			if err := walk(cc); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(t.Root)
}

func inCatalog(m Msg) error {
	if _, ok := messages("en")[m]; !ok {
		return fmt.Errorf("no message %q in the catalog", m)
	}
	return nil
}

// all is every command, the root first, each before its subcommands.
func (t *compTree) all() []*compCmd {
	var out []*compCmd
	var walk func(c *compCmd)
	walk = func(c *compCmd) {
		out = append(out, c)
		for _, cc := range c.Cmds {
			walk(cc)
		}
	}
	walk(t.Root)
	return out
}

// valueFlags is every flag that takes a value, once per name, the common
// ones first.
func (t *compTree) valueFlags() []compFlag {
	var out []compFlag
	seen := map[string]bool{}
	add := func(fs []compFlag) {
		for _, f := range fs {
			if f.Value != "" && !seen[f.Long] {
				seen[f.Long] = true
				out = append(out, f)
			}
		}
	}
	add(t.Common)
	for _, c := range t.all() {
		add(c.Flags)
	}
	return out
}

// zshQuote makes s safe inside a single-quoted _arguments spec: a
// description in [...] or a message between colons.
var zshQuote = strings.NewReplacer(`'`, `'\''`, `\`, `\\`, `[`, `\[`, `]`, `\]`, `:`, `\:`).Replace

// fishQuote makes s safe inside single quotes.
var fishQuote = strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace
