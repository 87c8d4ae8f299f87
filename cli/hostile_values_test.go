package cli

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/hubclient/hubtest"
)

// Values other programs wrote — the hub file, the keychain, the
// environment, a hub's answers — never crash aigne nor reach the terminal
// raw.

// URLs that the URL Standard (and so huburl) reads but net/url refuses: a
// "%" that starts no escape, a "{" in the host. They used to make status,
// info and list --check dereference nil.
func TestSavedURLsThatNetURLRefuses(t *testing.T) {
	file := `default:
  AIGNE_HUB_API_URL: https://h.example/%zz
h.example:
  AIGNE_HUB_API_URL: https://h.example/%zz
  AIGNE_HUB_API_KEY: k1
a{b.example:
  AIGNE_HUB_API_URL: https://a{b.example/ai-kit
  AIGNE_HUB_API_KEY: k2
`
	h := newHarness(t, file)
	h.env[EnvRequestTimeout] = "1s"
	_ = h.keys.Set("c`d.example", `{"AIGNE_HUB_API_URL":"https://c`+"`"+`d.example/x","AIGNE_HUB_API_KEY":"k3"}`)
	_ = h.keys.Set("e.example", `{"AIGNE_HUB_API_URL":"https://e.example/ai-kit%","AIGNE_HUB_API_KEY":"k4"}`)
	for _, args := range [][]string{
		{"hub", "status"}, {"hub", "info"}, {"hub", "info", "h.example"}, {"hub", "info", "e.example"},
		{"hub", "list", "--check"}, {"-o", "json", "hub", "list", "--check"}, {"hub", "token", "h.example"},
		{"hub", "env", "--shell=sh", "h.example"},
	} {
		code, out, errOut := h.run("", args...)
		// None of them has a usable key: each is an entry no key is sent for.
		if code != ExitAuth {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	// Named in the environment, such a URL is a usage error.
	h.env[EnvAPIURL] = "https://h.example/%zz"
	if code, _, errOut := h.run("", "hub", "status"); code != ExitUsage || !strings.Contains(errOut, "%zz") {
		t.Errorf("status with %s: %d %q", EnvAPIURL, code, errOut)
	}
}

// A key a hub hands out is checked as one from --with-token is, before
// anything is saved: a bad one is the hub's failure.
func TestConnectRefusesAHostileKeyFromTheHub(t *testing.T) {
	hostile := "aigne_\x1b]0;owned\x07\x1b[2J\u009b31m"
	for _, tc := range []struct{ lang, store, want string }{
		{"en_US.UTF-8", "file", "handed out an API key that aigne cannot use (it contains spaces, control or non-ASCII characters); nothing was saved"},
		{"zh_CN.UTF-8", "keyring", "发放的 API 密钥无法使用（含有空格、控制字符或非 ASCII 字符）；未保存任何内容"},
	} {
		hub := hubtest.NewT(t)
		hub.SetIssuedKey(hostile)
		h := newHarness(t, twoHubs)
		h.env["LANG"] = tc.lang
		h.browserVisits(hub)
		before := h.file()
		code, out, errOut := h.run("", "hub", "connect", "--store="+tc.store, hub.URL)
		if code != ExitUnreachable || !strings.Contains(errOut, hub.URL+" "+tc.want) {
			t.Errorf("%s: exit %d\nstdout %q\nstderr %q", tc.lang, code, out, errOut)
		}
		if strings.ContainsAny(out+errOut, "\x1b\x07") || strings.Contains(out+errOut, "owned") {
			t.Errorf("%s: the key reached the terminal: %q %q", tc.lang, out, errOut)
		}
		if h.file() != before {
			t.Errorf("%s: the file changed:\n%s", tc.lang, h.file())
		}
		if items, _ := h.keys.ReadAll(); len(items) != 0 {
			t.Errorf("%s: the keychain changed: %v", tc.lang, items)
		}
		if s := hub.Sessions(); len(s) != 1 || !s[0].Approved || !s[0].Deleted {
			t.Errorf("%s: sessions %+v", tc.lang, s)
		}
	}
}

// --with-token takes at most hubclient.MaxKeyBytes, as from a hub.
func TestConnectWithTokenKeyLength(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	long := strings.Repeat("k", hubclient.MaxKeyBytes+1)
	hub.AddKey(long)
	code, _, errOut := h.run(long+"\n", "hub", "connect", "--with-token", hub.URL)
	if code != ExitUsage || !strings.Contains(errOut, "longer than 2048 bytes") || h.file() != "" {
		t.Fatalf("%d %q", code, errOut)
	}
	ok := long[1:]
	hub.AddKey(ok)
	if code, _, errOut := h.run(ok+"\n", "hub", "connect", "--with-token", hub.URL); code != 0 || !strings.Contains(h.file(), ok) {
		t.Fatalf("%d %q", code, errOut)
	}
}

// A hub that redirects to a host holding a byte that is not UTF-8 (0x9b
// is CSI to an 8-bit terminal) gets U+FFFD on the screen, not the byte.
func TestRedirectToAHostThatIsNotUTF8(t *testing.T) {
	hub := hubtest.NewT(t)
	key := hub.IssueKey()
	h := newHarness(t, "default:\n  AIGNE_HUB_API_URL: "+hub.APIURL()+"\n"+hub.Host()+":\n  AIGNE_HUB_API_URL: "+hub.APIURL()+"\n  AIGNE_HUB_API_KEY: "+key+"\n")
	hub.SetRedirect("http://evil\x9b.example")
	for _, args := range [][]string{{"hub", "status"}, {"hub", "list", "--check"}, {"-o", "json", "hub", "status"}, {"-o", "json", "hub", "list", "--check"}} {
		code, out, errOut := h.run("", args...)
		if code != ExitUnreachable || !strings.Contains(out, "evil\ufffd.example") && !strings.Contains(out, `evil\ufffd.example`) {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
		if !utf8.ValidString(out) || !utf8.ValidString(errOut) {
			t.Errorf("%v: invalid UTF-8 reached the terminal: %q %q", args, out, errOut)
		}
	}
}
