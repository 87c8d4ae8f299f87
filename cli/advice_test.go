package cli

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"

	"github.com/aigne-io/aigne/hubclient/hubtest"
	"github.com/aigne-io/aigne/internal/testenv"
)

// Advice that helps, and nothing ignored silently: the tests of what is
// said on stderr about an interruption, a loopback hub in plain HTTP, a
// key moved between stores and a browser that did not open.

// TestOnlyConnectSaysNothingWasSaved: a cancelled prompt interrupts every
// command, but only connect, the one that saves, says that nothing was.
func TestOnlyConnectSaysNothingWasSaved(t *testing.T) {
	file := "a.example.com:\n  AIGNE_HUB_API_URL: https://a.example.com/ai-kit\n  AIGNE_HUB_API_KEY: ka\n" +
		"b.example.com:\n  AIGNE_HUB_API_URL: https://b.example.com/ai-kit\n  AIGNE_HUB_API_KEY: kb\n" +
		"default:\n  AIGNE_HUB_API_URL: https://a.example.com/ai-kit\n"
	for _, lang := range []struct{ env, interrupted, unsaved string }{
		{"C", "Error: interrupted\n", "nothing was saved"},
		{"zh_CN.UTF-8", "错误：已中断\n", "未保存任何内容"},
	} {
		for _, cmd := range []string{"info", "use", "remove"} {
			h := newHarness(t, file)
			h.tty = true
			h.env["LANG"] = lang.env
			code, _, errOut := h.run("", "hub", cmd)
			if code != ExitInterrupted || errOut != lang.interrupted {
				t.Errorf("%s %s: %d %q, want %d %q", lang.env, cmd, code, errOut, ExitInterrupted, lang.interrupted)
			}
		}
		// status, interrupted while it waits for a hub that does not answer.
		hub := hubtest.NewT(t)
		hub.SetMode(hubtest.Hang)
		h := newHarness(t, hub.Host()+":\n  AIGNE_HUB_API_URL: "+hub.APIURL()+"\n  AIGNE_HUB_API_KEY: k\ndefault:\n  AIGNE_HUB_API_URL: "+hub.APIURL()+"\n")
		h.env["LANG"] = lang.env
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		io, _, _ := TestStreams("")
		code, _, errOut := runMain(&App{Ctx: ctx, IO: io, Getenv: func(k string) string { return h.env[k] }, Path: h.path,
			Keychain: &credentials.Keychain{Backend: h.keys}, Prompter: failingPrompter{t}}, "hub", "status")
		cancel()
		if code != ExitInterrupted || errOut != lang.interrupted {
			t.Errorf("%s status: %d %q, want %d %q", lang.env, code, errOut, ExitInterrupted, lang.interrupted)
		}
		h = newHarness(t, file)
		h.tty = true
		h.env["LANG"] = lang.env
		code, _, errOut = h.run("", "hub", "connect")
		if code != ExitInterrupted || !strings.Contains(errOut, lang.unsaved) {
			t.Errorf("%s connect: %d %q, want %q", lang.env, code, errOut, lang.unsaved)
		}
	}
}

// TestBareLoopbackSuggestsHTTP: a loopback address without a scheme is
// https; a hub there that answers in plain HTTP gets http:// offered,
// in both languages.
func TestBareLoopbackSuggestsHTTP(t *testing.T) {
	hub := hubtest.NewT(t) // plain HTTP on 127.0.0.1
	_, port, _ := net.SplitHostPort(hub.Host())
	addrs := []string{"127.0.0.1:" + port, "localhost:" + port}
	if v6, err := hubtest.Start(hubtest.WithAddr("[::1]:0")); err == nil {
		t.Cleanup(v6.Close)
		addrs = append(addrs, v6.Host())
	} else {
		t.Logf("no IPv6 loopback: %v", err)
	}
	for _, addr := range addrs {
		h := newHarness(t, "")
		code, _, errOut := h.run("", "hub", "connect", "--no-browser", addr)
		want := "Error: cannot reach the hub: " + addr + " answered in plain HTTP, not HTTPS; use http://" + addr + " instead\n"
		if code != ExitUnreachable || errOut != want {
			t.Errorf("%s: %d %q, want %q", addr, code, errOut, want)
		}
		h.env["LANG"] = "zh_CN.UTF-8"
		_, _, errOut = h.run("", "hub", "connect", "--no-browser", addr)
		if !strings.Contains(errOut, "以明文 HTTP 而不是 HTTPS 应答；请改用 http://"+addr) {
			t.Errorf("%s, Chinese: %q", addr, errOut)
		}
		// With the scheme the advice gave, it works.
		h.env["LANG"] = ""
		h.browserVisits(hub)
		if addr == addrs[0] {
			if code, _, errOut := h.run("", "hub", "connect", "http://"+addr); code != 0 {
				t.Errorf("http://%s: %d %q", addr, code, errOut)
			}
		}
	}
}

