package cli

import (
	"errors"
	"runtime"

	"github.com/aigne-io/aigne/internal/shellenv"
)

// hubTokenCmd is `aigne hub token [URL]`, for `$(aigne hub token)`.
type hubTokenCmd struct {
	URL string `arg:"" optional:"" name:"url" help:"help.token.url"`
}

// hubEnvCmd is `aigne hub env [URL]`, for `eval "$(aigne hub env)"`.
type hubEnvCmd struct {
	URL   string `arg:"" optional:"" name:"url" help:"help.env.url"`
	Shell string `placeholder:"sh|fish|powershell|cmd" help:"help.env.shell"`
}

type tokenJSON struct {
	URL    string `json:"url"`
	APIURL string `json:"api_url"`
	Key    string `json:"key"`
	Source string `json:"source"`
}

type envJSON struct {
	tokenJSON
	Shell     string            `json:"shell"`
	Variables map[string]string `json:"variables"`
}

// keyTarget is the hub these two commands hand out: the one named, or the
// one the runtime would use. A hub without a key is exit 4, naming it.
func (a *App) keyTarget(arg string) (*target, error) {
	_, st, err := a.loadToRead(false)
	if err != nil {
		return nil, err
	}
	if arg == "" {
		return a.runtimeTarget(st)
	}
	active, _ := st.Active()
	h, err := a.pickHub(st, arg, "token", MsgInfoPrompt, "")
	if err != nil {
		return nil, err
	}
	return a.savedTarget(st, h, active)
}

func (c *hubTokenCmd) Run(a *App) error {
	t, err := a.keyTarget(c.URL)
	if err != nil {
		return err
	}
	if !a.json() {
		// The key alone: nothing else on stdout, for $(…).
		_, err := a.IO.Out.Write([]byte(t.key + "\n"))
		return err
	}
	if err := a.resolveAPIURL(a.hubClient(), t); err != nil {
		return err
	}
	return writeJSON(a.IO.Out, tokenJSON{URL: t.origin, APIURL: t.apiURL, Key: t.key, Source: t.source})
}

func (c *hubEnvCmd) Run(a *App) error {
	sh := shellenv.Detect(a.Getenv, runtime.GOOS)
	if c.Shell != "" {
		var err error
		if sh, err = shellenv.Parse(c.Shell); err != nil {
			return usageErr(a.p, MsgErrShellValue, c.Shell)
		}
	}
	t, err := a.keyTarget(c.URL)
	if err != nil {
		return err
	}
	if err := a.resolveAPIURL(a.hubClient(), t); err != nil {
		return err
	}
	vars := [][2]string{{EnvAPIURL, t.apiURL}, {EnvAPIKey, t.key}}
	if a.json() {
		out := envJSON{tokenJSON: tokenJSON{URL: t.origin, APIURL: t.apiURL, Key: t.key, Source: t.source}, Shell: string(sh), Variables: map[string]string{}}
		for _, v := range vars {
			out.Variables[v[0]] = v[1]
		}
		return writeJSON(a.IO.Out, out)
	}
	var script []byte
	for _, v := range vars {
		line, err := shellenv.Assign(sh, v[0], v[1])
		var ue *shellenv.UnquotableError
		if errors.As(err, &ue) {
			// The error names the variable and the character, never the
			// value: it is a key.
			return exitErr(ExitFailure, err, a.p.T(MsgErrUnquotable, ue.Name, string(ue.Shell), ue.Offset))
		}
		if err != nil {
			return err
		}
		script = append(script, line...)
	}
	_, err = a.IO.Out.Write(script)
	return err
}
