package credentials

import (
	"errors"
	"testing"
	"time"
)

// The Keychain's own rules, the same for every backend: the prompt-or-deny
// rule, the timeout, reading values one by one for a backend without a
// bulk read, and failures made facts.

// interactiveBackend is a MemoryBackend that would prompt: it notes
// whether the Keychain let its last call ask.
type interactiveBackend struct {
	*MemoryBackend
	on *bool
}

func (b interactiveBackend) withPrompts(allowed bool) Backend { *b.on = allowed; return b }

// A person at the terminal gets time to type a password or answer a
// dialog, on every OS, and the backend is told it may ask; a timeout the
// caller chose stays.
func TestSetInteractive(t *testing.T) {
	var told bool
	k := &Keychain{Backend: interactiveBackend{NewMemoryBackend(), &told}, Timeout: DefaultKeychainTimeout}
	k.SetInteractive(true)
	if err := k.Probe(); err != nil || !told || k.timeout() != InteractiveKeychainTimeout {
		t.Fatalf("told %v, timeout %v, %v", told, k.timeout(), err)
	}
	k = &Keychain{Backend: interactiveBackend{NewMemoryBackend(), &told}, Timeout: 7 * time.Second}
	k.SetInteractive(false)
	if err := k.Probe(); err != nil || told || k.timeout() != 7*time.Second {
		t.Fatalf("told %v, timeout %v", told, k.timeout())
	}
	k.SetInteractive(true)
	if k.timeout() != 7*time.Second {
		t.Fatalf("a chosen timeout was replaced: %v", k.timeout())
	}
}

// plainBackend is a MemoryBackend without its bulk read: the Keychain
// lists its accounts and reads each value with Get.
type plainBackend struct{ m *MemoryBackend }

func (b plainBackend) Accounts() ([]string, error)        { return b.m.Accounts() }
func (b plainBackend) Get(account string) (string, error) { return b.m.Get(account) }
func (b plainBackend) Set(account, value string) error    { return b.m.Set(account, value) }
func (b plainBackend) Delete(account string) error        { return b.m.Delete(account) }

// Without a bulk read, a listing that does not ask for values reads only
// the default item's; one that does reads each item, reports an unreadable
// one alone (as an *UnavailableError, whatever the backend returned), and
// fails as a whole when the keychain turns out to be locked.
func TestKeychainReadsEachValueWithoutBulkRead(t *testing.T) {
	m := NewMemoryBackend()
	nodeMigrated(m)
	k := &Keychain{Backend: plainBackend{m}}
	l, err := k.List(false)
	if err != nil || len(l.Accounts) != 2 || l.Items["hub.aigne.io"].Read || l.DefaultURL != "https://example.com:8443/ai-kit" {
		t.Fatalf("%+v %v", l, err)
	}
	if m.Calls["Get"] != 1 {
		t.Fatalf("calls %v", m.Calls)
	}

	m.ItemErr = map[string]error{"hub.aigne.io": errors.New("value in an unknown form")}
	l, err = k.List(true)
	if err != nil {
		t.Fatal(err)
	}
	var ue *UnavailableError
	if it := l.Items["hub.aigne.io"]; it.Read || !errors.As(it.Err, &ue) || ue.Reason != ReasonFailed {
		t.Fatalf("unreadable item %+v", it)
	}
	if it := l.Items["example.com:8443"]; !it.Read || it.Key != "12345" {
		t.Fatalf("readable item %+v", it)
	}

	m.ItemErr = map[string]error{"hub.aigne.io": &UnavailableError{Reason: ReasonLocked}}
	if _, err := k.List(true); !errors.As(err, &ue) || ue.Reason != ReasonLocked {
		t.Fatalf("locked: %v", err)
	}
}

// A backend's failures reach the caller as facts: one with no Reason is an
// *UnavailableError of ReasonFailed, for every call and for an item a bulk
// read could not read; ErrNotFound and ErrNoKeychain stay what they are.
func TestKeychainMakesFailuresFacts(t *testing.T) {
	k, m := NewMemoryKeychain()
	m.Err = errors.New("boom")
	calls := map[string]func() error{
		"List":      func() error { _, err := k.List(true); return err },
		"Get":       func() error { _, err := k.Get("hub.aigne.io"); return err },
		"Put":       func() error { return k.Put("hub.aigne.io", "https://hub.aigne.io/ai-kit", "k") },
		"DeleteKey": func() error { return k.DeleteKey("hub.aigne.io") },
	}
	for name, call := range calls {
		var ue *UnavailableError
		if err := call(); !errors.As(err, &ue) || ue.Reason != ReasonFailed || !errors.Is(err, m.Err) {
			t.Errorf("%s: %v", name, err)
		}
	}
	m.Err = ErrNoKeychain
	if _, err := k.List(false); err != ErrNoKeychain {
		t.Errorf("no keychain: %v", err)
	}
	m.Err = nil
	if _, err := k.Get("nowhere.example"); !errors.Is(err, ErrNotFound) || errors.As(err, new(*UnavailableError)) {
		t.Errorf("not found: %v", err)
	}
	nodeMigrated(m)
	m.ItemErr = map[string]error{"hub.aigne.io": errors.New("not UTF-8")}
	l, err := k.List(false)
	var ue *UnavailableError
	if err != nil || !errors.As(l.Items["hub.aigne.io"].Err, &ue) || ue.Reason != ReasonFailed {
		t.Fatalf("%+v %v", l, err)
	}
}
