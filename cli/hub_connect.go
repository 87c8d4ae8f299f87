package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/huburl"
)

// OfficialHub is offered first when connect is run without a URL.
const OfficialHub = "https://hub.aigne.io"

// maxTokenBytes bounds what --with-token reads: an API key is short, and a
// mistaken `cat bigfile |` must not be read whole.
const maxTokenBytes = 64 << 10

type hubConnectCmd struct {
	URL       string        `arg:"" optional:"" name:"url" help:"help.connect.url"`
	Store     string        `placeholder:"file|keyring" help:"help.store"`
	NoBrowser bool          `name:"no-browser" help:"help.nobrowser"`
	WithToken bool          `name:"with-token" help:"help.withtoken"`
	Timeout   time.Duration `default:"5m" help:"help.timeout"`
	Force     bool          `help:"help.force"`
}

func (c *hubConnectCmd) validate(p Printer) error {
	if _, ok := credentials.ParseStore(c.Store); !ok && c.Store != "" {
		return usageErr(p, MsgErrStoreValue, c.Store)
	}
	if c.Timeout <= 0 {
		return usageErr(p, MsgErrTimeoutValue, c.Timeout)
	}
	return nil
}

// EnvCredentialStore is the default of --store.
const EnvCredentialStore = "AIGNE_HUB_CREDENTIAL_STORE"

func (c *hubConnectCmd) Run(a *App) error {
	p := a.p
	// Read here rather than through Kong's env tag, so that everything
	// the command sees of the environment goes through App.Getenv. Only
	// the flag moves an already-saved key; the variable is a default for
	// new ones.
	explicitStore := c.Store != ""
	if !explicitStore {
		c.Store = a.Getenv(EnvCredentialStore)
	}
	if err := c.validate(p); err != nil {
		return err
	}
	origin, err := c.origin(a)
	if err != nil {
		return err
	}
	reg, st, err := a.load(false)
	if err != nil {
		return err
	}
	host := origin.Host

	// A saved hub with a key is reused; one whose key is nowhere (or an
	// entry whose URL names another host) is logged in to again.
	saved, isSaved := st.Hub(host)
	usable := isSaved && !saved.Invalid && saved.Store != credentials.StoreNone
	if usable && !c.Force && !c.WithToken {
		move := credentials.StoreNone
		if explicitStore {
			move = credentials.Store(c.Store)
		}
		return c.reuse(a, reg, st, saved, move)
	}
	store := credentials.Store(c.Store)
	if store == credentials.StoreNone {
		store = credentials.StoreFile
		if usable {
			store = saved.Store // a new login keeps the key where it was
		}
	}
	// Fail on an unusable keychain before the person approves anything in
	// the browser, not after.
	if store == credentials.StoreKeyring {
		if err := reg.ProbeKeychain(); err != nil {
			return a.storeErr(reg, err)
		}
	}

	var key string
	if c.WithToken {
		if key, err = c.readToken(a); err != nil {
			return err
		}
	}
	client := a.hubClient()
	apiURL, err := client.Discover(a.Ctx, origin.String())
	if err != nil {
		return err
	}
	if c.WithToken {
		if !a.json() {
			fprintln(a.IO.ErrOut, p.T(MsgConnectTokenCheck, origin.String()))
		}
		if _, err := client.UserInfo(a.Ctx, apiURL, key); err != nil {
			if errors.Is(err, hubclient.ErrUnauthorized) {
				return exitErr(ExitAuth, err, p.T(MsgErrTokenRejected, origin.String()))
			}
			return err
		}
	} else {
		if key, err = c.login(a, client, origin.String()); err != nil {
			return err
		}
	}
	h, err := reg.Save(a.Ctx, host, apiURL, key, store)
	if err := a.tolerate(err); err != nil {
		return a.storeErr(reg, err)
	}
	if a.json() {
		return writeJSON(a.IO.Out, toHubJSON(h, host))
	}
	a.success(p.T(MsgConnectOK, origin.String()))
	return nil
}

// origin is the hub the person named, or the one they pick.
func (c *hubConnectCmd) origin(a *App) (huburl.Origin, error) {
	var none huburl.Origin
	p := a.p
	raw := c.URL
	if raw == "" {
		if !a.IO.CanPrompt() || c.WithToken {
			return none, usageErr(p, MsgErrNeedArg, "'aigne hub connect'", "connect")
		}
		choice, err := a.Prompter.Select(p.T(MsgConnectPrompt), []Choice{
			{Label: p.T(MsgConnectOfficial, OfficialHub), Value: OfficialHub},
			{Label: p.T(MsgConnectCustom), Value: ""},
		}, OfficialHub)
		if err != nil {
			return none, err
		}
		raw = choice
		if raw == "" {
			raw, err = a.Prompter.Input(p.T(MsgConnectURLAsk), "https://", func(s string) error {
				if _, err := huburl.Parse(s); err != nil {
					return errors.New(urlReason(p, err))
				}
				return nil
			})
			if err != nil {
				return none, err
			}
		}
	}
	u, err := a.parseArg(raw)
	if err != nil {
		return none, err
	}
	// Say no before any traffic: the login session and the key would
	// travel in clear text.
	if u.Scheme == "http" && !u.Loopback() {
		return none, usageErr(p, MsgErrInsecure, u.String())
	}
	return u, nil
}

