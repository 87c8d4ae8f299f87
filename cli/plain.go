package cli

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"time"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
)

// A plain run is a command line that names one command and gives it no
// flag and no argument, but for --output: `aigne hub list`, `aigne -o json
// hub token`. Parsing one with Kong gives every field of the command its
// default, yet Kong's reflection over the command, its hooks and its
// bindings cost more than all the rest of `hub list` of 100 hubs (about
// 0.4 ms of 2.9 on the benchmark machine). So a plain run is done here:
// the command's struct gets the defaults its tags give, its AfterApply
// check runs, and its Run method gets what it names from the same deps
// Kong binds. Anything else, or anything here that is not certain to come
// out as Kong would make it, goes to Kong, which then does the whole run:
// nothing here has shown or opened anything by then.
//
// TestPlainRunIsKongs holds every command that runs this way to the struct
// Kong makes of the same words, and TestPlainRunSameOutput to the same
// output and exit code.

// plainRuns turns plain runs on; the tests turn them off to compare.
var plainRuns = true

// plainCmd is a command to run plainly: the command with its defaults
// set, its Run and AfterApply methods (check: the zero Value for none) and
// the output format.
type plainCmd struct {
	cmd, run, check reflect.Value
	format          string
}

// plainCommand is the command that args run plainly; false when args are
// no plain run.
func plainCommand(args []string) (c plainCmd, ok bool) {
	var words []string
	format := ""
	given := false // --output
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case given && (a == "-o" || strings.HasPrefix(a, "--output")):
			return c, false // given twice
		case a == "-o" || a == "--output":
			if i++; i == len(args) {
				return c, false
			}
			format, given = args[i], true
		case strings.HasPrefix(a, "--output="):
			format, given = strings.TrimPrefix(a, "--output="), true
		case strings.HasPrefix(a, "-"):
			return c, false
		default:
			words = append(words, a)
		}
	}
	if !given {
		format = FormatText
	}
	if format != FormatText && format != FormatJSON {
		return c, false // Kong's message
	}
	t, ok := plainLeaf(reflect.TypeFor[CLI](), words)
	if !ok {
		return c, false
	}
	run, check, ok := plainMethods(t)
	if !ok {
		return c, false
	}
	cmd := reflect.New(t)
	if !setDefaults(cmd.Elem()) {
		return c, false
	}
	c = plainCmd{cmd: cmd, run: cmd.Method(run), format: format}
	if check >= 0 {
		c.check = cmd.Method(check)
	}
	return c, true
}

// plainLeaf is the type of the command that words name in the group t, if
// it holds no command of its own (namedCommand says what else it must not
// hold).
func plainLeaf(t reflect.Type, words []string) (reflect.Type, bool) {
	for i, word := range words {
		cmd, ok := namedCommand(t, word)
		if !ok {
			return nil, false
		}
		if !isGroup(cmd.Type) {
			if i != len(words)-1 {
				return nil, false // words after a command's own name
			}
			return cmd.Type, true
		}
		t = cmd.Type
	}
	return nil, false
}

// plainMethods finds, among the methods of *t, Run and AfterApply (check
// -1 for none); ok is false without Run or with any other method Kong
// looks for. Each method is looked at once: reflect builds its whole
// signature every time.
func plainMethods(t reflect.Type) (run, check int, ok bool) {
	pt := reflect.PointerTo(t)
	run, check = -1, -1
	for i := range pt.NumMethod() {
		switch name := pt.Method(i).Name; {
		case name == "Run":
			run = i
		case name == "AfterApply":
			check = i
		case strings.HasPrefix(name, "Before"), strings.HasPrefix(name, "After"), strings.HasPrefix(name, "Provide"),
			name == "Validate", name == "Decode", name == "Help":
			return -1, -1, false
		}
	}
	return run, check, run >= 0
}

// setDefaults sets each flag of the command v to the value of its default
// tag, as Kong's Reset would, for the kinds of flag this is sure of; an
// optional argument not given stays empty. false for any other field.
func setDefaults(v reflect.Value) bool {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Anonymous {
			return false // Kong takes its fields as flags
		}
		if !f.IsExported() {
			continue // Kong leaves it alone
		}
		for _, key := range []string{"kong", "env", "required", "xor", "and", "type", "cmd", "embed", "enum", "negatable"} {
			if hasTag(f, key) {
				return false
			}
		}
		if hasTag(f, "arg") {
			if !hasTag(f, "optional") || hasTag(f, "default") || f.Type != reflect.TypeFor[string]() {
				return false
			}
			continue
		}
		def, has := f.Tag.Lookup("default")
		if strings.Contains(def, "$") {
			return false // Kong's ${var}
		}
		switch {
		case f.Type == reflect.TypeFor[time.Duration]():
			if has {
				d, err := time.ParseDuration(def)
				if err != nil {
					return false
				}
				v.Field(i).SetInt(int64(d))
			}
		case f.Type == reflect.TypeFor[string]():
			v.Field(i).SetString(def)
		case f.Type == reflect.TypeFor[bool]() && !has:
		default:
			return false
		}
	}
	return true
}

