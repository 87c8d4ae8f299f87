package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient/hubtest"
)

// A hub entry with its key written twice: which copy counts depends on the
// YAML reader, so the entry is invalid, and a key moved out of the file
// leaves neither copy behind.
func TestEntryWithFieldTwice(t *testing.T) {
	hub := hubtest.NewT(t)
	file := hub.Host() + ":\n  AIGNE_HUB_API_URL: " + hub.APIURL() + "\n  AIGNE_HUB_API_KEY: first\n  AIGNE_HUB_API_KEY: second\n"
	h := newHarness(t, file)
	h.browserVisits(hub)
	code, _, errOut := h.run("", "hub", "list")
	if code != 0 || !strings.Contains(errOut, "AIGNE_HUB_API_KEY more than once") {
		t.Fatalf("list: %d %q", code, errOut)
	}
	code, _, errOut = h.run("", "hub", "token", hub.URL)
	if code != ExitAuth || !strings.Contains(errOut, "more than once") || strings.Contains(errOut, "first") || strings.Contains(errOut, "second") {
		t.Fatalf("token: %d %q", code, errOut)
	}
	code, _, errOut = h.run("", "hub", "connect", "--store=keyring", hub.URL)
	if code != 0 {
		t.Fatalf("connect: %d %q", code, errOut)
	}
	if f := h.file(); strings.Contains(f, credentials.FieldKey) {
		t.Fatalf("a copy of a key stayed in the file:\n%s", f)
	}
	if code, out, errOut := h.run("", "hub", "token", hub.URL); code != 0 || out != hub.Sessions()[0].Key+"\n" {
		t.Fatalf("token after connect: %d %q %q", code, out, errOut)
	}
}

