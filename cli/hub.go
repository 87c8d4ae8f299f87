package cli

import (
	"errors"

	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/aigne-io/aigne/credentials"
)

// HubCmd is `aigne hub`.
type HubCmd struct {
	List    hubListCmd    `cmd:"" aliases:"ls" help:"help.list"`
	Connect hubConnectCmd `cmd:"" help:"help.connect"`
	Use     hubUseCmd     `cmd:"" help:"help.use"`
	Status  hubStatusCmd  `cmd:"" aliases:"st" help:"help.status"`
	Remove  hubRemoveCmd  `cmd:"" aliases:"rm" help:"help.remove"`
	Info    hubInfoCmd    `cmd:"" aliases:"i" help:"help.info"`
	Token   hubTokenCmd   `cmd:"" help:"help.token"`
	Env     hubEnvCmd     `cmd:"" help:"help.env"`
}

var (
	colorOK    = text.FgGreen
	colorError = text.FgRed
	colorWarn  = text.FgYellow
)

// hubJSON is the hub object of the JSON documents.
type hubJSON struct {
	URL             string  `json:"url"`
	APIURL          *string `json:"api_url"`
	Host            string  `json:"host"`
	Active          bool    `json:"active"`
	CredentialStore *string `json:"credential_store"`
	Valid           bool    `json:"valid"`
}

// checkedHubJSON is a hub of `list --check`: its health, as status gives it.
type checkedHubJSON struct {
	hubJSON
	Status string  `json:"status"`
	Error  *string `json:"error"`
}

func toHubJSON(h credentials.Hub, active string) hubJSON {
	return hubJSON{
		URL:             h.Origin(),
		APIURL:          nullable(h.APIURL),
		Host:            h.Host,
		Active:          h.Host == active && active != "",
		CredentialStore: nullable(string(h.Store)),
		Valid:           !h.Invalid,
	}
}

// nullable renders "" as JSON null.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// load opens the registry and reads the saved hubs once: the file, and the
// keychain's listing. values: read every keychain value too (list --check).
func (a *App) load(values bool) (*credentials.Registry, *credentials.State, error) {
	reg, err := a.registry()
	if err != nil {
		return nil, nil, err
	}
	st, err := reg.Load(values)
	if err != nil {
		return nil, nil, err
	}
	return reg, st, nil
}

// loadToRead is load for commands that only read: they say when the file
// is open to other users, since they leave it as it is.
func (a *App) loadToRead(values bool) (*credentials.Registry, *credentials.State, error) {
	reg, st, err := a.load(values)
	if err == nil {
		a.warnOpenFile(reg)
	}
	return reg, st, err
}

// pickHub finds the saved hub the user named, or asks for one on a
// terminal. cmd names the subcommand for the "pass an argument" hint.
func (a *App) pickHub(st *credentials.State, arg, cmd string, title Msg, preselect string) (credentials.Hub, error) {
	p := a.p
	if arg != "" {
		u, err := a.parseArg(arg)
		if err != nil {
			return credentials.Hub{}, err
		}
		h, ok := st.Hub(u.Host)
		if !ok && st.KeychainErr != nil {
			return credentials.Hub{}, st.KeychainErr // it may be there
		}
		if !ok {
			return credentials.Hub{}, usageErr(p, MsgErrUnknownHub, u.String())
		}
		return h, nil
	}
	hubs := st.Valid()
	if len(hubs) == 0 && st.KeychainErr != nil {
		return credentials.Hub{}, st.KeychainErr
	}
	if len(hubs) == 0 {
		return credentials.Hub{}, exitErr(ExitAuth, nil, p.T(MsgErrNoHubs))
	}
	if !a.IO.CanPrompt() {
		return credentials.Hub{}, usageErr(p, MsgErrNeedArg, "'aigne hub "+cmd+"'", cmd)
	}
	active, _ := st.Active()
	choices := make([]Choice, 0, len(hubs))
	for _, h := range hubs {
		label := safeText(h.Origin())
		if h.Host == active {
			label += p.T(MsgActiveSuffix)
		}
		c := Choice{Label: label, Value: h.Host}
		// The preselected hub goes first: huh scrolls a list to its
		// cursor, which would hide the hubs above it.
		if h.Host == preselect {
			choices = append([]Choice{c}, choices...)
		} else {
			choices = append(choices, c)
		}
	}
	host, err := a.Prompter.Select(p.T(title), choices, preselect)
	if err != nil {
		return credentials.Hub{}, err
	}
	h, ok := st.Hub(host)
	if !ok {
		return credentials.Hub{}, errors.New("prompt returned an unknown hub")
	}
	return h, nil
}

// tolerate turns a *credentials.Warning into a warning on stderr: the
// change was made, only one keychain step was left undone. Any other error
// is returned as it is.
func (a *App) tolerate(err error) error {
	var w *credentials.Warning
	if !errors.As(err, &w) {
		return err
	}
	var msg string
	if w.What == credentials.WarnDefaultLeft {
		msg = a.p.T(MsgWarnDefaultLeft, w.Host, a.keychainReason(w.Err))
	} else {
		msg = a.p.T(MsgWarnLeftover, w.Host, credentials.KeychainService, w.Host, a.keychainReason(w.Err))
	}
	a.warn(msg)
	return nil
}

// warn prints a warning line on stderr.
func (a *App) warn(msg string) {
	fprintln(a.IO.ErrOut, paint(a.IO.Color && a.IO.ErrTTY, colorWarn, a.p.T(MsgWarn, safeText(msg))))
}

// warnState says on stderr what the person should know about the saved
// hubs before a command uses them: file entries that are not used, and a
// keychain that could not be read.
func (a *App) warnState(reg *credentials.Registry, st *credentials.State) {
	for _, h := range st.Hubs {
		if h.Invalid && h.InFile {
			a.warn(a.p.T(MsgWarnInvalidEntry, h.Host, reg.File.Path))
		}
	}
	if st.KeychainErr != nil {
		a.warn(a.p.T(MsgWarnKeychainList, a.keychainReason(st.KeychainErr), reg.File.Path))
	}
}

// warnOpenFile says once on stderr, for commands that only read, that the
// hub list can be read by others (commands that write tighten it).
func (a *App) warnOpenFile(reg *credentials.Registry) {
	if open, mode := reg.File.OpenToOthers(); open {
		a.warn(a.p.T(MsgWarnOpenFile, reg.File.Path, uint32(mode)))
	}
}

// success prints a ✓ line in green on a terminal.
func (a *App) success(line string) {
	fprintln(a.IO.Out, paint(a.IO.Color, colorOK, line))
}

// warnEnvOverride says on stderr that a variable overrides the active hub
// for the runtime (and for status, info, token and env).
func (a *App) warnEnvOverride() {
	if v := a.envOverride(); v != "" {
		a.warn(a.p.T(MsgWarnEnvOverride, v))
	}
}

// envOverride is the first variable set of those that choose the hub or
// key in place of the saved ones, "" when none is.
func (a *App) envOverride() string {
	for _, v := range []string{EnvBlockletURL, EnvAPIURL, EnvAPIKey} {
		if a.Getenv(v) != "" {
			return v
		}
	}
	return ""
}
