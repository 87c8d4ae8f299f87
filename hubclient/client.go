// Package hubclient speaks the AIGNE Hub protocol: discovery, the
// browser-approval login session, the CryptoJS-compatible decryption of the
// key it yields, user info and health.
//
// It takes hubs as huburl has parsed them (an Origin, or a URL for an API
// URL), never as text; the one URL it builds itself, an API URL from a
// mount point, it reads back through huburl. It returns facts: an *Error
// holds a Problem and what was seen, and Health a state and the hub's own
// words; it has no words for people, whose every sentence is chosen by
// the caller in the person's language. It knows nothing about files, the
// keychain or terminals, and takes the *http.Client it is given.
//
// Safety rules hold for every request: each has its own timeout, bodies are
// read through a size limit, credentials travel only over https or to a
// loopback address, redirects never leave the host (or downgrade to http),
// and TLS is always verified.
package hubclient

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aigne-io/aigne/huburl"
)

// HubComponentDID identifies the AIGNE Hub component in a blocklet's
// componentMountPoints.
const HubComponentDID = "z8ia3xzq2tMq8CRHfaXj1BTYJyYnEcHbqP8cJ"

// Defaults for the Client fields left zero.
const (
	DefaultRequestTimeout  = 15 * time.Second
	DefaultMaxBody         = 1 << 20 // 1 MiB
	DefaultPollInterval    = 1500 * time.Millisecond
	DefaultMaxPollFailures = 5
	DefaultUserAgent       = "aigne-cli (Go)"

	maxRedirects = 5
)

// Client talks to AIGNE Hubs. The zero value is not usable; call New.
// Fields may be changed before the Client is shared between goroutines.
type Client struct {
	// RequestTimeout bounds every single HTTP request, body included.
	RequestTimeout time.Duration
	// MaxBody is the largest response body accepted, in bytes.
	MaxBody int64
	// PollInterval is the pause between login-session polls.
	PollInterval time.Duration
	// MaxPollFailures is how many consecutive transient poll failures
	// (network error, timeout, 5xx, garbage) WaitForKey rides out before it
	// gives up: a login can take minutes and one dropped poll must not
	// throw it away.
	MaxPollFailures int
	// UserAgent is sent with every request.
	UserAgent string

	hc *http.Client
}

// New returns a Client that uses hc, or DefaultHTTPClient() when hc is nil.
// hc is copied, not modified: the copy gets this package's redirect policy in
// front of hc's own, and TLS verification switched back on if hc's transport
// had turned it off.
func New(hc *http.Client) *Client {
	if hc == nil {
		hc = DefaultHTTPClient()
	}
	cp := *hc
	userPolicy := cp.CheckRedirect
	cp.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if err := checkRedirect(req, via); err != nil {
			return err
		}
		if userPolicy != nil {
			return userPolicy(req, via)
		}
		return nil
	}
	if tr, ok := cp.Transport.(*http.Transport); ok && tr.TLSClientConfig != nil && tr.TLSClientConfig.InsecureSkipVerify {
		// The product promises that TLS is always verified; a caller's
		// transport cannot quietly break that promise.
		tr = tr.Clone()
		tr.TLSClientConfig.InsecureSkipVerify = false
		cp.Transport = tr
	}
	return &Client{
		RequestTimeout:  DefaultRequestTimeout,
		MaxBody:         DefaultMaxBody,
		PollInterval:    DefaultPollInterval,
		MaxPollFailures: DefaultMaxPollFailures,
		UserAgent:       DefaultUserAgent,
		hc:              &cp,
	}
}

// DefaultHTTPClient returns an *http.Client suitable for talking to hubs:
// proxies from the environment, verified TLS, bounded dial/handshake/header
// waits and the redirect policy of this package. It has no overall Timeout
// because the Client bounds each request with a context instead.
func DefaultHTTPClient() *http.Client {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	tr := &http.Transport{
		Proxy:                 proxyFor,
		DialContext:           loopbackChecked(dialer.DialContext),
		ForceAttemptHTTP2:     true,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		ExpectContinueTimeout: time.Second,
		IdleConnTimeout:       90 * time.Second,
		MaxIdleConns:          16,
	}
	return &http.Client{Transport: tr, CheckRedirect: checkRedirect}
}

// errNoOrigin is what a request to the zero huburl.Origin gets: a mistake
// in the caller, which has no hub to name.
var errNoOrigin = errors.New("hubclient: no hub origin given")

// proxyFor is the environment's proxy, except for loopback hubs: a key
// sent to localhost in clear text must not cross the network to a proxy.
func proxyFor(req *http.Request) (*url.URL, error) {
	if IsLoopback(req.URL.Host) {
		return nil, nil
	}
	return http.ProxyFromEnvironment(req)
}

