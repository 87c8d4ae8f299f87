package hubclient

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/aigne-io/aigne/huburl"
)

const (
	sessionPath   = "/.well-known/service/api/access-key/session"
	authorizePath = "/.well-known/service/gen-simple-access-key"
)

// Defaults for AuthorizeParams fields left empty.
const (
	DefaultSource  = "aigne hub connect"
	DefaultAppName = "AIGNE CLI"
	DefaultAppLogo = "https://www.aigne.io/favicon.ico?imageFilter=resize&w=32"
)

// AuthorizeParams is what the approval page shows the user about who asks.
type AuthorizeParams struct {
	Source  string
	AppName string
	AppLogo string
}

// StartSession opens a login session and returns its id.
// The session id is as good as the key it will yield, so, like the key, it
// is only exchanged over https or with a loopback host.
func (c *Client) StartSession(ctx context.Context, o huburl.Origin) (string, error) {
	if o.IsZero() {
		return "", errNoOrigin
	}
	r := request{method: http.MethodPost, url: endpoint(o.NetURL(), sessionPath), secret: true}
	resp, err := c.do(ctx, r)
	if err != nil {
		return "", err
	}
	if resp.status == http.StatusNotFound {
		return "", fail(Error{Problem: ProblemNoLoginService, Origin: o.String(), Host: o.Host, URL: display(r.url)},
			"%s: not an AIGNE Hub (no login session service at %s)", o, sessionPath)
	}
	if resp.status < 200 || resp.status > 299 {
		return "", statusError(r, resp)
	}
	var s struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(resp.body, &s); err != nil {
		return "", invalidJSON(r, err)
	}
	if s.ID == "" {
		return "", fail(Error{Problem: ProblemNoSessionID, Origin: o.String(), Host: o.Host, URL: display(r.url)},
			"%s started a login session without an id", o)
	}
	return s.ID, nil
}

// AuthorizeURL is the page on the hub at origin o where the user approves
// session sid.
func AuthorizeURL(o huburl.Origin, sid string, p AuthorizeParams) string {
	if p.Source == "" {
		p.Source = DefaultSource
	}
	if p.AppName == "" {
		p.AppName = DefaultAppName
	}
	if p.AppLogo == "" {
		p.AppLogo = DefaultAppLogo
	}
	// Built by hand rather than with url.Values so the parameters keep the
	// documented order, which makes the printed URL easier to compare.
	q := []string{
		"__token__=" + url.QueryEscape(EncodeToken(sid)),
		"source=" + url.QueryEscape(p.Source),
		"closeOnSuccess=true",
		"cli=true",
		"appName=" + url.QueryEscape(p.AppName),
		"appLogo=" + url.QueryEscape(p.AppLogo),
	}
	return o.String() + authorizePath + "?" + strings.Join(q, "&")
}

// EncodeToken is the __token__ form of a session id: base64url, no padding.
func EncodeToken(sid string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(sid))
}

// sessionState is the poll answer. Before approval the hub leaves the key
// fields absent or empty; both read as "" here.
type sessionState struct {
	ID              string `json:"id"`
	Challenge       string `json:"challenge"`
	AccessKeyID     string `json:"accessKeyId"`
	AccessKeySecret string `json:"accessKeySecret"`
}

