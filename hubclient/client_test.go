package hubclient_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/hubclient/hubtest"
)

func TestDiscover(t *testing.T) {
	cases := []struct {
		mount string
		want  string // suffix after the origin
	}{
		{"/ai-kit", "/ai-kit"},
		{"/ai-kit/", "/ai-kit"},
		{"/", ""},
		{"", ""},
		{"/x/y/", "/x/y"},
		{"x", "/x"},
		{"/../../etc", "/etc"},
	}
	for _, tc := range cases {
		t.Run(tc.mount, func(t *testing.T) {
			hub := hubtest.NewT(t, hubtest.WithMountPoint(tc.mount))
			c := newClient(nil)
			for _, in := range []string{hub.URL, hub.URL + "/", hub.URL + "/ai-kit/some/page?x=1"} {
				got, err := c.Discover(ctxT(t), originOf(t, in))
				if err != nil {
					t.Fatalf("Discover(%q): %v", in, err)
				}
				if want := hub.URL + tc.want; got.String() != want {
					t.Errorf("Discover(%q) = %q, want %q", in, got, want)
				}
			}
		})
	}
}

func TestDiscoverNotAHub(t *testing.T) {
	hub := hubtest.NewT(t)
	hub.SetMode(hubtest.NotAHub)
	_, err := newClient(nil).Discover(ctxT(t), originOf(t, hub.URL))
	requireKind(t, err, hubclient.ErrNotAHub, hub.URL, "not an AIGNE Hub", hubclient.HubComponentDID, "__blocklet__.js")
	requireKind(t, err, hubclient.ErrUnreachable)

	// An ordinary web site: 404 for __blocklet__.js, or HTML for every path.
	for name, h := range map[string]http.HandlerFunc{
		"404":  http.NotFound,
		"html": func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("<!doctype html><p>hello")) },
	} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(h)
			defer srv.Close()
			_, err := newClient(nil).Discover(ctxT(t), originOf(t, srv.URL))
			requireKind(t, err, hubclient.ErrNotAHub, "not an AIGNE Hub")
		})
	}
}

func TestBrokenHubs(t *testing.T) {
	key := "aigne_secret_key_value"
	calls := map[string]func(t *testing.T, c *hubclient.Client, hub *hubtest.Hub) error{
		"Discover": func(t *testing.T, c *hubclient.Client, hub *hubtest.Hub) error {
			_, err := c.Discover(context.Background(), originOf(t, hub.URL))
			return err
		},
		"StartSession": func(t *testing.T, c *hubclient.Client, hub *hubtest.Hub) error {
			_, err := c.StartSession(context.Background(), originOf(t, hub.URL))
			return err
		},
		"UserInfo": func(t *testing.T, c *hubclient.Client, hub *hubtest.Hub) error {
			_, err := c.UserInfo(context.Background(), apiOf(t, hub.APIURL()), key)
			return err
		},
	}
	modes := []struct {
		mode      hubtest.Mode
		fragments []string
	}{
		{hubtest.Down5xx, []string{"503"}},
		{hubtest.Garbage, []string{"invalid JSON"}},
		{hubtest.Huge, []string{"larger than 1 MiB"}},
		{hubtest.Hang, []string{"did not answer within 300ms"}},
	}
	for _, m := range modes {
		for name, call := range calls {
			t.Run(m.mode.String()+"/"+name, func(t *testing.T) {
				t.Parallel()
				hub := hubtest.NewT(t, hubtest.WithKeys(key))
				hub.SetMode(m.mode)
				c := newClient(nil)
				if m.mode == hubtest.Hang {
					c.RequestTimeout = 300 * time.Millisecond
				}
				start := time.Now()
				err := call(t, c, hub)
				if d := time.Since(start); d > 2*time.Second {
					t.Errorf("took %v; a broken hub must fail fast", d)
				}
				requireKind(t, err, hubclient.ErrUnreachable, m.fragments...)
				if strings.Contains(err.Error(), key) {
					t.Errorf("error %q contains the API key", err)
				}
				if m.mode == hubtest.Hang && !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("timeout error %q does not wrap context.DeadlineExceeded", err)
				}
			})
		}
	}
}

