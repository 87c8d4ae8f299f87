package hubclient_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/huburl"
)

// A URL that huburl accepts but net/url does not used to make UserInfo
// and Health (so status, info and list --check) dereference nil: the base
// was parsed a second time with net/url and its error dropped. Now the
// caller parses once, with huburl, which refuses these, and hubclient
// takes what it read.
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
		_, parseErr := callAll(t, c, raw)
		var ue *huburl.Error
		if !errors.As(parseErr, &ue) {
			t.Errorf("%q: %v, want a *huburl.Error", raw, parseErr)
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
		errs, parseErr := callAll(t, c, raw)
		var ue *huburl.Error
		if parseErr != nil && !errors.As(parseErr, &ue) {
			t.Fatalf("%q: %#v, want a *huburl.Error", raw, parseErr)
		}
		// Every call asks an offline network.
		for i, err := range errs {
			var he *hubclient.Error
			if !errors.As(err, &he) {
				t.Fatalf("%q: call %d: %#v, want a *hubclient.Error", raw, i, err)
			}
		}
	})
}

// The API URL Discover builds from a hub's mount point is one that huburl
// reads back, on the same host, whatever the mount point holds.
func TestDiscoveredAPIURLReadsBack(t *testing.T) {
	for _, mount := range []string{"/%zz", "/a b", "/\x1b[2J", "/日本", "/a{b}`|^", "/?x#y", `\\evil.example`, "//evil.example/x", "/%2F%2e%2e"} {
		srv := newJSONServer(t, `{"componentMountPoints":[{"did":"`+hubclient.HubComponentDID+`","mountPoint":`+quoteJSON(mount)+`}]}`)
		api, err := newClient(nil).Discover(ctxT(t), originOf(t, srv))
		if err != nil {
			t.Errorf("mount %q: %v", mount, err)
			continue
		}
		u, err := huburl.ParseAbsoluteURL(api.String())
		if err != nil || u != api || u.Origin.String() != srv || !strings.HasPrefix(api.String(), srv+"/") {
			t.Errorf("mount %q: API URL %q reads as %v, %v", mount, api, u, err)
		}
	}
}

//END
