package cli

import (
	"context"
	"crypto/x509"
	"errors"
	"net"
	"strings"
	"sync"
	"time"

	"github.com/jedib0t/go-pretty/v6/text"

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

// stateText is a health state with its reason for a row of the table, in
// at most room columns, coloured on a terminal.
func (o *Output) stateText(h hubclient.Health, room int) string {
	color := colorError
	switch h.State {
	case hubclient.StateOnline:
		color = colorOK
	case hubclient.StateUnavailable:
		color = colorWarn
	}
	return paint(o.IO.Color, color, rowText(o.p, h, room))
}

// tableWidth is what list --check keeps its table to, when the hosts
// leave room (a host of up to 30 characters does); minRoom is the least
// the STATUS column gets whatever the URLs' width.
const (
	tableWidth = 100
	minRoom    = 30
)

// rowText is a hub's state in its row of list --check, in at most room
// columns. The reason leaves out the hub's host and URL, which the row
// shows already; one that still does not fit, such as a hub's own long
// words, is cut with "…" (the hub's words keep their closing quote).
// JSON keeps every reason whole.
func rowText(p Printer, h hubclient.Health, room int) string {
	var msg Msg
	switch h.State {
	case hubclient.StateOnline:
		return p.T(MsgStateOnline)
	case hubclient.StateUnauthorized:
		msg = MsgStateUnauthorizedWhy
	case hubclient.StateUnavailable:
		msg = MsgStateUnavailable
	case hubclient.StateError:
		msg = MsgStateError
	default:
		msg = MsgStateOffline
	}
	why, quoted := rowWhy(p, h)
	if why == "" {
		return p.T(MsgStateUnauthorized)
	}
	room -= textWidth(p.T(msg, ""))
	why = safeText(why)
	if quoted {
		return p.T(msg, `"`+cutTo(why, room-2)+`"`)
	}
	return p.T(msg, cutTo(why, room))
}

// rowWhy says why a hub is not online without naming it; quoted is for
// the hub's own words.
func rowWhy(p Printer, h hubclient.Health) (why string, quoted bool) {
	var (
		he *hubclient.Error
		nk *credentials.NoKeyError
	)
	switch {
	case errors.As(h.Err, &he):
		return hubRowReason(p, he), false
	case errors.As(h.Err, &nk) && nk.Invalid && nk.Problem != credentials.ProblemUnreadable:
		// The warning above the table says what is wrong with it.
		return p.T(MsgRowInvalid), false
	case errors.As(h.Err, &nk) && !nk.Invalid:
		return p.T(MsgRowNoKey), false
	case h.Err != nil || h.Reason == "":
		return healthWhy(p, h, false), false
	}
	return h.Reason, true
}

// hubRowReason is hubReason without the hub's host or URL.
func hubRowReason(p Printer, he *hubclient.Error) string {
	switch he.Problem {
	case hubclient.ProblemTimeout:
		return p.T(MsgRowTimeout, he.Timeout)
	case hubclient.ProblemConnect:
		var dns *net.DNSError
		switch {
		case errors.As(he.Cause, &dns):
			return p.T(MsgRowDNS)
		case isAny(he.Cause, errsRefused), isAny(he.Cause, errsReset), isAny(he.Cause, errsUnreachable):
			return causeText(p, he.Cause)
		}
		return p.T(MsgRowConnect, causeText(p, he.Cause))
	case hubclient.ProblemTLS:
		var (
			unknown x509.UnknownAuthorityError
			name    x509.HostnameError
			invalid x509.CertificateInvalidError
		)
		switch {
		case errors.As(he.Cause, &unknown):
			return p.T(MsgRowTLSUnknownCA)
		case errors.As(he.Cause, &name):
			return p.T(MsgRowTLSName)
		case errors.As(he.Cause, &invalid) && invalid.Reason == x509.Expired:
			return p.T(MsgRowTLSExpired)
		}
		return p.T(MsgRowTLS, causeText(p, he.Cause))
	case hubclient.ProblemStatus:
		return p.T(MsgRowStatus, he.Status)
	case hubclient.ProblemTooLarge:
		return p.T(MsgRowTooLarge, sizeText(he.Limit))
	case hubclient.ProblemInvalidJSON:
		return p.T(MsgRowInvalidJSON)
	case hubclient.ProblemMissingField:
		return p.T(MsgRowMissingField, he.Field)
	case hubclient.ProblemNotAHub, hubclient.ProblemNoLoginService:
		return p.T(MsgRowNotAHub)
	case hubclient.ProblemRedirectHost:
		return p.T(MsgRowRedirect, he.To)
	case hubclient.ProblemRedirectDowngrade:
		return p.T(MsgRowDowngrade)
	case hubclient.ProblemTooManyRedirects:
		return p.T(MsgRowRedirects, he.Limit)
	case hubclient.ProblemRejected:
		return p.T(MsgRowRejected, he.Status)
	case hubclient.ProblemNoKey:
		return p.T(MsgRowNoKey)
	case hubclient.ProblemInsecure:
		return p.T(MsgRowInsecure)
	}
	return hubReason(p, he)
}

// cutTo cuts s to at most room columns, marking the cut with "…".
func cutTo(s string, room int) string {
	if textWidth(s) <= room {
		return s
	}
	var b strings.Builder
	w := 0
	for _, r := range s {
		rw := text.RuneWidth(r)
		if w+rw > room-1 {
			break
		}
		b.WriteRune(r)
		w += rw
	}
	return strings.TrimRight(b.String(), " ") + "…"
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
		spin := out.waiting(env, MsgWaitList)
		r.health = c.checkAll(ctx, client, st, r.hubs)
		spin.Stop()
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
	no, yes := p.T(MsgNo), paint(o.IO.Color, colorOK, p.T(MsgYes))
	for i, h := range r.hubs {
		mark := no
		if h.Host == r.active {
			mark = yes
		}
		rows[i] = []string{safeText(h.Origin()), mark}
	}
	// The Node CLI's column widths (70 and 10 with padding), and its cut
	// of a longer URL (cli-table3's "…" in the last column), so that the
	// two tools print the same bytes; JSON and the pickers give it whole.
	// Rows are ruled apart, as there too.
	minWidth := []int{68, 8}
	if r.health == nil {
		for i := range rows {
			rows[i][0] = cutTo(rows[i][0], minWidth[0]) // a URL has no spaces to trim
		}
	}
	if r.health != nil {
		// The Node CLI has no --check: its table is as wide as the URLs,
		// and the STATUS column has the rest of tableWidth.
		minWidth = nil
		widths := []int{0, 0}
		for _, row := range append([][]string{header}, rows...) {
			for c := range widths {
				widths[c] = max(widths[c], textWidth(row[c]))
			}
		}
		// "│ URL │ ACTIVE │ STATUS │": 10 columns of lines and padding.
		room := max(minRoom, tableWidth-10-widths[0]-widths[1])
		for i := range rows {
			rows[i] = append(rows[i], o.stateText(r.health[i], room))
		}
	}
	writeTable(o.IO.Out, o.IO.Color, header, rows, minWidth)
	fprintln(o.IO.Out, p.T(MsgListFooter))
	return nil
}