// WaitForKey polls session sid every PollInterval until the user
// has approved it, then decrypts and returns the API key, which has passed
// CheckKey (one that does not is ErrUnreachable, ProblemBadKey).
//
// It ends with ctx: the error then wraps ctx.Err() (context.Canceled for
// Ctrl-C, context.DeadlineExceeded when the caller's login timeout ran out).
// Up to MaxPollFailures consecutive transient failures are ridden out; a 4xx
// means the hub has forgotten the session and ends the wait with
// ErrSessionExpired.
//
// WaitForKey does not close the session; call DeleteSession afterwards,
// whatever the outcome, with a context that is still alive.
func (c *Client) WaitForKey(ctx context.Context, o huburl.Origin, sid string) (string, error) {
	if o.IsZero() {
		return "", errNoOrigin
	}
	if sid == "" {
		return "", errors.New("wait for login: empty session id")
	}
	u := endpoint(o.NetURL(), sessionPath)
	u.RawQuery = url.Values{"sid": {sid}}.Encode()
	if err := checkSecure(u); err != nil {
		return "", err
	}
	interval := c.PollInterval
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	maxFailures := c.MaxPollFailures
	if maxFailures <= 0 {
		maxFailures = DefaultMaxPollFailures
	}

	timer := time.NewTimer(0)
	defer timer.Stop()
	failures := 0
	for n := 0; ; n++ {
		select {
		case <-ctx.Done():
			return "", fmt.Errorf("waiting for approval on %s: %w", o, ctx.Err())
		case <-timer.C:
		}

		st, err := c.poll(ctx, u, n)
		switch {
		case err == nil:
			failures = 0
			if st.AccessKeyID != "" && st.AccessKeySecret != "" {
				key, err := DecryptAccessKey(st.AccessKeyID, st.Challenge, st.AccessKeySecret)
				if err != nil {
					return "", fail(Error{Problem: ProblemBadAccessKey, Origin: o.String(), Host: o.Host, Cause: err},
						"%s sent an access key that cannot be decrypted: %v", o, err)
				}
				// Checked here, before any caller can save or print it,
				// exactly as a key the person gives is.
				if err := CheckKey(key); err != nil {
					return "", fail(Error{Problem: ProblemBadKey, Origin: o.String(), Host: o.Host, Cause: err},
						"%s handed out an API key that cannot be used: %v", o, err)
				}
				return key, nil
			}
		case ctx.Err() != nil:
			return "", fmt.Errorf("waiting for approval on %s: %w", o, ctx.Err())
		case errors.Is(err, ErrUnreachable) && !errors.Is(err, ErrRedirectRefused):
			// A refused redirect will be refused again; anything else
			// unreachable may be a blip worth waiting out.
			failures++
			if failures > maxFailures {
				return "", fmt.Errorf("waiting for approval, gave up after %d failed polls: %w", failures, err)
			}
		default:
			return "", err
		}
		timer.Reset(interval)
	}
}

func (c *Client) poll(ctx context.Context, u *url.URL, n int) (*sessionState, error) {
	r := request{
		method: http.MethodGet,
		url:    u,
		header: map[string]string{"X-Request-Count": strconv.Itoa(n)},
		secret: true,
	}
	resp, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	if resp.status >= 400 && resp.status < 500 {
		return nil, fail(Error{Problem: ProblemSessionExpired, Origin: originOfURL(u), Host: u.Host, Status: resp.status},
			"the login session on %s has expired or was closed (%d %s); run connect again",
			u.Scheme+"://"+u.Host, resp.status, http.StatusText(resp.status))
	}
	if resp.status < 200 || resp.status > 299 {
		return nil, statusError(r, resp)
	}
	var st sessionState
	if err := json.Unmarshal(resp.body, &st); err != nil {
		return nil, invalidJSON(r, err)
	}
	return &st, nil
}

// DeleteSession closes session sid. A session the hub no longer
// knows (404) counts as closed.
func (c *Client) DeleteSession(ctx context.Context, o huburl.Origin, sid string) error {
	if o.IsZero() {
		return errNoOrigin
	}
	u := endpoint(o.NetURL(), sessionPath)
	u.RawQuery = url.Values{"sid": {sid}}.Encode()
	r := request{method: http.MethodDelete, url: u, secret: true}
	resp, err := c.do(ctx, r)
	if err != nil {
		return err
	}
	if resp.status == http.StatusNotFound || (resp.status >= 200 && resp.status <= 299) {
		return nil
	}
	return statusError(r, resp)
}

// Session is one browser-approval login, from start to close: the person
// opens PageURL, Wait polls until they approve and returns the API key,
// and Close ends the session on the hub (always call it, also after a
// failure or Ctrl-C). The session id stays inside: it is never printed.
type Session struct {
	c      *Client
	origin huburl.Origin
	id     string
}

// Login starts a session on the hub at origin.
func (c *Client) Login(ctx context.Context, origin huburl.Origin) (*Session, error) {
	id, err := c.StartSession(ctx, origin)
	if err != nil {
		return nil, err
	}
	return &Session{c: c, origin: origin, id: id}, nil
}

// PageURL is the approval page to show the person.
func (s *Session) PageURL(p AuthorizeParams) string { return AuthorizeURL(s.origin, s.id, p) }

// Wait polls until the person approves, and returns the decrypted key.
func (s *Session) Wait(ctx context.Context) (string, error) {
	return s.c.WaitForKey(ctx, s.origin, s.id)
}

// Close ends the session on the hub.
func (s *Session) Close(ctx context.Context) error { return s.c.DeleteSession(ctx, s.origin, s.id) }
