package hubtest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/hubclient/hubtest"
	"github.com/aigne-io/aigne/huburl"
)

func get(t *testing.T, url string, hdr ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestEncryptAccessKeyRoundTripsThroughTheClient(t *testing.T) {
	for _, key := range []string{"aigne_k3y-Ex4mple", "sk-测试-🔑", strings.Repeat("x", 64)} {
		secret, err := hubtest.EncryptAccessKey(key, "zNKtestAccessKeyId", "c0ffee-challenge")
		if err != nil {
			t.Fatal(err)
		}
		got, err := hubclient.DecryptAccessKey("zNKtestAccessKeyId", "c0ffee-challenge", secret)
		if err != nil || got != key {
			t.Errorf("round trip of %q = %q, %v", key, got, err)
		}
	}
}

func TestSessionProtocol(t *testing.T) {
	h := hubtest.New()
	defer h.Close()

	resp, err := http.Post(h.URL+hubtest.SessionPath, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var started struct{ ID string }
	_ = json.NewDecoder(resp.Body).Decode(&started)
	resp.Body.Close()
	if started.ID == "" {
		t.Fatal("no session id")
	}
	poll := h.URL + hubtest.SessionPath + "?sid=" + started.ID

	// Pending: 200, no key material.
	code, body := get(t, poll, "X-Request-Count", "0")
	if code != 200 || strings.Contains(body, "accessKeySecret") {
		t.Fatalf("pending poll: %d %s", code, body)
	}
	if code, _ := get(t, h.URL+hubtest.SessionPath+"?sid=unknown"); code != 404 {
		t.Errorf("unknown sid: %d, want 404", code)
	}

	key, err := h.Approve(started.ID)
	if err != nil {
		t.Fatal(err)
	}
	code, body = get(t, poll, "X-Request-Count", "1")
	var st struct{ AccessKeyID, Challenge, AccessKeySecret string }
	if err := json.Unmarshal([]byte(body), &st); code != 200 || err != nil {
		t.Fatalf("approved poll: %d %s", code, body)
	}
	got, err := hubclient.DecryptAccessKey(st.AccessKeyID, st.Challenge, st.AccessKeySecret)
	if err != nil || got != key {
		t.Fatalf("decrypted %q, %v; want %q", got, err, key)
	}

	s, _ := h.Session(started.ID)
	if strings.Join(s.RequestCounts, ",") != "0,1" {
		t.Errorf("RequestCounts = %v", s.RequestCounts)
	}
}

func TestBearerEndpoints(t *testing.T) {
	h := hubtest.New()
	defer h.Close()
	key := h.IssueKey()
	for _, p := range []string{"/api/user/info", "/api/v2/status"} {
		if code, _ := get(t, h.APIURL()+p); code != 401 {
			t.Errorf("%s without key: %d", p, code)
		}
		if code, _ := get(t, h.APIURL()+p, "Authorization", "Bearer nope"); code != 401 {
			t.Errorf("%s with unknown key: %d", p, code)
		}
		if code, _ := get(t, h.APIURL()+p, "Authorization", "Bearer "+key); code != 200 {
			t.Errorf("%s with key: %d", p, code)
		}
	}
	h.RevokeKey(key)
	if code, _ := get(t, h.APIURL()+"/api/user/info", "Authorization", "Bearer "+key); code != 401 {
		t.Errorf("revoked key: %d", code)
	}
	var sawAuth bool
	for _, r := range h.Requests() {
		sawAuth = sawAuth || r.Authorization
	}
	if !sawAuth {
		t.Error("Requests() did not record Authorization headers")
	}
}

// Close must not wait for requests parked by Hang or streaming in Huge.
func TestCloseReleasesParkedRequests(t *testing.T) {
	for _, m := range []hubtest.Mode{hubtest.Hang, hubtest.Huge} {
		h := hubtest.New()
		h.SetMode(m)
		started := make(chan struct{})
		go func() {
			close(started)
			resp, err := http.Get(h.URL + "/__blocklet__.js?type=json")
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
		<-started
		deadline := time.Now().Add(2 * time.Second)
		for len(h.Requests()) == 0 && time.Now().Before(deadline) {
			time.Sleep(5 * time.Millisecond)
		}
		done := make(chan struct{})
		go func() { h.Close(); close(done) }()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			t.Fatalf("%v: Close blocked on an in-flight request", m)
		}
	}
}

func TestListenAddrAndTLS(t *testing.T) {
	h, err := hubtest.Start(hubtest.WithAddr("127.0.0.1:0"), hubtest.WithTLS())
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if !strings.HasPrefix(h.URL, "https://127.0.0.1:") {
		t.Fatalf("URL = %q", h.URL)
	}
	o, err := huburl.Parse(h.URL)
	if err != nil {
		t.Fatal(err)
	}
	api, err := hubclient.New(h.Client()).Discover(context.Background(), o)
	if err != nil || api.String() != h.APIURL() {
		t.Fatalf("Discover = %q, %v", api, err)
	}
	if _, err := hubtest.Start(hubtest.WithAddr("256.0.0.1:0")); err == nil {
		t.Error("Start on an impossible address succeeded")
	}
}