// TestStoreMoveIsAnnounced: connect --store on a saved hub whose key is
// in the other store says on stderr that the key moved, in a line of its
// own written as a sentence; without --store, or to the store it is in,
// nothing is said.
func TestStoreMoveIsAnnounced(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	h.browserVisits(hub)
	if code, _, errOut := h.run("", "hub", "connect", hub.URL); code != 0 || strings.Contains(errOut, "Moved") {
		t.Fatalf("connect: %d %q", code, errOut)
	}
	code, _, errOut := h.run("", "hub", "connect", "--store=keyring", hub.URL)
	if want := "\nMoved the API key of " + hub.URL + " from the file to the keychain.\n"; code != 0 || !strings.Contains("\n"+errOut, want) {
		t.Fatalf("to the keychain: %d %q, want %q", code, errOut, want)
	}
	if code, _, errOut := h.run("", "hub", "connect", "--store=keyring", hub.URL); code != 0 || strings.Contains(errOut, "Moved") {
		t.Fatalf("keychain again: %d %q", code, errOut)
	}
	h.env["LANG"] = "zh_CN.UTF-8"
	code, _, errOut = h.run("", "hub", "connect", "--store=file", hub.URL)
	if want := "\n已将 " + hub.URL + " 的 API 密钥从钥匙串移到文件。\n"; code != 0 || !strings.Contains("\n"+errOut, want) {
		t.Fatalf("to the file: %d %q, want %q", code, errOut, want)
	}
	h.env["LANG"] = ""
	// A new login to the other store replaces the key and deletes the old.
	code, _, errOut = h.run("", "hub", "connect", "--force", "--store=keyring", hub.URL)
	if want := "\nSaved the new API key of " + hub.URL + " in the keychain and deleted the old one from the file.\n"; code != 0 || !strings.Contains("\n"+errOut, want) {
		t.Fatalf("--force: %d %q, want %q", code, errOut, want)
	}
	if code, _, errOut := h.run("", "hub", "connect", "--force", hub.URL); code != 0 || strings.Contains(errOut, "Moved") || strings.Contains(errOut, "deleted") {
		t.Fatalf("--force without --store: %d %q", code, errOut)
	}
}

// TestFailedBrowserIsReported: a BROWSER that cannot be run, or that
// fails, is said on stderr with the page to open by hand, and the login
// goes on waiting for the approval (which the hub here gives by itself).
func TestFailedBrowserIsReported(t *testing.T) {
	browsers := map[string]string{"/nonexistent/browser": `BROWSER="/nonexistent/browser" could not be started (it does not exist); open the page below by hand`}
	if runtime.GOOS != "windows" {
		script := filepath.Join(t.TempDir(), "broken-browser")
		if err := os.WriteFile(script, []byte("#!/bin/sh\nexit 3\n"), 0o700); err != nil {
			t.Fatal(err)
		}
		browsers[script] = `BROWSER="` + script + `" failed (exit status 3); open the page below by hand`
	}
	for browser, want := range browsers {
		hub := hubtest.NewT(t, hubtest.WithAutoApprove(true))
		h := newHarness(t, "")
		h.env["BROWSER"] = browser
		code, out, errOut := h.run("", "hub", "connect", hub.URL)
		if code != 0 || !strings.Contains(out, "connected successfully") {
			t.Fatalf("%s: %d %q %q", browser, code, out, errOut)
		}
		if !strings.Contains(errOut, "Warning: "+want+"\nOpen this page in a browser to approve this device:\n  "+hub.URL+"/") {
			t.Errorf("%s: stderr %q, want %q and the page", browser, errOut, want)
		}
	}
	hub := hubtest.NewT(t, hubtest.WithAutoApprove(true))
	h := newHarness(t, "")
	h.env["BROWSER"] = "/nonexistent/browser"
	h.env["LANG"] = "zh_CN.UTF-8"
	if code, _, errOut := h.run("", "hub", "connect", hub.URL); code != 0 || !strings.Contains(errOut, `警告：BROWSER="/nonexistent/browser" 无法启动（它不存在）；请手动打开下面的页面`) {
		t.Errorf("Chinese: %d %q", code, errOut)
	}
}

