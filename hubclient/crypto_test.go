package hubclient_test

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/hubclient/hubtest"
)

// Test vectors made with crypto-js 4.2.0.
var decryptVectors = []struct {
	apiKey, accessKeyID, challenge, secret string
}{
	{"aigne_k3y-Ex4mple", "zNKtestAccessKeyId", "c0ffee-challenge", "U2FsdGVkX1++rpuebnhFGD6A1xcxDSd5s9UH7Qii3gh145d5+XoTt807t9W4h6UY"},
	{"sk-测试-🔑", "z1abc", "x", "U2FsdGVkX19T15QqhZUhvYUeSnLAu9Bre5GwuBIYWEQ="},
}

func TestDecryptAccessKeySpecVectors(t *testing.T) {
	for _, v := range decryptVectors {
		got, err := hubclient.DecryptAccessKey(v.accessKeyID, v.challenge, v.secret)
		if err != nil {
			t.Fatalf("DecryptAccessKey(%q, %q, …): %v", v.accessKeyID, v.challenge, err)
		}
		if got != v.apiKey {
			t.Errorf("DecryptAccessKey(%q, %q, …) = %q, want %q", v.accessKeyID, v.challenge, got, v.apiKey)
		}
	}
}

func TestDecryptAccessKeyRejectsMalformedInput(t *testing.T) {
	good := decryptVectors[0]
	raw, _ := base64.StdEncoding.DecodeString(good.secret)
	b64 := base64.StdEncoding.EncodeToString
	cases := map[string]struct{ id, challenge, secret string }{
		"empty":               {good.accessKeyID, good.challenge, ""},
		"not base64":          {good.accessKeyID, good.challenge, "!!!not base64!!!"},
		"no Salted__ prefix":  {good.accessKeyID, good.challenge, b64(append([]byte("Pickled_"), raw[8:]...))},
		"only header":         {good.accessKeyID, good.challenge, b64(raw[:16])},
		"truncated block":     {good.accessKeyID, good.challenge, b64(raw[:len(raw)-3])},
		"short header":        {good.accessKeyID, good.challenge, b64([]byte("Salted__abc"))},
		"wrong challenge":     {good.accessKeyID, "not-the-challenge", good.secret},
		"wrong access key id": {"zOther", good.challenge, good.secret},
		"swapped arguments":   {good.challenge, good.accessKeyID, good.secret},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := hubclient.DecryptAccessKey(c.id, c.challenge, c.secret)
			if err == nil {
				t.Fatalf("got %q, want an error", got)
			}
			if !strings.HasPrefix(err.Error(), "decrypt access key: ") {
				t.Errorf("error %q lacks context", err)
			}
		})
	}
}

func TestEncryptAccessKeyRoundTrips(t *testing.T) {
	for _, key := range []string{"a", "aigne_0123456789abcdef", "exactly-16-bytes", strings.Repeat("k", 100), "sk-测试-🔑"} {
		secret, err := hubtest.EncryptAccessKey(key, "zAccessKeyId", "challenge")
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, "U2FsdGVkX1") { // base64 of "Salted__"
			t.Errorf("secret %q is not in OpenSSL salted format", secret)
		}
		got, err := hubclient.DecryptAccessKey("zAccessKeyId", "challenge", secret)
		if err != nil || got != key {
			t.Errorf("round trip of %q = %q, %v", key, got, err)
		}
	}
}

func FuzzDecryptAccessKey(f *testing.F) {
	for _, v := range decryptVectors {
		f.Add(v.accessKeyID, v.challenge, v.secret)
	}
	f.Add("", "", "")
	f.Add("id", "c", "U2FsdGVkX18=")
	f.Add("id", "c", "U2FsdGVkX1+AAAAAAAAAAA")
	f.Add("id", "c", "U2FsdGVkX1++rpuebnhFGD6A1xcxDSd5s9UH7Qii3gh1")
	f.Add("id", "c", "====")
	f.Fuzz(func(t *testing.T, id, challenge, secret string) {
		// Must return, never panic, whatever the hub sends.
		key, err := hubclient.DecryptAccessKey(id, challenge, secret)
		if err == nil && key == "" {
			t.Errorf("nil error with an empty key")
		}
	})
}
