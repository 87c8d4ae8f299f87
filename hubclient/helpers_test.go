// The helpers of the hubclient tests: fake hubs and servers, clients,
// and the checks the tests share.

package hubclient_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/huburl"
)

// newHTTPServer serves h until the test ends and returns its URL.
func newHTTPServer(t *testing.T, h http.HandlerFunc) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// newClient returns a client with timings small enough for tests.
func newClient(hc *http.Client) *hubclient.Client {
	c := hubclient.New(hc)
	c.PollInterval = 10 * time.Millisecond
	c.RequestTimeout = 5 * time.Second
	return c
}

// ctxT is a context that ends with the test, or after 20 seconds.
func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// requireKind fails unless err wraps kind, and checks the message for the
// fragments the user needs to see.
func requireKind(t *testing.T, err, kind error, fragments ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %v", kind)
	}
	if !errors.Is(err, kind) {
		t.Fatalf("error %q does not wrap %v", err, kind)
	}
	for _, f := range fragments {
		if !strings.Contains(err.Error(), f) {
			t.Errorf("error %q does not mention %q", err, f)
		}
	}
}

// newJSONServer answers every request with body.
func newJSONServer(t *testing.T, body string) string {
	t.Helper()
	srv := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	})
	return srv
}

// dialRecorder is a transport that must never be reached.
func dialRecorder(dialed *atomic.Int32) *http.Client {
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			dialed.Add(1)
			return nil, errors.New("test: dial attempted")
		},
	}}
}

// offlineClient dials nothing: every connection attempt fails at once, so
// an entry point can be given any URL without a network wait.
func offlineClient() *hubclient.Client {
	tr := &http.Transport{DialContext: func(context.Context, string, string) (net.Conn, error) {
		return nil, errors.New("offline")
	}}
	c := hubclient.New(&http.Client{Transport: tr})
	c.RequestTimeout = time.Second
	c.MaxPollFailures = 1
	c.PollInterval = time.Millisecond
	return c
}

// callAll reads raw as a caller does, then calls every entry point with
// what it read, and fails the test on a panic. parseErr is huburl's error
// when raw is not a URL on a hub (and nothing was called); errs are the
// entry points' errors otherwise.
func callAll(t *testing.T, c *hubclient.Client, raw string) (errs []error, parseErr error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%q: panic: %v", raw, r)
		}
	}()
	ctx := context.Background()
	// An API URL is absolute in the hub file and the environment; a
	// bare host, as a person types it, means https.
	api, err := huburl.ParseAbsoluteURL(raw)
	if errors.Is(err, huburl.ErrNotAbsolute) {
		api, err = huburl.ParseURL(raw)
	}
	if err != nil {
		return nil, err
	}
	o := api.Origin
	_, err = c.Discover(ctx, o)
	errs = append(errs, err)
	_, err = c.UserInfo(ctx, api, "k")
	errs = append(errs, err)
	errs = append(errs, c.Health(ctx, api, "k").Err)
	_, err = c.StartSession(ctx, o)
	errs = append(errs, err)
	_, err = c.WaitForKey(ctx, o, "sid")
	errs = append(errs, err)
	errs = append(errs, c.DeleteSession(ctx, o, "sid"))
	_ = hubclient.AuthorizeURL(o, "sid", hubclient.AuthorizeParams{})
	return errs, nil
}

func quoteJSON(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r < 0x20:
			b.WriteString(`\u00` + string("0123456789abcdef"[r>>4]) + string("0123456789abcdef"[r&0xf]))
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// originOf is huburl's origin of raw, any URL on a hub, as a caller of
// hubclient parses it first.
func originOf(tb testing.TB, raw string) huburl.Origin {
	tb.Helper()
	o, err := huburl.Parse(raw)
	if err != nil {
		tb.Fatalf("huburl.Parse(%q): %v", raw, err)
	}
	return o
}

// apiOf is the API URL raw, as a caller reads it from the hub file or
// the environment.
func apiOf(tb testing.TB, raw string) huburl.URL {
	tb.Helper()
	u, err := huburl.ParseAbsoluteURL(raw)
	if err != nil {
		tb.Fatalf("huburl.ParseAbsoluteURL(%q): %v", raw, err)
	}
	return u
}