// TestSmallWords: the duration error says it in our words (not Go's
// "time: unknown unit"), a URL without a scheme is offered back with one, and
// the AIGNE_HUB_API_KEY warning is a sentence that says what it changes;
// in both languages.
func TestSmallWords(t *testing.T) {
	file := "hub.example.com:\n  AIGNE_HUB_API_URL: https://hub.example.com/ai-kit\n  AIGNE_HUB_API_KEY: k\n" +
		"default:\n  AIGNE_HUB_API_URL: https://hub.example.com/ai-kit\n"
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want map[string]string // LANG: the whole of stderr
	}{
		{"duration", nil, []string{"hub", "connect", "--timeout", "5x", "hub.example.com"}, map[string]string{
			"C":           "Error: --timeout: invalid duration \"5x\": use a number with a unit, such as 90s or 5m (see 'aigne hub connect --help')\n",
			"zh_CN.UTF-8": "错误：--timeout：无效的时长 \"5x\"：请使用带单位的数字，如 90s 或 5m（参见 'aigne hub connect --help'）\n",
		}},
		{"check duration", nil, []string{"hub", "list", "--check", "--check-timeout", "soon"}, map[string]string{
			"C": "Error: --check-timeout: invalid duration \"soon\": use a number with a unit, such as 90s or 5m (see 'aigne hub list --help')\n",
		}},
		{"URL without a scheme", map[string]string{EnvAPIURL: "hub.example.com"}, []string{"hub", "status"}, map[string]string{
			"C":           "Error: AIGNE_HUB_API_URL=\"hub.example.com\" is not a usable hub URL: it has no scheme; set it to https://hub.example.com\n",
			"zh_CN.UTF-8": "错误：AIGNE_HUB_API_URL=\"hub.example.com\" 不是可用的 Hub 地址：它没有协议；请将其设为 https://hub.example.com\n",
		}},
		{"key variable", map[string]string{EnvAPIKey: "from-env"}, []string{"hub", "use", "hub.example.com"}, map[string]string{
			"C":           "Warning: AIGNE_HUB_API_KEY is set, so the AIGNE runtime and 'aigne hub status', 'info', 'token' and 'env' use that key with the active hub instead of its saved key\n",
			"zh_CN.UTF-8": "警告：已设置 AIGNE_HUB_API_KEY，因此 AIGNE 运行时以及 'aigne hub status'、'info'、'token' 和 'env' 会把该密钥用于活动 Hub，而不是其已保存的密钥\n",
		}},
		{"URL variable", map[string]string{EnvAPIURL: "https://other.example.com"}, []string{"hub", "use", "hub.example.com"}, map[string]string{
			"C":           "Warning: AIGNE_HUB_API_URL is set, so the AIGNE runtime and 'aigne hub status', 'info', 'token' and 'env' use the hub it names, not the active hub\n",
			"zh_CN.UTF-8": "警告：已设置 AIGNE_HUB_API_URL，因此 AIGNE 运行时以及 'aigne hub status'、'info'、'token' 和 'env' 会使用它指定的 Hub，而不是活动 Hub\n",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for lang, want := range c.want {
				h := newHarness(t, file)
				for k, v := range c.env {
					h.env[k] = v
				}
				h.env["LANG"] = lang
				if _, _, errOut := h.run("", c.args...); errOut != want {
					t.Errorf("%s:\n got %q\nwant %q", lang, errOut, want)
				}
			}
		})
	}
}

