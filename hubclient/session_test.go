package hubclient_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/hubclient/hubtest"
)

func TestConnectFlow(t *testing.T) {
	hub := hubtest.NewT(t)
	c := newClient(nil)
	ctx := ctxT(t)

	api, err := c.Discover(ctx, originOf(t, hub.URL))
	if err != nil {
		t.Fatal(err)
	}
	sid, err := c.StartSession(ctx, originOf(t, hub.URL))
	if err != nil {
		t.Fatal(err)
	}
	link := hubclient.AuthorizeURL(originOf(t, hub.URL), sid, hubclient.AuthorizeParams{Source: "aigne test", AppName: "AIGNE CLI"})

	// The "browser": approve once the CLI has polled a few times, so the
	// X-Request-Count sequence is visible.
	browser := make(chan error, 1)
	go func() {
		for {
			s, _ := hub.Session(sid)
			if len(s.RequestCounts) >= 3 {
				browser <- hub.Visit(link)
				return
			}
			select {
			case <-ctx.Done():
				browser <- ctx.Err()
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()

	key, err := c.WaitForKey(ctx, originOf(t, hub.URL), sid)
	if err != nil {
		t.Fatal(err)
	}
	if err := <-browser; err != nil {
		t.Fatalf("visiting the approval page: %v", err)
	}
	if err := c.DeleteSession(ctx, originOf(t, hub.URL), sid); err != nil {
		t.Fatal(err)
	}

	s, ok := hub.Session(sid)
	if !ok {
		t.Fatal("hub does not know the session")
	}
	if !s.Approved || key != s.Key || !hub.KeyValid(key) {
		t.Errorf("got key %q; session approved=%v key=%q", key, s.Approved, s.Key)
	}
	if !s.Deleted {
		t.Error("DELETE of the session was not received")
	}
	for i, n := range s.RequestCounts {
		if n != fmt.Sprint(i) {
			t.Fatalf("X-Request-Count sequence %v, want 0, 1, 2, …", s.RequestCounts)
		}
	}
	for k, want := range map[string]string{"source": "aigne test", "appName": "AIGNE CLI", "cli": "true", "closeOnSuccess": "true", "__token__": s.Token} {
		if got := s.Params.Get(k); got != want {
			t.Errorf("approval page got %s=%q, want %q", k, got, want)
		}
	}

	// The key works.
	info, err := c.UserInfo(ctx, api, key)
	if err != nil {
		t.Fatal(err)
	}
	if info.User.FullName != hubtest.DefaultUser.FullName {
		t.Errorf("user = %+v", info.User)
	}
	// And a closed session is gone.
	_, err = c.WaitForKey(ctx, originOf(t, hub.URL), sid)
	requireKind(t, err, hubclient.ErrSessionExpired)
}

func TestWaitForKeyAutoApprove(t *testing.T) {
	hub := hubtest.NewT(t, hubtest.WithAutoApprove(true))
	c := newClient(nil)
	c.PollInterval = time.Hour // the first poll must already succeed
	sid, err := c.StartSession(ctxT(t), originOf(t, hub.URL))
	if err != nil {
		t.Fatal(err)
	}
	key, err := c.WaitForKey(ctxT(t), originOf(t, hub.URL), sid)
	if err != nil || !hub.KeyValid(key) {
		t.Fatalf("WaitForKey = %q, %v", key, err)
	}
}

func TestWaitForKeyHonoursContext(t *testing.T) {
	hub := hubtest.NewT(t)
	c := newClient(nil)
	c.PollInterval = time.Hour // cancellation must cut the wait short
	sid, err := c.StartSession(ctxT(t), originOf(t, hub.URL))
	if err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err = c.WaitForKey(ctx, originOf(t, hub.URL), sid)
	if !errors.Is(err, context.Canceled) || errors.Is(err, hubclient.ErrUnreachable) {
		t.Fatalf("cancelled wait: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("cancellation took %v", d)
	}

	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err = c.WaitForKey(ctx, originOf(t, hub.URL), sid)
	if !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, hubclient.ErrUnreachable) {
		t.Fatalf("timed-out wait: %v", err)
	}

	// Cancellation during a hanging poll is just as quick.
	hub.SetMode(hubtest.Hang)
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start = time.Now()
	_, err = c.WaitForKey(ctx, originOf(t, hub.URL), sid)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled hanging poll: %v", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("cancellation took %v", d)
	}
}

func TestWaitForKeyRidesOutTransientFailures(t *testing.T) {
	hub := hubtest.NewT(t, hubtest.WithAutoApprove(true))
	c := newClient(nil)
	sid, err := c.StartSession(ctxT(t), originOf(t, hub.URL))
	if err != nil {
		t.Fatal(err)
	}
	hub.FailNextPolls(c.MaxPollFailures)
	key, err := c.WaitForKey(ctxT(t), originOf(t, hub.URL), sid)
	if err != nil || !hub.KeyValid(key) {
		t.Fatalf("WaitForKey = %q, %v", key, err)
	}
	s, _ := hub.Session(sid)
	if want := c.MaxPollFailures + 1; len(s.RequestCounts) != want {
		t.Errorf("%d polls, want %d", len(s.RequestCounts), want)
	}

	// But not forever.
	sid, err = c.StartSession(ctxT(t), originOf(t, hub.URL))
	if err != nil {
		t.Fatal(err)
	}
	c.MaxPollFailures = 2
	hub.FailNextPolls(100)
	_, err = c.WaitForKey(ctxT(t), originOf(t, hub.URL), sid)
	requireKind(t, err, hubclient.ErrUnreachable, "gave up after 3 failed polls", "503")
}

func TestWaitForKeyExpiredSession(t *testing.T) {
	hub := hubtest.NewT(t)
	c := newClient(nil)
	sid, err := c.StartSession(ctxT(t), originOf(t, hub.URL))
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(30*time.Millisecond, func() { hub.ExpireSession(sid) })
	_, err = c.WaitForKey(ctxT(t), originOf(t, hub.URL), sid)
	requireKind(t, err, hubclient.ErrSessionExpired, "expired", "404")

	_, err = c.WaitForKey(ctxT(t), originOf(t, hub.URL), "no-such-session")
	requireKind(t, err, hubclient.ErrSessionExpired)
	if err := c.DeleteSession(ctxT(t), originOf(t, hub.URL), "no-such-session"); err != nil {
		t.Errorf("deleting a session the hub forgot: %v", err)
	}
}

func TestWaitForKeyUndecryptableSecret(t *testing.T) {
	srv := newJSONServer(t, `{"id":"s","accessKeyId":"z1","challenge":"c","accessKeySecret":"U2FsdGVkX19T15QqhZUhvYUeSnLAu9Bre5GwuBIYWEQ="}`)
	_, err := newClient(nil).WaitForKey(ctxT(t), originOf(t, srv), "s")
	requireKind(t, err, hubclient.ErrUnreachable, "cannot be decrypted")
}

func TestWaitForKeyTreatsEmptyFieldsAsPending(t *testing.T) {
	srv := newJSONServer(t, `{"id":"s","accessKeyId":"","accessKeySecret":"","challenge":""}`)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := newClient(nil).WaitForKey(ctx, originOf(t, srv), "s")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want to keep polling until the deadline", err)
	}
}

func TestManualApproval(t *testing.T) {
	hub := hubtest.NewT(t, hubtest.WithApproveOnGET(false))
	c := newClient(nil)
	sid, err := c.StartSession(ctxT(t), originOf(t, hub.URL))
	if err != nil {
		t.Fatal(err)
	}
	link := hubclient.AuthorizeURL(originOf(t, hub.URL), sid, hubclient.AuthorizeParams{})
	resp, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(page), "Approve</button>") {
		t.Fatalf("approval page: %s\n%s", resp.Status, page)
	}
	if s, _ := hub.Session(sid); s.Approved {
		t.Fatal("GET approved the session although manual approval is on")
	}
	resp, err = http.PostForm(link, url.Values{"__token__": {hubclient.EncodeToken(sid)}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	key, err := c.WaitForKey(ctxT(t), originOf(t, hub.URL), sid)
	if err != nil || !hub.KeyValid(key) {
		t.Fatalf("WaitForKey after POST approval = %q, %v", key, err)
	}
}

func TestAuthorizeURL(t *testing.T) {
	got := hubclient.AuthorizeURL(originOf(t, "https://hub.aigne.io/ai-kit/"), "sid-1?", hubclient.AuthorizeParams{
		Source: "aigne hub connect", AppName: "AIGNE CLI", AppLogo: "https://x.io/logo.png?w=32",
	})
	want := "https://hub.aigne.io/.well-known/service/gen-simple-access-key" +
		"?__token__=c2lkLTE_&source=aigne+hub+connect&closeOnSuccess=true&cli=true" +
		"&appName=AIGNE+CLI&appLogo=https%3A%2F%2Fx.io%2Flogo.png%3Fw%3D32"
	if got != want {
		t.Errorf("AuthorizeURL =\n %s\nwant\n %s", got, want)
	}
	if tok := hubclient.EncodeToken("ab"); tok != "YWI" {
		t.Errorf("EncodeToken(ab) = %q: want base64url without padding", tok)
	}
	if sid, err := hubtest.DecodeToken(hubclient.EncodeToken("any/sid+=")); err != nil || sid != "any/sid+=" {
		t.Errorf("token round trip = %q, %v", sid, err)
	}
	defaults := hubclient.AuthorizeURL(originOf(t, "https://hub.aigne.io"), "s", hubclient.AuthorizeParams{})
	for _, p := range []string{"source=", "appName=", "appLogo="} {
		if !strings.Contains(defaults, p) {
			t.Errorf("default AuthorizeURL %q lacks %s", defaults, p)
		}
	}
}

func TestStartSessionNotAHub(t *testing.T) {
	srv := newHTTPServer(t, http.NotFound)
	_, err := newClient(nil).StartSession(ctxT(t), originOf(t, srv))
	requireKind(t, err, hubclient.ErrNotAHub)
}

// A Session goes from start to close without its caller seeing the id.
func TestSessionValue(t *testing.T) {
	hub := hubtest.NewT(t, hubtest.WithAutoApprove(true))
	c := newClient(nil)
	ctx := ctxT(t)
	s, err := c.Login(ctx, originOf(t, hub.URL+"/ai-kit/"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.PageURL(hubclient.AuthorizeParams{}), "/.well-known/service/gen-simple-access-key?__token__=") {
		t.Fatal(s.PageURL(hubclient.AuthorizeParams{}))
	}
	key, err := s.Wait(ctx)
	if err != nil || key == "" {
		t.Fatalf("%q %v", key, err)
	}
	if err := s.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if got := hub.Sessions(); len(got) != 1 || !got[0].Deleted || got[0].Key != key {
		t.Fatalf("%+v", got)
	}
}
