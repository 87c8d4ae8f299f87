package hubclient_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/hubclient/hubtest"
)

func TestCheckKey(t *testing.T) {
	for key, want := range map[string]hubclient.KeyFault{
		"aigne_0123abcd": 0,
		"!~":             0,
		strings.Repeat("k", hubclient.MaxKeyBytes): 0,
		"": hubclient.KeyEmpty,
		strings.Repeat("k", hubclient.MaxKeyBytes+1): hubclient.KeyTooLong,
		"a b":                 hubclient.KeyBadChar,
		"key\n":               hubclient.KeyBadChar,
		"key\x1b]0;pwned\x07": hubclient.KeyBadChar,
		"key\x7f":             hubclient.KeyBadChar,
		"kéy":                 hubclient.KeyBadChar,
		"key\u009b31m":        hubclient.KeyBadChar,
		strings.Repeat("k", hubclient.MaxKeyBytes) + " ": hubclient.KeyBadChar,
	} {
		err := hubclient.CheckKey(key)
		var ke *hubclient.KeyError
		switch {
		case want == 0 && err != nil:
			t.Errorf("CheckKey(%.20q): %v", key, err)
		case want != 0 && (!errors.As(err, &ke) || ke.Fault != want):
			t.Errorf("CheckKey(%.20q) = %v, want fault %d", key, err, want)
		case err != nil && strings.Contains(err.Error(), "key\x1b"):
			t.Errorf("the error repeats the key: %q", err)
		}
	}
}

// A hub that hands out a key holding terminal escapes fails the login: the
// key never reaches the caller, who would save it and print it.
func TestWaitForKeyRefusesAHostileKey(t *testing.T) {
	for _, key := range []string{"aigne_\x1b]0;owned\x07\x1b[2J", "aigne key", strings.Repeat("k", hubclient.MaxKeyBytes+1), "aigne_\u009b2J"} {
		secret, err := hubtest.EncryptAccessKey(key, "z1", "c")
		if err != nil {
			t.Fatal(err)
		}
		srv := newJSONServer(t, `{"id":"s","accessKeyId":"z1","challenge":"c","accessKeySecret":"`+secret+`"}`)
		got, err := newClient(nil).WaitForKey(ctxT(t), originOf(t, srv), "s")
		requireKind(t, err, hubclient.ErrUnreachable, srv, "cannot be used")
		var he *hubclient.Error
		var ke *hubclient.KeyError
		if got != "" || !errors.As(err, &he) || he.Problem != hubclient.ProblemBadKey || !errors.As(err, &ke) {
			t.Errorf("key %.12q: got %q, %#v", key, got, err)
		}
		if strings.Contains(err.Error(), key) {
			t.Errorf("the error repeats the key: %q", err)
		}
	}
}
