package cli

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aigne-io/aigne/credentials"
)

const twoHubs = `hub.aigne.io:
  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit
  AIGNE_HUB_API_KEY: key-one
example.com:8443:
  AIGNE_HUB_API_URL: https://example.com:8443/ai-kit
  AIGNE_HUB_API_KEY: key-two
default:
  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit
`

func TestListText(t *testing.T) {
	h := newHarness(t, twoHubs)
	code, out, errOut := h.run("", "hub", "list")
	if code != 0 || errOut != "" {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
	for _, want := range []string{"Connected AIGNE Hubs:", "URL", "ACTIVE", "https://hub.aigne.io", "https://example.com:8443", "Use 'aigne hub use' to switch to a different hub."} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`https://hub\.aigne\.io\s+│ YES`).MatchString(out) || !regexp.MustCompile(`https://example\.com:8443\s+│ NO`).MatchString(out) {
		t.Errorf("active marks wrong:\n%s", out)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour without a terminal")
	}
	if strings.Contains(out, "key-one") {
		t.Error("list printed a key")
	}
}

func TestListChinese(t *testing.T) {
	h := newHarness(t, twoHubs)
	h.env["LANG"] = "zh_CN.UTF-8"
	_, out, _ := h.run("", "hub", "ls")
	for _, want := range []string{"已连接的 AIGNE Hubs：", "活动", "是", "否", "使用 'aigne hub use' 切换到不同的 Hub。"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	// LC_ALL wins over LANG.
	h.env["LC_ALL"] = "en_US.UTF-8"
	if _, out, _ = h.run("", "hub", "ls"); !strings.Contains(out, "Connected AIGNE Hubs:") {
		t.Errorf("LC_ALL=en did not win:\n%s", out)
	}
}

func TestListEmpty(t *testing.T) {
	h := newHarness(t, "")
	code, out, _ := h.run("", "hub", "list")
	if code != 0 || out != "No AIGNE Hub connected.\nUse 'aigne hub connect' to connect to a hub.\n" {
		t.Fatalf("code %d out %q", code, out)
	}
	if _, err := os.Stat(h.path); err == nil {
		t.Fatal("list created the file")
	}
}

func TestListJSON(t *testing.T) {
	h := newHarness(t, twoHubs)
	code, out, _ := h.run("", "hub", "list", "-o", "json")
	if code != 0 {
		t.Fatal(code)
	}
	var doc struct {
		Active *string `json:"active"`
		Hubs   []struct {
			URL, APIURL, Host, CredentialStore string
			Active                             bool
		} `json:"hubs"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err, out)
	}
	if doc.Active == nil || *doc.Active != "https://hub.aigne.io" || len(doc.Hubs) != 2 {
		t.Fatalf("%s", out)
	}
	for _, field := range []string{`"api_url": "https://example.com:8443/ai-kit"`, `"host": "example.com:8443"`, `"credential_store": "file"`, `"active": false`} {
		if !strings.Contains(out, field) {
			t.Errorf("missing %s in %s", field, out)
		}
	}
}

func TestUseByArgument(t *testing.T) {
	h := newHarness(t, twoHubs)
	for _, arg := range []string{"example.com:8443", "https://example.com:8443/ai-kit/", "HTTPS://EXAMPLE.COM:8443"} {
		code, out, errOut := h.run("", "hub", "use", arg)
		if code != 0 || out != "✓ Switched active hub to https://example.com:8443\n" {
			t.Fatalf("use %s: %d %q %q", arg, code, out, errOut)
		}
	}
	if !strings.Contains(h.file(), "default:\n  AIGNE_HUB_API_URL: https://example.com:8443/ai-kit") {
		t.Fatalf("file:\n%s", h.file())
	}
	code, out, _ := h.run("", "-o", "json", "hub", "use", "hub.aigne.io")
	if code != 0 || !strings.Contains(out, `"active": true`) || !strings.Contains(out, `"url": "https://hub.aigne.io"`) {
		t.Fatalf("%d %s", code, out)
	}
}

func TestUseUnknownAndInvalid(t *testing.T) {
	h := newHarness(t, twoHubs)
	before := h.file()
	code, out, errOut := h.run("", "hub", "use", "nope.example")
	if code != ExitUsage || out != "" || !strings.Contains(errOut, "nope.example is not connected") {
		t.Fatalf("%d %q %q", code, out, errOut)
	}
	code, _, errOut = h.run("", "hub", "use", "ftp://hub.aigne.io")
	if code != ExitUsage || !strings.Contains(errOut, "unsupported scheme") {
		t.Fatalf("%d %q", code, errOut)
	}
	code, _, errOut = h.run("", "-o", "json", "hub", "use", "nope.example")
	var e jsonError
	if code != ExitUsage || json.Unmarshal([]byte(errOut), &e) != nil || e.Error.Code != ExitUsage || e.Error.Message == "" {
		t.Fatalf("%d %q", code, errOut)
	}
	if h.file() != before {
		t.Fatal("a failed use changed the file")
	}
}

func TestUseWithoutTerminalNeedsArgument(t *testing.T) {
	h := newHarness(t, twoHubs)
	code, out, errOut := h.run("", "hub", "use")
	if code != ExitUsage || out != "" || !strings.Contains(errOut, "aigne hub use https://hub.aigne.io") {
		t.Fatalf("%d %q %q", code, out, errOut)
	}
	if len(h.prompt.asked) != 0 {
		t.Fatal("prompted without a terminal")
	}
}

func TestUsePrompt(t *testing.T) {
	h := newHarness(t, twoHubs)
	h.tty = true
	h.prompt.answers = []string{"example.com:8443"}
	code, out, _ := h.run("", "hub", "use")
	if code != 0 || !strings.Contains(out, "https://example.com:8443") || len(h.prompt.asked) != 1 {
		t.Fatalf("%d %q %v", code, out, h.prompt.asked)
	}
	// Ctrl-C at the prompt: exit 130, nothing changed.
	before := h.file()
	code, _, _ = h.run("", "hub", "use")
	if code != ExitInterrupted || h.file() != before {
		t.Fatalf("interrupted prompt: %d", code)
	}
}

func TestRemoveActiveSwitches(t *testing.T) {
	h := newHarness(t, twoHubs)
	code, out, _ := h.run("", "hub", "rm", "https://hub.aigne.io")
	if code != 0 || out != "✓ Hub https://hub.aigne.io removed, switched to https://example.com:8443\n" {
		t.Fatalf("%d %q", code, out)
	}
	h.env["LANG"] = "zh_CN"
	code, out, _ = h.run("", "hub", "remove", "example.com:8443")
	if code != 0 || out != "✓ Hub https://example.com:8443 已移除\n" {
		t.Fatalf("%d %q", code, out)
	}
	if strings.Contains(h.file(), "AIGNE_HUB") {
		t.Fatalf("file:\n%s", h.file())
	}
}

func TestRemoveJSON(t *testing.T) {
	h := newHarness(t, twoHubs)
	code, out, _ := h.run("", "hub", "rm", "-o", "json", "example.com:8443")
	if code != 0 || !strings.Contains(out, `"removed": "https://example.com:8443"`) || !strings.Contains(out, `"active": "https://hub.aigne.io"`) {
		t.Fatalf("%d %s", code, out)
	}
	_, out, _ = h.run("", "hub", "rm", "-o", "json", "hub.aigne.io")
	if !strings.Contains(out, `"active": null`) {
		t.Fatalf("%s", out)
	}
}

func TestNoHubsIsAuthError(t *testing.T) {
	h := newHarness(t, "")
	for _, cmd := range []string{"use", "remove"} {
		if code, _, errOut := h.run("", "hub", cmd); code != ExitAuth || !strings.Contains(errOut, "aigne hub connect") {
			t.Fatalf("%s: %d %q", cmd, code, errOut)
		}
	}
}

func TestCorruptFileExit1(t *testing.T) {
	bad := "hub.aigne.io:\n\tAIGNE_HUB_API_URL: x\n"
	h := newHarness(t, bad)
	for _, args := range [][]string{{"hub", "list"}, {"hub", "use", "hub.aigne.io"}, {"hub", "rm", "hub.aigne.io"}} {
		code, _, errOut := h.run("", args...)
		if code != ExitFailure || !strings.Contains(errOut, h.path+": line 2") {
			t.Fatalf("%v: %d %q", args, code, errOut)
		}
	}
	if h.file() != bad {
		t.Fatal("corrupt file was rewritten")
	}
}

func TestUsageErrors(t *testing.T) {
	h := newHarness(t, "")
	cases := [][]string{{"hub", "bogus"}, {"hub", "list", "--nope"}, {"-o", "yaml", "hub", "list"}, {"hub", "use", "a", "b"}}
	for _, args := range cases {
		code, out, errOut := h.run("", args...)
		if code != ExitUsage || out != "" || !strings.Contains(errOut, "--help") {
			t.Errorf("%v: %d %q %q", args, code, out, errOut)
		}
	}
	code, out, errOut := h.run("", "-o", "json", "hub", "bogus")
	if code != ExitUsage || out != "" || !strings.HasPrefix(strings.TrimSpace(errOut), `{`) {
		t.Errorf("json usage error: %d %q %q", code, out, errOut)
	}
}

func TestVersionAndHelp(t *testing.T) {
	h := newHarness(t, "")
	if code, out, _ := h.run("", "--version"); code != 0 || !strings.Contains(out, "aigne test") {
		t.Fatalf("%d %q", code, out)
	}
	h.env["LANG"] = "zh_CN.UTF-8"
	if code, out, _ := h.run("", "hub", "--help"); code != 0 || !strings.Contains(out, "切换活动 Hub") {
		t.Fatalf("%d %q", code, out)
	}
}

// Help, the version and the completion scripts open nothing: commands get
// the hub list, the keychain and the terminal only by naming them, and
// these name none. The same setup makes `hub list` fail, so the test sees
// any access.
func TestHelpAndVersionTouchNothing(t *testing.T) {
	// A directory where the hub list should be: reading it fails on every
	// OS. (A path through a regular file does not: Windows calls that
	// path missing, which is an empty list.)
	unreadable := filepath.Join(t.TempDir(), "hubs.yaml")
	if err := os.Mkdir(unreadable, 0o700); err != nil {
		t.Fatal(err)
	}
	run := func(path string, args ...string) (int, *credentials.MemoryBackend) {
		keys := credentials.NewMemoryBackend()
		keys.Err = errors.New("the keychain was asked")
		code, _, _ := runMain(&App{Getenv: func(string) string { return "" }, Path: path,
			Keychain: &credentials.Keychain{Backend: keys}, Prompter: failingPrompter{t}}, args...)
		return code, keys
	}
	for _, args := range [][]string{{"--version"}, {"--help"}, {"hub", "--help"}, {"hub", "connect", "--help"}, {"help", "hub", "list"}, {"completion", "zsh"}} {
		if code, keys := run(unreadable, args...); code != ExitOK || len(keys.Calls) != 0 {
			t.Errorf("%v: exit %d, keychain calls %v", args, code, keys.Calls)
		}
	}
	if code, _ := run(unreadable, "hub", "list"); code == ExitOK {
		t.Fatal("hub list read a file that cannot be read")
	}
	if _, keys := run(filepath.Join(t.TempDir(), "hubs.yaml"), "hub", "list"); len(keys.Calls) == 0 {
		t.Fatal("hub list did not ask the keychain")
	}
}

// TestCatalogsComplete: every language has every message with the same
// format verbs as English, so no translation can print %!s(MISSING).
func TestCatalogsComplete(t *testing.T) {
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	for lang := range catalogs {
		cat := messages(lang)
		for key, en := range messages("en") {
			tr, ok := cat[key]
			if !ok {
				t.Errorf("%s lacks %s", lang, key)
				continue
			}
			if a, b := verbs.FindAllString(en, -1), verbs.FindAllString(tr, -1); strings.Join(a, ",") != strings.Join(b, ",") {
				t.Errorf("%s %s: verbs %v, English has %v", lang, key, b, a)
			}
		}
		for key := range cat {
			if _, ok := messages("en")[key]; !ok {
				t.Errorf("%s has %s, which English lacks", lang, key)
			}
		}
	}
}

func TestLangFromEnv(t *testing.T) {
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "en"},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, "zh"},
		{map[string]string{"LANG": "zh_TW"}, "zh"},
		{map[string]string{"LC_MESSAGES": "zh_CN", "LANG": "en_US"}, "zh"},
		{map[string]string{"LC_ALL": "C", "LANG": "zh_CN"}, "en"},
		{map[string]string{"LANG": "fr_FR"}, "en"},
		{map[string]string{"LANG": "POSIX"}, "en"},
		{map[string]string{"LANG": "C.UTF-8"}, "en"},
		{map[string]string{"LANG": "en_US.UTF-8"}, "en"},
		{map[string]string{"LANG": "zh_HK.UTF-8"}, "zh"},
		{map[string]string{"LANG": "zh_SG"}, "zh"},
		{map[string]string{"LANG": "zh.GB18030"}, "zh"},
		{map[string]string{"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN"}, "zh"},
		{map[string]string{"LC_ALL": "en_GB.UTF-8", "LANG": "zh_CN"}, "en"},
	}
	for _, c := range cases {
		if got := LangFromEnv(func(k string) string { return c.env[k] }); got != c.want {
			t.Errorf("%v: %s, want %s", c.env, got, c.want)
		}
	}
}

func TestConnectFlagValidation(t *testing.T) {
	h := newHarness(t, "")
	for _, args := range [][]string{
		{"hub", "connect", "--store=vault", "x.example"},
		{"hub", "connect", "--timeout=0s", "x.example"},
		{"hub", "connect", "--timeout=-1m", "x.example"},
	} {
		if code, _, errOut := h.run("", args...); code != ExitUsage || errOut == "" {
			t.Errorf("%v: %d %q", args, code, errOut)
		}
	}
	h.env["AIGNE_HUB_CREDENTIAL_STORE"] = "vault"
	if code, _, errOut := h.run("", "hub", "connect", "x.example"); code != ExitUsage || !strings.Contains(errOut, "AIGNE_HUB_CREDENTIAL_STORE") {
		t.Errorf("env store: %d %q", code, errOut)
	}
}

func TestColor(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	// The test's stdout is not a terminal.
	if System(env()).Color {
		t.Error("colour without a terminal")
	}
	if !System(env("CLICOLOR_FORCE", "1")).Color {
		t.Error("CLICOLOR_FORCE ignored")
	}
	if System(env("CLICOLOR_FORCE", "1", "NO_COLOR", "1")).Color {
		t.Error("NO_COLOR must win")
	}
	// On a colour terminal the ✓ line is green; otherwise plain.
	h := newHarness(t, twoHubs)
	io, _, _ := TestStreams("")
	io.Color = true
	app := &App{IO: io, Getenv: func(string) string { return "" }, Path: h.path, Keychain: &credentials.Keychain{Backend: h.keys}, Prompter: h.prompt}
	if code, out, _ := runMain(app, "hub", "use", "hub.aigne.io"); code != 0 || !strings.Contains(out, "\x1b[32m✓") {
		t.Fatalf("%q", out)
	}
}

// `aigne`, `aigne hub` and `aigne help [COMMAND]` print help and succeed.
func TestHelpWithoutCommand(t *testing.T) {
	h := newHarness(t, "")
	for _, args := range [][]string{{}, {"hub"}, {"help"}, {"help", "hub"}, {"help", "hub", "list"}, {"-o", "json", "hub"}} {
		code, out, errOut := h.run("", args...)
		if code != 0 || !strings.Contains(out, "Usage: aigne") || errOut != "" {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	if _, out, _ := h.run("", "help", "hub", "list"); !strings.Contains(out, "aigne hub list") {
		t.Errorf("help hub list:\n%s", out)
	}
	if code, _, _ := h.run("", "hub", "lst"); code != ExitUsage {
		t.Errorf("a wrong command: exit %d", code)
	}
}

// TestEveryMessageHasText: every Msg constant has an English text (so no
// key name such as "err.x" can reach a person).
func TestEveryMessageHasText(t *testing.T) {
	src, err := os.ReadFile("messages_en.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`(?m)^\s+Msg\w+\s+Msg = "([^"]+)"`).FindAllSubmatch(src, -1) {
		if _, ok := messages("en")[Msg(m[1])]; !ok {
			t.Errorf("%s has no English text", m[1])
		}
	}
}

