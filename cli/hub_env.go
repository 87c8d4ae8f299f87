package cli

import (
	"context"
	"errors"
	"path"
	"runtime"
	"strings"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/internal/shellenv"
)

// hubEnvCmd is `aigne hub env [URL]`, for `eval "$(aigne hub env)"`.
type hubEnvCmd struct {
	URL   string `arg:"" optional:"" name:"url" help:"help.env.url"`
	Shell string `placeholder:"sh|fish|powershell|cmd" help:"help.env.shell"`

	shell   shellenv.Shell // Shell read, or the one detected
	unknown string         // a $SHELL whose syntax is not known, which gets sh's
}

// AfterApply reads --shell, or finds the shell, before anything is opened.
func (c *hubEnvCmd) AfterApply(out *Output, env Env) error {
	if c.Shell == "" {
		c.shell = shellenv.Detect(env, runtime.GOOS)
		if c.shell == shellenv.SH && !shFamily(env("SHELL")) {
			c.unknown = env("SHELL")
		}
		return nil
	}
	var err error
	if c.shell, err = shellenv.Parse(c.Shell); err != nil {
		return usageErr(out.p, MsgErrShellValue, c.Shell)
	}
	return nil
}

type envJSON struct {
	tokenJSON
	Shell     string            `json:"shell"`
	Variables map[string]string `json:"variables"`
}

func (c *hubEnvCmd) Run(ctx context.Context, out *Output, env Env, reg *credentials.Registry, ask Prompter, client *hubclient.Client) error {
	t, err := keyTarget(out, env, reg, ask, c.URL)
	if err != nil {
		return err
	}
	if err := resolveAPIURL(ctx, client, t); err != nil {
		return err
	}
	return out.render(envResult{t: t, shell: c.shell, unknown: c.unknown})
}

// shFamily reports whether $SHELL (a path, or nothing) is a shell that
// reads sh syntax, or is unset: those get sh syntax without a word. Any
// other (tcsh, csh, nu, xonsh, elvish, …) gets it with a warning.
func shFamily(shell string) bool {
	if shell == "" {
		return true
	}
	base := path.Base(strings.ReplaceAll(shell, `\`, "/"))
	base = strings.TrimSuffix(strings.ToLower(base), ".exe")
	// A versioned name, as some installs have it: bash-5.2, ksh93.
	base = strings.TrimRight(base, "0123456789.")
	base = strings.TrimSuffix(base, "-")
	switch base {
	case "sh", "bash", "rbash", "zsh", "dash", "ash", "busybox", "ksh", "mksh", "oksh", "pdksh", "lksh", "loksh", "yash", "posh", "bosh":
		return true
	}
	return false
}

// envResult is the variables that give the runtime a hub: a script for
// the shell as text, for eval "$(…)".
type envResult struct {
	t       *target
	shell   shellenv.Shell
	unknown string // $SHELL, when its syntax is not known (text only)
}

func (r envResult) vars() [][2]string {
	return [][2]string{{EnvAPIURL, r.t.apiURL}, {EnvAPIKey, r.t.key}}
}

func (r envResult) document(Printer) any {
	out := envJSON{tokenJSON: tokenDoc(r.t), Shell: string(r.shell), Variables: map[string]string{}}
	for _, v := range r.vars() {
		out.Variables[v[0]] = v[1]
	}
	return out
}

func (r envResult) text(o *Output) error {
	var script []byte
	for _, v := range r.vars() {
		line, err := shellenv.Assign(r.shell, v[0], v[1])
		var ue *shellenv.UnquotableError
		if errors.As(err, &ue) {
			// The error names the variable and the character, never the
			// value: it is a key.
			return exitErr(ExitFailure, err, o.p.T(MsgErrUnquotable, ue.Name, string(ue.Shell), ue.Offset))
		}
		if err != nil {
			return err
		}
		script = append(script, line...)
	}
	_, err := o.IO.Out.Write(script)
	if err == nil && r.unknown != "" {
		o.warn(o.p.T(MsgWarnShellUnknown, r.unknown))
	}
	return err
}
