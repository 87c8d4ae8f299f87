package credentials

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Backend is one platform's keychain, seen as the items of KeychainService:
// an account and a text value each. It knows nothing of what the values
// mean. Implementations: the Secret Service on D-Bus (Linux and BSD),
// /usr/bin/security (macOS), the Credential Manager (Windows), and
// MemoryBackend for tests.
//
// A Backend returns its failures as they come: the Keychain that wraps it
// bounds every call with a timeout (calls may block, a locked keychain
// waiting for a password), decides whether it may prompt, and makes any
// failure that names no Reason an *UnavailableError.
type Backend interface {
	// Accounts lists the accounts of the service's items, the default one
	// included, reading no value: on no platform does it show a prompt.
	Accounts() ([]string, error)
	// Get returns the value of one item, or an error wrapping ErrNotFound.
	Get(account string) (string, error)
	// Set creates the item, or replaces its value.
	Set(account, value string) error
	// Delete removes the item. A missing item is not an error.
	Delete(account string) error
}

// BulkReader is a Backend that can read every item with its value at once
// (one D-Bus call, one enumeration of the Credential Manager), or at least
// within one call's deadline (macOS). The Keychain uses it whenever values
// are wanted, and also when they are not, unless values cost a prompt each
// (valuesCost).
type BulkReader interface {
	// ReadAll returns every item of the service, the default one
	// included, with its value.
	ReadAll() ([]RawItem, error)
}

// RawItem is one item of the service as a Backend reads it.
type RawItem struct {
	Account string
	Value   string
	Read    bool // Value holds the item's value (false: it was not read)
	// Err is set when this one item could not be read (its value, or its
	// attributes): the other items are listed all the same, and the
	// Keychain reports this one by account and skips it. A failure of the
	// keychain as a whole is the listing's error instead.
	Err error
}

// DefaultKeychainTimeout bounds each keychain call, as `gh auth` does: a
// locked keychain behind D-Bus can wait for ever on a password prompt that
// nobody will answer.
const DefaultKeychainTimeout = 3 * time.Second

// Keychain is the OS keychain in the layout shared with @aigne/cli: a
// Backend plus the meaning of its values, every call bounded by Timeout.
// It is the keychain's CredentialStore.
type Keychain struct {
	Backend Backend
	Timeout time.Duration // for each call; DefaultKeychainTimeout when <= 0

	interactive bool // a person is at the terminal (SetInteractive)
}

// InteractiveKeychainTimeout bounds a call that may wait for a person: a
// password to unlock the keychain, or an access dialog (macOS).
const InteractiveKeychainTimeout = 60 * time.Second

// NewKeychain returns the keychain of this platform.
func NewKeychain() *Keychain {
	return &Keychain{Backend: platformBackend(), Timeout: DefaultKeychainTimeout}
}

// SetInteractive says whether a person is at the terminal (stdin and stderr
// are terminals). This is the prompt-or-deny rule, the same for every
// backend: with a person, the keychain may ask the desktop to unlock itself,
// and each call waits up to InteractiveKeychainTimeout; without, a locked
// keychain fails at once. It leaves a Timeout set by the caller alone when
// that is not the default.
func (k *Keychain) SetInteractive(on bool) {
	k.interactive = on
	if on && (k.Timeout <= 0 || k.Timeout == DefaultKeychainTimeout) {
		k.Timeout = InteractiveKeychainTimeout
	}
}

var _ CredentialStore = (*Keychain)(nil)

// Name is StoreKeyring.
func (k *Keychain) Name() Store { return StoreKeyring }

// Entry is the value of a hub's item: its API URL and key.
type Entry struct {
	APIURL string
	Key    string
}

// Listing is the keychain's content as one List call gives it.
type Listing struct {
	// Items by account (the hub's host), the default one excluded.
	Items map[string]ListedItem
	// Accounts in the order the keychain gave them, sorted by host.
	Accounts []string
	// DefaultURL is the API URL in the default item ("" when there is none,
	// it is empty, or it was not read).
	DefaultURL string

	hasDefault  bool // the default item exists
	defaultRead bool // and DefaultURL is its value
}

func (l *Listing) has(account string) bool { _, ok := l.Items[account]; return ok }

func (l *Listing) remove(account string) {
	delete(l.Items, account)
	l.Accounts = slices.DeleteFunc(l.Accounts, func(a string) bool { return a == account })
}

// ListedItem is one hub's item; Read is false when its value was not read
// (on macOS, where reading may ask the person for permission).
type ListedItem struct {
	Entry
	Read bool
	// Err: this item could not be read (the others were). Malformed: its
	// value was read but is not the JSON object of the shared layout.
	Err       error
	Malformed bool
}

func (k *Keychain) timeout() time.Duration {
	if k.Timeout <= 0 {
		return DefaultKeychainTimeout
	}
	return k.Timeout
}

