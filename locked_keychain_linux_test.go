//go:build linux

package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient/hubtest"
	"github.com/aigne-io/aigne/internal/testkeyring"
)

// Locked is not empty: the real aigne binary, with nobody at the terminal,
// against a real gnome-keyring of the test's own whose login keyring holds
// hubs (and names the active one) and is then locked, by the Secret
// Service's Lock call or by a daemon restart that did not unlock it. Every
// command says the keychain is locked, at once, without asking the desktop
// for anything; none says that no hub is connected, and none falls back on
// the file's hub.
func TestLockedKeychainIsNotEmpty(t *testing.T) {
	skipShort(t, "a gnome-keyring of its own, locked twice")
	aigne := aigneBin(t)
	for _, how := range []string{"Lock call", "daemon restart"} {
		t.Run(how, func(t *testing.T) {
			bus := testkeyring.StartBus(t)
			daemon := testkeyring.StartDaemon(t, bus, "desktop-login-password")
			home := t.TempDir()
			inKeychain := fakeHubs(t, 2)
			fileHub := hubtest.New()
			t.Cleanup(fileHub.Close)
			// Were connect to start a login, the hub would approve it at
			// once: a session is then what the test sees, not a hang.
			newHub := hubtest.New(hubtest.WithAutoApprove(true))
			t.Cleanup(newHub.Close)

			// The keychain as the Node CLI's migration leaves it, the
			// active hub named there, and one hub of ours in the file.
			t.Setenv("DBUS_SESSION_BUS_ADDRESS", bus)
			kc := credentials.NewKeychain()
			kc.Timeout = 30 * time.Second
			for _, h := range inKeychain {
				if err := kc.Put(h.Host(), h.APIURL(), h.IssueKey()); err != nil {
					t.Fatal(err)
				}
			}
			if err := kc.SetDefault(inKeychain[0].APIURL()); err != nil {
				t.Fatal(err)
			}
			yaml := fileHub.Host() + ":\n  AIGNE_HUB_API_URL: " + fileHub.APIURL() + "\n  AIGNE_HUB_API_KEY: " + fileHub.IssueKey() + "\n"
			file := writeHubFile(t, home, []byte(yaml))

			env := append(testkeyring.Without(os.Environ(), "CI", "NODE_ENV", "DBUS_SESSION_BUS_ADDRESS", "HOME", "XDG_RUNTIME_DIR",
				"DISPLAY", "WAYLAND_DISPLAY", "AIGNE_HUB_API_URL", "AIGNE_HUB_API_KEY", "AIGNE_HUB_CREDENTIAL_STORE", "LC_ALL", "LANG", "LANGUAGE"),
				"HOME="+home, "DBUS_SESSION_BUS_ADDRESS="+bus, "XDG_RUNTIME_DIR="+filepath.Join(home, "run"),
				"NO_COLOR=1", "LANG=C", "AIGNE_HUB_REQUEST_TIMEOUT=5s", "BROWSER=true",
				// Long: a locked keychain must fail at once, not time out.
				"AIGNE_KEYCHAIN_TIMEOUT=30s")
			run := func(args ...string) result {
				t.Helper()
				ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
				defer cancel()
				cmd := exec.CommandContext(ctx, aigne, args...)
				cmd.Env = env
				cmd.Stdin = strings.NewReader("") // no terminal
				r := finish(t, cmd)
				if r.took > 10*time.Second {
					t.Errorf("aigne %s took %s: a locked keychain must fail at once", strings.Join(args, " "), r.took)
				}
				return r
			}
			fail := func(r result, format string, args ...any) {
				t.Helper()
				t.Errorf(format+"\nexit %d\nstdout:\n%s\nstderr:\n%s", append(args, r.code, r.stdout, r.stderr)...)
			}
			saysLocked := func(s string) bool { return strings.Contains(strings.ToLower(s), "locked") }

			// Unlocked, every hub is there: the setup is what it claims.
			if r := run("hub", "list"); r.code != 0 || !strings.Contains(r.stdout, fileHub.URL) ||
				!strings.Contains(r.stdout, inKeychain[0].URL) || !strings.Contains(r.stdout, inKeychain[1].URL) {
				fail(r, "unlocked: list")
			}
			if r := run("hub", "status"); r.code != 0 || !strings.Contains(r.stdout, inKeychain[0].URL) {
				fail(r, "unlocked: status")
			}

			if how == "Lock call" {
				daemon.Lock()
			} else {
				daemon.RestartLocked()
			}
			watch := testkeyring.Watch(t, bus)

			r := run("hub", "list")
			switch {
			case r.code != 0:
				fail(r, "list: want exit 0")
			case !strings.Contains(r.stdout, fileHub.URL):
				fail(r, "list: the file's hub is not shown")
			case !saysLocked(r.stderr):
				fail(r, "list: no warning that the keychain is locked")
			case strings.Contains(r.stdout+r.stderr, "No AIGNE Hub connected"):
				fail(r, "list: a locked keychain passed for an empty one")
			}

			r = run("hub", "list", "--check")
			if r.code != 1 || !saysLocked(r.stderr) {
				fail(r, "list --check: want exit 1 naming the locked keychain")
			}

			r = run("hub", "status", "-o", "json")
			var doc struct {
				Error *struct {
					Code    int    `json:"code"`
					Message string `json:"message"`
				} `json:"error"`
			}
			if r.code != 1 || strings.TrimSpace(r.stdout) != "" || json.Unmarshal([]byte(r.stderr), &doc) != nil ||
				doc.Error == nil || doc.Error.Code != 1 || !saysLocked(doc.Error.Message) {
				fail(r, "status -o json: want exit 1, and the error document naming the locked keychain on stderr")
			}

			r = run("hub", "token")
			if r.code != 1 || strings.TrimSpace(r.stdout) != "" || !saysLocked(r.stderr) {
				fail(r, "token: want exit 1 naming the locked keychain")
			}

			r = run("hub", "connect", "--store=keyring", newHub.URL)
			if r.code != 1 || !saysLocked(r.stderr) {
				fail(r, "connect --store=keyring: want exit 1 naming the locked keychain")
			}
			if n := len(newHub.Sessions()); n != 0 {
				t.Errorf("connect started %d login sessions before finding the keychain locked", n)
			}
			for _, req := range newHub.Requests() {
				if req.Method == http.MethodPost && req.Path == hubtest.SessionPath {
					t.Errorf("connect sent %s %s", req.Method, req.Path)
				}
			}

			// With no file at all (the Node CLI's migration deletes it),
			// still not "no hub connected".
			if err := os.Remove(file); err != nil {
				t.Fatal(err)
			}
			r = run("hub", "list")
			if r.code != 0 || !saysLocked(r.stderr) || strings.Contains(r.stdout+r.stderr, "No AIGNE Hub connected") {
				fail(r, "list without a file: want exit 0 and the warning that the keychain is locked, never that no hub is connected")
			}

			if calls := watch.Calls(); len(calls) != 0 {
				t.Errorf("with nobody at the terminal, aigne asked the desktop: %v", calls)
			}
		})
	}
}
