package cli

import "strings"

// bashScript is what completions/aigne.bash lays out. bash shows no
// descriptions, so it needs none.
type bashScript struct {
	ValueFlags  []string // every flag that takes a value, as typed
	Values      []bashArm
	NoValues    []string // flags whose value has nothing to suggest
	Assigned    []bashArm
	CommonFlags []string
	Flags       []bashArm
	Words       []bashArm
	Hubs        []string // the command paths whose argument is a saved hub
}

// bashArm is one arm of a case statement: its patterns and its candidates.
type bashArm struct {
	Patterns []string
	Cands    []string
}

// Pattern is the arm's pattern list, "a | b".
func (a bashArm) Pattern() string { return strings.Join(a.Patterns, " | ") }

func bashView(t *compTree) bashScript {
	var s bashScript
	for _, f := range t.valueFlags() {
		s.ValueFlags = append(s.ValueFlags, f.Typed()...)
		if len(f.Values) == 0 {
			s.NoValues = append(s.NoValues, f.Typed()...)
			continue
		}
		s.Values = append(s.Values, bashArm{f.Typed(), f.Values})
		assigned := bashArm{Patterns: []string{"--" + f.Long + "=*"}}
		for _, v := range f.Values {
			assigned.Cands = append(assigned.Cands, "--"+f.Long+"="+v)
		}
		s.Assigned = append(s.Assigned, assigned)
	}
	for _, f := range t.Common {
		s.CommonFlags = append(s.CommonFlags, f.Typed()...)
	}
	for _, c := range t.all() {
		if len(c.Flags) > 0 {
			arm := bashArm{Patterns: bashPaths(c.Paths, c.Arg != nil)}
			for _, f := range c.Flags {
				arm.Cands = append(arm.Cands, f.Typed()...)
			}
			s.Flags = append(s.Flags, arm)
		}
		if len(c.Cmds) > 0 {
			arm := bashArm{Patterns: bashPaths(c.Paths, false)}
			for _, cc := range c.Cmds {
				arm.Cands = append(arm.Cands, cc.Words...)
			}
			s.Words = append(s.Words, arm)
		}
		if c.Arg != nil && len(c.Arg.Values) > 0 {
			s.Words = append(s.Words, bashArm{bashPaths(c.Paths, false), c.Arg.Values})
		}
		if c.Arg != nil && c.Arg.Hubs {
			s.Hubs = append(s.Hubs, bashPaths(c.Paths, false)...)
		}
	}
	return s
}

// bashPaths are the patterns of $cmd for a command's paths: " hub use".
// With arg, also the path followed by its argument.
func bashPaths(paths []string, arg bool) []string {
	var out []string
	for _, p := range paths {
		q := `"` + strings.TrimSuffix(" "+p, " ") + `"`
		out = append(out, q)
		if arg {
			out = append(out, strings.TrimSuffix(q, `"`)+` "*`)
		}
	}
	return out
}
