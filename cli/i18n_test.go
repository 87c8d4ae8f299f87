package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/hubclient/hubtest"
	"github.com/aigne-io/aigne/huburl"
)

// englishLeft finds English words left in a Chinese message once what is
// not prose is taken out: URLs, hosts, paths, flags, commands, variable
// names, quoted text and the names of products and protocols.
func englishLeft(msg string) []string {
	for _, re := range []string{
		`'[^']*'`, `"[^"]*"`, `https?://\S+`, `(?:/[\w.~-]+)+`, `--?[\w-]+(?:=\S+)?`, `\b[A-Z][A-Z0-9_]{2,}\b`,
		`\b[\w-]+(?:\.[\w-]+)+(?::\d+)?\b`, `U\+[0-9A-F]+`, `\bAIGNE Hub\b`, `\bHub\b`, `\bD-Bus\b`, `\bAPI\b`, `\bURL\b`,
		`\bTLS\b`, `\bJSON\b`, `\bHTTP\b`, `\bhttps?\b`, `\bID\b`, `\bSecret Service\b`, `\bLinux\b`, `\bKiB|MiB\b`,
		`\b\d+(?:\.\d+)?(?:ms|s|m)\b`, `\bCtrl-[A-Z]\b`, `\bchmod\b`, `\bpowershell\b`, `\bfile\b`, `\bkeyring\b`, `\baigne\b`, `\blocalhost\b`, `\b(?:sh|bash|zsh|fish|cmd)\b`,
		`\b(?:text|json)\b`, // the values of --output, named in its error
	} {
		msg = regexp.MustCompile(re).ReplaceAllString(msg, " ")
	}
	return regexp.MustCompile(`[A-Za-z]{3,}`).FindAllString(msg, -1)
}

// TestChineseErrorsHaveNoEnglish: for every kind of failure, the message a
// Chinese-speaking person reads has no English sentence in it.
func TestChineseErrorsHaveNoEnglish(t *testing.T) {
	zh := Printer{Lang: "zh"}
	hubErr := func(p hubclient.Problem) error {
		return &hubclient.Error{Problem: p, Origin: "https://hub.example.com", Host: "hub.example.com", URL: "https://hub.example.com/ai-kit/api/v2/status",
			To: "https://evil.example/x", Field: "available", Status: 503, Timeout: 15 * time.Second, Limit: 1 << 20, Cause: syscall.ECONNREFUSED}
	}
	urlErr := func(raw string) error { _, err := huburl.Parse(raw); return err }
	kinds := map[string]error{
		"interrupted":      errInterrupted,
		"cancelled":        context.Canceled,
		"parse error":      &credentials.ParseError{Path: "/home/u/.aigne/aigne-hub-connected.yaml", Line: 3, Msg: "mapping values are not allowed in this context"},
		"lock":             &credentials.LockError{Path: "/home/u/.aigne/aigne-hub-connected.yaml", Err: credentials.ErrLockHeld},
		"owner":            &credentials.OwnerError{Path: "/home/u/.aigne/aigne-hub-connected.yaml", Target: "/etc/x.yaml"},
		"no keychain":      fmt.Errorf("x: %w", credentials.ErrNoKeychain),
		"no key":           &credentials.NoKeyError{Host: "hub.example.com"},
		"invalid entry":    &credentials.NoKeyError{Host: "hub.example.com", Invalid: true},
		"not saved":        &credentials.NotSavedError{Host: "hub.example.com"},
		"usage bad url":    exitErr(ExitUsage, nil, zh.T(MsgErrBadURL, "ftp://x", urlReason(zh, urlErr("ftp://x")))),
		"no hubs":          exitErr(ExitAuth, nil, zh.T(MsgErrNoHubs)),
		"no active":        exitErr(ExitAuth, nil, zh.T(MsgErrNoActive)),
		"need arg":         usageErr(zh, MsgErrNeedArg, "'aigne hub use'", "use"),
		"env url":          usageErr(zh, MsgErrEnvURL, "AIGNE_HUB_API_URL", "garbage", urlReason(zh, urlErr("https://"))),
		"token rejected":   exitErr(ExitAuth, nil, zh.T(MsgErrTokenRejected, "https://hub.example.com")),
		"login timeout":    exitErr(ExitFailure, nil, zh.T(MsgErrTimeout, 5*time.Minute)),
		"shell":            usageErr(zh, MsgErrShellValue, "tcsh"),
		"unquotable":       exitErr(ExitFailure, nil, zh.T(MsgErrUnquotable, "AIGNE_HUB_API_KEY", "cmd", 3)),
		"store value":      usageErr(zh, MsgErrStoreValue, "vault"),
		"empty token":      usageErr(zh, MsgErrEmptyToken),
		"bad token":        usageErr(zh, MsgErrBadToken),
		"token tty":        usageErr(zh, MsgErrTokenTTY),
		"insecure connect": usageErr(zh, MsgErrInsecure, "http://hub.example.com"),
	}
	for _, r := range []credentials.Reason{credentials.ReasonFailed, credentials.ReasonTimeout, credentials.ReasonLocked, credentials.ReasonDenied, credentials.ReasonNoBus, credentials.ReasonTooLarge, credentials.ReasonNoDialog, credentials.ReasonNoSession} {
		ue := &credentials.UnavailableError{Reason: r, Err: errors.New(`"org.freedesktop.Secret.Error.X"`)}
		kinds[fmt.Sprintf("keychain reason %d", r)] = ue
		kinds[fmt.Sprintf("keychain save, reason %d", r)] = &keychainSaveError{file: "/home/u/.aigne/aigne-hub-connected.yaml", err: ue}
	}
	for p := hubclient.ProblemTimeout; p <= hubclient.ProblemSessionExpired; p++ {
		kinds[fmt.Sprintf("hub problem %d", p)] = hubErr(p)
	}
	for _, raw := range []string{"", "ftp://x", "https://", "https://u:p@h", "https://h:99999", "https://h:", "https://a b", "https://a<b", "https:h"} {
		kinds["url "+raw] = exitErr(ExitUsage, nil, zh.T(MsgErrBadURL, raw, urlReason(zh, urlErr(raw))))
	}
	for _, args := range [][]string{{"hub", "lst"}, {"hub", "list", "--nope"}, {"-o", "yaml", "hub", "list"}, {"hub", "list", "--check-timeout=x"}, {"hub", "connect", "--store"}, {"completion"}, {"hub", "use", "a", "b"}} {
		h := newHarness(t, "")
		h.env["LANG"] = "zh_CN.UTF-8"
		_, _, errOut := h.run("", args...)
		kinds[strings.Join(args, " ")] = exitErr(ExitUsage, nil, strings.TrimPrefix(strings.TrimSpace(errOut), zh.T(MsgErrPrefix)))
	}
	var pathErr error = &fs.PathError{Op: "open", Path: "/home/u/.aigne", Err: syscall.EACCES}
	kinds["path"] = pathErr

	for name, err := range kinds {
		_, msg := Classify(err, zh)
		if words := englishLeft(msg); len(words) > 0 {
			t.Errorf("%s: English left %v in %q", name, words, msg)
		}
		if !hasHan(msg) {
			t.Errorf("%s: not in Chinese: %q", name, msg)
		}
	}
}