// loopbackOnly marks a request context whose connection must end on this
// machine: a plain-http request that carries a credential.
type loopbackOnly struct{}

// loopbackChecked wraps a dial function so that a connection made for a
// loopbackOnly request is refused unless its peer really is a loopback
// address: "localhost" that /etc/hosts or a resolver points elsewhere
// must not receive a key in clear text.
func loopbackChecked(dial func(ctx context.Context, network, addr string) (net.Conn, error)) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil || ctx.Value(loopbackOnly{}) == nil {
			return conn, err
		}
		if tcp, ok := conn.RemoteAddr().(*net.TCPAddr); ok && tcp.IP.IsLoopback() {
			return conn, nil
		}
		conn.Close()
		return nil, fail(Error{Problem: ProblemInsecure, Origin: "http://" + addr, Host: addr},
			"refusing to send credentials over plain http: %s resolved to %s, which is not this machine", addr, conn.RemoteAddr())
	}
}

// IsLoopback reports whether host (a hostname or IP, with or without port)
// is exactly "localhost" or a literal loopback address, to which plain http
// is acceptable. "localhost." and "foo.localhost" are names a resolver may
// send anywhere, so they are not.
func IsLoopback(host string) bool { return huburl.IsLoopback(host) }

// checkSecure refuses a credential-carrying request to u unless it goes
// over https or to loopback. It runs before anything is dialled.
func checkSecure(u *url.URL) error {
	if u.Scheme == "https" || (u.Scheme == "http" && IsLoopback(u.Host)) {
		return nil
	}
	return fail(Error{Problem: ProblemInsecure, Origin: u.Scheme + "://" + u.Host, Host: u.Host},
		"refusing to send credentials to %s over plain %s: use https (plain http is allowed only for localhost)",
		u.Scheme+"://"+u.Host, u.Scheme)
}

// checkRedirect never lets a request leave the host it was sent to, nor
// drop from https to http. net/http would strip the Authorization header on
// a cross-domain redirect, but only for a different domain, and the login
// session's sid is in the query string where nothing strips it; so refuse
// outright, and report where the server pointed (Error.To) instead.
func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) == 0 {
		return nil
	}
	first := via[0].URL
	prev := via[len(via)-1].URL
	if len(via) >= maxRedirects {
		return fail(Error{Problem: ProblemTooManyRedirects, Origin: originOfURL(first), Host: first.Host, URL: display(first), Limit: maxRedirects},
			"%s: stopped after %d redirects", display(first), maxRedirects)
	}
	if prev.Scheme == "https" && req.URL.Scheme != "https" {
		return fail(Error{Problem: ProblemRedirectDowngrade, Origin: originOfURL(prev), Host: prev.Host, URL: display(prev), To: display(req.URL)},
			"%s redirected to %s: refusing to downgrade from https to http", display(prev), display(req.URL))
	}
	if !sameHost(first, req.URL) {
		return fail(Error{Problem: ProblemRedirectHost, Origin: originOfURL(prev), Host: prev.Host, URL: display(prev), To: display(req.URL)},
			"%s redirected to another host (%s): refusing to follow; use that address directly if you trust it",
			display(prev), display(req.URL))
	}
	return nil
}

// sameHost compares hostname and effective port, so that the usual
// http://h → https://h upgrade (port 80 → 443) still counts as the same host.
func sameHost(a, b *url.URL) bool {
	if !strings.EqualFold(a.Hostname(), b.Hostname()) {
		return false
	}
	pa, pb := effectivePort(a), effectivePort(b)
	return pa == pb || (a.Scheme == "http" && pa == "80" && b.Scheme == "https" && pb == "443")
}

func effectivePort(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	if u.Scheme == "https" {
		return "443"
	}
	return "80"
}

// display renders a URL for messages: no query (it can hold the login
// session id) and no user info.
func display(u *url.URL) string {
	return u.Scheme + "://" + u.Host + u.EscapedPath()
}

// request describes one exchange with a hub.
type request struct {
	method string
	url    *url.URL
	key    string            // Bearer token; "" for none
	header map[string]string // extra headers
	secret bool              // carries login-session material: insist on a secure transport
}

// response is a fully read, size-limited response.
type response struct {
	status int
	body   []byte
	url    *url.URL // the final URL, after same-host redirects
}

