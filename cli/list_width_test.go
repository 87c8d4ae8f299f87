package cli

import (
	"context"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient/hubtest"
	"github.com/aigne-io/aigne/internal/testenv"
)

// rerouter plays hubs with long host names: each name is sent to a fake
// hub on a loopback socket (in plain http, as the hub's own https would
// be), or fails as the network would fail for it.
type rerouter struct {
	to    map[string]string // host → the fake hub's host:port
	fails map[string]error  // host → what the network says instead
}

func (r rerouter) RoundTrip(req *http.Request) (*http.Response, error) {
	if err, ok := r.fails[req.URL.Host]; ok {
		return nil, err
	}
	target, ok := r.to[req.URL.Host]
	if !ok {
		return nil, fmt.Errorf("test: no route to %s", req.URL.Host)
	}
	req = req.Clone(req.Context())
	req.URL.Scheme, req.URL.Host, req.Host = "http", target, target
	return http.DefaultTransport.RoundTrip(req)
}

// hostOf30 is a host name of exactly 30 characters that starts with what.
func hostOf30(what string) string {
	const tail = ".example.com"
	return what + "-" + strings.Repeat("x", 30-len(what)-1-len(tail)) + tail
}

// The STATUS column of list --check leaves out the hub's host, which the
// row shows already, so that every row fits 100 columns when the hosts
// have at most 30 characters, in English and in Chinese, in every state;
// a hub's own long reason is cut with "…". JSON keeps every reason whole.
func TestListCheckFits100Columns(t *testing.T) {
	online := hubtest.NewT(t)
	down := hubtest.NewT(t)
	down.SetMode(hubtest.Down5xx)
	garbage := hubtest.NewT(t)
	garbage.SetMode(hubtest.Garbage)
	hang := hubtest.NewT(t)
	hang.SetMode(hubtest.Hang)
	busy := hubtest.NewT(t)
	busy.SetMode(hubtest.Unavailable)
	busy.SetUnavailableReason("every AI provider configured on this hub has run out of quota for today; the administrator has been told and will add credit as soon as possible", 503)
	terse := hubtest.NewT(t)
	terse.SetMode(hubtest.Unavailable)
	terse.SetUnavailableReason("", 503)
	closed := hubtest.New()
	closed.Close()

	type row struct {
		host   string
		hub    *hubtest.Hub
		key    string // "" for none
		fail   error
		en, zh string // how the STATUS cell starts
	}
	valid := func(h *hubtest.Hub) string { return h.IssueKey() }
	rows := []row{
		{host: hostOf30("online"), hub: online, key: valid(online), en: "online", zh: "在线"},
		{host: hostOf30("http503"), hub: down, key: valid(down), en: "error: ", zh: "错误："},
		{host: hostOf30("garbage"), hub: garbage, key: valid(garbage), en: "error: ", zh: "错误："},
		{host: hostOf30("hang"), hub: hang, key: valid(hang), en: "offline: ", zh: "离线："},
		{host: hostOf30("refused"), hub: closed, key: "k", en: "offline: ", zh: "离线："},
		{host: hostOf30("dns"), key: "k", fail: &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: hostOf30("dns"), IsNotFound: true}}, en: "offline: ", zh: "离线："},
		{host: hostOf30("tls"), key: "k", fail: x509.UnknownAuthorityError{}, en: "offline: ", zh: "离线："},
		{host: hostOf30("oddnet"), key: "k", fail: errors.New("a long and unusual message from the operating system's network stack about " + hostOf30("oddnet")), en: "offline: ", zh: "离线："},
		{host: hostOf30("rejected"), hub: online, key: "not-a-key-the-hub-knows", en: "unauthorized: ", zh: "未授权："},
		{host: hostOf30("nokey"), hub: online, en: "unauthorized", zh: "未授权"},
		{host: hostOf30("busy"), hub: busy, key: valid(busy), en: `unavailable: "every AI provider`, zh: `不可用："every AI provider`},
		{host: hostOf30("terse"), hub: terse, key: valid(terse), en: "unavailable: ", zh: "不可用："},
	}
	rr := rerouter{to: map[string]string{}, fails: map[string]error{}}
	var file strings.Builder
	for _, r := range rows {
		if len(r.host) != 30 {
			t.Fatalf("%s: %d characters", r.host, len(r.host))
		}
		switch {
		case r.fail != nil:
			rr.fails[r.host] = r.fail
		default:
			rr.to[r.host] = r.hub.Host()
		}
		fmt.Fprintf(&file, "%s:\n  AIGNE_HUB_API_URL: https://%s/ai-kit\n", r.host, r.host)
		if r.key != "" {
			fmt.Fprintf(&file, "  AIGNE_HUB_API_KEY: %s\n", r.key)
		}
	}
	fmt.Fprintf(&file, "default:\n  AIGNE_HUB_API_URL: https://%s/ai-kit\n", rows[0].host)
	path := filepath.Join(t.TempDir(), ".aigne", credentials.FileName)
	testenv.WriteFile(t, path, file.String())

	run := func(lang string, args ...string) (int, string, string) {
		t.Helper()
		env := map[string]string{"LANG": lang}
		return runMain(&App{
			Ctx: context.Background(), Getenv: func(k string) string { return env[k] },
			Prompter: failingPrompter{t}, Path: path,
			Keychain:   &credentials.Keychain{Backend: credentials.NewMemoryBackend()},
			HTTPClient: &http.Client{Transport: rr},
		}, args...)
	}
	// Wide characters count two columns, the box lines one, as terminals
	// draw them.
	width := (&runewidth.Condition{EastAsianWidth: false}).StringWidth
	for _, lang := range []string{"C", "zh_CN.UTF-8"} {
		code, out, errOut := run(lang, "hub", "list", "--check", "--check-timeout", "300ms")
		if code != ExitUnreachable {
			t.Fatalf("%s: exit %d\n%s%s", lang, code, out, errOut)
		}
		widest := 0
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			widest = max(widest, width(line))
		}
		t.Logf("%s: %d columns at most\n%s", lang, widest, out)
		if widest > 100 {
			t.Errorf("%s: a line of %d columns, want at most 100:\n%s", lang, widest, out)
		}
		for _, r := range rows {
			var line string
			for _, l := range strings.Split(out, "\n") {
				if strings.Contains(l, "https://"+r.host+" ") {
					line = l
				}
			}
			cells := strings.Split(line, "│")
			if len(cells) != 5 {
				t.Errorf("%s: no row of 3 cells for %s:\n%s", lang, r.host, out)
				continue
			}
			status := strings.TrimSpace(cells[3])
			if strings.Contains(status, r.host) {
				t.Errorf("%s: the status of %s repeats its host: %q", lang, r.host, status)
			}
			want := r.en
			if lang != "C" {
				want = r.zh
			}
			if !strings.HasPrefix(status, want) {
				t.Errorf("%s: the status of %s is %q, want it to start with %q", lang, r.host, status, want)
			}
		}
		// The hub's own words, cut to fit, and said to be cut.
		if !strings.Contains(out, "every AI provider") || !strings.Contains(out, `…"`) {
			t.Errorf("%s: the long reason is not cut with …:\n%s", lang, out)
		}
	}

	// JSON keeps the whole reason of every hub: a script reads one hub's
	// at a time, without the row around it.
	code, out, _ := run("C", "-o", "json", "hub", "list", "--check", "--check-timeout", "300ms")
	var doc struct {
		Hubs []struct {
			Host   string  `json:"host"`
			Status string  `json:"status"`
			Error  *string `json:"error"`
		} `json:"hubs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != ExitUnreachable || len(doc.Hubs) != len(rows) {
		t.Fatalf("%d %v %s", code, err, out)
	}
	for _, h := range doc.Hubs {
		switch h.Host {
		case hostOf30("http503"):
			if h.Status != "error" || h.Error == nil || *h.Error != hostOf30("http503")+" answered HTTP 503" {
				t.Errorf("JSON of the failing hub: %s %v", h.Status, nullText(h.Error))
			}
		case hostOf30("busy"):
			if h.Status != "unavailable" || h.Error == nil || !strings.HasSuffix(*h.Error, "as soon as possible") {
				t.Errorf("JSON of the unavailable hub: %s %v", h.Status, nullText(h.Error))
			}
		}
	}
}

func nullText(s *string) string {
	if s == nil {
		return "null"
	}
	return *s
}
