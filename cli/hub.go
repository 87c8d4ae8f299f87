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

// loadToRead reads the saved hubs for a command that only reads: it says
// when the file is open to other users, since it leaves the file as it is.
// values: read every keychain value too (list --check).
func loadToRead(out *Output, reg *credentials.Registry, values bool) (*credentials.State, error) {
	st, err := reg.Load(values)
	if err == nil {
		out.warnOpenFile(reg)
	}
	return st, err
}

// hubQuestion is which saved hub a command is about: the one named in arg,
// or the one the person picks at the terminal. cmd names the subcommand
// for the "pass an argument" hint.
type hubQuestion struct {
	arg, cmd  string
	title     Msg
	preselect string
}

// pickHub finds the saved hub the person named, or asks for one.
func pickHub(out *Output, ask Prompter, st *credentials.State, q hubQuestion) (credentials.Hub, error) {
	p := out.p
	if q.arg != "" {
		u, err := parseArg(p, q.arg)
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
	if !out.IO.CanPrompt() {
		return credentials.Hub{}, usageErr(p, MsgErrNeedArg, "'aigne hub "+q.cmd+"'", q.cmd)
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
		if h.Host == q.preselect {
			choices = append([]Choice{c}, choices...)
		} else {
			choices = append(choices, c)
		}
	}
	host, err := ask.Select(p.T(q.title), choices, q.preselect)
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
func (o *Output) tolerate(err error) error {
	var w *credentials.Warning
	if !errors.As(err, &w) {
		return err
	}
	var msg string
	if w.What == credentials.WarnDefaultLeft {
		msg = o.p.T(MsgWarnDefaultLeft, w.Host, keychainReason(o.p, w.Err))
	} else {
		msg = o.p.T(MsgWarnLeftover, w.Host, credentials.KeychainService, w.Host, keychainReason(o.p, w.Err))
	}
	o.warn(msg)
	return nil
}

// warnState says on stderr what the person should know about the saved
// hubs before a command uses them: file entries that are not used, and a
// keychain that could not be read.
func (o *Output) warnState(reg *credentials.Registry, st *credentials.State) {
	for _, h := range st.Hubs {
		switch {
		case !h.Invalid:
		case h.InFile && h.Problem == credentials.ProblemFieldTwice:
			o.warn(o.p.T(MsgWarnEntryTwice, h.Host, reg.File.Path, h.Field))
		case h.InFile:
			o.warn(o.p.T(MsgWarnInvalidEntry, h.Host, reg.File.Path))
		default:
			o.warn(o.p.T(MsgWarnBadItem, itemName(h.Host), h.Host, itemProblem(o.p, h.Problem, h.ItemErr)))
		}
	}
	if st.KeychainErr != nil {
		o.warn(o.p.T(MsgWarnKeychainList, keychainReason(o.p, st.KeychainErr), reg.File.Path))
	}
}

// itemName is how the keychain names a hub's item: the target name of
// Windows' Credential Manager, the service and account elsewhere.
func itemName(account string) string { return credentials.KeychainService + "/" + account }

// itemProblem words why a keychain item is not used.
func itemProblem(p Printer, pr credentials.Problem, err error) string {
	switch pr {
	case credentials.ProblemUnreadable:
		return p.T(MsgItemUnreadable, keychainReason(p, err))
	case credentials.ProblemNotJSON:
		return p.T(MsgItemNotJSON)
	case credentials.ProblemNoURL:
		return p.T(MsgItemNoURL)
	}
	return p.T(MsgItemMismatch)
}

// warnOpenFile says once on stderr, for commands that only read, that the
// hub list can be read by others (commands that write tighten it).
func (o *Output) warnOpenFile(reg *credentials.Registry) {
	if open, mode := reg.File.OpenToOthers(); open {
		o.warn(o.p.T(MsgWarnOpenFile, reg.File.Path, uint32(mode)))
	}
}

// warnEnvOverride says on stderr that a variable overrides the active hub
// for the runtime (and for status, info, token and env).
func (o *Output) warnEnvOverride(env Env) {
	if v := envOverride(env); v != "" {
		o.warn(o.p.T(MsgWarnEnvOverride, v))
	}
}

// envOverride is the first variable set of those that choose the hub or
// key in place of the saved ones, "" when none is.
func envOverride(env Env) string {
	for _, v := range []string{EnvBlockletURL, EnvAPIURL, EnvAPIKey} {
		if env(v) != "" {
			return v
		}
	}
	return ""
}

// hubResult is a hub a command made active (use, connect): the hub object
// as JSON, the line that says so as text.
type hubResult struct {
	hub  credentials.Hub
	note string // on stderr before the line, as text ("" none)
	line string
}

func (r hubResult) document(Printer) any { return toHubJSON(r.hub, r.hub.Host) }

func (r hubResult) text(o *Output) error {
	if r.note != "" {
		fprintln(o.IO.ErrOut, r.note)
	}
	o.success(r.line)
	return nil
}
