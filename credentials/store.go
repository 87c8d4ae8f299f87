package credentials

// Store names where a hub's key is kept, as written in `--store` and in
// `list -o json`.
type Store string

const (
	StoreFile    Store = "file"
	StoreKeyring Store = "keyring"
	// StoreNone: the hub's key is nowhere.
	StoreNone Store = ""
)

// ParseStore reads a --store value.
func ParseStore(s string) (Store, bool) {
	switch Store(s) {
	case StoreFile, StoreKeyring:
		return Store(s), true
	}
	return StoreNone, false
}

// CredentialStore is one place that holds API keys by hub host: the hub
// file (a document loaded under the writers' lock) or the OS keychain.
type CredentialStore interface {
	Name() Store
	// Key returns the key saved for host, or an error wrapping ErrNotFound.
	Key(host string) (string, error)
	// Put saves the hub's API URL with its key, replacing an earlier one.
	Put(host, apiURL, key string) error
	// DeleteKey removes the key of host; a missing key is not an error.
	DeleteKey(host string) error
}

// docStore is the hub file as a CredentialStore: it changes a loaded
// document, which the caller writes.
type docStore struct{ doc *Doc }

func (s docStore) Name() Store { return StoreFile }

func (s docStore) Key(host string) (string, error) {
	if k, ok := s.doc.Key(host); ok {
		return k, nil
	}
	return "", ErrNotFound
}

func (s docStore) Put(host, apiURL, key string) error {
	s.doc.PutHub(host, apiURL)
	s.doc.SetKey(host, key)
	return nil
}

func (s docStore) DeleteKey(host string) error {
	s.doc.DeleteKey(host)
	return nil
}
