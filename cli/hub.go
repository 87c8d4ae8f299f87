package cli

import (
	"slices"
	"strings"

	"github.com/aigne-io/aigne/credentials"
)

// HubCmd is `aigne hub`.
type HubCmd struct {
	List    hubListCmd    `cmd:"" aliases:"ls" help:"help.list"`
	Connect hubConnectCmd `cmd:"" aliases:"login" help:"help.connect"`
	Use     hubUseCmd     `cmd:"" help:"help.use"`
	Status  hubStatusCmd  `cmd:"" aliases:"st" help:"help.status"`
	Remove  hubRemoveCmd  `cmd:"" aliases:"rm,logout" help:"help.remove"`
	Info    hubInfoCmd    `cmd:"" aliases:"i" help:"help.info"`
	Token   hubTokenCmd   `cmd:"" help:"help.token"`
	Env     hubEnvCmd     `cmd:"" help:"help.env"`
}

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

// warnUndone says on stderr which keychain step a change left undone: the
// change was made, so the command goes on and succeeds.
func (o *Output) warnUndone(warns []credentials.Warning) {
	for _, w := range warns {
		if w.What == credentials.WarnDefaultLeft {
			o.warn(o.p.T(MsgWarnDefaultLeft, w.Host, keychainReason(o.p, w.Err)))
		} else {
			o.warn(o.p.T(MsgWarnLeftover, w.Host, credentials.KeychainService, w.Host, keychainReason(o.p, w.Err)))
		}
	}
}

// warnState says on stderr what the person should know about the saved
// hubs before a command uses them: file entries that are not used, and a
// keychain that could not be read. The entries named in except are left
// to the error that names them.
func (o *Output) warnState(reg *credentials.Registry, st *credentials.State, except ...string) {
	for _, h := range st.Hubs {
		switch {
		case !h.Invalid, h.InFile && slices.Contains(except, h.Host):
		case h.InFile:
			o.warn(entryOfHub(h, reg.File.Path).warning(o.p))
		default:
			o.warn(o.p.T(MsgWarnBadItem, itemName(h.Host), h.Host, itemProblem(o.p, h)))
		}
	}
	if st.KeychainErr != nil {
		o.warn(o.p.T(MsgWarnKeychainList, keychainReason(o.p, st.KeychainErr), reg.File.Path))
	}
}

// warnOpenFile says once on stderr, for commands that only read, that the
// hub list can be read by others (commands that write tighten it).
func (o *Output) warnOpenFile(reg *credentials.Registry) {
	switch e := reg.File.OpenToOthers(); {
	case !e.Open:
	case e.Readers != nil:
		// Windows: no mode bits, and no chmod to advise.
		o.warn(o.p.T(MsgWarnOpenFileACL, reg.File.Path, strings.Join(e.Readers, ", ")))
	default:
		o.warn(o.p.T(MsgWarnOpenFile, reg.File.Path, uint32(e.Mode)))
	}
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
