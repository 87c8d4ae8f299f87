//go:build darwin || windows

package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/internal/testkeyring"
)

// systemKeychainEnv, set to 1, lets these tests use this machine's own
// keychain: they write items of their own and the default item, and put
// the default back after. CI's runners (AIGNE_REQUIRE_KEYRING=1) have a
// throwaway keychain, so they run there.
const systemKeychainEnv = "AIGNE_TEST_SYSTEM_KEYCHAIN"

// On macOS and Windows the Node CLI always uses the keychain (the login
// keychain, the Credential Manager), and so do we: the desktop is this
// machine's.
func newDesktop(t *testing.T) *desktop {
	t.Helper()
	if os.Getenv(systemKeychainEnv) != "1" && os.Getenv(testkeyring.RequireEnv) != "1" {
		t.Skipf("writes to this machine's keychain, its default item included; set %s=1 to allow it", systemKeychainEnv)
	}
	node := nodeCLI(t)
	d := &desktop{t: t, home: t.TempDir(), node: node, aigne: aigneBin(t), restart: func() {}}
	d.env = append(testkeyring.Without(os.Environ(), "CI", "NODE_ENV", "HOME", "USERPROFILE",
		"AIGNE_HUB_API_URL", "AIGNE_HUB_API_KEY", "AIGNE_HUB_CREDENTIAL_STORE", "LC_ALL", "LANG"),
		"HOME="+d.home, "USERPROFILE="+d.home,
		"NO_COLOR=1", "FORCE_COLOR=0", "LANG=C", "AIGNE_HUB_REQUEST_TIMEOUT=5s",
		// Long enough for a slow runner, short enough that a dialog
		// nobody answers ends the test rather than the job.
		"AIGNE_KEYCHAIN_TIMEOUT=20s")
	keepKeychain(t)
	return d
}

// keepKeychain puts the keychain back as it was when the test ends: the
// items the test's hubs (on loopback) left go, and the default item is
// restored.
func keepKeychain(t *testing.T) {
	t.Helper()
	kc := credentials.NewKeychain()
	kc.Timeout = 20 * time.Second
	before, err := kc.Accounts()
	if err != nil {
		t.Fatalf("the keychain: %v", err)
	}
	had := map[string]bool{}
	for _, a := range before.Accounts {
		had[a] = true
	}
	defaultValue, defaultErr := kc.Backend.Get(credentials.KeychainDefaultAccount)
	t.Cleanup(func() {
		after, err := kc.Accounts()
		if err != nil {
			t.Errorf("cleanup: %v", err)
			return
		}
		for _, a := range after.Accounts {
			if !had[a] && (strings.HasPrefix(a, "127.0.0.1:") || strings.HasPrefix(a, "localhost:")) {
				if err := kc.DeleteKey(a); err != nil {
					t.Errorf("cleanup %s: %v", a, err)
				}
			}
		}
		if defaultErr == nil {
			err = kc.Backend.Set(credentials.KeychainDefaultAccount, defaultValue)
		} else {
			err = kc.Backend.Delete(credentials.KeychainDefaultAccount)
		}
		if err != nil {
			t.Errorf("cleanup of the default item: %v", err)
		}
	})
}
