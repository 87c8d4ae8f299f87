package cli

import (
	"strings"

	"github.com/aigne-io/aigne/internal/shellenv"
)

// powerShellScript is what completions/aigne.ps1 lays out: every
// description is an expression that picks its language when completing,
// by $__aigne_lang.
type powerShellScript struct {
	Others     []string
	ValueFlags string // every flag that takes a value: '-o', '--output', …
	Values     []psArm
	NoValues   string // the pattern of the flags whose value has nothing to suggest
	Assigned   []psArm
	CommonAdds []string
	Flags      []psArm
	Words      []psArm
}

// psArm is one arm of a switch, or one branch of an if: its pattern and
// its statements.
type psArm struct {
	Pattern string
	Body    []string
}

func powerShellView(t *compTree) (powerShellScript, error) {
	s := powerShellScript{Others: t.Langs[1:]}
	var err error
	expr := func(m Msg) string {
		expr := ""
		for _, l := range t.Langs { // English first: the fallback
			// A whole expression, quotes included, of ASCII only.
			q, e := shellenv.Quote(shellenv.PowerShell, "description", Printer{Lang: l}.T(m))
			if e != nil {
				err = e
			}
			if expr == "" {
				expr = q
				continue
			}
			expr = "$(if ($__aigne_lang -eq '" + l + "') { " + q + " } else { " + expr + " })"
		}
		return expr
	}
	desc := func(m Msg) string { return "(" + expr(m) + ")" }
	// adds offers each of words with the description of m: one by one,
	// or in a loop, each prefixed.
	adds := func(prefix string, words []string, m Msg) []string {
		if len(words) == 1 {
			return []string{"__aigne_add " + psLiteral(prefix+words[0]) + " " + desc(m)}
		}
		text := "$s"
		if prefix != "" {
			text = "(" + psLiteral(prefix) + " + $s)"
		}
		return []string{
			"foreach ($s in " + psList(words) + ") {",
			"    __aigne_add " + text + " " + desc(m),
			"}",
		}
	}
	var typed, noValues []string
	for _, f := range t.valueFlags() {
		typed = append(typed, f.Typed()...)
		if len(f.Values) == 0 {
			noValues = append(noValues, f.Typed()...)
			continue
		}
		s.Values = append(s.Values, psArm{psCase(f.Typed()), adds("", f.Values, f.Help)})
		s.Assigned = append(s.Assigned, psArm{psLiteral("--" + f.Long + "="), adds("--"+f.Long+"=", f.Values, f.Help)})
	}
	s.ValueFlags = psList(typed)
	if len(noValues) > 0 {
		s.NoValues = psCase(noValues)
	}
	for _, f := range t.Common {
		for _, w := range f.Typed() {
			s.CommonAdds = append(s.CommonAdds, adds("", []string{w}, f.Help)...)
		}
	}
	for _, c := range t.all() {
		if len(c.Flags) > 0 {
			arm := psArm{Pattern: psRegex(c.Paths, c.Arg != nil)}
			for _, f := range c.Flags {
				for _, w := range f.Typed() {
					arm.Body = append(arm.Body, adds("", []string{w}, f.Help)...)
				}
			}
			s.Flags = append(s.Flags, arm)
		}
		var prefixed []string
		for _, p := range c.Paths {
			prefixed = append(prefixed, strings.TrimSuffix(" "+p, " "))
		}
		if len(c.Cmds) > 0 {
			arm := psArm{Pattern: psCase(prefixed)}
			for _, cc := range c.Cmds {
				for _, w := range cc.Words {
					arm.Body = append(arm.Body, adds("", []string{w}, cc.Help)...)
				}
			}
			s.Words = append(s.Words, arm)
		}
		if a := c.Arg; a != nil {
			switch {
			case a.Hubs:
				s.Words = append(s.Words, psArm{psCase(prefixed), []string{"$tip = " + expr(a.Help)}})
			case len(a.Values) > 0:
				s.Words = append(s.Words, psArm{psCase(prefixed), adds("", a.Values, a.Help)})
			}
		}
	}
	return s, err
}

// psLiteral is s in single quotes; the names and values of the tree hold
// no quote (compTree.check).
func psLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// psList is 'a', 'b'.
func psList(ws []string) string {
	var q []string
	for _, w := range ws {
		q = append(q, psLiteral(w))
	}
	return strings.Join(q, ", ")
}

// psCase is a case-sensitive switch pattern matching any of ws.
func psCase(ws []string) string {
	if len(ws) == 1 {
		return psLiteral(ws[0])
	}
	return "{ $_ -in " + psList(ws) + " }"
}

// psRegex matches $cmd at one of paths, or, with arg, after it too.
func psRegex(paths []string, arg bool) string {
	var alt []string
	for _, p := range paths {
		alt = append(alt, strings.TrimSuffix(" "+p, " "))
	}
	re := "^" + alt[0]
	if len(alt) > 1 {
		re = "^(" + strings.Join(alt, "|") + ")"
	}
	if arg {
		return psLiteral(re + "( |$)")
	}
	return psLiteral(re + "$")
}