// reuse makes an already-saved hub active without a new login, moving its
// key when another store was asked for.
func (c *hubConnectCmd) reuse(a *App, reg *credentials.Registry, st *credentials.State, h credentials.Hub, store credentials.Store) error {
	var err error
	if store != credentials.StoreNone && store != h.Store {
		cred, cerr := st.Credentials(h)
		if cerr != nil {
			return cerr
		}
		h, err = reg.Save(a.Ctx, h.Host, cred.APIURL, cred.Key, store)
	} else {
		h, err = reg.Use(a.Ctx, h.Host)
	}
	if err := a.tolerate(err); err != nil {
		return a.storeErr(reg, err)
	}
	if a.json() {
		return writeJSON(a.IO.Out, toHubJSON(h, h.Host))
	}
	fprintln(a.IO.ErrOut, a.p.T(MsgConnectAlready, safeText(h.Origin())))
	a.success(a.p.T(MsgConnectOK, safeText(h.Origin())))
	return nil
}

// readToken reads the key for --with-token from stdin, which must not be a
// terminal: a key typed there would echo on the screen.
func (c *hubConnectCmd) readToken(a *App) (string, error) {
	if a.IO.InTTY {
		return "", usageErr(a.p, MsgErrTokenTTY)
	}
	// Read aside, so that Ctrl-C ends a wait on a pipe that never closes.
	type result struct {
		data []byte
		err  error
	}
	read := make(chan result, 1)
	go func() {
		data, err := io.ReadAll(io.LimitReader(a.IO.In, maxTokenBytes+1))
		read <- result{data, err}
	}()
	var data []byte
	select {
	case <-a.Ctx.Done():
		return "", errInterrupted
	case r := <-read:
		if r.err != nil {
			return "", fmt.Errorf("read standard input: %w", r.err)
		}
		data = r.data
	}
	if len(data) > maxTokenBytes {
		return "", usageErr(a.p, MsgErrUsage, fmt.Sprintf("--with-token: standard input is larger than %d KiB; an API key is one short line", maxTokenBytes>>10))
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	sc.Buffer(make([]byte, 0, len(data)+1), len(data)+1)
	var key string
	for sc.Scan() {
		if line := strings.TrimSpace(sc.Text()); line != "" {
			key = line
			break
		}
	}
	if key == "" {
		return "", usageErr(a.p, MsgErrEmptyToken)
	}
	// An API key is printable ASCII; anything else is a paste gone wrong,
	// and it cannot travel in an HTTP header anyway.
	for _, r := range key {
		if r < 0x21 || r > 0x7e {
			return "", usageErr(a.p, MsgErrBadToken)
		}
	}
	return key, nil
}

// login runs the browser approval: start a session, show the page, poll
// until approved, and always close the session again.
func (c *hubConnectCmd) login(a *App, client *hubclient.Client, origin string) (string, error) {
	p := a.p
	session, err := client.Login(a.Ctx, origin)
	if err != nil {
		return "", err
	}
	defer func() {
		// The session must go even after Ctrl-C, so not a.Ctx.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = session.Close(ctx)
	}()

	pageURL := session.PageURL(hubclient.AuthorizeParams{})
	visit := MsgConnectManual
	if !c.NoBrowser && canOpenBrowser(a.Getenv) {
		visit = MsgConnectVisit
		open := a.OpenBrowser
		if open == nil {
			open = func(u string) error { return openBrowser(a.Getenv, a.IO.ErrOut, u) }
		}
		if !a.json() {
			fprintln(a.IO.ErrOut, p.T(MsgConnectOpen))
		}
		_ = open(pageURL) // a failure is fine: the URL is printed next
	}
	// The URL is always printed: the browser may have opened on another
	// screen, or not at all.
	fprintln(a.IO.ErrOut, p.T(visit, pageURL))

	ctx, cancel := context.WithTimeout(a.Ctx, c.Timeout)
	defer cancel()
	var spin *spinner
	if a.IO.ErrTTY && !a.json() {
		spin = startSpinner(a.IO.ErrOut, p.T(MsgConnectWaiting))
	}
	key, err := session.Wait(ctx)
	spin.Stop()
	switch {
	case err == nil:
		return key, nil
	case a.Ctx.Err() != nil:
		return "", errInterrupted
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
		return "", exitErr(ExitFailure, err, p.T(MsgErrTimeout, c.Timeout))
	}
	return "", err
}

// storeErr words a keychain failure for `connect`, adding the way out.
func (a *App) storeErr(reg *credentials.Registry, err error) error {
	var ue *credentials.UnavailableError
	switch {
	case errors.As(err, &ue):
		return exitErr(ExitFailure, err, a.p.T(MsgErrKeyring, a.p.T(MsgErrKeychain, a.keychainReason(err)), reg.File.Path))
	case errors.Is(err, credentials.ErrNoKeychain):
		return exitErr(ExitFailure, err, a.p.T(MsgErrNoKeychain))
	}
	return err
}
