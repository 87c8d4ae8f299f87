package cli

import (
	"embed"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/aigne-io/aigne/internal/shellenv"
)

// The scripts are written by hand: the command tree is small and fixed by
// the SPEC, and a hand-written script completes what a generator from the
// Kong model cannot see, the saved hubs, for which each one calls
// `aigne __complete hubs`. (kongplete, the Kong generator, answers through
// the binary on every TAB via posener/complete: it needs a hook in Main and
// is at home in bash only.) Descriptions come from the message catalog, so
// zsh, fish and PowerShell describe the commands in the user's language.
// TestCompletionScriptsCoverCommandTree keeps the scripts in step with the
// Kong model.
//
// The files are named one by one: a directory pattern would leave out
// _aigne, as embed skips names starting with "_".
//
//go:embed completions/aigne.bash completions/_aigne completions/aigne.fish completions/aigne.ps1
var completionFS embed.FS

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

func (c *completionCmd) Run(a *App) error {
	script, err := completionScript(c.Shell, a.p)
	if err != nil {
		return err
	}
	_, err = a.IO.Out.Write([]byte(script))
	return err
}

// completionScript renders the script for shell with descriptions in p's
// language.
func completionScript(shell string, p Printer) (string, error) {
	quote := map[string]func(string) (string, error){
		"bash": func(s string) (string, error) { return s, nil },
		"zsh":  func(s string) (string, error) { return zshQuote(s), nil },
		"fish": func(s string) (string, error) { return fishQuote(s), nil },
		// A whole expression, quotes included, of ASCII only.
		"powershell": func(s string) (string, error) { return shellenv.Quote(shellenv.PowerShell, "description", s) },
	}[shell]
	t, err := template.New(shell).
		Funcs(template.FuncMap{"T": func(key string) (string, error) {
			if _, ok := catalogs["en"][Msg(key)]; !ok {
				return "", fmt.Errorf("no message %q in the catalog", key)
			}
			return quote(p.T(Msg(key)))
		}}).
		ParseFS(completionFS, completionFiles[shell])
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, t.Templates()[0].Name(), nil); err != nil {
		return "", err
	}
	return b.String(), nil
}

// zshQuote makes s safe inside a single-quoted _arguments spec: a
// description in [...] or a message between colons.
var zshQuote = strings.NewReplacer(`'`, `'\''`, `\`, `\\`, `[`, `\[`, `]`, `\]`, `:`, `\:`).Replace

// fishQuote makes s safe inside single quotes.
var fishQuote = strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace

// completeCmd is the hidden `aigne __complete hubs` the scripts call while
// the user presses TAB. It prints one saved hub origin per line. It reads
// only the file, never the keychain, and fails silently: a broken file
// must not print errors into the middle of a command line.
type completeCmd struct {
	What string `arg:"" enum:"hubs"`
}

func (c *completeCmd) Run(a *App) error {
	reg, err := a.registry()
	if err != nil {
		return nil
	}
	// A keychain that hangs must not hang the shell's TAB for long.
	if reg.Keychain != nil {
		reg.Keychain.Timeout = completionKeychainTimeout
	}
	st, err := reg.LoadQuiet()
	if err != nil {
		return nil
	}
	var b strings.Builder
	for _, h := range st.Valid() {
		b.WriteString(safeText(h.Origin()) + "\n")
	}
	_, _ = a.IO.Out.Write([]byte(b.String()))
	return nil
}

const completionKeychainTimeout = time.Second
