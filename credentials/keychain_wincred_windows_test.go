package credentials

import (
	"errors"
	"testing"

	"github.com/danieljoos/wincred"
)

// wincredLiveEnv, set to 1, lets the tests below write to the Credential
// Manager of whoever runs them (items of their own, deleted at the end).
// Under Wine they always run: its Credential Manager lives in the
// throwaway prefix of .ci/wine/run.
const wincredLiveEnv = "AIGNE_TEST_WINCRED"

// liveWinKeychain is this platform's keychain: the real Credential Manager.
// Wine's is a throwaway one, so the tests always run there.
func liveWinKeychain(t *testing.T) *Keychain {
	return liveSystemKeychain(t, wincredLiveEnv, "your Credential Manager", onWine())
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
