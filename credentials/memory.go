package credentials

import (
	"fmt"
	"sync"
)

// MemoryStore is a CredentialStore that lives in memory only. Tests of other
// packages use it so that they never touch the keychain of the machine that
// runs them.
type MemoryStore struct {
	StoreName string // reported by Name; StoreKeyring when empty

	mu   sync.Mutex
	keys map[string]string
	// Err, when set, is returned by every call, to play an unavailable store.
	Err error
}

// NewMemoryStore returns an empty store that reports itself as a keyring.
func NewMemoryStore() *MemoryStore { return &MemoryStore{keys: map[string]string{}} }

func (m *MemoryStore) Name() string {
	if m.StoreName == "" {
		return StoreKeyring
	}
	return m.StoreName
}

func (m *MemoryStore) Get(host string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return "", m.Err
	}
	k, ok := m.keys[host]
	if !ok {
		return "", fmt.Errorf("%s: %w", host, ErrNotFound)
	}
	return k, nil
}

func (m *MemoryStore) Set(host, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return m.Err
	}
	if m.keys == nil {
		m.keys = map[string]string{}
	}
	m.keys[host] = key
	return nil
}

func (m *MemoryStore) Delete(host string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.Err != nil {
		return m.Err
	}
	if _, ok := m.keys[host]; !ok {
		return fmt.Errorf("%s: %w", host, ErrNotFound)
	}
	delete(m.keys, host)
	return nil
}