// Kong's help is in the person's language too: headings, its --help text.
func TestChineseHelp(t *testing.T) {
	h := newHarness(t, "")
	h.env["LANG"] = "zh_CN.UTF-8"
	for _, args := range [][]string{{"--help"}, {"hub", "--help"}, {"hub", "connect", "--help"}, {"completion", "--help"}} {
		_, out, _ := h.run("", args...)
		for _, line := range strings.Split(out, "\n") {
			if words := englishLeft(regexp.MustCompile(`<[^>]*>|\[[^\]]*\]|\([a-z]+(?:, ?[a-z]+)*\)|\b(?:aigne|hub|list|ls|connect|use|status|st|remove|rm|info|i|token|env|completion|text|json|bash|zsh|fish|sh|cmd|command|flags|url|shell)\b`).ReplaceAllString(line, " ")); len(words) > 0 {
				t.Errorf("%v: English left %v in %q", args, words, line)
			}
		}
	}
}

// A keychain that failed because its program could not be run is worded
// as the keychain's failure (with the way out when saving), not as a file
// of ours that could not be used.
func TestKeychainFailureWrappingAFileError(t *testing.T) {
	en := Printer{Lang: "en"}
	cause := &fs.PathError{Op: "fork/exec", Path: "/usr/bin/security", Err: fs.ErrPermission}
	ue := &credentials.UnavailableError{Reason: credentials.ReasonFailed, Err: fmt.Errorf("running /usr/bin/security: %w", cause)}
	if code, msg := Classify(ue, en); code != ExitFailure || !strings.Contains(msg, "keychain") {
		t.Errorf("%d %q", code, msg)
	}
	save := &keychainSaveError{file: "/home/u/.aigne/aigne-hub-connected.yaml", err: ue}
	if code, msg := Classify(save, en); code != ExitFailure || !strings.Contains(msg, "keychain") || !strings.Contains(msg, "--store=file") {
		t.Errorf("%d %q", code, msg)
	}
}

// TestHubWithoutReasonIsWorded: a hub that reports itself unavailable
// without saying why gets a reason in the person's language, ours and so
// not quoted as the hub's; a reason it gives is shown as it came.
func TestHubWithoutReasonIsWorded(t *testing.T) {
	hub := hubtest.NewT(t)
	key := hub.IssueKey()
	h := newHarness(t, "")
	if code, _, errOut := h.run(key+"\n", "hub", "connect", "--with-token", hub.URL); code != 0 {
		t.Fatal(errOut)
	}
	hub.SetMode(hubtest.Unavailable)
	hub.SetUnavailableReason("", 503)
	for _, tc := range []struct{ lang, text, json string }{
		{"en_US.UTF-8", "unavailable: the hub gave no reason", `"error": "the hub gave no reason"`},
		{"zh_CN.UTF-8", "不可用：Hub 没有说明原因", `"error": "Hub 没有说明原因"`},
	} {
		h.env["LANG"] = tc.lang
		code, out, _ := h.run("", "hub", "status")
		if code != ExitUnreachable || !strings.Contains(out, tc.text) || strings.Contains(out, `"`) {
			t.Errorf("%s: status: exit %d\n%s", tc.lang, code, out)
		}
		code, out, _ = h.run("", "hub", "list", "--check")
		if code != ExitUnreachable || !strings.Contains(out, tc.text) {
			t.Errorf("%s: list --check: exit %d\n%s", tc.lang, code, out)
		}
		code, out, _ = h.run("", "-o", "json", "hub", "status")
		if code != ExitUnreachable || !strings.Contains(out, tc.json) {
			t.Errorf("%s: status -o json: exit %d\n%s", tc.lang, code, out)
		}
		if tc.lang != "en_US.UTF-8" && strings.Contains(out, "reason") {
			t.Errorf("%s: English left: %s", tc.lang, out)
		}
	}
	// The hub's own words stay its own, quoted, in either language.
	hub.SetUnavailableReason("quota exhausted", 503)
	for _, lang := range []string{"en_US.UTF-8", "zh_CN.UTF-8"} {
		h.env["LANG"] = lang
		if _, out, _ := h.run("", "hub", "status"); !strings.Contains(out, `"quota exhausted"`) {
			t.Errorf("%s: %s", lang, out)
		}
	}
}
