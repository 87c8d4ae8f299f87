package credentials

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/zalando/go-keyring"
)

// Defaults of a Keyring: the service name is part of the product contract;
// the timeout is the one `gh auth` uses.
const (
	DefaultKeyringService = "aigne-hub"
	DefaultKeyringTimeout = 3 * time.Second
)

// Keyring is a CredentialStore in the OS keychain (macOS Keychain, Windows
// Credential Manager, a Secret Service such as gnome-keyring on D-Bus),
// through github.com/zalando/go-keyring: one item per hub, service Service,
// account = host. The zero value uses the defaults.
type Keyring struct {
	Service string        // DefaultKeyringService when empty
	Timeout time.Duration // for each keychain call; DefaultKeyringTimeout when <= 0
}

// NewKeyring returns a Keyring with service "aigne-hub" and a 3 s timeout.
func NewKeyring() *Keyring {
	return &Keyring{Service: DefaultKeyringService, Timeout: DefaultKeyringTimeout}
}

var _ CredentialStore = (*Keyring)(nil)

func (k *Keyring) Name() string { return StoreKeyring }

func (k *Keyring) service() string {
	if k.Service == "" {
		return DefaultKeyringService
	}
	return k.Service
}

func (k *Keyring) timeout() time.Duration {
	if k.Timeout <= 0 {
		return DefaultKeyringTimeout
	}
	return k.Timeout
}

func (k *Keyring) Get(host string) (string, error) {
	if host == "" {
		return "", errors.New("keyring: empty host")
	}
	key, err := k.call(func() (string, error) { return keyring.Get(k.service(), host) })
	if err != nil {
		return "", k.wrap("get", host, err)
	}
	return key, nil
}

func (k *Keyring) Set(host, key string) error {
	if host == "" {
		return errors.New("keyring: empty host")
	}
	if key == "" {
		return fmt.Errorf("keyring: empty key for %s", host)
	}
	// Checked here, before the keychain sees anything, so that no platform
	// stores a truncated key or half an item.
	limit := maxKeySize(runtime.GOOS, k.service(), host)
	if len(key) > limit {
		return &KeyTooLargeError{Size: len(key), Max: limit, Platform: runtime.GOOS}
	}
	_, err := k.call(func() (string, error) { return "", keyring.Set(k.service(), host, key) })
	if errors.Is(err, keyring.ErrSetDataTooBig) {
		return &KeyTooLargeError{Size: len(key), Max: limit, Platform: runtime.GOOS}
	}
	if err != nil {
		return k.wrap("set", host, err)
	}
	return nil
}

func (k *Keyring) Delete(host string) error {
	if host == "" {
		return errors.New("keyring: empty host")
	}
	_, err := k.call(func() (string, error) { return "", keyring.Delete(k.service(), host) })
	if err != nil {
		return k.wrap("delete", host, err)
	}
	return nil
}

// probeAccount is a host that no hub can have (.invalid is reserved).
const probeAccount = "aigne-hub-probe.invalid"

// Probe tells whether the keychain can be used, without changing it: nil when
// it answers, an *UnavailableError when it cannot be used.
func (k *Keyring) Probe() error {
	_, err := k.Get(probeAccount)
	if err == nil || errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// call runs f, a keychain call, under the timeout. On Unix-like systems it
// first makes sure that a session bus can be found: without one godbus runs
// dbus-launch, which starts a new, empty bus (and, through it, a keyring
// daemon) that outlives us and never holds the user's keys.
func (k *Keyring) call(f func() (string, error)) (string, error) {
	if err := sessionBusAddressKnown(); err != nil {
		return "", err
	}
	return callWithTimeout(k.timeout(), f)
}

// errKeychainTimeout is what a call that did not finish in time returns.
var errKeychainTimeout = errors.New("timed out")

// callWithTimeout returns f's result, or errKeychainTimeout once d has passed.
// A locked keychain behind D-Bus can wait forever for a password prompt that
// no one will answer, and go-keyring takes no context, so f runs in its own
// goroutine; on timeout that goroutine is abandoned and may leak, blocked in
// the keychain. That is acceptable for a CLI, which exits soon after. A Set
// abandoned this way may still complete later, while the process lives.
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
		return zero, fmt.Errorf("%w after %s; is it locked, waiting for a password prompt?", errKeychainTimeout, d)
	}
}

// wrap turns an error of go-keyring into ours: ErrNotFound, an
// *UnavailableError naming the cause and the way out, or, for anything it
// does not recognise, the error with context.
func (k *Keyring) wrap(op, host string, err error) error {
	var unavailable *UnavailableError
	switch {
	case errors.Is(err, keyring.ErrNotFound):
		return fmt.Errorf("%s in keyring: %w", host, ErrNotFound)
	case errors.As(err, &unavailable):
		return err
	}
	if reason := unavailableReason(err); reason != "" {
		return &UnavailableError{Err: fmt.Errorf("%s (%w); %s", reason, err, unavailableHint())}
	}
	return fmt.Errorf("keyring: %s %s: %w", op, host, err)
}

