package hubclient

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/url"
	"testing"
)

func TestCheckRedirect(t *testing.T) {
	req := func(raw string) *http.Request {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		return &http.Request{URL: u, Header: http.Header{}}
	}
	cases := []struct {
		from, to string
		ok       bool
	}{
		{"https://hub.io/a", "https://hub.io/b", true},
		{"https://hub.io/a", "https://HUB.io:443/b", true},
		{"http://hub.io/a", "https://hub.io/a", true}, // upgrade
		{"http://localhost:8080/a", "http://localhost:8080/b", true},
		{"https://hub.io/a", "http://hub.io/a", false}, // downgrade
		{"https://hub.io/a", "https://evil.io/a", false},
		{"https://hub.io/a", "https://sub.hub.io/a", false},
		{"https://hub.io/a", "https://hub.io:8443/a", false},
		{"http://127.0.0.1:1/a", "http://localhost:1/a", false},
	}
	for _, c := range cases {
		err := checkRedirect(req(c.to), []*http.Request{req(c.from)})
		if c.ok && err != nil {
			t.Errorf("%s → %s refused: %v", c.from, c.to, err)
		}
		if !c.ok && !errors.Is(err, ErrRedirectRefused) {
			t.Errorf("%s → %s: got %v, want ErrRedirectRefused", c.from, c.to, err)
		}
	}
}

func TestErrorKinds(t *testing.T) {
	if !errors.Is(ErrNotAHub, ErrUnreachable) || !errors.Is(ErrRedirectRefused, ErrUnreachable) {
		t.Error("ErrNotAHub and ErrRedirectRefused must be ErrUnreachable")
	}
	for _, e := range []error{ErrUnauthorized, ErrInsecureTransport, ErrSessionExpired} {
		if errors.Is(e, ErrUnreachable) {
			t.Errorf("%v must not be ErrUnreachable", e)
		}
	}
	// Each problem wraps its one sentinel: the exit code follows from it.
	for p, want := range map[Problem]error{
		ProblemTimeout: ErrUnreachable, ProblemConnect: ErrUnreachable, ProblemTLS: ErrUnreachable,
		ProblemStatus: ErrUnreachable, ProblemTooLarge: ErrUnreachable, ProblemInvalidJSON: ErrUnreachable,
		ProblemMissingField: ErrUnreachable, ProblemNoSessionID: ErrUnreachable, ProblemBadAccessKey: ErrUnreachable,
		ProblemBadKey: ErrUnreachable, ProblemTooManyRedirects: ErrUnreachable,
		ProblemNotAHub: ErrNotAHub, ProblemNoLoginService: ErrNotAHub,
		ProblemRedirectHost: ErrRedirectRefused, ProblemRedirectDowngrade: ErrRedirectRefused,
		ProblemRejected: ErrUnauthorized, ProblemNoKey: ErrUnauthorized,
		ProblemInsecure:       ErrInsecureTransport,
		ProblemSessionExpired: ErrSessionExpired,
	} {
		err := fail(Error{Problem: p}, "x")
		if p.Kind() != want || !errors.Is(err, want) {
			t.Errorf("problem %d: kind %v, want %v", p, p.Kind(), want)
		}
		for _, other := range []error{ErrUnauthorized, ErrInsecureTransport, ErrSessionExpired, ErrUnreachable} {
			if other != want && errors.Is(err, other) && !errors.Is(want, other) {
				t.Errorf("problem %d is also %v", p, other)
			}
		}
	}
	if formatSize(1<<20) != "1 MiB" || formatSize(1536) != "1536 bytes" || formatSize(2048) != "2 KiB" {
		t.Error("formatSize")
	}
}

// A plain-http request with a credential is dialled only to a peer that
// really is this machine, whatever its name resolved to; other requests are
// not held back.
func TestLoopbackChecked(t *testing.T) {
	peer := func(ip string) func(context.Context, string, string) (net.Conn, error) {
		return func(context.Context, string, string) (net.Conn, error) {
			a, b := net.Pipe()
			b.Close()
			return addrConn{a, &net.TCPAddr{IP: net.ParseIP(ip), Port: 80}}, nil
		}
	}
	strict := context.WithValue(context.Background(), loopbackOnly{}, true)
	if _, err := loopbackChecked(peer("10.0.0.7"))(strict, "tcp", "localhost:80"); !errors.Is(err, ErrInsecureTransport) {
		t.Fatalf("non-loopback peer: %v", err)
	}
	for _, ip := range []string{"127.0.0.1", "127.9.9.9", "::1"} {
		c, err := loopbackChecked(peer(ip))(strict, "tcp", "localhost:80")
		if err != nil {
			t.Fatalf("%s: %v", ip, err)
		}
		c.Close()
	}
	c, err := loopbackChecked(peer("10.0.0.7"))(context.Background(), "tcp", "hub.example:443")
	if err != nil {
		t.Fatalf("an ordinary request: %v", err)
	}
	c.Close()
}

type addrConn struct {
	net.Conn
	remote net.Addr
}

func (c addrConn) RemoteAddr() net.Addr { return c.remote }

// Loopback hubs never go through a proxy, whatever the environment says.
func TestNoProxyForLoopback(t *testing.T) {
	for _, raw := range []string{"http://localhost:8090/x", "http://127.0.0.1:1/", "http://[::1]:80/"} {
		u, _ := url.Parse(raw)
		if p, err := proxyFor(&http.Request{URL: u}); p != nil || err != nil {
			t.Errorf("%s: proxy %v %v", raw, p, err)
		}
	}
}
