package cli

import "strings"

// zshScript is what completions/_aigne lays out: one set of functions per
// language (_aigne_en, _aigne_en_hub, …), and an _aigne that picks by the
// locale at each completion.
type zshScript struct {
	Langs  []zshLang
	Others []string // the languages besides English
}

type zshLang struct {
	Lang   string
	Common []string // specs of the flags every command takes
	Funcs  []zshFunc
}

// zshFunc completes a command that has subcommands.
type zshFunc struct {
	Name     string
	Common   string // the variable holding the common specs
	Root     bool
	Specs    []string // its own flags
	Context  string   // curcontext's prefix for its subcommands: aigne-hub-
	Commands []string // one line per subcommand: 'list:…' 'ls:…'
	Arms     []zshArm
}

// zshArm completes a subcommand: through its own function (Call), or
// with the specs of its flags and argument.
type zshArm struct {
	Pattern string
	Call    string
	Specs   []string
}

func zshView(t *compTree) zshScript {
	s := zshScript{Others: t.Langs[1:]}
	for _, l := range t.Langs {
		p := Printer{Lang: l}
		desc := func(m Msg) string { return zshQuote(p.T(m)) }
		zl := zshLang{Lang: l}
		for _, f := range t.Common {
			zl.Common = append(zl.Common, zshFlagSpec(f, desc(f.Help)))
		}
		common := "$_aigne_" + l + "_common"
		var walk func(c *compCmd, name string, ctx string)
		walk = func(c *compCmd, name string, ctx string) {
			fn := zshFunc{Name: name, Common: common, Root: c == t.Root, Context: ctx}
			for _, f := range c.Flags {
				fn.Specs = append(fn.Specs, zshFlagSpec(f, desc(f.Help)))
			}
			for _, cc := range c.Cmds {
				var line []string
				for _, w := range cc.Words {
					line = append(line, "'"+w+":"+desc(cc.Help)+"'")
				}
				fn.Commands = append(fn.Commands, strings.Join(line, " "))
				arm := zshArm{Pattern: strings.Join(cc.Words, " | ")}
				if len(cc.Cmds) > 0 {
					arm.Call = name + "_" + cc.Words[0]
				} else {
					for _, f := range cc.Flags {
						arm.Specs = append(arm.Specs, zshFlagSpec(f, desc(f.Help)))
					}
					if a := cc.Arg; a != nil {
						action := " "
						switch {
						case a.Hubs:
							action = "_aigne_hubs"
						case len(a.Values) > 0:
							action = "(" + zshQuote(strings.Join(a.Values, " ")) + ")"
						}
						arm.Specs = append(arm.Specs, "'1:"+desc(a.Help)+":"+action+"'")
					}
				}
				fn.Arms = append(fn.Arms, arm)
			}
			zl.Funcs = append(zl.Funcs, fn)
			for _, cc := range c.Cmds {
				if len(cc.Cmds) > 0 {
					walk(cc, name+"_"+cc.Words[0], ctx+cc.Words[0]+"-")
				}
			}
		}
		walk(t.Root, "_aigne_"+l, "aigne-")
		s.Langs = append(s.Langs, zl)
	}
	return s
}

// Multiline tells whether an arm's specs take a line each: when there is
// a flag among them.
func (a zshArm) Multiline() bool {
	return len(a.Specs) > 1 || (len(a.Specs) == 1 && !strings.HasPrefix(a.Specs[0], "'1:"))
}

// zshFlagSpec is the _arguments spec of f, desc already quoted.
func zshFlagSpec(f compFlag, desc string) string {
	exclude := ""
	switch {
	case f.Exits:
		exclude = "(- *)"
	case f.Short != "":
		exclude = "(-" + f.Short + " --" + f.Long + ")"
	}
	rest := "[" + desc + "]"
	short, long := "-"+f.Short, "--"+f.Long
	if f.Value != "" {
		short, long = short+"+", long+"="
		rest += ":" + f.Value + ":"
		if len(f.Values) > 0 {
			rest += "(" + zshQuote(strings.Join(f.Values, " ")) + ")"
		} else {
			rest += " "
		}
	}
	if f.Short == "" {
		return "'" + exclude + long + rest + "'"
	}
	return "'" + exclude + "'{" + short + "," + long + "}'" + rest + "'"
}
