package credentials

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"unicode/utf8"
)

// The Windows Backend, written against winStore so that everything but the
// calls into the Credential Manager is plain Go, built and tested on every
// platform. keychain_wincred_windows.go supplies the store
// (github.com/danieljoos/wincred) and platformBackend.

// winMaxBlob is CRED_MAX_CREDENTIAL_BLOB_SIZE: 5*512 bytes, the most a
// credential's blob may hold.
const winMaxBlob = 5 * 512

// Win32 error codes the Credential Manager answers with. syscall.Errno is
// what wincred returns, and the type exists on every platform.
const (
	winErrorAccessDenied       syscall.Errno = 5    // ERROR_ACCESS_DENIED
	winErrorNotFound           syscall.Errno = 1168 // ERROR_NOT_FOUND
	winErrorNoSuchLogonSession syscall.Errno = 1312 // ERROR_NO_SUCH_LOGON_SESSION
)

// winCred is one credential as winStore reads and writes it.
type winCred struct {
	Target string
	User   string
	Blob   []byte
}

// winStore is the Credential Manager, generic credentials only. Errors are
// the platform's (syscall.Errno) as they come.
type winStore interface {
	read(target string) (winCred, error)
	write(c winCred) error
	remove(target string) error
	// list returns the credentials whose target names match filter, a
	// prefix followed by "*"; none is not an error.
	list(filter string) ([]winCred, error)
}

// winBackend is the Backend of Windows.
type winBackend struct {
	store winStore
}

// Get reads the item's blob as the value.
func (b winBackend) Get(account string) (string, error) {
	if err := winCheckAccount(account); err != nil {
		return "", err
	}
	c, err := b.store.read(winTarget(account))
	if err != nil {
		return "", winFailure(account, err)
	}
	return string(c.Blob), nil
}

// Set writes the item, replacing any earlier one: CredWrite replaces a
// credential of the same target name and type. The credential persists
// for the user on every machine that roams their profile (enterprise
// persistence), as the Node.js CLI's items do.
func (b winBackend) Set(account, value string) error {
	if err := winCheckAccount(account); err != nil {
		return err
	}
	if len(value) > winMaxBlob {
		return &UnavailableError{Reason: ReasonTooLarge, Err: fmt.Errorf(
			"a value of %d bytes is over the Credential Manager's limit of %d", len(value), winMaxBlob)}
	}
	err := b.store.write(winCred{Target: winTarget(account), User: account, Blob: []byte(value)})
	if err != nil {
		return winFailure(account, err)
	}
	return nil
}

// Delete removes the item; one that is not there is not an error.
func (b winBackend) Delete(account string) error {
	if err := winCheckAccount(account); err != nil {
		return err
	}
	err := b.store.remove(winTarget(account))
	if err == nil {
		return nil
	}
	if err = winFailure(account, err); errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

var _ BulkReader = winBackend{}

// Accounts lists the accounts of the service's credentials (ReadAll).
func (b winBackend) Accounts() ([]string, error) {
	items, err := b.ReadAll()
	accounts := make([]string, len(items))
	for i, it := range items {
		accounts[i] = it.Account
	}
	return accounts, err
}

// ReadAll enumerates the service's credentials by target-name prefix. The
// enumeration returns the blobs with the rest, so values cost nothing.
// The account is taken from the target name, which is what Get looks up;
// the user name is only a copy of it.
func (b winBackend) ReadAll() ([]RawItem, error) {
	creds, err := b.store.list(winTargetPrefix + "*")
	if err != nil {
		if err = winFailure("", err); errors.Is(err, ErrNotFound) {
			return nil, nil
		}
		return nil, err
	}
	items := make([]RawItem, 0, len(creds))
	for _, c := range creds {
		account, ok := winAccount(c.Target)
		if !ok {
			continue
		}
		if !winIsText(c.Blob) {
			// Not a value we or the Node.js CLI wrote, but one stored as
			// UTF-16 (as cmdkey and Windows' own credential dialog store
			// passwords): reported on its own rather than read as an empty
			// entry, and no reason to hide the other hubs.
			items = append(items, RawItem{Account: account,
				Err: fmt.Errorf("credential %s: its %d-byte value is not UTF-8 text", c.Target, len(c.Blob))})
			continue
		}
		items = append(items, RawItem{Account: account, Value: string(c.Blob), Read: true})
	}
	return items, nil
}

// winIsText tells whether a blob can be a value as written: UTF-8 JSON,
// which never holds a NUL byte (UTF-16 text of ASCII characters is valid
// UTF-8, but every other byte of it is a NUL).
func winIsText(blob []byte) bool {
	return utf8.Valid(blob) && bytes.IndexByte(blob, 0) < 0
}

// winCheckAccount refuses a NUL, which a target name cannot carry (wincred
// would pass a null target and get ERROR_INVALID_PARAMETER).
func winCheckAccount(account string) error {
	if strings.IndexByte(account, 0) >= 0 {
		return errors.New("the keychain account contains a NUL byte")
	}
	return nil
}

// winFailure maps a Credential Manager error.
//
// ERROR_NO_SUCH_LOGON_SESSION means this logon session has no credential
// set: a network logon (ssh, a remote PowerShell session), a service
// account, or a policy that forbids stored credentials. The user's
// Credential Manager is still there, and the hubs the Node.js CLI moved
// into it with it: the keychain is unreachable, not absent, or those hubs
// would silently vanish while the hub file was used alone.
func winFailure(account string, err error) error {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		switch errno {
		case winErrorNotFound:
			return fmt.Errorf("keychain account %s: %w", account, ErrNotFound)
		case winErrorNoSuchLogonSession:
			return &UnavailableError{Reason: ReasonNoSession, Err: err}
		case winErrorAccessDenied:
			return &UnavailableError{Reason: ReasonDenied, Err: err}
		}
	}
	return err
}

// On Windows each item is a generic credential of the Credential Manager
// whose target name is the service, a slash and the account; its user name
// is the account and its blob the value's UTF-8 bytes. These helpers are
// plain Go so that they are tested on every platform.

// winTargetPrefix starts the target name of every item of KeychainService;
// with a trailing "*" it is the filter that lists them.
const winTargetPrefix = KeychainService + "/"

// winTarget is the target name of account's item.
func winTarget(account string) string { return winTargetPrefix + account }

// winAccount is the account of the item with this target name; ok is false
// for a target outside the service or with an empty account. The prefix is
// compared without regard to case, as the Credential Manager compares
// target names, so whatever its filter returns is kept.
func winAccount(target string) (account string, ok bool) {
	if len(target) <= len(winTargetPrefix) || !strings.EqualFold(target[:len(winTargetPrefix)], winTargetPrefix) {
		return "", false
	}
	return target[len(winTargetPrefix):], true
}
