//go:build linux

package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aigne-io/aigne/internal/testkeyring"
)

// On Linux the desktop is a real Secret Service of the test's own, and the
// Node CLI runs as in a desktop session: a display set and a session bus
// with a Secret Service.

func newDesktop(t *testing.T) *desktop {
	t.Helper()
	node := nodeCLI(t)
	bus := testkeyring.StartBus(t)
	d := &desktop{t: t, home: t.TempDir(), node: node, aigne: aigneBin(t)}
	d.restart = testkeyring.StartDaemon(t, bus, "desktop-login-password").Restart
	d.env = append(testkeyring.Without(os.Environ(), "CI", "NODE_ENV", "DBUS_SESSION_BUS_ADDRESS", "HOME", "XDG_RUNTIME_DIR",
		"AIGNE_HUB_API_URL", "AIGNE_HUB_API_KEY", "AIGNE_HUB_CREDENTIAL_STORE", "LC_ALL", "LANG"),
		"HOME="+d.home, "DBUS_SESSION_BUS_ADDRESS="+bus, "DISPLAY=:99", "XDG_RUNTIME_DIR="+filepath.Join(d.home, "run"),
		"NO_COLOR=1", "FORCE_COLOR=0", "LANG=C", "AIGNE_HUB_REQUEST_TIMEOUT=5s",
		// A loaded CI machine (the race detector, Node processes) can
		// make the keyring daemon slower than the default allows.
		"AIGNE_KEYCHAIN_TIMEOUT=30s")
	return d
}
