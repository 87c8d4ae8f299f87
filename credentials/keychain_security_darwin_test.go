package credentials

import (
	"encoding/hex"
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
	roundTrip(t, liveMacKeychain(t), func(host, apiURL, key string) {
		out, err := exec.Command(macSecurityPath, "find-generic-password", "-s", KeychainService, "-a", host, "-w").Output()
		if err != nil {
			t.Fatal(err)
		}
		// -w prints the data as it is, or in hex when it holds a byte
		// that is not printable ASCII.
		want := encodeEntry(Entry{APIURL: apiURL, Key: key})
		got := strings.TrimSuffix(string(out), "\n")
		if got != want && !strings.EqualFold(strings.TrimPrefix(got, "0x"), hex.EncodeToString([]byte(want))) {
			t.Fatalf("item data %q, want %q", got, want)
		}
	})
}
