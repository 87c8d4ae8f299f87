//go:build linux

package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient/hubtest"
	"github.com/aigne-io/aigne/internal/testkeyring"
)

// The shared keychain, both ways, against the real Node.js @aigne/cli
// (AIGNE_NODE_CLI, the path of its `aigne`; .ci/run installs it) and a real
// Secret Service of the test's own. The Node CLI runs as on a Linux
// desktop: CI and NODE_ENV unset, a display set, a session bus with a
// Secret Service. It then moves the hub file into the keychain and deletes
// the file, the first time it runs.

type desktop struct {
	t      *testing.T
	home   string
	env    []string
	node   string
	aigne  string
	daemon *testkeyring.Daemon
}

func newDesktop(t *testing.T) *desktop {
	t.Helper()
	node := os.Getenv("AIGNE_NODE_CLI")
	if node == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("AIGNE_NODE_CLI is not set in CI: .ci/run installs @aigne/cli 1.59.0")
		}
		t.Skip("AIGNE_NODE_CLI is not set (path of the Node.js @aigne/cli's aigne)")
	}
	bus := testkeyring.StartBus(t)
	d := &desktop{t: t, home: t.TempDir(), node: node, aigne: filepath.Join(aigneBinary(t), "aigne")}
	d.daemon = testkeyring.StartDaemon(t, bus, "desktop-login-password")
	d.env = append(testkeyring.Without(os.Environ(), "CI", "NODE_ENV", "DBUS_SESSION_BUS_ADDRESS", "HOME", "XDG_RUNTIME_DIR",
		"AIGNE_HUB_API_URL", "AIGNE_HUB_API_KEY", "AIGNE_HUB_CREDENTIAL_STORE", "LC_ALL", "LANG"),
		"HOME="+d.home, "DBUS_SESSION_BUS_ADDRESS="+bus, "DISPLAY=:99", "XDG_RUNTIME_DIR="+filepath.Join(d.home, "run"),
		"NO_COLOR=1", "FORCE_COLOR=0", "LANG=C", "AIGNE_HUB_REQUEST_TIMEOUT=5s",
		// A loaded CI machine (the race detector, Node processes) can
		// make the keyring daemon slower than the default allows.
		"AIGNE_KEYCHAIN_TIMEOUT=30s")
	return d
}

var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;]*m")

// run runs one of the tools and returns its stdout; a failure fails the
// test unless wantCode says otherwise.
func (d *desktop) run(wantCode int, stdin, name string, args ...string) string {
	d.t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = d.env
	cmd.Stdin = strings.NewReader(stdin)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		d.t.Fatal(err)
	}
	if code != wantCode {
		d.t.Fatalf("%s %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", filepath.Base(name), strings.Join(args, " "), code, wantCode, out, stderr.String())
	}
	return ansiEscape.ReplaceAllString(string(out), "")
}

func (d *desktop) ours(args ...string) string   { d.t.Helper(); return d.run(0, "", d.aigne, args...) }
func (d *desktop) theirs(args ...string) string { d.t.Helper(); return d.run(0, "", d.node, args...) }

func (d *desktop) file() string { return filepath.Join(d.home, ".aigne", credentials.FileName) }

func (d *desktop) writeFile(content string) {
	d.t.Helper()
	if err := os.MkdirAll(filepath.Dir(d.file()), 0o700); err != nil {
		d.t.Fatal(err)
	}
	if err := os.WriteFile(d.file(), []byte(content), 0o600); err != nil {
		d.t.Fatal(err)
	}
}

func fakeHubs(t *testing.T, n int) []*hubtest.Hub {
	var hubs []*hubtest.Hub
	for range n {
		h := hubtest.New()
		t.Cleanup(h.Close)
		hubs = append(hubs, h)
	}
	return hubs
}

