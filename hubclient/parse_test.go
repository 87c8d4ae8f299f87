package hubclient_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/huburl"
)

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

// callAll calls every entry point that takes a URL with raw, and fails
// the test on a panic.
func callAll(t *testing.T, c *hubclient.Client, raw string) (errs []error) {
	t.Helper()
	defer func() {
		if r := recover(); r != nil {
			t.Fatalf("%q: panic: %v", raw, r)
		}
	}()
	ctx := context.Background()
	_, err := hubclient.Origin(raw)
	errs = append(errs, err)
	_, err = c.Discover(ctx, raw)
	errs = append(errs, err)
	_, err = c.UserInfo(ctx, raw, "k")
	errs = append(errs, err)
	errs = append(errs, c.Health(ctx, raw, "k").Err)
	_, err = c.StartSession(ctx, raw)
	errs = append(errs, err)
	_, err = c.WaitForKey(ctx, raw, "sid")
	errs = append(errs, err)
	errs = append(errs, c.DeleteSession(ctx, raw, "sid"))
	_ = hubclient.AuthorizeURL(raw, "sid", hubclient.AuthorizeParams{})
	return errs
}

// A URL that huburl accepts but net/url does not used to make UserInfo
// and Health (so status, info and list --check) dereference nil: the base
// was parsed a second time with net/url and its error dropped.
func TestURLsNetURLRefusesDoNotPanic(t *testing.T) {
	c := offlineClient()
	for _, raw := range []string{
		"https://h.example/%zz",
		"https://h.example/ai-kit%",
		"https://a{b.example/ai-kit",
		"https://a`b.example",
		"https://a}b.example:8443/",
		"https://%7B.example",
		"h.example/%zz",
	} {
		for i, err := range callAll(t, c, raw) {
			var ue *huburl.Error
			if !errors.As(err, &ue) {
				t.Errorf("%q: call %d: %v, want a *huburl.Error", raw, i, err)
			}
		}
	}
}

// Any input at all: an error, never a panic.
func FuzzEntryPoints(f *testing.F) {
	for _, s := range []string{"", "https://h.example/%zz", "https://a{b.example", "http://[::1]:1/x%2Fy/../z", "\x00", "https://h.example/\xff", "hub.aigne.io"} {
		f.Add(s)
	}
	c := offlineClient()
	f.Fuzz(func(t *testing.T, raw string) {
		// Origin may succeed; everything else asks an offline network.
		for i, err := range callAll(t, c, raw)[1:] {
			var (
				ue *huburl.Error
				he *hubclient.Error
			)
			if !errors.As(err, &ue) && !errors.As(err, &he) {
				t.Fatalf("%q: call %d: %#v, want a typed error", raw, i+1, err)
			}
		}
	})
}

// The API URL Discover builds from a hub's mount point is one that huburl
// reads back, on the same host, whatever the mount point holds.
func TestDiscoveredAPIURLReadsBack(t *testing.T) {
	for _, mount := range []string{"/%zz", "/a b", "/\x1b[2J", "/日本", "/a{b}`|^", "/?x#y", `\\evil.example`, "//evil.example/x", "/%2F%2e%2e"} {
		srv := newJSONServer(t, `{"componentMountPoints":[{"did":"`+hubclient.HubComponentDID+`","mountPoint":`+quoteJSON(mount)+`}]}`)
		api, err := newClient(nil).Discover(ctxT(t), srv)
		if err != nil {
			t.Errorf("mount %q: %v", mount, err)
			continue
		}
		u, err := huburl.ParseAbsoluteURL(api)
		if err != nil || u.Origin.String() != srv || !strings.HasPrefix(api, srv+"/") {
			t.Errorf("mount %q: API URL %q reads as %v, %v", mount, api, u, err)
		}
	}
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
