package credentials

import (
	"fmt"
	"sort"
	"sync"
)

// MemoryBackend is a keychain Backend that lives in memory only. Tests of
// other packages use it so that they never touch the keychain of the machine
// that runs them.
type MemoryBackend struct {
	mu     sync.Mutex
	values map[string]string
	// Err, when set, is returned by every call: ErrNoKeychain plays a
	// machine without a keychain, an *UnavailableError a broken one.
	Err error
	// Lazy makes values cost a call each, as on macOS: a listing that
	// does not ask for them reads the accounts only.
	Lazy bool
	// ItemErr makes the items of these accounts unreadable: ReadAll
	// reports each as RawItem.Err, Get returns the error.
	ItemErr map[string]error
	// Calls counts the calls made, by method name.
	Calls map[string]int
}

// NewMemoryBackend returns an empty keychain.
func NewMemoryBackend() *MemoryBackend { return &MemoryBackend{values: map[string]string{}} }

// NewMemoryKeychain returns a Keychain over a new MemoryBackend.
func NewMemoryKeychain() (*Keychain, *MemoryBackend) {
	b := NewMemoryBackend()
	return &Keychain{Backend: b}, b
}

func (m *MemoryBackend) enter(name string) error {
	if m.Calls == nil {
		m.Calls = map[string]int{}
	}
	m.Calls[name]++
	if m.values == nil {
		m.values = map[string]string{}
	}
	return m.Err
}

// Accounts lists the accounts, sorted.
func (m *MemoryBackend) Accounts() ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.enter("Accounts"); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(m.values))
	for a := range m.values {
		out = append(out, a)
	}
	sort.Strings(out)
	return out, nil
}

// ReadAll reads every item, sorted by account; the items of ItemErr are
// reported with their error.
func (m *MemoryBackend) ReadAll() ([]RawItem, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.enter("ReadAll"); err != nil {
		return nil, err
	}
	var out []RawItem
	for a, v := range m.values {
		it := RawItem{Account: a}
		if err := m.ItemErr[a]; err != nil {
			it.Err = err
		} else {
			it.Value, it.Read = v, true
		}
		out = append(out, it)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Account < out[j].Account })
	return out, nil
}

func (m *MemoryBackend) valuesCostEach() bool { return m.Lazy }

func (m *MemoryBackend) Get(account string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.enter("Get"); err != nil {
		return "", err
	}
	v, ok := m.values[account]
	if !ok {
		return "", fmt.Errorf("%s: %w", account, ErrNotFound)
	}
	if err := m.ItemErr[account]; err != nil {
		return "", err
	}
	return v, nil
}

func (m *MemoryBackend) Set(account, value string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.enter("Set"); err != nil {
		return err
	}
	m.values[account] = value
	return nil
}

func (m *MemoryBackend) Delete(account string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.enter("Delete"); err != nil {
		return err
	}
	delete(m.values, account)
	return nil
}

// Value returns an item's raw value, for tests.
func (m *MemoryBackend) Value(account string) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.values[account]
	return v, ok
}
