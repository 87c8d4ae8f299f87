package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/aigne-io/aigne/credentials"
)

// The shared keychain, both ways, against the real Node.js @aigne/cli
// (AIGNE_NODE_CLI, the path of its `aigne`; .ci/run and the workflows
// install it), run as on a desktop: CI and NODE_ENV unset, so that it moves
// the hub file into the keychain and deletes the file, the first time it
// runs. Where the keychain comes from is the OS's part (newDesktop): a
// Secret Service of the test's own on Linux, the real keychain of a CI
// runner on macOS and Windows.

type desktop struct {
	t     *testing.T
	home  string
	env   []string
	node  string
	aigne string
	// restart makes the keychain start again, as after a new login (a
	// no-op where the keychain is the system's).
	restart func()
}

// nodeCLI is the Node CLI's aigne, or a skip (a failure under CI).
func nodeCLI(t *testing.T) string {
	t.Helper()
	skipShort(t, "the Node CLI")
	node := os.Getenv("AIGNE_NODE_CLI")
	if node == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("AIGNE_NODE_CLI is not set in CI: .ci/run installs @aigne/cli 1.59.0")
		}
		t.Skip("AIGNE_NODE_CLI is not set (path of the Node.js @aigne/cli's aigne)")
	}
	return node
}

// run runs one of the tools and returns its stdout; a failure fails the
// test unless wantCode says otherwise.
func (d *desktop) run(wantCode int, stdin, name string, args ...string) string {
	d.t.Helper()
	out, _ := d.try(wantCode, stdin, name, args...)
	return out
}

// try is run that, on macOS, accepts the documented refusal of an item the
// other tool wrote where no dialog can be shown (a CI runner): exit 1 with
// the Keychain Access advice, within the timeout. It reports whether the
// command ran as wanted.
func (d *desktop) try(wantCode int, stdin, name string, args ...string) (string, bool) {
	d.t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = d.env
	cmd.Stdin = strings.NewReader(stdin)
	r := finish(d.t, cmd)
	code, out, stderr := r.code, r.stdout, r.stderr
	if code != wantCode && runtime.GOOS == "darwin" && name == d.aigne && code == 1 && strings.Contains(stderr, "Keychain Access") {
		d.t.Logf("macOS refused an item the Node CLI wrote, without a dialog, and said what to do: %s", stderr)
		return "", false
	}
	if code != wantCode {
		d.t.Fatalf("%s %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", filepath.Base(name), strings.Join(args, " "), code, wantCode, out, stderr)
	}
	return stripANSI(out), true
}

// ours runs aigne. On macOS, a refusal of an item the Node CLI wrote
// where no dialog can be shown ends the test: that is the documented
// outcome there, said with the Keychain Access advice (try).
func (d *desktop) ours(args ...string) string { d.t.Helper(); return d.oursWith("", args...) }

// oursWith is ours with stdin.
func (d *desktop) oursWith(stdin string, args ...string) string {
	d.t.Helper()
	out, ok := d.try(0, stdin, d.aigne, args...)
	if !ok {
		d.t.Skip("accepted outcome on macOS: refused without a dialog, with the Keychain Access advice (logged above)")
	}
	return out
}

func (d *desktop) theirs(args ...string) string { d.t.Helper(); return d.run(0, "", d.node, args...) }

func (d *desktop) file() string {
	return filepath.Join(d.home, credentials.DirName, credentials.FileName)
}

func (d *desktop) writeFile(content string) { d.t.Helper(); writeHubFile(d.t, d.home, []byte(content)) }

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
	// A restart of the keychain changes nothing.
	d.restart()
	if again := d.ours("hub", "list"); again != ours {
		t.Fatalf("after a keyring daemon restart:\n%s", again)
	}

	// Items the Node CLI wrote (on macOS, node's own) can be overwritten
	// and removed, and the Node CLI sees both.
	newKey := hubs[0].IssueKey()
	d.oursWith(newKey+"\n", "hub", "connect", "--force", "--with-token", "--store=keyring", hubs[0].URL)
	d.ours("hub", "remove", hubs[1].URL)
	theirs = d.theirs("hub", "list")
	if strings.Contains(theirs, hubs[1].URL) || !regexp.MustCompile(regexp.QuoteMeta(hubs[0].URL)+` +│ YES`).MatchString(theirs) {
		t.Fatalf("the Node CLI after our overwrite and remove:\n%s", theirs)
	}
	if out := d.ours("hub", "token", hubs[0].URL); strings.TrimSpace(out) != newKey {
		t.Fatal("the overwritten item does not hold the new key")
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
