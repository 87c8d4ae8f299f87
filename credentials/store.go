// Package credentials keeps the list of connected AIGNE Hubs and their API
// keys. The YAML file ~/.aigne/aigne-hub-connected.yaml is shared with the
// Node.js @aigne/cli, so its format is theirs; the keys may live in it or in
// the OS keychain. Nothing here knows about HTTP or the terminal.
package credentials

import "errors"

// ErrNotFound is returned by a CredentialStore that holds no key for a host.
var ErrNotFound = errors.New("credential not found")

// Store names, as written in `--store` and in `list -o json`.
const (
	StoreFile    = "file"
	StoreKeyring = "keyring"
)

// CredentialStore holds one API key per hub host ("hub.aigne.io",
// "example.com:8443").
type CredentialStore interface {
	// Name is StoreFile or StoreKeyring.
	Name() string
	// Get returns the key, or an error wrapping ErrNotFound.
	Get(host string) (string, error)
	// Set stores the key, replacing any earlier one.
	Set(host, key string) error
	// Delete removes the key; a missing key is an error wrapping ErrNotFound.
	Delete(host string) error
}