// Node → aigne: what the Node CLI moved into the keychain (and the file it
// deleted) is what aigne lists, with the same active hub, and every key
// works.
func TestNodeMigratedKeychainIsOurs(t *testing.T) {
	d := newDesktop(t)
	hubs := fakeHubs(t, 3)
	d.writeFile(hubs[0].Host() + ":\n  AIGNE_HUB_API_URL: " + hubs[0].APIURL() + "\n  AIGNE_HUB_API_KEY: " + hubs[0].IssueKey() + "\n" +
		hubs[1].Host() + ":\n  AIGNE_HUB_API_URL: " + hubs[1].APIURL() + "\n  AIGNE_HUB_API_KEY: " + hubs[1].IssueKey() + "\n" +
		// No key: the Node CLI's migration drops it.
		hubs[2].Host() + ":\n  AIGNE_HUB_API_URL: " + hubs[2].APIURL() + "\n" +
		"default:\n  AIGNE_HUB_API_URL: " + hubs[1].APIURL() + "\n")
	theirs := d.theirs("hub", "list")
	if _, err := os.Stat(d.file()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the Node CLI did not move the file into the keychain (stat: %v); is it running as on a desktop?", err)
	}
	ours := d.ours("hub", "list")
	if !sameLines(ours, theirs) {
		t.Fatalf("after the Node CLI's migration we list differently.\nours:\n%s\ntheirs:\n%s", ours, theirs)
	}
	if !strings.Contains(ours, hubs[1].URL) || strings.Contains(ours, hubs[2].URL) {
		t.Fatalf("list:\n%s", ours)
	}
	// The active hub is the one the file named, and its key works.
	if out := d.ours("hub", "status"); !strings.Contains(out, hubs[1].URL+" - online") {
		t.Fatalf("status: %s", out)
	}
	if out := d.ours("hub", "info", hubs[0].URL); !strings.Contains(out, "John Doe") {
		t.Fatalf("info: %s", out)
	}
	// aigne never recreates or deletes the file on reading.
	if _, err := os.Stat(d.file()); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("aigne recreated the file on reading")
	}
	// A daemon restart changes nothing.
	d.daemon.Restart()
	if again := d.ours("hub", "list"); again != ours {
		t.Fatalf("after a keyring daemon restart:\n%s", again)
	}
}

// aigne → Node: hubs that aigne saved, in the keychain and in the file,
// are listed by the Node CLI (exit 0), the same active hub, and they
// survive its migration of the file.
func TestNodeSeesWhatWeSave(t *testing.T) {
	d := newDesktop(t)
	hubs := fakeHubs(t, 3)
	d.run(0, hubs[0].IssueKey()+"\n", d.aigne, "hub", "connect", "--with-token", "--store=keyring", hubs[0].URL)
	d.run(0, hubs[1].IssueKey()+"\n", d.aigne, "hub", "connect", "--with-token", hubs[1].URL)
	d.run(0, hubs[2].IssueKey()+"\n", d.aigne, "hub", "connect", "--with-token", "--store=keyring", hubs[2].URL)
	d.ours("hub", "use", hubs[1].URL)
	data, err := os.ReadFile(d.file())
	if err != nil || strings.Count(string(data), credentials.FieldKey) != 1 {
		t.Fatalf("file (%v):\n%s", err, data)
	}

	before := d.ours("hub", "list")
	theirs := d.theirs("hub", "list")
	for _, h := range hubs {
		if !strings.Contains(theirs, h.URL) {
			t.Fatalf("the Node CLI lost %s:\n%s", h.URL, theirs)
		}
	}
	if !regexp.MustCompile(regexp.QuoteMeta(hubs[1].URL) + ` +│ YES`).MatchString(theirs) {
		t.Fatalf("the Node CLI has another active hub:\n%s", theirs)
	}
	// Its migration deleted the file; we still see the same hubs, the
	// same active one, and every key works.
	if _, err := os.Stat(d.file()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the Node CLI kept the file: %v", err)
	}
	after := d.ours("hub", "list")
	if !sameLines(before, after) {
		t.Fatalf("before the Node CLI ran:\n%s\nafter:\n%s", before, after)
	}
	for _, h := range hubs {
		if out := d.ours("hub", "info", h.URL); !strings.Contains(out, "John Doe") {
			t.Fatalf("info %s: %s", h.URL, out)
		}
	}

	// use and remove are seen by the other side.
	d.ours("hub", "use", hubs[2].URL)
	if theirs := d.theirs("hub", "list"); !regexp.MustCompile(regexp.QuoteMeta(hubs[2].URL) + ` +│ YES`).MatchString(theirs) {
		t.Fatalf("use not seen:\n%s", theirs)
	}
	d.ours("hub", "remove", hubs[2].URL)
	theirs = d.theirs("hub", "list")
	if strings.Contains(theirs, hubs[2].URL) || !strings.Contains(theirs, hubs[0].URL) {
		t.Fatalf("remove not seen:\n%s", theirs)
	}
	if ours := d.ours("hub", "list"); !sameLines(ours, theirs) {
		t.Fatalf("after remove:\nours:\n%s\ntheirs:\n%s", ours, theirs)
	}
}

// sameLines: the same rows in any order. The keychain has no order: we
// list its hubs by host, the Node CLI in the order libsecret returns them.
func sameLines(a, b string) bool {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	if len(la) != len(lb) {
		return false
	}
	count := map[string]int{}
	for _, l := range la {
		count[l]++
	}
	for _, l := range lb {
		count[l]--
	}
	for _, n := range count {
		if n != 0 {
			return false
		}
	}
	return true
}