// Hosts from a hand-edited file never reach the terminal raw: not in list,
// its warnings, JSON or completion.
func TestHostileFileText(t *testing.T) {
	const file = "\"evil\\e[2J\\u202e.example\":\n  AIGNE_HUB_API_URL: \"https://x.example/\\e]0;pwned\\a\"\n  AIGNE_HUB_API_KEY: k\n" +
		"hub.aigne.io:\n  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit\n  AIGNE_HUB_API_KEY: k\n"
	h := newHarness(t, file)
	for _, args := range [][]string{{"hub", "list"}, {"-o", "json", "hub", "list"}, {"__complete", "hubs"}, {"hub", "use", "https://evil.example"}} {
		_, out, errOut := h.run("", args...)
		for _, s := range []string{out, errOut} {
			if strings.ContainsAny(s, "\x1b\x07\u202e") {
				t.Errorf("%v: raw control or bidi character in %q", args, s)
			}
		}
	}
	_, out, errOut := h.run("", "hub", "list")
	if !strings.Contains(out, `\u001b[2J\u202e.example`) || !strings.Contains(errOut, "its AIGNE_HUB_API_URL cannot be used (contains spaces, control or invisible characters") {
		t.Errorf("list:\n%s\n%s", out, errOut)
	}
}

// A mistyped flag is a usage error (exit 2) even where the hub list
// cannot be found: commands check their flags before anything they use is
// opened. Without a home directory the hub list is the error (exit 1).
func TestFlagsCheckedBeforeAnythingOpens(t *testing.T) {
	// The home is HOME, or USERPROFILE on Windows.
	t.Setenv("HOME", "")
	t.Setenv("USERPROFILE", "")
	run := func(args ...string) (int, string) {
		code, _, errOut := runMain(&App{Getenv: func(string) string { return "" }, Prompter: failingPrompter{t}}, args...)
		return code, errOut
	}
	for _, c := range []struct {
		args []string
		msg  string
	}{
		{[]string{"hub", "list", "--check-timeout", "0s"}, "--check-timeout"},
		{[]string{"hub", "connect", "--store", "vault", "https://hub.example.com"}, "vault"},
		{[]string{"hub", "connect", "--timeout", "0s", "https://hub.example.com"}, "--timeout"},
		{[]string{"hub", "connect", "ftp://hub.example.com"}, "ftp"},
		{[]string{"hub", "connect", "http://hub.example.com"}, "http://hub.example.com"},
		{[]string{"hub", "connect"}, "aigne hub connect"},
		{[]string{"hub", "env", "--shell", "tcsh"}, "tcsh"},
	} {
		if code, errOut := run(c.args...); code != ExitUsage || !strings.Contains(errOut, c.msg) {
			t.Errorf("%v: exit %d %q", c.args, code, errOut)
		}
	}
	if code, errOut := run("hub", "list"); code != ExitFailure || !strings.Contains(errOut, "home") {
		t.Errorf("hub list without a home: exit %d %q", code, errOut)
	}
}
