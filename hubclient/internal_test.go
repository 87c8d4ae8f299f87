package hubclient

import (
	"errors"
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
	if formatSize(1<<20) != "1 MiB" || formatSize(1536) != "1536 bytes" || formatSize(2048) != "2 KiB" {
		t.Error("formatSize")
	}
}
