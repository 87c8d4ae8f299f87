package cli

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
)

type hubListCmd struct {
	Check        bool          `help:"help.list.check"`
	CheckTimeout time.Duration `name:"check-timeout" default:"5s" help:"help.list.checktimeout"`
}

// checkAll asks every hub for its health at once, each bounded by its own
// timeout, so the slowest hub sets the pace rather than the sum of them.
func (c *hubListCmd) checkAll(ctx context.Context, client *hubclient.Client, st *credentials.State, hubs []credentials.Hub) []hubclient.Health {
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
			api, err := readAPIURL(cred.APIURL)
			if err != nil {
				out[i] = hubclient.HealthOf(err)
				return
			}
			out[i] = client.Health(ctx, api, cred.Key)
		}()
	}
	wg.Wait()
	return out
}

// stateText is a health state with its reason, coloured on a terminal.
func (o *Output) stateText(h hubclient.Health) string {
	color := colorError
	switch h.State {
	case hubclient.StateOnline:
		color = colorOK
	case hubclient.StateUnavailable:
		color = colorWarn
	}
	return paint(o.IO.Color, color, healthText(o.p, h, true))
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

// AfterApply checks the flags before anything is opened.
func (c *hubListCmd) AfterApply(out *Output) error {
	if c.CheckTimeout <= 0 {
		return usageErr(out.p, MsgErrCheckTimeoutValue, c.CheckTimeout)
	}
	return nil
}

func (c *hubListCmd) Run(ctx context.Context, out *Output, env Env, reg *credentials.Registry, client *hubclient.Client) error {
	st, err := loadToRead(out, reg, c.Check)
	if err != nil {
		return err
	}
	out.warnState(reg, st)
	out.warnEnvOverride(env)
	// A keychain that could not be read was warned about above; the
	// best answer without it is shown.
	r := listResult{hubs: st.Hubs, keychainErr: st.KeychainErr}
	r.active, _ = st.Active()
	if c.Check {
		r.health = c.checkAll(ctx, client, st, r.hubs)
		if ctx.Err() != nil {
			return errInterrupted
		}
	}
	return out.render(r)
}

// listResult is the saved hubs, and with --check how each one is. With
// --check it is a report, like status: the document (or the table) is the
// answer, and the exit code says how the worst hub is.
type listResult struct {
	hubs   []credentials.Hub
	active string
	health []hubclient.Health // nil without --check
	// keychainErr: the keychain could not be read (locked, say), so the
	// hubs it holds are not among these.
	keychainErr error
}

type listJSON struct {
	Active *string `json:"active"`
	Hubs   []any   `json:"hubs"` // hubJSON, or checkedHubJSON with --check
}

// exitCode: --check cannot check what it cannot see, so a keychain that
// could not be read fails it whatever the hubs it did see answered.
func (r listResult) exitCode() int {
	if r.health != nil && r.keychainErr != nil {
		return ExitFailure
	}
	return worstCode(r.health)
}

func (r listResult) document(p Printer) any {
	out := listJSON{Hubs: make([]any, 0, len(r.hubs))}
	for i, h := range r.hubs {
		j := toHubJSON(h, r.active)
		if j.Active {
			out.Active = nullable(j.URL)
		}
		if r.health == nil {
			out.Hubs = append(out.Hubs, j)
			continue
		}
		out.Hubs = append(out.Hubs, checkedHubJSON{hubJSON: j, Status: r.health[i].State, Error: healthReason(p, r.health[i])})
	}
	return out
}

func (r listResult) text(o *Output) error {
	p := o.p
	if len(r.hubs) == 0 && r.keychainErr != nil {
		// Not "no hub connected": the keychain may hold some, and the
		// warning on stderr says it could not be read.
		return nil
	}
	if len(r.hubs) == 0 {
		fprintln(o.IO.Out, p.T(MsgListEmpty))
		fprintln(o.IO.Out, p.T(MsgListEmptyTip))
		return nil
	}
	fprintln(o.IO.Out, p.T(MsgListHeading))
	fprintln(o.IO.Out)
	header := []string{p.T(MsgColURL), p.T(MsgColActive)}
	if r.health != nil {
		header = append(header, p.T(MsgColStatus))
	}
	rows := make([][]string, len(r.hubs))
	for i, h := range r.hubs {
		mark := p.T(MsgNo)
		if h.Host == r.active {
			mark = paint(o.IO.Color, colorOK, p.T(MsgYes))
		}
		rows[i] = []string{safeText(h.Origin()), mark}
		if r.health != nil {
			rows[i] = append(rows[i], o.stateText(r.health[i]))
		}
	}
	// The Node CLI's column widths (70 and 10 with padding), so the two
	// tools look alike; a longer URL widens the column instead of being cut.
	// Rows are ruled apart, as there too.
	writeTable(o.IO.Out, o.IO.Color, header, rows, []int{68, 8})
	fprintln(o.IO.Out, p.T(MsgListFooter))
	return nil
}