// TestAdviceChineseHasNoEnglish: the Chinese of every message added for
// this advice is Chinese, its arguments aside.
func TestAdviceChineseHasNoEnglish(t *testing.T) {
	zh := Printer{Lang: "zh"}
	path := "/home/u/.aigne/aigne-hub-connected.yaml"
	msgs := []string{
		invalidEntry{name: "Hub.Example.com", apiURL: "https://hub.example.com/ai-kit", path: path, line: 4, problem: credentials.ProblemHostMismatch}.error(zh),
		invalidEntry{name: "other.example.com", apiURL: "https://else.example.com/ai-kit", path: path, line: 7, problem: credentials.ProblemHostMismatch}.error(zh),
		invalidEntry{name: "nourl.example.com", path: path, line: 9, problem: credentials.ProblemNoURL}.warning(zh),
		invalidEntry{name: "twice.example.com", path: path, line: 11, problem: credentials.ProblemFieldTwice, field: "AIGNE_HUB_API_KEY"}.error(zh),
		zh.T(MsgHubPlainHTTP, "127.0.0.1:8080", "http://127.0.0.1:8080"),
		zh.T(MsgErrInterruptedUnsaved),
		zh.T(MsgWarnEnvDuration, EnvRequestTimeout, "soon", 15*time.Second),
		zh.T(MsgWarnShellUnknown, "/bin/tcsh"),
		zh.T(MsgWarnEnvKey),
		zh.T(MsgKeyMoved, "https://hub.example.com", zh.T(MsgStoreFile), zh.T(MsgStoreKeyring)),
		zh.T(MsgKeyReplacedMoved, "https://hub.example.com", zh.T(MsgStoreKeyring), zh.T(MsgStoreFile)),
		browserFailure(zh, &browserError{cmd: "/usr/bin/browser", exit: 3}),
		zh.T(MsgWarnBrowserOpen, `"xdg-open: not found"`),
		// the review of the environment's target
		zh.T(MsgErrEnvKey, EnvAPIKey, keyFault(zh, hubclient.CheckKey("a b"))),
		zh.T(MsgFromEnv, zh.T(MsgFromEnvHub, EnvAPIURL)+zh.T(MsgFromEnvJoin)+zh.T(MsgFromEnvKey, EnvAPIKey)),
		zh.T(MsgURLNoScheme, "http://localhost:18001"),
		zh.T(MsgErrNoKeyEnvURL, "https://hub.example.com", "https://hub.example.com", EnvAPIKey),
		zh.T(MsgErrNoKey, "https://hub.example.com", "https://hub.example.com"),
	}
	for _, m := range msgs {
		if left := englishLeft(m); len(left) > 0 {
			t.Errorf("English %q in %q", left, m)
		}
	}
}

// TestRemovedEntryLeavesTheKeychainHub: an invalid file entry named after
// a host whose key is in the keychain hides that hub; removing the entry
// leaves the keychain item (an invalid entry never touches one), and the
// command says that the hub is still there and how to remove it.
func TestRemovedEntryLeavesTheKeychainHub(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	key := hub.IssueKey()
	if code, _, errOut := h.run(key+"\n", "hub", "connect", "--with-token", "--store=keyring", hub.URL); code != 0 {
		t.Fatalf("connect: %d %q", code, errOut)
	}
	host := strings.TrimPrefix(hub.URL, "http://")
	testenv.WriteFile(t, h.path, host+":\n  AIGNE_HUB_API_URL: https://other.example.com/ai-kit\n")
	code, out, errOut := h.run("", "hub", "remove", host)
	want := "the keychain still holds the hub " + hub.URL + ", which that entry hid; 'aigne hub remove " + host + "' removes it too"
	if code != 0 || !strings.Contains(out, "removed") || !strings.Contains(errOut, want) {
		t.Fatalf("remove: %d %q %q, want the warning %q", code, out, errOut, want)
	}
	if code, out, _ := h.run("", "-o", "json", "hub", "list"); code != 0 || !strings.Contains(out, `"credential_store": "keyring"`) {
		t.Fatalf("the keychain's hub is gone: %d %q", code, out)
	}
	// Removing it then removes the keychain item, without the warning.
	if code, _, errOut := h.run("", "hub", "remove", host); code != 0 || strings.Contains(errOut, "still holds") {
		t.Fatalf("second remove: %d %q", code, errOut)
	}
}

// TestSentence: a reason on a line of its own starts with a capital only
// when its first word is a plain lower-case word, never a URL or a name,
// and never fails on a reason that starts with a space.
func TestSentence(t *testing.T) {
	en, zh := Printer{Lang: "en"}, Printer{Lang: "zh"}
	for _, c := range []struct {
		p        Printer
		in, want string
	}{
		{en, "no API key saved for https://a.example", "No API key saved for https://a.example."},
		{en, "https://a.example has no key", "https://a.example has no key."},
		{en, " leading space", " leading space."},
		{en, "Hub.Example.com is invalid", "Hub.Example.com is invalid."},
		{zh, "https://a.example 没有保存 API 密钥", "https://a.example 没有保存 API 密钥。"},
		{en, "", ""},
	} {
		if got := sentence(c.p, c.in); got != c.want {
			t.Errorf("sentence(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
