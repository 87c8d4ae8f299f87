package cli

import "strings"

// fishScript is what completions/aigne.fish lays out: the functions once,
// and every `complete` line once per language, under a condition on the
// locale.
type fishScript struct {
	ValueFlags []string // every flag that takes a value, as typed
	Others     []string // the languages besides English
	Langs      [][][]string
}

func fishView(t *compTree) fishScript {
	s := fishScript{Others: t.Langs[1:]}
	for _, f := range t.valueFlags() {
		s.ValueFlags = append(s.ValueFlags, f.Typed()...)
	}
	for _, l := range t.Langs {
		p := Printer{Lang: l}
		line := func(cond, what string, help Msg) string {
			if cond != "" {
				cond = "; and " + cond
			}
			return "complete -c aigne -n '__aigne_lang " + l + cond + "' " + what + " -d '" + fishQuote(p.T(help)) + "'"
		}
		var groups [][]string
		var common []string
		for _, f := range t.Common {
			common = append(common, line("", fishFlag(f), f.Help))
		}
		groups = append(groups, common)
		for _, c := range t.all() {
			var g []string
			at := "__aigne_at " + fishPaths(c.Paths)
			flagsAt := at
			if c.Arg != nil {
				// The flags come before or after the argument.
				flagsAt = "__aigne_in " + fishPaths(c.Paths)
			}
			for _, f := range c.Flags {
				g = append(g, line(flagsAt, fishFlag(f), f.Help))
			}
			for _, cc := range c.Cmds {
				g = append(g, line(at, "-a "+fishWords(cc.Words), cc.Help))
			}
			if a := c.Arg; a != nil && (a.Hubs || len(a.Values) > 0) {
				what := "-a '(__aigne_hubs)'"
				if !a.Hubs {
					what = "-a " + fishWords(a.Values)
				}
				g = append(g, line(at, what, a.Help))
			}
			if len(g) > 0 {
				groups = append(groups, g)
			}
		}
		s.Langs = append(s.Langs, groups)
	}
	return s
}

// fishFlag is a flag as `complete` options: -s o -l output -x -a 'text json'.
func fishFlag(f compFlag) string {
	s := "-l " + f.Long
	if f.Short != "" {
		s = "-s " + f.Short + " " + s
	}
	if f.Value != "" {
		s += " -x"
	}
	if len(f.Values) > 0 {
		s += " -a " + fishWords(f.Values)
	}
	return s
}

// fishWords is one word as it is, several in single quotes.
func fishWords(w []string) string {
	if len(w) == 1 {
		return w[0]
	}
	return "'" + strings.Join(w, " ") + "'"
}

// fishPaths are the command paths as arguments of __aigne_at inside a
// single-quoted condition: hub, "hub list", "" for the root.
func fishPaths(paths []string) string {
	var out []string
	for _, p := range paths {
		if p == "" || strings.Contains(p, " ") {
			p = `"` + p + `"`
		}
		out = append(out, p)
	}
	return strings.Join(out, " ")
}