// Items of the shared keychain service that any program may have written:
// one unreadable, one that is not JSON. Each is named as a keychain item
// (not a file entry) and skipped; the good one is still listed and used.
func TestBadKeychainItems(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	kc := &credentials.Keychain{Backend: h.keys}
	if err := kc.Put(hub.Host(), hub.APIURL(), "good-key"); err != nil {
		t.Fatal(err)
	}
	if err := kc.SetDefault(hub.APIURL()); err != nil {
		t.Fatal(err)
	}
	_ = h.keys.Set("broken.example", `{"AIGNE_HUB_API_URL":`)
	_ = h.keys.Set("denied.example", `{"AIGNE_HUB_API_URL":"https://denied.example/ai-kit","AIGNE_HUB_API_KEY":"k"}`)
	h.keys.ItemErr = map[string]error{"denied.example": &credentials.UnavailableError{Reason: credentials.ReasonDenied}}

	code, out, errOut := h.run("", "-o", "json", "hub", "list")
	if code != 0 {
		t.Fatalf("list: %d %q", code, errOut)
	}
	for _, want := range []string{
		`OS keychain item aigne-hub-api-key/broken.example (account "broken.example") is skipped: its value is not the JSON object`,
		`OS keychain item aigne-hub-api-key/denied.example (account "denied.example") is skipped: it could not be read (access was refused)`,
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "entry") {
		t.Errorf("a keychain item was called a file entry:\n%s", errOut)
	}
	var doc struct {
		Active *string
		Hubs   []struct {
			URL   string `json:"url"`
			Host  string `json:"host"`
			Valid bool   `json:"valid"`
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Active == nil || *doc.Active != hub.URL || len(doc.Hubs) != 3 {
		t.Fatalf("list: %s", out)
	}
	for _, hb := range doc.Hubs {
		if hb.Valid != (hb.Host == hub.Host()) || hb.URL == "" {
			t.Errorf("hub %+v", hb)
		}
	}
	if code, out, errOut := h.run("", "hub", "token"); code != 0 || out != "good-key\n" {
		t.Fatalf("token: %d %q %q", code, out, errOut)
	}
	code, _, errOut = h.run("", "hub", "token", "broken.example")
	if code != ExitAuth || !strings.Contains(errOut, "keychain item aigne-hub-api-key/broken.example") {
		t.Fatalf("token of the broken item: %d %q", code, errOut)
	}
	code, _, errOut = h.run("", "hub", "token", "denied.example")
	if code != ExitFailure || !strings.Contains(errOut, "access was refused") {
		t.Fatalf("token of the unreadable item: %d %q", code, errOut)
	}
}

// A locked keychain is not an empty one: list shows the file's hubs and
// says the keychain's are missing, --check fails, and the commands that
// need the keychain to decide fail naming it rather than asking for a
// login.
func TestLockedKeychainIsNotEmpty(t *testing.T) {
	hub := hubtest.NewT(t)
	fileHub := hub.Host() + ":\n  AIGNE_HUB_API_URL: " + hub.APIURL() + "\n  AIGNE_HUB_API_KEY: " + hub.IssueKey() + "\n"
	locked := &credentials.UnavailableError{Reason: credentials.ReasonLocked}

	h := newHarness(t, fileHub)
	h.keys.Err = locked
	code, out, errOut := h.run("", "hub", "list")
	if code != 0 || !strings.Contains(out, hub.URL) || !strings.Contains(errOut, "locked") || strings.Contains(out+errOut, "No AIGNE Hub connected") {
		t.Fatalf("list: %d %q %q", code, out, errOut)
	}
	code, out, errOut = h.run("", "hub", "list", "--check")
	if code != ExitFailure || !strings.Contains(out, "online") || !strings.Contains(errOut, "locked") {
		t.Fatalf("list --check: %d %q %q", code, out, errOut)
	}
	code, out, errOut = h.run("", "-o", "json", "hub", "status")
	if code != ExitFailure || out != "" || !strings.Contains(errOut, `"code": 1`) || !strings.Contains(errOut, "locked") {
		t.Fatalf("status: %d %q %q", code, out, errOut)
	}
	code, out, errOut = h.run("", "hub", "token")
	if code != ExitFailure || out != "" || !strings.Contains(errOut, "locked") {
		t.Fatalf("token: %d %q %q", code, out, errOut)
	}

	empty := newHarness(t, "")
	empty.keys.Err = locked
	code, out, errOut = empty.run("", "hub", "list")
	if code != 0 || strings.Contains(out+errOut, "No AIGNE Hub connected") || !strings.Contains(errOut, "locked") {
		t.Fatalf("list of an empty file: %d %q %q", code, out, errOut)
	}
}

// Nothing that has not changed is written to the keychain: on macOS each
// write to an item the other tool wrote may put up a dialog.
func TestKeychainWritesOnlyChanges(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, "")
	key := hub.IssueKey()
	if code, _, errOut := h.run(key, "hub", "connect", "--with-token", "--store=keyring", hub.URL); code != 0 {
		t.Fatalf("connect: %d %q", code, errOut)
	}
	sets := h.keys.Calls["Set"]
	if code, _, errOut := h.run("", "hub", "use", hub.URL); code != 0 {
		t.Fatalf("use: %d %q", code, errOut)
	}
	if code, _, errOut := h.run(key, "hub", "connect", "--with-token", "--store=keyring", hub.URL); code != 0 {
		t.Fatalf("connect again: %d %q", code, errOut)
	}
	if got := h.keys.Calls["Set"]; got != sets {
		t.Fatalf("%d keychain writes for nothing", got-sets)
	}
	// A new key is written.
	if code, _, errOut := h.run(hub.IssueKey(), "hub", "connect", "--with-token", "--store=keyring", hub.URL); code != 0 {
		t.Fatalf("connect with a new key: %d %q", code, errOut)
	}
	if got := h.keys.Calls["Set"]; got != sets+1 {
		t.Fatalf("%d writes for a new key, want 1", got-sets)
	}
}

// On macOS a refused item (one the Node CLI wrote, whose access list names
// node) comes with what to do in Keychain Access, in either language.
func TestDeniedOnMacSaysWhatToDo(t *testing.T) {
	old := hostOS
	t.Cleanup(func() { hostOS = old })
	denied := &credentials.UnavailableError{Reason: credentials.ReasonDenied}
	for goos, want := range map[string][]string{
		"darwin":  {"Keychain Access", "Access Control", "Always Allow", "aigne-hub-api-key"},
		"linux":   {"access was refused"},
		"windows": {"access was refused"},
	} {
		hostOS = goos
		got := keychainReason(Printer{Lang: "en"}, denied)
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", goos, got, w)
			}
		}
		if goos != "darwin" && strings.Contains(got, "Keychain Access") {
			t.Errorf("%s: %q", goos, got)
		}
	}
	hostOS = "darwin"
	if got := keychainReason(Printer{Lang: "zh"}, denied); !strings.Contains(got, "钥匙串访问") || !strings.Contains(got, "始终允许") {
		t.Errorf("zh: %q", got)
	}
}
