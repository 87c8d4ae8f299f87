// Package keycrypt implements the encryption the AIGNE Hub applies to an
// access key while it travels through the browser-approval session: the
// passphrase derivation and the CryptoJS "passphrase mode" AES format
// (OpenSSL's "Salted__" envelope, EVP_BytesToKey with MD5).
//
// It is internal so that the client (which decrypts) and the fake hub (which
// encrypts) share one implementation without widening either public API.
package keycrypt

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/md5"
	"crypto/pbkdf2"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
)

const (
	saltedMagic = "Salted__"
	saltLen     = 8
	keyLen      = 32 // AES-256
	ivLen       = aes.BlockSize

	pbkdf2Iterations = 256
	pbkdf2KeyLen     = 32
)

// Passphrase derives the passphrase the hub encrypts an access key with.
// The hub uses the challenge as the PBKDF2 password and the access key id
// as the salt; swapping them is the classic mistake, hence named arguments
// in this order everywhere.
func Passphrase(accessKeyID, challenge string) (string, error) {
	dk, err := pbkdf2.Key(sha512.New, challenge, []byte(accessKeyID), pbkdf2Iterations, pbkdf2KeyLen)
	if err != nil {
		return "", fmt.Errorf("derive passphrase: %w", err)
	}
	return hex.EncodeToString(dk), nil
}

// evpBytesToKey is OpenSSL's EVP_BytesToKey with MD5 and one iteration,
// which is what CryptoJS uses when given a string passphrase.
func evpBytesToKey(passphrase, salt []byte) (key, iv []byte) {
	var out, prev []byte
	for len(out) < keyLen+ivLen {
		h := md5.New()
		h.Write(prev)
		h.Write(passphrase)
		h.Write(salt)
		prev = h.Sum(nil)
		out = append(out, prev...)
	}
	return out[:keyLen], out[keyLen : keyLen+ivLen]
}

// Encrypt produces what CryptoJS.AES.encrypt(plaintext, passphrase).toString()
// produces. Salt bytes are read from random.
func Encrypt(plaintext []byte, passphrase string, random io.Reader) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := io.ReadFull(random, salt); err != nil {
		return "", fmt.Errorf("read salt: %w", err)
	}
	key, iv := evpBytesToKey([]byte(passphrase), salt)
	block, err := aes.NewCipher(key)
	if err != nil {
		return "", err
	}
	pad := aes.BlockSize - len(plaintext)%aes.BlockSize
	buf := make([]byte, 0, len(saltedMagic)+saltLen+len(plaintext)+pad)
	buf = append(buf, saltedMagic...)
	buf = append(buf, salt...)
	body := append(append([]byte{}, plaintext...), bytes.Repeat([]byte{byte(pad)}, pad)...)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(body, body)
	buf = append(buf, body...)
	return base64.StdEncoding.EncodeToString(buf), nil
}

// Decrypt reverses Encrypt. Every malformed input is an error; nothing in
// here may panic on hostile input because it comes straight off the network.
func Decrypt(secret, passphrase string) ([]byte, error) {
	raw, err := decodeBase64(secret)
	if err != nil {
		return nil, fmt.Errorf("not base64: %w", err)
	}
	if len(raw) < len(saltedMagic)+saltLen || string(raw[:len(saltedMagic)]) != saltedMagic {
		return nil, errors.New(`not in OpenSSL "Salted__" format`)
	}
	salt := raw[len(saltedMagic) : len(saltedMagic)+saltLen]
	ct := raw[len(saltedMagic)+saltLen:]
	if len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("ciphertext length %d is not a positive multiple of %d", len(ct), aes.BlockSize)
	}
	key, iv := evpBytesToKey([]byte(passphrase), salt)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(pt, ct)
	pad := int(pt[len(pt)-1])
	if pad == 0 || pad > aes.BlockSize || pad > len(pt) {
		return nil, errors.New("bad padding (wrong passphrase?)")
	}
	for _, b := range pt[len(pt)-pad:] {
		if int(b) != pad {
			return nil, errors.New("bad padding (wrong passphrase?)")
		}
	}
	return pt[:len(pt)-pad], nil
}

// decodeBase64 accepts standard base64 with or without padding; CryptoJS
// always pads, but being lenient here costs nothing and a hub behind some
// proxy that strips "=" would otherwise fail mysteriously.
func decodeBase64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\n', '\r', '\t':
			return -1
		}
		return r
	}, s)
	if b, err := base64.StdEncoding.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
}