func TestAnnouncedHugeBodyIsRefusedWithoutReading(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1073741824")
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		<-r.Context().Done() // never send the body: the client must not wait for it
	}))
	defer srv.Close()
	_, err := newClient(nil).Discover(ctxT(t), originOf(t, srv.URL))
	requireKind(t, err, hubclient.ErrUnreachable, "larger than 1 MiB")
}

func TestMaxBodyIsConfigurable(t *testing.T) {
	hub := hubtest.NewT(t)
	c := newClient(nil)
	c.MaxBody = 10
	_, err := c.Discover(ctxT(t), originOf(t, hub.URL))
	requireKind(t, err, hubclient.ErrUnreachable, "larger than 10 bytes")
}

func TestCallerCancellationIsNotUnreachable(t *testing.T) {
	hub := hubtest.NewT(t)
	hub.SetMode(hubtest.Hang)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := newClient(nil).Discover(ctx, originOf(t, hub.URL))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v does not wrap context.Canceled", err)
	}
	if errors.Is(err, hubclient.ErrUnreachable) {
		t.Errorf("Ctrl-C reported as hub unreachable: %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v to notice cancellation", d)
	}
}

func TestConnectionRefused(t *testing.T) {
	hub := hubtest.New()
	origin := hub.URL
	hub.Close()
	_, err := newClient(nil).Discover(ctxT(t), originOf(t, origin))
	requireKind(t, err, hubclient.ErrUnreachable, "could not connect to "+strings.TrimPrefix(origin, "http://"))
}

func TestTLSIsVerified(t *testing.T) {
	hub := hubtest.NewT(t, hubtest.WithTLS())
	if !strings.HasPrefix(hub.URL, "https://") {
		t.Fatalf("hub URL %q is not https", hub.URL)
	}

	_, err := newClient(nil).Discover(ctxT(t), originOf(t, hub.URL))
	requireKind(t, err, hubclient.ErrUnreachable, "certificate")

	// Even a caller's client that turned verification off gets it back on.
	insecure := &http.Client{Transport: &http.Transport{TLSClientConfig: hub.Client().Transport.(*http.Transport).TLSClientConfig.Clone()}}
	insecure.Transport.(*http.Transport).TLSClientConfig.RootCAs = nil
	insecure.Transport.(*http.Transport).TLSClientConfig.InsecureSkipVerify = true
	_, err = newClient(insecure).Discover(ctxT(t), originOf(t, hub.URL))
	requireKind(t, err, hubclient.ErrUnreachable, "certificate")
	if !insecure.Transport.(*http.Transport).TLSClientConfig.InsecureSkipVerify {
		t.Error("New modified the caller's transport instead of copying it")
	}

	// A client that trusts the certificate works.
	api, err := newClient(hub.Client()).Discover(ctxT(t), originOf(t, hub.URL))
	if err != nil || api.String() != hub.APIURL() {
		t.Fatalf("Discover with trusted cert = %q, %v", api, err)
	}
}

func TestDefaultHTTPClient(t *testing.T) {
	hc := hubclient.DefaultHTTPClient()
	tr, ok := hc.Transport.(*http.Transport)
	if !ok {
		t.Fatalf("transport is %T", hc.Transport)
	}
	// Proxies from the environment are honoured, except for loopback
	// hubs (internal_test.go).
	if tr.Proxy == nil {
		t.Error("proxies from the environment are not honoured")
	}
	if tr.TLSClientConfig == nil || tr.TLSClientConfig.InsecureSkipVerify {
		t.Error("TLS verification is off")
	}
	if hc.CheckRedirect == nil {
		t.Error("no redirect policy")
	}
	if tr.TLSHandshakeTimeout == 0 || tr.ResponseHeaderTimeout == 0 {
		t.Error("transport has unbounded waits")
	}
}

