package cli

import (
	"errors"
	"sync"
	"time"

	"github.com/jedib0t/go-pretty/v6/table"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
)

type hubListCmd struct {
	Check        bool          `help:"help.list.check"`
	CheckTimeout time.Duration `name:"check-timeout" default:"5s" help:"help.list.checktimeout"`
}

// checkAll asks every hub for its health at once, each bounded by its own
// timeout, so the slowest hub sets the pace rather than the sum of them.
func (c *hubListCmd) checkAll(a *App, st *credentials.State, hubs []credentials.Hub) []hubclient.Health {
	client := a.hubClient()
	client.RequestTimeout = c.CheckTimeout
	out := make([]hubclient.Health, len(hubs))
	var wg sync.WaitGroup
	for i, h := range hubs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cred, err := st.Credentials(h)
			if err != nil {
				// A missing key is an authentication problem; a keychain
				// that cannot be read is an error, not the hub's.
				state := hubclient.StateUnauthorized
				if !errors.Is(err, credentials.ErrNoKey) {
					state = hubclient.StateError
				}
				out[i] = hubclient.Health{State: state, Err: err}
				return
			}
			// The client's RequestTimeout bounds the check, and says so
			// when it runs out; a deadline of ours would fire first and
			// come back as the caller's.
			out[i] = client.Health(a.Ctx, cred.APIURL, cred.Key)
		}()
	}
	wg.Wait()
	return out
}

// stateText is a health state with its reason, coloured on a terminal.
func (a *App) stateText(h hubclient.Health) string {
	color := colorError
	switch h.State {
	case hubclient.StateOnline:
		color = colorOK
	case hubclient.StateUnavailable:
		color = colorWarn
	}
	return paint(a.IO.Color, color, healthText(a.p, h, true))
}

type listJSON struct {
	Active *string `json:"active"`
	Hubs   []any   `json:"hubs"` // hubJSON, or checkedHubJSON with --check
}

// worstCode is the exit code of list --check: as status would exit for
// the worst hub, a hub that fails outranking one that refuses the key.
func worstCode(health []hubclient.Health) int {
	code := ExitOK
	for _, h := range health {
		switch c := healthCode(h.State); {
		case c == ExitUnreachable:
			return ExitUnreachable
		case c == ExitAuth:
			code = ExitAuth
		}
	}
	return code
}

func (c *hubListCmd) Run(a *App) error {
	if c.CheckTimeout <= 0 {
		return usageErr(a.p, MsgErrCheckTimeoutValue, c.CheckTimeout)
	}
	reg, st, err := a.loadToRead(c.Check)
	if err != nil {
		return err
	}
	a.warnState(reg, st)
	a.warnEnvOverride()
	hubs := st.Hubs
	// A keychain that could not be read was warned about above; the
	// best answer without it is shown.
	active, _ := st.Active()
	p := a.p
	var health []hubclient.Health
	if c.Check {
		health = c.checkAll(a, st, hubs)
		if a.Ctx.Err() != nil {
			return errInterrupted
		}
	}

	// With --check this is a report, like status: the document (or the
	// table) is the answer, and the exit code says how the worst hub is.
	var report error
	if code := worstCode(health); code != ExitOK {
		report = &silentExit{code: code}
	}
	if a.json() {
		out := listJSON{Hubs: make([]any, 0, len(hubs))}
		for i, h := range hubs {
			j := toHubJSON(h, active)
			if j.Active {
				out.Active = nullable(j.URL)
			}
			if health == nil {
				out.Hubs = append(out.Hubs, j)
				continue
			}
			out.Hubs = append(out.Hubs, checkedHubJSON{hubJSON: j, Status: health[i].State, Error: healthReason(a.p, health[i])})
		}
		if err := writeJSON(a.IO.Out, out); err != nil {
			return err
		}
		return report
	}

	if len(hubs) == 0 {
		fprintln(a.IO.Out, p.T(MsgListEmpty))
		fprintln(a.IO.Out, p.T(MsgListEmptyTip))
		return nil
	}
	fprintln(a.IO.Out, p.T(MsgListHeading))
	fprintln(a.IO.Out)
	t := newTable(a.IO.Out, a.IO.Color)
	header := table.Row{p.T(MsgColURL), p.T(MsgColActive)}
	if health != nil {
		header = append(header, p.T(MsgColStatus))
	}
	t.AppendHeader(header)
	for i, h := range hubs {
		mark := p.T(MsgNo)
		if h.Host == active {
			mark = paint(a.IO.Color, colorOK, p.T(MsgYes))
		}
		row := table.Row{safeText(h.Origin()), mark}
		if health != nil {
			row = append(row, a.stateText(health[i]))
		}
		t.AppendRow(row)
	}
	// The Node CLI's column widths (70 and 10 with padding), so the two
	// tools look alike; a longer URL widens the column instead of being cut.
	// Rows are ruled apart, as there too.
	cols := []table.ColumnConfig{{Number: 1, WidthMin: 68}, {Number: 2, WidthMin: 8}}
	t.SetColumnConfigs(cols)
	t.Style().Options.SeparateRows = true
	t.Render()
	fprintln(a.IO.Out, p.T(MsgListFooter))
	return report
}