// List reads the accounts, and the values where that costs no extra round
// trip or permission prompt (values true: always). The default item's value
// is always read.
func (k *Keychain) List(values bool) (*Listing, error) {
	l, err := k.list(values)
	if err != nil || !l.hasDefault || l.defaultRead {
		return l, err
	}
	v, err := k.get(KeychainDefaultAccount)
	switch {
	case err == nil:
		l.DefaultURL = decodeEntry(v).APIURL
	case !errors.Is(err, ErrNotFound):
		return nil, err
	}
	return l, nil
}

// Accounts lists the hubs' accounts only: no value is read, and on no
// platform does it show a prompt (for shell completion).
func (k *Keychain) Accounts() (*Listing, error) {
	l, err := k.list(false)
	if err != nil {
		return nil, err
	}
	for a, it := range l.Items {
		if it.Read {
			l.Items[a] = ListedItem{}
		}
	}
	return l, nil
}

// list reads the items into a Listing, in one bounded call: the accounts,
// and the values when asked for or when they come at no extra cost.
func (k *Keychain) list(values bool) (*Listing, error) {
	raw, err := bounded(k, func(b Backend) ([]RawItem, error) { return readItems(b, values) })
	if err != nil {
		return nil, err
	}
	l := &Listing{Items: map[string]ListedItem{}}
	for _, it := range raw {
		switch {
		case it.Account == "":
		case it.Account == KeychainDefaultAccount:
			l.hasDefault = true
			if it.Read {
				l.DefaultURL, l.defaultRead = decodeEntry(it.Value).APIURL, true
			}
		case l.has(it.Account):
			// Two items for one account: the first, as a lookup finds it.
		default:
			li := ListedItem{Read: it.Read && it.Err == nil, Err: unavailable(it.Err)}
			if li.Read {
				var ok bool
				li.Entry, ok = parseEntry(it.Value)
				li.Malformed = !ok
			}
			l.Items[it.Account] = li
			l.Accounts = append(l.Accounts, it.Account)
		}
	}
	slices.Sort(l.Accounts)
	return l, nil
}

// Get returns the entry of host, or an error wrapping ErrNotFound.
func (k *Keychain) Get(host string) (Entry, error) {
	if host == "" || host == KeychainDefaultAccount {
		return Entry{}, fmt.Errorf("keychain account %q: %w", host, ErrNotFound)
	}
	v, err := k.get(host)
	if err != nil {
		return Entry{}, err
	}
	e, ok := parseEntry(v)
	if !ok {
		return Entry{}, fmt.Errorf("keychain account %q: %w", host, ErrMalformedItem)
	}
	return e, nil
}

func (k *Keychain) get(account string) (string, error) {
	return bounded(k, func(b Backend) (string, error) { return b.Get(account) })
}

// Key is CredentialStore's lookup: the key saved for host.
func (k *Keychain) Key(host string) (string, error) {
	e, err := k.Get(host)
	if err != nil {
		return "", err
	}
	if e.Key == "" {
		return "", fmt.Errorf("keychain item %s holds no key: %w", host, ErrNotFound)
	}
	return e.Key, nil
}

// Put writes the hub's item, replacing any earlier one.
func (k *Keychain) Put(host, apiURL, key string) error {
	if host == "" || host == KeychainDefaultAccount || apiURL == "" || key == "" {
		return fmt.Errorf("refusing to write keychain item %q with an empty URL or key", host)
	}
	return k.set(host, encodeEntry(Entry{APIURL: apiURL, Key: key}))
}

// SetDefault names the active hub by its API URL; "" writes `{}`.
func (k *Keychain) SetDefault(apiURL string) error {
	return k.set(KeychainDefaultAccount, encodeEntry(Entry{APIURL: apiURL}))
}

func (k *Keychain) set(account, value string) error {
	_, err := bounded(k, func(b Backend) (struct{}, error) { return struct{}{}, b.Set(account, value) })
	return err
}

// DeleteKey removes the item of host; a missing item is not an error.
func (k *Keychain) DeleteKey(host string) error {
	if host == "" || host == KeychainDefaultAccount {
		return nil
	}
	_, err := bounded(k, func(b Backend) (struct{}, error) { return struct{}{}, b.Delete(host) })
	return err
}

// Probe tells whether the keychain can be used, changing nothing: nil when
// it answers, ErrNoKeychain or an *UnavailableError when it cannot. It
// lists the accounts, which is what finds a locked keychain (and, with a
// person at the terminal, asks the desktop to unlock it): looking up an
// item that does not exist finds nothing whether locked or not.
func (k *Keychain) Probe() error {
	_, err := k.list(false)
	return err
}

// unavailable keeps ErrNotFound, ErrNoKeychain and *UnavailableError as
// they are and makes anything else an *UnavailableError: a keychain that
// fails in a way we do not know is still a keychain that cannot be used
// now. It is applied here, to every call's error and every item's, so that
// a backend returns its failures as they come and names a Reason only when
// it knows one.
func unavailable(err error) error {
	var ue *UnavailableError
	switch {
	case err == nil, errors.Is(err, ErrNotFound), errors.Is(err, ErrNoKeychain), errors.As(err, &ue):
		return err
	case errors.Is(err, ErrKeychainTimeout):
		return &UnavailableError{Reason: ReasonTimeout, Err: err}
	}
	return &UnavailableError{Reason: ReasonFailed, Err: err}
}

