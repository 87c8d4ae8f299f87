package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient/hubtest"
)

// These tests run the commands in-process against a fake hub on a real
// loopback socket.

func TestConnectBrowserFlow(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	h.browserVisits(hub)
	code, out, errOut := h.run("", "hub", "connect", hub.URL)
	if code != 0 || out != "✓ Hub "+hub.URL+" connected successfully.\n" {
		t.Fatalf("%d %q %q", code, out, errOut)
	}
	if !strings.Contains(errOut, "gen-simple-access-key?__token__=") {
		t.Errorf("approval URL not printed: %q", errOut)
	}
	s := hub.Sessions()
	if len(s) != 1 || !s[0].Deleted || !s[0].Approved {
		t.Fatalf("sessions %+v", s)
	}
	if !strings.Contains(h.file(), "AIGNE_HUB_API_KEY: "+s[0].Key) || !strings.Contains(h.file(), "default:\n  AIGNE_HUB_API_URL: "+hub.APIURL()) {
		t.Fatalf("file:\n%s", h.file())
	}
	if strings.Contains(out+errOut, s[0].Key) {
		t.Fatal("the key was printed")
	}
}

func TestConnectPromptCustomURL(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	h.tty = true
	h.browserVisits(hub)
	h.prompt.answers = []string{"", hub.URL + "/some/page"}
	code, out, errOut := h.run("", "hub", "connect")
	if code != 0 || !strings.Contains(out, hub.URL) || len(h.prompt.asked) != 2 {
		t.Fatalf("%d %q %q %v", code, out, errOut, h.prompt.asked)
	}
	// An invalid custom URL is refused by the prompt's validation.
	h2 := newHarness(t, "")
	h2.tty = true
	h2.prompt.answers = []string{"", "ftp://nope"}
	if code, _, _ := h2.run("", "hub", "connect"); code == 0 {
		t.Fatal("accepted an ftp URL")
	}
}

func TestConnectKeyringStore(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	h.browserVisits(hub)
	code, out, errOut := h.run("", "-o", "json", "hub", "connect", "--store=keyring", hub.URL)
	if code != 0 || !strings.Contains(out, `"credential_store": "keyring"`) {
		t.Fatalf("%d %q %q", code, out, errOut)
	}
	key := hub.Sessions()[0].Key
	if got, _ := (&credentials.Keychain{Backend: h.keys}).Key(hub.Host()); got != key {
		t.Fatalf("keyring has %q", got)
	}
	if strings.Contains(h.file(), key) || strings.Contains(h.file(), credentials.FieldKey) {
		t.Fatalf("key in file:\n%s", h.file())
	}
	// status and info find the key in the keyring.
	if code, out, _ := h.run("", "hub", "status"); code != 0 || !strings.Contains(out, "online") {
		t.Fatalf("status %d %q", code, out)
	}
}