func TestKeyNeverSentOverPlainHTTPToRemoteHost(t *testing.T) {
	var dialed atomic.Int32
	c := newClient(dialRecorder(&dialed))
	ctx := ctxT(t)
	const key = "aigne_do_not_leak"
	origin := "http://hub.example.invalid"

	var errs []error
	_, err := c.UserInfo(ctx, apiOf(t, origin+"/ai-kit"), key)
	requireKind(t, err, hubclient.ErrInsecureTransport, "http://hub.example.invalid", "https")
	errs = append(errs, err)
	h := c.Health(ctx, apiOf(t, origin+"/ai-kit"), key)
	if h.State != hubclient.StateOffline || !errors.Is(h.Err, hubclient.ErrInsecureTransport) {
		t.Errorf("Health = %+v, want offline with ErrInsecureTransport", h)
	}
	errs = append(errs, h.Err)
	// The login session yields the key, so it is held to the same rule.
	_, err = c.StartSession(ctx, originOf(t, origin))
	requireKind(t, err, hubclient.ErrInsecureTransport)
	errs = append(errs, err)
	_, err = c.WaitForKey(ctx, originOf(t, origin), "sid")
	requireKind(t, err, hubclient.ErrInsecureTransport)
	errs = append(errs, err)
	err = c.DeleteSession(ctx, originOf(t, origin), "sid")
	requireKind(t, err, hubclient.ErrInsecureTransport)
	errs = append(errs, err)

	if n := dialed.Load(); n != 0 {
		t.Errorf("dialled %d times; nothing may be sent before the check", n)
	}
	for _, e := range errs {
		if e != nil && strings.Contains(e.Error(), key) {
			t.Errorf("error %q contains the key", e)
		}
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost":         true,
		"LOCALHOST:8080":    true,
		"localhost.":        false,
		"localhost.:9":      false,
		"foo.localhost":     false,
		"127.0.0.1":         true,
		"127.1.2.3:443":     true,
		"[::1]:3000":        true,
		"::1":               true,
		"10.0.0.1":          false,
		"hub.aigne.io":      false,
		"localhost.evil.io": false,
		"127.0.0.1.nip.io":  false,
		"[::2]:80":          false,
	} {
		if got := hubclient.IsLoopback(host); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestRedirectToAnotherHostIsRefused(t *testing.T) {
	const key = "aigne_redirect_key"
	evil := hubtest.NewT(t, hubtest.WithKeys(key))
	hub := hubtest.NewT(t, hubtest.WithKeys(key))
	// Another host name (localhost vs 127.0.0.1) and another port.
	evilURL := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)
	hub.SetRedirect(evilURL)
	c := newClient(nil)
	ctx := ctxT(t)

	_, err := c.UserInfo(ctx, apiOf(t, hub.APIURL()), key)
	requireKind(t, err, hubclient.ErrRedirectRefused, "another host", evilURL)
	requireKind(t, err, hubclient.ErrUnreachable)
	if strings.Contains(err.Error(), key) {
		t.Errorf("error %q contains the key", err)
	}
	if h := c.Health(ctx, apiOf(t, hub.APIURL()), key); h.State != hubclient.StateError || !errors.Is(h.Err, hubclient.ErrRedirectRefused) {
		t.Errorf("Health = %+v", h)
	}
	_, err = c.WaitForKey(ctx, originOf(t, hub.URL), "some-session")
	requireKind(t, err, hubclient.ErrRedirectRefused)
	if n := len(hub.Sessions()); n != 0 {
		t.Fatalf("hub has %d sessions", n)
	}
	_, err = c.Discover(ctx, originOf(t, hub.URL))
	requireKind(t, err, hubclient.ErrRedirectRefused)

	for _, r := range evil.Requests() {
		t.Errorf("the other host received %s %s (Authorization: %v)", r.Method, r.Path, r.Authorization)
	}
	if len(hub.Requests()) == 0 {
		t.Error("the hub saw no requests; the test proves nothing")
	}
}

func TestRedirectsOnTheSameHost(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/__blocklet__.js", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/meta.json", http.StatusFound)
	})
	mux.HandleFunc("/meta.json", func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"componentMountPoints":[{"did":"` + hubclient.HubComponentDID + `","mountPoint":"/hub"}]}`))
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	api, err := newClient(nil).Discover(ctxT(t), originOf(t, srv.URL))
	if err != nil || api.String() != srv.URL+"/hub" {
		t.Fatalf("Discover through a same-host redirect = %q, %v", api, err)
	}

	// The redirect count is bounded.
	loop := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/again", http.StatusFound)
	}))
	defer loop.Close()
	_, err = newClient(nil).Discover(ctxT(t), originOf(t, loop.URL))
	requireKind(t, err, hubclient.ErrUnreachable, "redirects")
}

//END
