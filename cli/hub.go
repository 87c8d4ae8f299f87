package cli

import (
	"errors"

	"github.com/jedib0t/go-pretty/v6/text"

	"github.com/aigne-io/aigne/credentials"
)

// HubCmd is `aigne hub`.
type HubCmd struct {
	List    hubListCmd    `cmd:"" aliases:"ls" help:"${help_list}"`
	Connect hubConnectCmd `cmd:"" help:"${help_connect}"`
	Use     hubUseCmd     `cmd:"" help:"${help_use}"`
	Status  hubStatusCmd  `cmd:"" aliases:"st" help:"${help_status}"`
	Remove  hubRemoveCmd  `cmd:"" aliases:"rm" help:"${help_remove}"`
	Info    hubInfoCmd    `cmd:"" aliases:"i" help:"${help_info}"`
}

var (
	colorOK    = text.FgGreen
	colorError = text.FgRed
	colorWarn  = text.FgYellow
)

// hubJSON is the hub object of SPEC §3.
type hubJSON struct {
	URL             string  `json:"url"`
	APIURL          string  `json:"api_url"`
	Host            string  `json:"host"`
	Active          bool    `json:"active"`
	CredentialStore string  `json:"credential_store"`
	Status          *string `json:"status,omitempty"`
}

func toHubJSON(h credentials.Hub, active string) hubJSON {
	return hubJSON{
		URL:             originOf(h.Host, h.APIURL),
		APIURL:          h.APIURL,
		Host:            h.Host,
		Active:          h.Host == active,
		CredentialStore: credentials.StoreOf(h),
	}
}

// nullable renders "" as JSON null.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// loadDoc opens the registry and reads the hub list.
func (a *App) loadDoc() (*credentials.Registry, *credentials.Doc, error) {
	reg, err := a.registry()
	if err != nil {
		return nil, nil, err
	}
	doc, err := reg.File.Load()
	if err != nil {
		return nil, nil, err
	}
	return reg, doc, nil
}

// pickHub finds the saved hub the user named, or asks for one on a
// terminal. cmd names the subcommand for the "pass an argument" hint.
func (a *App) pickHub(doc *credentials.Doc, arg, cmd string, title Msg, preselect string) (credentials.Hub, error) {
	p := a.p
	if arg != "" {
		u, err := ParseHubURL(arg)
		if err != nil {
			return credentials.Hub{}, usageErr(p, MsgErrBadURL, arg, err.Error())
		}
		h, ok := doc.Hub(u.Host)
		if !ok {
			return credentials.Hub{}, usageErr(p, MsgErrUnknownHub, u.String())
		}
		return h, nil
	}
	hubs := doc.Hubs()
	if len(hubs) == 0 {
		return credentials.Hub{}, exitErr(ExitAuth, nil, p.T(MsgErrNoHubs))
	}
	if !a.IO.CanPrompt() {
		return credentials.Hub{}, usageErr(p, MsgErrNeedArg, "'aigne hub "+cmd+"'", cmd)
	}
	active := doc.Active()
	choices := make([]Choice, 0, len(hubs))
	for _, h := range hubs {
		label := originOf(h.Host, h.APIURL)
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
	h, ok := doc.Hub(host)
	if !ok {
		return credentials.Hub{}, errors.New("prompt returned an unknown hub")
	}
	return h, nil
}

// tolerate turns a *credentials.LeftoverError into a warning on stderr:
// the operation succeeded, only an old copy of a key could not be deleted.
// Any other error is returned as it is.
func (a *App) tolerate(err error) error {
	var le *credentials.LeftoverError
	if !errors.As(err, &le) {
		return err
	}
	msg := a.p.T(MsgWarnLeftover, le.Store, le.Host, credentials.DefaultKeyringService, le.Host, le.Err.Error())
	fprintln(a.IO.ErrOut, paint(a.IO.Color && a.IO.ErrTTY, colorWarn, a.p.T(MsgWarn, safeText(msg))))
	return nil
}

// success prints a ✓ line in green on a terminal.
func (a *App) success(line string) {
	fprintln(a.IO.Out, paint(a.IO.Color, colorOK, line))
}