func TestConnectKeyringUnavailableAsksNothing(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	h.browserVisits(hub)
	h.keys.Err = &credentials.UnavailableError{Reason: credentials.ReasonLocked}
	code, _, errOut := h.run("", "hub", "connect", "--store=keyring", hub.URL)
	if code != ExitFailure || !strings.Contains(errOut, "--store=file") || !strings.Contains(errOut, "locked") {
		t.Fatalf("%d %q", code, errOut)
	}
	if len(hub.Sessions()) != 0 {
		t.Fatal("a login was started before the keychain was checked")
	}
	if h.file() != "" {
		t.Fatal("file written")
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestConnectTimeout(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	code, _, errOut := h.run("", "hub", "connect", "--no-browser", "--timeout=300ms", hub.URL)
	if code != ExitFailure || !strings.Contains(errOut, "no approval within 300ms") {
		t.Fatalf("%d %q", code, errOut)
	}
	if s := hub.Sessions(); len(s) != 1 || !s[0].Deleted {
		t.Fatalf("session not closed: %+v", s)
	}
	if h.file() != "" {
		t.Fatal("file written")
	}
}

func TestConnectWithTokenFromTerminalRefused(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	h.tty = true
	if code, _, errOut := h.run("", "hub", "connect", "--with-token", hub.URL); code != ExitUsage || !strings.Contains(errOut, "pipe it in") {
		t.Fatalf("%d %q", code, errOut)
	}
}

func TestConnectWithTokenHugeInput(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	if code, _, errOut := h.run(strings.Repeat("k", 1<<20), "hub", "connect", "--with-token", hub.URL); code != ExitUsage || !strings.Contains(errOut, "larger than") {
		t.Fatalf("%d %q", code, errOut)
	}
}

func TestStatusExitCodes(t *testing.T) {
	hub := hubtest.NewT(t)
	key := hub.IssueKey()
	h := newHarness(t, "")
	if code, _, errOut := h.run(key+"\n", "hub", "connect", "--with-token", hub.URL); code != 0 {
		t.Fatal(errOut)
	}
	cases := []struct {
		mode  hubtest.Mode
		code  int
		state string
	}{
		{hubtest.Normal, 0, "online"},
		{hubtest.Unavailable, 3, "unavailable"},
		// The hub answered, but not as a hub should: error, not offline.
		{hubtest.Down5xx, 3, "error"},
		{hubtest.Garbage, 3, "error"},
		{hubtest.NotAHub, 3, "error"},
	}
	for _, c := range cases {
		hub.SetMode(c.mode)
		code, out, _ := h.run("", "-o", "json", "hub", "st")
		var doc statusJSON
		if err := json.Unmarshal([]byte(out), &doc); err != nil || code != c.code || doc.Status != c.state || doc.URL != hub.URL {
			t.Errorf("%v: %d %q", c.mode, code, out)
		}
		if (c.code == 0) != (doc.Error == nil) {
			t.Errorf("%v: error field %v", c.mode, doc.Error)
		}
	}
	// No answer at all is offline, with the reason.
	hub.SetMode(hubtest.Normal)
	closed := hubtest.NewT(t)
	closed.Close()
	h2 := newHarness(t, "127.0.0.1:1:\n  AIGNE_HUB_API_URL: http://127.0.0.1:1/ai-kit\n  AIGNE_HUB_API_KEY: k\ndefault:\n  AIGNE_HUB_API_URL: http://127.0.0.1:1/ai-kit\n")
	if code, out, _ := h2.run("", "hub", "status"); code != ExitUnreachable || !strings.Contains(out, "offline: could not connect to 127.0.0.1:1: connection refused") {
		t.Errorf("refused: %d %q", code, out)
	}
	h2.env["LANG"] = "zh_CN.UTF-8"
	if _, out, _ := h2.run("", "hub", "status"); !strings.Contains(out, "离线：无法连接到 127.0.0.1:1：连接被拒绝") {
		t.Errorf("refused, in Chinese: %q", out)
	}
	hub.RevokeKey(key)
	if code, out, errOut := h.run("", "hub", "status"); code != ExitAuth || !strings.Contains(out, "unauthorized") || !strings.Contains(errOut, "aigne hub connect --force "+hub.URL) {
		t.Fatalf("revoked: %d %q %q", code, out, errOut)
	}
}

func TestInfoCredits(t *testing.T) {
	hub := hubtest.NewT(t, hubtest.WithCredit("0.25", "1000000.5"), hubtest.WithAmountsAsNumbers())
	key := hub.IssueKey()
	h := newHarness(t, "")
	if code, _, errOut := h.run(key+"\n", "hub", "connect", "--with-token", hub.URL); code != 0 {
		t.Fatal(errOut)
	}
	code, out, _ := h.run("", "-o", "json", "hub", "info")
	if code != 0 {
		t.Fatal(code)
	}
	var doc infoJSON
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if !doc.Credits.Enabled || *doc.Credits.Used != "1000000.25" || *doc.Credits.Total != "1000000.5" || *doc.Credits.Available != "0.25" {
		t.Fatalf("%s", out)
	}
	_, out, _ = h.run("", "hub", "i")
	// Fractions are kept, so the printed amounts add up.
	if !strings.Contains(out, "  Used:     1,000,000.25\n") || !strings.Contains(out, "  Total:    1,000,000.5\n") || !strings.Contains(out, "  Available: 0.25\n") {
		t.Fatalf("%s", out)
	}

	hub.SetCredit(false, "", "")
	_, out, _ = h.run("", "hub", "info")
	if strings.Contains(out, "Credits:") || strings.Contains(out, "Links:") {
		t.Fatalf("credits shown while disabled:\n%s", out)
	}
	_, out, _ = h.run("", "-o", "json", "hub", "info")
	if !strings.Contains(out, `"enabled": false`) {
		t.Fatalf("%s", out)
	}
}

// An amount that is not a number spoils that amount (and Used), not the
// rest of info.
func TestInfoInvalidAmount(t *testing.T) {
	hub := hubtest.NewT(t, hubtest.WithCredit("lots", "1000"))
	key := hub.IssueKey()
	h := newHarness(t, "")
	h.run(key+"\n", "hub", "connect", "--with-token", hub.URL)
	code, out, errOut := h.run("", "hub", "info")
	if code != 0 || !strings.Contains(out, "John Doe") || !strings.Contains(out, "  Total:    1,000\n") ||
		!strings.Contains(out, "  Available: (unreadable value from the hub)\n") || !strings.Contains(out, "  Used:     (unreadable value from the hub)\n") {
		t.Fatalf("%d %q %q", code, out, errOut)
	}
	code, out, _ = h.run("", "-o", "json", "hub", "info")
	if code != 0 || !strings.Contains(out, `"unreadable": [`) || !strings.Contains(out, `"creditBalance.balance"`) || !strings.Contains(out, `"available": null`) {
		t.Fatalf("%d %s", code, out)
	}
}

func TestGroupThousands(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "999": "999", "1000": "1,000", "15000": "15,000", "1000000": "1,000,000",
		"1234567.89": "1,234,567.89", "-15000.5": "-15,000.5", "0.99": "0.99", "100000000000000000000001": "100,000,000,000,000,000,000,001",
		"14999.25": "14,999.25", "985000.75": "985,000.75", "1e3": "1,000",
	} {
		if got := groupThousands(in); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}

func TestListCheck(t *testing.T) {
	up, down := hubtest.NewT(t), hubtest.NewT(t)
	h := newHarness(t, "")
	keys := map[*hubtest.Hub]string{}
	for _, hub := range []*hubtest.Hub{up, down} {
		keys[hub] = hub.IssueKey()
		if code, _, errOut := h.run(keys[hub]+"\n", "hub", "connect", "--with-token", hub.URL); code != 0 {
			t.Fatal(errOut)
		}
	}
	// Every failing hub has its reason; the exit code is status's for
	// the worst hub.
	down.SetMode(hubtest.Down5xx)
	code, out, _ := h.run("", "hub", "list", "--check")
	if code != ExitUnreachable || !strings.Contains(out, "STATUS") || !strings.Contains(out, "online") || !strings.Contains(out, "error: answered HTTP 503") {
		t.Fatalf("%d\n%s", code, out)
	}
	code, out, _ = h.run("", "-o", "json", "hub", "list", "--check")
	if code != ExitUnreachable || !strings.Contains(out, `"status": "online"`) || !strings.Contains(out, `"status": "error"`) ||
		!strings.Contains(out, `"error": null`) || !strings.Contains(out, `"error": "`+down.Host()+` answered HTTP 503"`) {
		t.Fatalf("%d %s", code, out)
	}
	down.SetMode(hubtest.Normal)
	if code, _, _ := h.run("", "hub", "list", "--check"); code != 0 {
		t.Fatalf("all online: exit %d", code)
	}
	// A rejected key, and no worse: exit 4, with the reason.
	down.RevokeKey(keys[down])
	code, out, _ = h.run("", "hub", "list", "--check")
	if code != ExitAuth || !strings.Contains(out, "unauthorized: API key rejected (HTTP 401)") {
		t.Fatalf("%d\n%s", code, out)
	}
}

// TestHostileTextIsDefused: what a hub says is shown, but its control and
// invisible characters cannot act on the terminal.
func TestHostileTextIsDefused(t *testing.T) {
	evil := "Evil\x1b]0;TITLE\x07\x1b[2K\rJohn \u202eevil\nFAKE LINE"
	hub := hubtest.NewT(t, hubtest.WithUser(hubtest.User{DID: "z1", FullName: evil, Email: "e@x\x1b[31m"}))
	hub.SetUnavailableReason("maint\x1b[2J\x1b[Hfake: online", 503)
	key := hub.IssueKey()
	h := newHarness(t, "")
	h.run(key+"\n", "hub", "connect", "--with-token", hub.URL)
	_, out, _ := h.run("", "hub", "info")
	hub.SetMode(hubtest.Unavailable)
	_, out2, errOut := h.run("", "hub", "status")
	_, out3, _ := h.run("", "hub", "list", "--check")
	for _, s := range []string{out, out2, errOut, out3} {
		if strings.ContainsAny(s, "\x1b\x07\r\u202e") {
			t.Errorf("raw control characters reached the terminal: %q", s)
		}
	}
	if !strings.Contains(out, `Evil\u001b]0;TITLE`) || strings.Contains(out, "\nFAKE LINE") {
		t.Errorf("info:\n%s", out)
	}
	// JSON keeps the hub's exact text, escaped by the encoder.
	_, js, _ := h.run("", "-o", "json", "hub", "status")
	if !strings.Contains(js, `maint\u001b[2J`) {
		t.Errorf("json: %s", js)
	}
}

// TestStoreVariableDoesNotMoveSavedKeys: AIGNE_HUB_CREDENTIAL_STORE is a
// default for new keys; only --store moves the key of a saved hub.
func TestStoreVariableDoesNotMoveSavedKeys(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	if code, _, errOut := h.run(hub.IssueKey()+"\n", "hub", "connect", "--with-token", hub.URL); code != 0 {
		t.Fatal(errOut)
	}
	before := h.file()
	h.env["AIGNE_HUB_CREDENTIAL_STORE"] = "keyring"
	h.keys.Err = &credentials.UnavailableError{Reason: credentials.ReasonNoBus, Err: errString("no D-Bus")}
	if code, _, errOut := h.run("", "hub", "connect", hub.URL); code != 0 || h.file() != before {
		t.Fatalf("%d %q\n%s", code, errOut, h.file())
	}
	// The flag does move it (and fails cleanly here, changing nothing).
	if code, _, _ := h.run("", "hub", "connect", "--store=keyring", hub.URL); code != ExitFailure || h.file() != before {
		t.Fatalf("--store=keyring with no keychain: %d", code)
	}
}

func TestNoPromptWhenStderrIsNotATerminal(t *testing.T) {
	h := newHarness(t, twoHubs)
	io, _, _ := TestStreams("")
	io.InTTY, io.OutTTY = true, true // stderr redirected: the prompt would be invisible
	app := &App{IO: io, Getenv: func(string) string { return "" }, Path: h.path, Keychain: &credentials.Keychain{Backend: h.keys}, Prompter: h.prompt}
	if code, _, errOut := runMain(app, "hub", "use"); code != ExitUsage || len(h.prompt.asked) != 0 {
		t.Fatalf("%d %q %v", code, errOut, h.prompt.asked)
	}
}

// A saved hub whose key is nowhere is not connected: connect logs in
// again (instead of "already connected"), and status says no key is saved.
func TestKeylessHubIsNotConnected(t *testing.T) {
	hub := hubtest.NewT(t, hubtest.WithAutoApprove(true))
	file := hub.Host() + ":\n  AIGNE_HUB_API_URL: " + hub.APIURL() + "\ndefault:\n  AIGNE_HUB_API_URL: " + hub.APIURL() + "\n"
	h := newHarness(t, file)
	code, _, errOut := h.run("", "hub", "status")
	if code != ExitAuth || !strings.Contains(errOut, "No API key saved for "+hub.URL) {
		t.Fatalf("status: %d %q", code, errOut)
	}
	h.browserVisits(hub)
	code, out, errOut := h.run("", "hub", "connect", hub.URL)
	if code != 0 || strings.Contains(errOut, "already connected") || len(hub.Sessions()) != 1 {
		t.Fatalf("connect: %d %q %q, %d sessions", code, out, errOut, len(hub.Sessions()))
	}
	if !strings.Contains(h.file(), "AIGNE_HUB_API_KEY: "+hub.Sessions()[0].Key) {
		t.Fatalf("key not saved:\n%s", h.file())
	}
	if code, out, _ := h.run("", "hub", "status"); code != 0 || !strings.Contains(out, "online") {
		t.Fatalf("status after: %d %q", code, out)
	}
}

// Hubs named in any case or as international names find the saved entry.
func TestArgumentsAreNormalised(t *testing.T) {
	h := newHarness(t, "hub.example.com:\n  AIGNE_HUB_API_URL: https://hub.example.com/ai-kit\n  AIGNE_HUB_API_KEY: k\n"+
		"xn--bcher-kva.example:\n  AIGNE_HUB_API_URL: https://xn--bcher-kva.example/ai-kit\n  AIGNE_HUB_API_KEY: k\n")
	for _, arg := range []string{"HUB.Example.COM", "https://HUB.example.com:443/x", "bücher.example", "https://BÜCHER.example/"} {
		if code, out, errOut := h.run("", "hub", "use", arg); code != 0 {
			t.Errorf("use %s: %d %q %q", arg, code, out, errOut)
		}
	}
}

// A keychain that cannot be read says nothing about a hub never saved:
// connecting it into the file warns of no leftover copy.
func TestNoLeftoverWarningForANewHub(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	h.keys.Err = &credentials.UnavailableError{Reason: credentials.ReasonNoBus}
	code, _, errOut := h.run(hub.IssueKey()+"\n", "hub", "connect", "--with-token", hub.URL)
	if code != 0 || strings.Contains(errOut, "Warning") {
		t.Fatalf("%d %q", code, errOut)
	}
}

// A user name and password in a URL are never repeated in an error.
func TestErrorsDoNotRepeatPasswords(t *testing.T) {
	h := newHarness(t, "")
	_, _, errOut := h.run("", "hub", "connect", "https://me:s3cr3t@hub.example.com")
	h.env["AIGNE_HUB_API_URL"] = "https://me:s3cr3t@hub.example.com"
	_, _, errOut2 := h.run("", "hub", "status")
	for _, e := range []string{errOut, errOut2} {
		if strings.Contains(e, "s3cr3t") || !strings.Contains(e, "https://…@hub.example.com") {
			t.Errorf("%q", e)
		}
	}
}

// The variable chooses where a new key goes; a saved hub's key stays where
// it is on a new login unless --store says otherwise.
func TestConnectForceKeepsStoreDespiteVariable(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	h.browserVisits(hub)
	if code, _, errOut := h.run("", "hub", "connect", "--store=keyring", hub.URL); code != 0 {
		t.Fatalf("%d %q", code, errOut)
	}
	h.env[EnvCredentialStore] = "file"
	if code, _, errOut := h.run("", "hub", "connect", "--force", hub.URL); code != 0 {
		t.Fatalf("%d %q", code, errOut)
	}
	key := hub.Sessions()[1].Key
	if strings.Contains(h.file(), credentials.FieldKey) {
		t.Fatalf("the variable moved the key into the file:\n%s", h.file())
	}
	if got, _ := (&credentials.Keychain{Backend: h.keys}).Key(hub.Host()); got != key {
		t.Fatalf("keychain has %q, want the new key", got)
	}
	// The flag does move it, and leaves no copy behind.
	if code, _, errOut := h.run("", "hub", "connect", "--force", "--store=file", hub.URL); code != 0 {
		t.Fatalf("%d %q", code, errOut)
	}
	if !strings.Contains(h.file(), "AIGNE_HUB_API_KEY: "+hub.Sessions()[2].Key) {
		t.Fatalf("file:\n%s", h.file())
	}
	if _, ok := h.keys.Value(hub.Host()); ok {
		t.Fatal("a copy stayed in the keychain")
	}
}
