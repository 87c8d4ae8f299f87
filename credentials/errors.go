package credentials

import (
	"errors"
	"fmt"
)

// Every fact this package reports: errors and warnings carry what happened,
// never words for a person; the command line words them. Their Error
// methods are for logs and tests.

// ErrNotFound is returned by a store that holds nothing for a host.
var ErrNotFound = errors.New("credential not found")

// The hub file.

// ParseError is a file that cannot be read as the hub list. It is never
// overwritten: the user has to look at it.
type ParseError struct {
	Path string
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s: line %d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// OwnerError is a hub list (or what its symlink points to) that belongs to
// another user, so aigne will not rewrite it.
type OwnerError struct{ Path, Target string }

func (e *OwnerError) Error() string {
	if e.Path == e.Target {
		return fmt.Sprintf("%s belongs to another user", e.Path)
	}
	return fmt.Sprintf("%s links to %s, which belongs to another user", e.Path, e.Target)
}

// LockError is a writers' lock not taken: another writer held it too long
// (ErrLockHeld), or the wait was cancelled.
type LockError struct {
	Path string
	Err  error
}

func (e *LockError) Error() string { return fmt.Sprintf("lock %s: %v", e.Path, e.Err) }
func (e *LockError) Unwrap() error { return e.Err }

// ErrLockHeld is what a LockError wraps when another aigne process held the
// writers' lock too long.
var ErrLockHeld = errors.New("another aigne process held the lock")

// The keychain.

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

// ErrKeychainTimeout is what a call that did not finish in time wraps.
var ErrKeychainTimeout = errors.New("no answer from the keychain")

// ErrMalformedItem is returned for a keychain item whose value is not the
// JSON object of the shared layout.
var ErrMalformedItem = errors.New("the keychain item's value is not the JSON object of the shared layout")

// The saved hubs.

// Problem says why a saved hub is Invalid.
type Problem int

const (
	ProblemNone Problem = iota
	// ProblemHostMismatch: its name (entry or account) is not the host of
	// its own API URL.
	ProblemHostMismatch
	// ProblemNoURL: it has no API URL.
	ProblemNoURL
	// ProblemBadURL: its API URL cannot be used (URLErr says why).
	ProblemBadURL
	// ProblemFieldTwice: a file entry with a field written twice.
	ProblemFieldTwice
	// ProblemUnreadable: a keychain item whose value could not be read.
	ProblemUnreadable
	// ProblemNotJSON: a keychain item whose value is not the JSON object
	// of the shared layout.
	ProblemNotJSON
)

// NoKeyError is a saved hub with no API key anywhere (or an invalid entry,
// which is never given one).
type NoKeyError struct {
	Host    string
	Invalid bool
	// Why the hub is invalid, as Hub has it: the command line words a
	// file entry and a keychain item (InFile false) apart.
	Problem Problem
	InFile  bool
	Field   string
	ItemErr error
	URLErr  error
	// Where an invalid file entry is: the file, the line of its name, and
	// the API URL it holds ("" when none), for advice that can name it.
	Path   string
	Line   int
	APIURL string
}

func (e *NoKeyError) Error() string {
	switch {
	case !e.Invalid:
		return fmt.Sprintf("no API key saved for %s", e.Host)
	case e.InFile:
		return fmt.Sprintf("the entry %s of the hub file is invalid (problem %d): no API key is used for it", e.Host, e.Problem)
	}
	return fmt.Sprintf("the keychain item %s/%s is invalid (problem %d): no API key is used for it", KeychainService, e.Host, e.Problem)
}

func (e *NoKeyError) Is(target error) bool { return target == ErrNoKey }

// ErrNoKey is what a *NoKeyError is.
var ErrNoKey = errors.New("no API key saved")

// NotSavedError is a host that no usable saved hub has. Entry is the
// invalid file entry that names that host, or whose URL does (nil when
// none does), and Path the file that holds it: the advice then names the
// entry rather than calling the hub unknown.
type NotSavedError struct {
	Host  string
	Entry *Hub
	Path  string
}

func (e *NotSavedError) Error() string { return fmt.Sprintf("hub %s is not saved", e.Host) }

// InvalidHubError is a hub to save that does not have the host of its own
// URL.
type InvalidHubError struct{ Host, APIURL string }

func (e *InvalidHubError) Error() string {
	return fmt.Sprintf("hub %s: API URL %q has another host", e.Host, e.APIURL)
}

// Warning is a keychain step left undone by a change that was made (Save,
// Use, Remove). It is not an error: callers show it and succeed, since
// failing would invite a retry that cannot help.
type Warning struct {
	Host string
	What WarningKind
	Err  error // why the keychain step failed
}

// WarningKind says which step was left undone.
type WarningKind int

const (
	// WarnKeyLeft: an old copy of the hub's key may remain in the keychain.
	WarnKeyLeft WarningKind = iota
	// WarnDefaultLeft: the keychain's default item still names another hub.
	WarnDefaultLeft
)