// do performs r with the per-request timeout and size limit and turns every
// transport-level failure into an *Error saying what happened.
// Status codes are left to the caller; only ctx cancellation escapes as a
// plain context error.
func (c *Client) do(ctx context.Context, r request) (*response, error) {
	if r.key != "" || r.secret {
		if err := checkSecure(r.url); err != nil {
			return nil, err
		}
	}
	timeout := c.RequestTimeout
	if timeout <= 0 {
		timeout = DefaultRequestTimeout
	}
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if r.url.Scheme == "http" && (r.key != "" || r.secret) {
		rctx = context.WithValue(rctx, loopbackOnly{}, true)
	}

	req, err := http.NewRequestWithContext(rctx, r.method, r.url.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", r.method, display(r.url), err)
	}
	req.Header.Set("Accept", "application/json")
	ua := c.UserAgent
	if ua == "" {
		ua = DefaultUserAgent
	}
	req.Header.Set("User-Agent", ua)
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	if r.key != "" {
		req.Header.Set("Authorization", "Bearer "+r.key)
	}

	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, c.transportError(ctx, r, err, timeout)
	}
	defer resp.Body.Close()

	limit := c.MaxBody
	if limit <= 0 {
		limit = DefaultMaxBody
	}
	tooLarge := fail(Error{Problem: ProblemTooLarge, Origin: originOfURL(r.url), Host: r.url.Host, URL: display(r.url), Limit: limit},
		"response from %s is larger than %s", display(r.url), formatSize(limit))
	// Refuse early when the server announces the size; otherwise read at
	// most one byte past the limit so a hostile endless body costs nothing.
	if resp.ContentLength > limit {
		return nil, tooLarge
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, c.transportError(ctx, r, err, timeout)
	}
	if int64(len(body)) > limit {
		return nil, tooLarge
	}
	return &response{status: resp.StatusCode, body: body, url: resp.Request.URL}, nil
}

func (c *Client) transportError(ctx context.Context, r request, err error, timeout time.Duration) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		// The caller gave up (Ctrl-C, login deadline): not the hub's fault.
		return fmt.Errorf("%s %s: %w", r.method, display(r.url), ctxErr)
	}
	if he, ok := asHubError(err); ok {
		return he
	}
	host := r.url.Host
	if errors.Is(err, context.DeadlineExceeded) || isTimeout(err) {
		return fail(Error{Problem: ProblemTimeout, Origin: originOfURL(r.url), Host: host, URL: display(r.url), Timeout: timeout, Cause: err},
			"%s did not answer within %s", host, timeout)
	}
	inner := err
	var ue *url.Error
	if errors.As(err, &ue) {
		inner = ue.Err // its text repeats the URL, which may carry the sid
	}
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostnameErr      x509.HostnameError
		invalidCert      x509.CertificateInvalidError
		verifyErr        *tls.CertificateVerificationError
	)
	if errors.As(err, &unknownAuthority) || errors.As(err, &hostnameErr) ||
		errors.As(err, &invalidCert) || errors.As(err, &verifyErr) {
		return fail(Error{Problem: ProblemTLS, Origin: originOfURL(r.url), Host: host, URL: display(r.url), Cause: inner},
			"could not verify the TLS certificate of %s: %v", host, inner)
	}
	return fail(Error{Problem: ProblemConnect, Origin: originOfURL(r.url), Host: host, URL: display(r.url), Cause: inner},
		"could not connect to %s: %v", host, inner)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// statusError turns an unexpected status into an error. 401/403 on a keyed
// request mean the key was rejected; everything else is the hub failing.
func statusError(r request, resp *response) error {
	st := strconv.Itoa(resp.status) + " " + http.StatusText(resp.status)
	st = strings.TrimSpace(st)
	if r.key != "" && (resp.status == http.StatusUnauthorized || resp.status == http.StatusForbidden) {
		return fail(Error{Problem: ProblemRejected, Origin: originOfURL(r.url), Host: r.url.Host, URL: display(r.url), Status: resp.status},
			"%s rejected the API key (%s)", r.url.Scheme+"://"+r.url.Host, st)
	}
	e := Error{Problem: ProblemStatus, Origin: originOfURL(r.url), Host: r.url.Host, URL: display(r.url), Status: resp.status}
	if resp.status >= 500 {
		return fail(e, "%s returned %s (%s %s)", r.url.Host, st, r.method, r.url.EscapedPath())
	}
	return fail(e, "%s %s: unexpected status %s", r.method, display(r.url), st)
}

func invalidJSON(r request, err error) error {
	return fail(Error{Problem: ProblemInvalidJSON, Origin: originOfURL(r.url), Host: r.url.Host, URL: display(r.url), Cause: err},
		"%s returned invalid JSON: %v", display(r.url), err)
}

func formatSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	default:
		return fmt.Sprintf("%d bytes", n)
	}
}

// endpoint joins a path below base, keeping base's escapes as they are.
func endpoint(base *url.URL, p string) *url.URL {
	u := *base
	u.Path = strings.TrimRight(base.Path, "/") + p
	u.RawPath = strings.TrimRight(base.EscapedPath(), "/") + p
	u.RawQuery = ""
	u.Fragment = ""
	return &u
}

// originOfURL is scheme://host of u.
func originOfURL(u *url.URL) string { return u.Scheme + "://" + u.Host }