// readItems lists the items of b: with their values when values is true,
// or when b reads them all at no extra cost; else the accounts only (Read
// false). A backend without a bulk read has each value read by Get; an item
// that cannot be read is then reported alone, unless its failure is the
// keychain's as a whole.
func readItems(b Backend, values bool) ([]RawItem, error) {
	if br, ok := b.(BulkReader); ok && (values || !costlyValues(b)) {
		return br.ReadAll()
	}
	accounts, err := b.Accounts()
	if err != nil {
		return nil, err
	}
	items := make([]RawItem, 0, len(accounts))
	for _, a := range accounts {
		if !values {
			items = append(items, RawItem{Account: a})
			continue
		}
		v, err := b.Get(a)
		switch {
		case err == nil:
			items = append(items, RawItem{Account: a, Value: v, Read: true})
		case errors.Is(err, ErrNotFound):
			// Removed since the accounts were listed.
		case wholeKeychain(err):
			return nil, err
		default:
			items = append(items, RawItem{Account: a, Err: err})
		}
	}
	return items, nil
}

// wholeKeychain tells whether a failure to read one item is the keychain's
// as a whole (absent, locked, out of reach, or out of time), so that
// reading the next item cannot go better. Anything else, a refused access
// dialog or a value in a form we cannot read, concerns the one item.
func wholeKeychain(err error) bool {
	var ue *UnavailableError
	if errors.Is(err, ErrNoKeychain) || errors.Is(err, ErrKeychainTimeout) {
		return true
	}
	if !errors.As(err, &ue) {
		return false
	}
	switch ue.Reason {
	case ReasonLocked, ReasonTimeout, ReasonNoBus, ReasonNoSession:
		return true
	}
	return false
}

// valuesCost is implemented by a BulkReader whose values cost a round trip
// or an access dialog each (macOS): the Keychain reads them all only when
// asked to, and otherwise lists the accounts alone.
type valuesCost interface{ valuesCostEach() bool }

func costlyValues(b Backend) bool {
	c, ok := b.(valuesCost)
	return ok && c.valuesCostEach()
}

// absence is implemented by a Backend that can tell at once, without
// blocking, that this machine has no keychain at all (Linux without a
// D-Bus session bus): absent returns an error wrapping ErrNoKeychain then,
// and nil when there may be one.
type absence interface{ absent() error }

// prompter is implemented by a Backend that would ask the desktop to show
// the person a dialog (the Secret Service's unlock prompt). withPrompts
// returns the Backend for one call: allowed (a person is at the terminal)
// it may ask and wait for the answer; not allowed it fails at once with
// ReasonLocked rather than ask. macOS shows its access dialogs whatever we
// do, so it only gets the longer timeout.
type prompter interface{ withPrompts(allowed bool) Backend }

// selfTimed is implemented by a Backend that can bound its own calls
// because it can stop the work it started (macOS runs a child process,
// which it kills with its children). timed returns the Backend whose calls
// give up after d, having stopped that work, with an error wrapping
// ErrKeychainTimeout: nothing can change the keychain after the Keychain
// reported the failure.
type selfTimed interface{ timed(d time.Duration) Backend }

// bounded runs one Backend call under the Keychain's rules, the same for
// every backend: the prompt-or-deny rule, the timeout, and failures made
// facts (unavailable). A keychain known to be absent is reported straight
// away: a call that cannot block needs no goroutine of its own (whose
// thread costs a command that never touches a keychain a noticeable part
// of its start-up). A backend that bounds its own calls is called directly.
func bounded[T any](k *Keychain, f func(b Backend) (T, error)) (T, error) {
	b := k.Backend
	if a, ok := b.(absence); ok {
		if err := a.absent(); err != nil {
			var zero T
			return zero, err
		}
	}
	if p, ok := b.(prompter); ok {
		b = p.withPrompts(k.interactive)
	}
	var v T
	var err error
	if st, ok := b.(selfTimed); ok {
		v, err = f(st.timed(k.timeout()))
	} else {
		v, err = callWithTimeout(k.timeout(), func() (T, error) { return f(b) })
	}
	return v, unavailable(err)
}

// callWithTimeout returns f's result, or ErrKeychainTimeout once d has passed.
// The platform calls take no context, so f runs in its own goroutine; on
// timeout that goroutine is abandoned, blocked in the keychain. That is
// acceptable for a CLI, which exits soon after. A write abandoned this way
// may still complete later, while the process lives.
func callWithTimeout[T any](d time.Duration, f func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	// Buffered, so that a late answer does not block the abandoned goroutine.
	done := make(chan result, 1)
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case r := <-done:
		return r.v, r.err
	case <-timer.C:
		var zero T
		return zero, fmt.Errorf("%w within %s", ErrKeychainTimeout, d)
	}
}