// runPlain runs args without Kong when they are a plain run; ok is false
// when they are not, and then nothing was done.
func (a *App) runPlain(args []string, out *Output) (code int, ok bool) {
	if !plainRuns {
		return 0, false
	}
	c, ok := plainCommand(args)
	if !ok {
		return 0, false
	}
	d := a.deps(out)
	run, check := c.run, c.check
	// Every parameter must be one deps gives, and AfterApply may only see
	// the command line and the environment, before anything is done.
	if !d.gives(run.Type(), true) || check.IsValid() && !d.gives(check.Type(), false) {
		return 0, false
	}
	if check.IsValid() {
		if in, err := d.args(check.Type()); err != nil || callErr(check, in) != nil {
			// Kong says what is wrong, as it says it for any command line.
			return 0, false
		}
	}
	out.format = c.format
	in, err := d.args(run.Type())
	if err == nil {
		err = callErr(run, in)
	}
	if err != nil {
		return out.fail(errors.Join(err)), true // wrapped as Kong's Run wraps it
	}
	return ExitOK, true
}

// callErr calls f, which returns an error.
// An error that holds a nil pointer is no error, as Kong takes it.
func callErr(f reflect.Value, in []reflect.Value) error {
	res := f.Call(in)[0]
	if res.IsNil() || res.Elem().Kind() == reflect.Pointer && res.Elem().IsNil() {
		return nil
	}
	return res.Interface().(error)
}

// dep is how deps gives a value of type t: at once (made false), or by a
// provider that may fail or say something (made true); ok is false for a
// type deps does not give. One switch serves gives and args, so the two
// cannot drift apart.
func (d *deps) dep(t reflect.Type) (get func() (reflect.Value, error), made, ok bool) {
	value := func(v any) func() (reflect.Value, error) {
		return func() (reflect.Value, error) { return reflect.ValueOf(v).Convert(t), nil }
	}
	switch t {
	case reflect.TypeFor[context.Context]():
		return value(d.ctx), false, true
	case reflect.TypeFor[*Output]():
		return value(d.out), false, true
	case reflect.TypeFor[Env]():
		return value(d.env), false, true
	case reflect.TypeFor[registryOpener]():
		return value(d.openRegistry), false, true
	case reflect.TypeFor[buildStamp]():
		return value(d.build), false, true
	case reflect.TypeFor[browserOpener]():
		return value(d.browser), false, true
	case reflect.TypeFor[*credentials.Registry]():
		return func() (reflect.Value, error) {
			reg, err := d.registry()
			return reflect.ValueOf(reg), err
		}, true, true
	case reflect.TypeFor[*hubclient.Client]():
		return func() (reflect.Value, error) { return reflect.ValueOf(d.client()), nil }, true, true
	case reflect.TypeFor[Prompter]():
		return func() (reflect.Value, error) {
			v := reflect.New(t).Elem()
			if p := d.prompter(); p != nil {
				v.Set(reflect.ValueOf(p))
			}
			return v, nil
		}, true, true
	}
	return nil, false, false
}

// gives reports whether d has every parameter of the function type f
// (with made: also those a provider makes) and f returns just an error.
func (d *deps) gives(f reflect.Type, made bool) bool {
	if f.NumOut() != 1 || f.Out(0) != reflect.TypeFor[error]() {
		return false
	}
	for i := range f.NumIn() {
		if _, m, ok := d.dep(f.In(i)); !ok || m && !made {
			return false
		}
	}
	return true
}

// args are the arguments of a function of type f, which gives has
// accepted, made in order as Kong makes them: the first provider to fail
// stops the rest.
func (d *deps) args(f reflect.Type) ([]reflect.Value, error) {
	in := make([]reflect.Value, f.NumIn())
	for i := range in {
		get, _, _ := d.dep(f.In(i))
		v, err := get()
		if err != nil {
			return nil, err
		}
		in[i] = v
	}
	return in, nil
}
