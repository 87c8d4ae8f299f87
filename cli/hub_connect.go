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

	explicitStore bool          // --store was given (only the flag moves a saved key)
	named         huburl.Origin // the hub in URL, when given
}

// AfterApply checks the command line as soon as Kong has read it, before
// the command runs and anything it uses is opened: a mistyped flag is a
// usage error even where the hub list cannot be found.
func (c *hubConnectCmd) AfterApply(out *Output, env Env) error {
	p := out.p
	// The variable is read here rather than through Kong's env tag, so
	// that everything the command sees of the environment goes through
	// Env. It is a default for new keys only.
	c.explicitStore = c.Store != ""
	if !c.explicitStore {
		c.Store = env(EnvCredentialStore)
	}
	if _, ok := credentials.ParseStore(c.Store); !ok && c.Store != "" {
		return usageErr(p, MsgErrStoreValue, c.Store)
	}
	if c.Timeout <= 0 {
		return usageErr(p, MsgErrTimeoutValue, c.Timeout)
	}
	if c.URL == "" {
		if !out.IO.CanPrompt() || c.WithToken {
			return usageErr(p, MsgErrNeedArg, "'aigne hub connect'", "connect")
		}
		return nil
	}
	var err error
	c.named, err = hubToConnect(p, c.URL)
	return err
}

// hubToConnect reads the hub the person named or typed. Plain http is
// refused before any traffic, except to this machine: the login session
// and the key would travel in clear text.
func hubToConnect(p Printer, raw string) (huburl.Origin, error) {
	u, err := parseArg(p, raw)
	if err != nil {
		return u, err
	}
	if u.Scheme == "http" && !u.Loopback() {
		return huburl.Origin{}, usageErr(p, MsgErrInsecure, u.String())
	}
	return u, nil
}

// connectDeps is what connect uses.
type connectDeps struct {
	ctx     context.Context
	out     *Output
	env     Env
	reg     *credentials.Registry
	client  *hubclient.Client
	ask     Prompter
	browser browserOpener
}

func (c *hubConnectCmd) Run(ctx context.Context, out *Output, env Env, reg *credentials.Registry, client *hubclient.Client, ask Prompter, browser browserOpener) error {
	err := c.run(connectDeps{ctx, out, env, reg, client, ask, browser})
	// Of all the commands, only connect saves: only it says that nothing
	// was when it is interrupted.
	var ee *ExitError
	if (errors.Is(err, context.Canceled) || errors.Is(err, errInterrupted)) && !errors.As(err, &ee) {
		return exitErr(ExitInterrupted, err, out.p.T(MsgErrInterruptedUnsaved))
	}
	return err
}

func (c *hubConnectCmd) run(d connectDeps) error {
	p, out := d.out.p, d.out
	origin, err := c.origin(d)
	if err != nil {
		return err
	}
	reg := d.reg
	st, err := reg.Load(false)
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
		if c.explicitStore {
			move = credentials.Store(c.Store)
		}
		return c.reuse(d, st, saved, move)
	}
	// Only --store moves a saved key: AIGNE_HUB_CREDENTIAL_STORE, set
	// once in a profile, chooses where new keys go and must never carry a
	// key out of the keychain into the file.
	store := credentials.Store(c.Store)
	if usable && !c.explicitStore {
		store = saved.Store
	}
	if store == credentials.StoreNone {
		store = credentials.StoreFile
	}
	// Fail on an unusable keychain before the person approves anything in
	// the browser, not after: the listing above already tried it.
	if store == credentials.StoreKeyring {
		if err := st.KeychainUsable(); err != nil {
			return storeErr(reg, err)
		}
	}

	var key string
	if c.WithToken {
		if key, err = c.readToken(d); err != nil {
			return err
		}
	}
	client := d.client
	apiURL, err := client.Discover(d.ctx, origin)
	if err != nil {
		return err
	}
	if c.WithToken {
		if !out.json() {
			fprintln(out.IO.ErrOut, p.T(MsgConnectTokenCheck, origin.String()))
		}
		if _, err := client.UserInfo(d.ctx, apiURL, key); err != nil {
			if errors.Is(err, hubclient.ErrUnauthorized) {
				return exitErr(ExitAuth, err, p.T(MsgErrTokenRejected, origin.String()))
			}
			return err
		}
	} else {
		if key, err = c.login(d, origin); err != nil {
			return err
		}
	}
	h, warns, err := reg.Save(d.ctx, host, apiURL.String(), key, store)
	if err != nil {
		return storeErr(reg, err)
	}
	out.warnUndone(warns)
	if usable && saved.Store != store {
		out.noteMove(MsgKeyReplacedMoved, h, store, saved.Store, warns)
	}
	return out.render(hubResult{hub: h, line: p.T(MsgConnectOK, origin.String())})
}

