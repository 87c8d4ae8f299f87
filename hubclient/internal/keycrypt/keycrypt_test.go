package keycrypt

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"strings"
	"testing"
)

// encryptRaw encrypts blocks exactly as given, without adding padding, so
// that tests can hand Decrypt every kind of broken padding.
func encryptRaw(t *testing.T, blocks []byte, passphrase string) string {
	t.Helper()
	salt := []byte("12345678")
	key, iv := evpBytesToKey([]byte(passphrase), salt)
	b, err := aes.NewCipher(key)
	if err != nil {
		t.Fatal(err)
	}
	ct := append([]byte{}, blocks...)
	cipher.NewCBCEncrypter(b, iv).CryptBlocks(ct, ct)
	return base64.StdEncoding.EncodeToString(append(append([]byte("Salted__"), salt...), ct...))
}

func TestDecryptPadding(t *testing.T) {
	block := func(tail ...byte) []byte {
		return append(bytes.Repeat([]byte("x"), aes.BlockSize-len(tail)), tail...)
	}
	cases := map[string]struct {
		blocks []byte
		want   string // "" means an error is expected
	}{
		"one byte of padding":   {block(1), strings.Repeat("x", 15)},
		"full block of padding": {append(block(), bytes.Repeat([]byte{16}, 16)...), strings.Repeat("x", 16)},
		"zero pad byte":         {block(0), ""},
		"pad byte too large":    {block(17), ""},
		"inconsistent padding":  {block(2, 3), ""},
		"pad longer than data":  {bytes.Repeat([]byte{16}, 15), ""}, // not a whole block either
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			if len(c.blocks)%aes.BlockSize != 0 {
				secret := base64.StdEncoding.EncodeToString(append([]byte("Salted__12345678"), c.blocks...))
				if _, err := Decrypt(secret, "p"); err == nil {
					t.Fatal("want an error for a partial block")
				}
				return
			}
			got, err := Decrypt(encryptRaw(t, c.blocks, "p"), "p")
			if c.want == "" {
				if err == nil {
					t.Fatalf("got %q, want an error", got)
				}
				return
			}
			if err != nil || string(got) != c.want {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

func TestEncryptDecrypt(t *testing.T) {
	pass, err := Passphrase("zNKtestAccessKeyId", "c0ffee-challenge")
	if err != nil {
		t.Fatal(err)
	}
	if len(pass) != 64 {
		t.Fatalf("passphrase %q: want 64 hex digits", pass)
	}
	s, err := Encrypt([]byte("hello"), pass, bytes.NewReader(bytes.Repeat([]byte{7}, 8)))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decrypt(s, pass)
	if err != nil || string(got) != "hello" {
		t.Fatalf("got %q, %v", got, err)
	}
	// Unpadded base64 is accepted too.
	got, err = Decrypt(strings.TrimRight(s, "="), pass)
	if err != nil || string(got) != "hello" {
		t.Fatalf("unpadded: got %q, %v", got, err)
	}
}
