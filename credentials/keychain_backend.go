package credentials

import "errors"

// The OS keychain is shared with the Node.js @aigne/cli, in its layout: one
// generic-password item per hub under the service KeychainService, the
// account being the hub's host, the value a small JSON object. The account
// KeychainDefaultAccount names the active hub.
const (
	KeychainService        = "aigne-hub-api-key"
	KeychainDefaultAccount = "default"
)

// Backend is one platform's keychain, seen as the items of KeychainService:
// an account and a text value each. It knows nothing of what the values
// mean. Implementations: the Secret Service on D-Bus (Linux and BSD),
// /usr/bin/security (macOS), the Credential Manager (Windows), and
// MemoryBackend for tests.
//
// Calls may block (a locked keychain waiting for a password); the Keychain
// that wraps a Backend bounds every call with a timeout.
type Backend interface {
	// List returns every item of the service, the default one included.
	// With values false a backend may leave values unread (RawItem.Read
	// false) where reading them costs a round trip or a permission prompt
	// each (macOS); with values true every value is read.
	List(values bool) ([]RawItem, error)
	// Get returns the value of one item, or an error wrapping ErrNotFound.
	Get(account string) (string, error)
	// Set creates the item, or replaces its value.
	Set(account, value string) error
	// Delete removes the item. A missing item is not an error.
	Delete(account string) error
}

// RawItem is one item of the service as a Backend lists it.
type RawItem struct {
	Account string
	Value   string
	Read    bool // Value holds the item's value (false: not read, see Backend.List)
	// Err is set when this one item could not be read (its value, or its
	// attributes): the other items are listed all the same, and the
	// Keychain reports this one by account and skips it. A failure of the
	// keychain as a whole is List's error instead.
	Err error
}

// interactive is implemented by a Backend that can ask the person for
// something (the desktop's unlock dialog of the Secret Service; macOS's
// access dialogs come whatever we do). The Keychain tells it whether a
// person is at the terminal: when not, a locked keychain is reported at
// once rather than unlocked.
type interactive interface{ setInteractive(on bool) }

// ErrNoKeychain is returned by a Backend when this machine has no keychain
// at all (Linux without a D-Bus session bus, or a bus without a Secret
// Service). The hub file is then the only place, and nothing is said about
// it. A keychain that is there but fails is an *UnavailableError instead.
var ErrNoKeychain = errors.New("no OS keychain on this machine")

// Reason says why a keychain that is there cannot be used now.
type Reason int

const (
	// ReasonFailed: the keychain answered a call with an error.
	ReasonFailed Reason = iota
	// ReasonTimeout: no answer within the timeout (a hung daemon, or a
	// password or permission dialog that nobody answers).
	ReasonTimeout
	// ReasonLocked: the keychain is locked and could not be unlocked.
	ReasonLocked
	// ReasonDenied: the keychain, or the person at a dialog, refused access.
	ReasonDenied
	// ReasonNoBus: a D-Bus session bus is configured but cannot be reached.
	ReasonNoBus
	// ReasonTooLarge: the value is larger than this keychain can hold.
	ReasonTooLarge
	// ReasonNoDialog: the keychain needed to ask the person (an access
	// dialog for an item another program wrote) and no dialog could be
	// shown, as over SSH; the keychain itself is not locked (macOS).
	ReasonNoDialog
	// ReasonNoSession: this logon session cannot reach the keychain
	// (Windows' ERROR_NO_SUCH_LOGON_SESSION, as over SSH). It is there,
	// and may hold hubs, so it is unreachable rather than absent.
	ReasonNoSession
)

// UnavailableError is a keychain that is there but cannot be used now. It
// carries facts only; the command line words them.
type UnavailableError struct {
	Reason Reason
	Err    error // the cause, as the platform gave it; may be nil
}

func (e *UnavailableError) Error() string {
	names := map[Reason]string{
		ReasonFailed: "failed", ReasonTimeout: "did not answer in time", ReasonLocked: "is locked",
		ReasonDenied: "refused access", ReasonNoBus: "cannot reach the D-Bus session bus",
		ReasonTooLarge: "cannot hold a value that large", ReasonNoDialog: "could not show its access dialog",
		ReasonNoSession: "cannot be reached from this logon session",
	}
	if e.Err == nil {
		return "OS keychain " + names[e.Reason]
	}
	return "OS keychain " + names[e.Reason] + ": " + e.Err.Error()
}

func (e *UnavailableError) Unwrap() error { return e.Err }