// origin is the hub the person named, or the one they pick.
func (c *hubConnectCmd) origin(d connectDeps) (huburl.Origin, error) {
	if c.URL != "" {
		return c.named, nil // read in AfterApply
	}
	p := d.out.p
	raw, err := d.ask.Select(p.T(MsgConnectPrompt), []Choice{
		{Label: p.T(MsgConnectOfficial, OfficialHub), Value: OfficialHub},
		{Label: p.T(MsgConnectCustom), Value: ""},
	}, OfficialHub)
	if err != nil {
		return huburl.Origin{}, err
	}
	if raw == "" {
		// The answer is checked as the URL argument is, plain http
		// included: a wrong one is asked again, with the reason, rather
		// than ending the command.
		raw, err = d.ask.Input(p.T(MsgConnectURLAsk), "https://", func(s string) error {
			_, err := hubToConnect(p, s)
			var bad *huburl.Error
			if errors.As(err, &bad) {
				return errors.New(urlReason(p, bad)) // the URL is in view
			}
			return err
		})
		if err != nil {
			return huburl.Origin{}, err
		}
	}
	return hubToConnect(p, raw)
}

// reuse makes an already-saved hub active without a new login, moving its
// key when another store was asked for.
func (c *hubConnectCmd) reuse(d connectDeps, st *credentials.State, h credentials.Hub, store credentials.Store) error {
	var warns []credentials.Warning
	var err error
	moved := h.Store // where the key was
	// Whether it was the active hub already decides what the note says:
	// "now the active hub" only when that is news. A keychain that could
	// not be read leaves it unknown: then it is said, being true either way.
	active, activeErr := st.Active()
	note := MsgConnectAlready
	if active == h.Host && activeErr == nil {
		note = MsgConnectAlreadyActive
	}
	if store != credentials.StoreNone && store != h.Store {
		cred, cerr := st.Credentials(h)
		if cerr != nil {
			return cerr
		}
		h, warns, err = d.reg.Save(d.ctx, h.Host, cred.APIURL, cred.Key, store)
	} else {
		h, warns, err = d.reg.Use(d.ctx, h.Host)
	}
	p := d.out.p
	if err != nil {
		return storeErr(d.reg, err)
	}
	d.out.warnUndone(warns)
	if store != credentials.StoreNone && store != moved {
		d.out.noteMove(MsgKeyMoved, h, moved, store, warns)
	}
	origin := safeText(h.Origin())
	// The line on stdout is the Node CLI's, which scripts may look for;
	// the note on stderr says that no login took place.
	return d.out.render(hubResult{hub: h, note: p.T(note, origin), line: p.T(MsgConnectOK, origin)})
}

