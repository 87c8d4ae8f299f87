package credentials

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// macLiveEnv, set to 1, lets the tests below write to the default keychain
// of whoever runs them (items of their own, deleted at the end). CI's macOS
// runner says the keychain is required (AIGNE_REQUIRE_KEYRING=1) and makes
// a throwaway default keychain, so they run there.
const macLiveEnv = "AIGNE_TEST_MACKEYCHAIN"

func liveMacKeychain(t *testing.T) *Keychain {
	t.Helper()
	if os.Getenv(macLiveEnv) != "1" && os.Getenv("AIGNE_REQUIRE_KEYRING") != "1" {
		t.Skipf("writes to your login keychain; set %s=1 to allow it", macLiveEnv)
	}
	k := NewKeychain()
	if err := k.Probe(); err != nil {
		t.Fatalf("the keychain: %v", err)
	}
	return k
}

// The real /usr/bin/security, in the layout the Node.js CLI (keytar) reads:
// a generic password with service aigne-hub-api-key, account = host, the
// JSON value as its data.
func TestMacKeychainRoundTrip(t *testing.T) {
	k := liveMacKeychain(t)
	host := testAccount(t, k)
	apiURL := "https://" + host + "/ai-kit"
	if _, err := k.Get(host); !errors.Is(err, ErrNotFound) {
		t.Fatalf("before: %v", err)
	}
	const key = `key-1 ü 🔑 "quoted" \ back`
	if err := k.Put(host, apiURL, key); err != nil {
		t.Fatal(err)
	}
	if e, err := k.Get(host); err != nil || e.Key != key || e.APIURL != apiURL {
		t.Fatalf("%+v %v", e, err)
	}
	out, err := exec.Command(macSecurityPath, "find-generic-password", "-s", KeychainService, "-a", host, "-w").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.TrimSuffix(string(out), "\n"), encodeEntry(Entry{APIURL: apiURL, Key: key}); got != want && !strings.HasPrefix(got, "7b") {
		t.Fatalf("item data %q, want %q", got, want)
	}
	// Replacing keeps one item, and listing finds it without reading it.
	if err := k.Put(host, apiURL, "key-2"); err != nil {
		t.Fatal(err)
	}
	l, err := k.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := l.Items[host]; !ok {
		t.Fatalf("not listed: %v", l.Accounts)
	}
	if e, err := k.Get(host); err != nil || e.Key != "key-2" {
		t.Fatalf("%+v %v", e, err)
	}
	if err := k.DeleteKey(host); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(host); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
}