// unavailableReason says in a few words why err means the keychain cannot be
// used at all, or returns "" when it does not mean that.
func unavailableReason(err error) string {
	var (
		netErr   *net.OpError
		execErr  *exec.Error
		exitErr  *exec.ExitError
		errnoErr syscall.Errno
	)
	switch {
	case errors.Is(err, errKeychainTimeout):
		return "no answer from the keychain"
	case errors.Is(err, keyring.ErrUnsupportedPlatform):
		return "no OS keychain support on " + runtime.GOOS
	case dbusErrorName(err) != "":
		switch dbusErrorName(err) {
		case "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner":
			return "no Secret Service on D-Bus"
		case "org.freedesktop.DBus.Error.NoReply", "org.freedesktop.DBus.Error.Timeout", "org.freedesktop.DBus.Error.TimedOut":
			return "the Secret Service did not answer"
		case "org.freedesktop.Secret.Error.IsLocked":
			return "the keyring is locked"
		case "org.freedesktop.DBus.Error.AccessDenied":
			return "the Secret Service refused access"
		}
	// go-keyring's own words when the collection stays locked: no prompt
	// could be shown (no display), or the user dismissed it.
	case strings.Contains(err.Error(), "failed to unlock correct collection"):
		return "the keyring is locked and could not be unlocked: no password prompt could be shown, or it was dismissed"
	case errors.As(err, &netErr), errors.Is(err, io.EOF), errors.Is(err, dbus.ErrClosed),
		strings.HasPrefix(err.Error(), "dbus: "):
		return "cannot connect to the D-Bus session bus"
	case runtime.GOOS == "darwin" && (errors.As(err, &exitErr) || errors.As(err, &execErr)):
		// /usr/bin/security fails this way when the keychain is locked or
		// cannot ask for its password (an SSH session, for instance).
		return "the macOS keychain refused the request"
	case errors.As(err, &execErr):
		return "cannot run " + execErr.Name
	case runtime.GOOS == "windows" && errors.As(err, &errnoErr) && errnoErr == 1312:
		// ERROR_NO_SUCH_LOGON_SESSION: services and some remote sessions
		// have no Credential Manager.
		return "no Windows logon session with a Credential Manager"
	}
	return ""
}

// dbusErrorName is the D-Bus error name in err's chain, or "". godbus returns
// a dbus.Error for an error reply, but makes *dbus.Error too.
func dbusErrorName(err error) string {
	var value dbus.Error
	if errors.As(err, &value) {
		return value.Name
	}
	var ptr *dbus.Error
	if errors.As(err, &ptr) && ptr != nil {
		return ptr.Name
	}
	return ""
}

func unavailableHint() string {
	switch runtime.GOOS {
	case "darwin":
		return "unlock the login keychain or use --store=file"
	case "windows":
		return "use --store=file"
	default:
		return "install and unlock gnome-keyring (or another Secret Service) or use --store=file"
	}
}

// sessionBusAddressKnown fails, on the systems where go-keyring talks to a
// Secret Service over D-Bus, when godbus would find no session bus itself
// and fall back to starting one with dbus-launch (see call).
func sessionBusAddressKnown() error {
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		return nil
	}
	if addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" && addr != "autolaunch:" {
		return nil
	}
	// The places where godbus looks when the variable is not set.
	runtimeDir := fmt.Sprintf("/run/user/%d", os.Getuid())
	for _, name := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(runtimeDir + "/" + name); err == nil {
			return nil
		}
	}
	return &UnavailableError{Err: fmt.Errorf(
		"no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set and there is no %s/bus); %s",
		runtimeDir, unavailableHint())}
}

// KeyTooLargeError is returned by Keyring.Set, before anything is written,
// for a key longer than the platform's keychain can hold.
type KeyTooLargeError struct {
	Size     int    // bytes in the key
	Max      int    // the most this platform takes for this service and host
	Platform string // runtime.GOOS
}

func (e *KeyTooLargeError) Error() string {
	return fmt.Sprintf("API key too large for the %s: %d bytes, at most %d; use --store=file",
		platformKeychain(e.Platform), e.Size, e.Max)
}

func platformKeychain(goos string) string {
	switch goos {
	case "darwin":
		return "macOS keychain"
	case "windows":
		return "Windows Credential Manager"
	default:
		return "Secret Service keyring"
	}
}

// Size limits of the keychains, in bytes of the key.
const (
	// CRED_MAX_CREDENTIAL_BLOB_SIZE; go-keyring refuses more too.
	maxKeyWindows = 2560
	// The Secret Service has no limit of its own; this one only keeps
	// anything unreasonable out (an API key is a few dozen bytes).
	maxKeyUnix = 64 << 10
	// go-keyring sends macOS's `security -i` one command line of at most
	// this many bytes, holding service, account and the base64 of the key.
	maxMacCommand = 4096
)

// maxKeySize is the largest key that a keychain on goos takes for service and
// account.
func maxKeySize(goos, service, account string) int {
	switch goos {
	case "windows":
		return maxKeyWindows
	case "darwin":
		// "add-generic-password -U -s S -a A -w go-keyring-base64:B64\n",
		// S and A shell-quoted (counted at their worst), B64 unquoted.
		fixed := len("add-generic-password -U -s ") + len(" -a ") + len(" -w ") + len("go-keyring-base64:") + len("\n")
		room := maxMacCommand - fixed - quotedLen(service) - quotedLen(account)
		if room < 4 {
			return 0
		}
		return room / 4 * 3
	default:
		return maxKeyUnix
	}
}

// quotedLen is the most bytes s can take once shell-quoted: enclosing
// quotes, and each ' written as '"'"'.
func quotedLen(s string) int {
	return len(s) + 2 + 4*strings.Count(s, "'")
}