// readToken reads the key for --with-token from stdin, which must not be a
// terminal: a key typed there would echo on the screen.
func (c *hubConnectCmd) readToken(d connectDeps) (string, error) {
	p, streams := d.out.p, d.out.IO
	if streams.InTTY {
		return "", usageErr(p, MsgErrTokenTTY)
	}
	// Read aside, so that Ctrl-C ends a wait on a pipe that never closes.
	type result struct {
		data []byte
		err  error
	}
	read := make(chan result, 1)
	go func() {
		data, err := io.ReadAll(io.LimitReader(streams.In, maxTokenBytes+1))
		read <- result{data, err}
	}()
	var data []byte
	select {
	case <-d.ctx.Done():
		return "", errInterrupted
	case r := <-read:
		if r.err != nil {
			return "", fmt.Errorf("read standard input: %w", r.err)
		}
		data = r.data
	}
	if len(data) > maxTokenBytes {
		return "", usageErr(p, MsgErrUsage, fmt.Sprintf("--with-token: standard input is larger than %d KiB; an API key is one short line", maxTokenBytes>>10))
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
		return "", usageErr(p, MsgErrEmptyToken)
	}
	// The same test as for a key a hub hands out: anything else is a
	// paste gone wrong, and it cannot travel in an HTTP header anyway.
	var ke *hubclient.KeyError
	if errors.As(hubclient.CheckKey(key), &ke) {
		if ke.Fault == hubclient.KeyTooLong {
			return "", usageErr(p, MsgErrTokenTooLong, hubclient.MaxKeyBytes)
		}
		return "", usageErr(p, MsgErrBadToken)
	}
	return key, nil
}

// login runs the browser approval: start a session, show the page, poll
// until approved, and always close the session again.
func (c *hubConnectCmd) login(d connectDeps, origin huburl.Origin) (string, error) {
	p, out := d.out.p, d.out
	session, err := d.client.Login(d.ctx, origin)
	if err != nil {
		return "", err
	}
	defer func() {
		// The session must go even after Ctrl-C, so not d.ctx.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = session.Close(ctx)
	}()

	pageURL := session.PageURL(hubclient.AuthorizeParams{})
	visit := MsgConnectManual
	if !c.NoBrowser && canOpenBrowser(d.env) {
		visit = MsgConnectVisit
		if !out.json() {
			fprintln(out.IO.ErrOut, p.T(MsgConnectOpen))
		}
		// A failure is said, and the URL printed next is to be opened by
		// hand; the login waits all the same.
		if err := d.browser(pageURL); err != nil {
			out.warn(browserFailure(p, err))
			visit = MsgConnectManual
		}
	}
	// The URL is always printed: the browser may have opened on another
	// screen, or not at all.
	fprintln(out.IO.ErrOut, p.T(visit, pageURL))

	ctx, cancel := context.WithTimeout(d.ctx, c.Timeout)
	defer cancel()
	var spin *spinner
	if out.IO.ErrTTY && !out.json() {
		spin = startSpinner(out.IO.ErrOut, p.T(MsgConnectWaiting))
	}
	key, err := session.Wait(ctx)
	spin.Stop()
	switch {
	case err == nil:
		return key, nil
	case d.ctx.Err() != nil:
		return "", errInterrupted
	case errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil:
		return "", exitErr(ExitFailure, err, p.T(MsgErrTimeout, c.Timeout))
	}
	return "", err
}

// keychainSaveError is a keychain that could not take the key connect was
// saving: Classify words it with the way out (the file instead).
type keychainSaveError struct {
	file string // the hub list
	err  error
}

func (e *keychainSaveError) Error() string { return e.err.Error() }
func (e *keychainSaveError) Unwrap() error { return e.err }

// storeErr marks a keychain failure of connect's as one while saving.
func storeErr(reg *credentials.Registry, err error) error {
	var ue *credentials.UnavailableError
	if errors.As(err, &ue) {
		return &keychainSaveError{file: reg.File.Path, err: err}
	}
	return err
}

// noteMove says on stderr that connect --store moved a saved key to the
// other store (msg with the hub, then the stores in the order msg names
// them) — unless the old copy could not be deleted, which warnUndone said.
func (o *Output) noteMove(msg Msg, h credentials.Hub, first, second credentials.Store, warns []credentials.Warning) {
	for _, w := range warns {
		if w.What == credentials.WarnKeyLeft {
			return
		}
	}
	fprintln(o.IO.ErrOut, o.p.T(msg, safeText(h.Origin()), storeName(o.p, first), storeName(o.p, second)))
}

// storeName is where a key is kept, in words.
func storeName(p Printer, s credentials.Store) string {
	if s == credentials.StoreKeyring {
		return p.T(MsgStoreKeyring)
	}
	return p.T(MsgStoreFile)
}
