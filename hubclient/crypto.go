package hubclient

import (
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/aigne-io/aigne/hubclient/internal/keycrypt"
)

// DecryptAccessKey recovers the API key from a completed login session:
// the accessKeySecret is CryptoJS/OpenSSL "Salted__" AES-256-CBC
// under the passphrase hex(PBKDF2-HMAC-SHA512(challenge, accessKeyID, 256, 32)).
// Malformed input of any kind is an error, never a panic.
func DecryptAccessKey(accessKeyID, challenge, accessKeySecret string) (string, error) {
	pass, err := keycrypt.Passphrase(accessKeyID, challenge)
	if err != nil {
		return "", fmt.Errorf("decrypt access key: %w", err)
	}
	pt, err := keycrypt.Decrypt(accessKeySecret, pass)
	if err != nil {
		return "", fmt.Errorf("decrypt access key: %w", err)
	}
	// CryptoJS decodes the result as UTF-8 and a wrong passphrase that
	// happens to leave valid padding almost always shows up here.
	if !utf8.Valid(pt) {
		return "", errors.New("decrypt access key: result is not UTF-8 (wrong passphrase?)")
	}
	if len(pt) == 0 {
		return "", errors.New("decrypt access key: the key is empty")
	}
	return string(pt), nil
}
