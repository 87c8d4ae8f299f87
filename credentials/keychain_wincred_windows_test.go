package credentials

import (
	"errors"
	"os"
	"testing"

	"github.com/danieljoos/wincred"
)

// wincredLiveEnv, set to 1, lets the tests below write to the Credential
// Manager of whoever runs them (items of their own, deleted at the end).
// Under Wine they always run: its Credential Manager lives in the
// throwaway prefix of .ci/wine/run.
const wincredLiveEnv = "AIGNE_TEST_WINCRED"

// liveWinKeychain is this platform's keychain: the real Credential Manager.
func liveWinKeychain(t *testing.T) *Keychain {
	t.Helper()
	// CI's runners say the keychain is required (AIGNE_REQUIRE_KEYRING=1):
	// theirs is a throwaway one, so the tests run there too.
	if !onWine() && os.Getenv(wincredLiveEnv) != "1" && os.Getenv("AIGNE_REQUIRE_KEYRING") != "1" {
		t.Skipf("writes to your Credential Manager; set %s=1 to allow it", wincredLiveEnv)
	}
	k := NewKeychain()
	if err := k.Probe(); err != nil {
		t.Fatalf("the Credential Manager: %v", err)
	}
	return k
}

func TestCredentialManagerRoundTrip(t *testing.T) {
	// The item as the Node.js CLI (keytar) reads it: a generic credential
	// named service/account, the account as user name, the value's UTF-8
	// bytes as blob.
	roundTrip(t, liveWinKeychain(t), func(host, apiURL, key string) {
		c, err := wincred.GetGenericCredential(KeychainService + "/" + host)
		if err != nil {
			t.Fatal(err)
		}
		if want := encodeEntry(Entry{APIURL: apiURL, Key: key}); c.UserName != host || string(c.CredentialBlob) != want {
			t.Fatalf("item: user %q blob %q, want %q", c.UserName, c.CredentialBlob, want)
		}
	})
}

// A value over the Credential Manager's limit is refused as too large,
// and nothing is written.
func TestCredentialManagerTooLarge(t *testing.T) {
	k := liveWinKeychain(t)
	host := testAccount(t, k)
	big := make([]byte, winMaxBlob)
	for i := range big {
		big[i] = 'k'
	}
	err := k.Put(host, "https://"+host+"/ai-kit", string(big))
	var ue *UnavailableError
	if !errors.As(err, &ue) || ue.Reason != ReasonTooLarge {
		t.Fatalf("%v", err)
	}
	if _, err := k.Get(host); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after: %v", err)
	}
}
