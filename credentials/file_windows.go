//go:build windows

package credentials

import (
	"errors"
	"os"
	"runtime"
	"time"
	"unsafe"

	"golang.org/x/sys/windows"
)

// ownedByUs: on Windows the ACLs, not an owner id, decide; a file we can
// write is ours to replace.
func ownedByUs(os.FileInfo) bool { return true }

// On Windows a file that one process has open cannot be replaced by
// another (MoveFileEx answers ERROR_ACCESS_DENIED), and a file being
// replaced cannot be opened for a moment (ERROR_SHARING_VIOLATION). Our
// readers take no lock, so two aigne commands at once meet both; each side
// holds the file for a moment only, so both wait it out.

// shareWait bounds the wait: far more than a read or a rename takes.
const shareWait = 3 * time.Second

// retryShared runs f until it succeeds, fails otherwise than by retry's
// errors, or shareWait has passed.
func retryShared(f func() error, retry ...error) error {
	deadline := time.Now().Add(shareWait)
	for pause := time.Millisecond; ; pause = min(2*pause, 50*time.Millisecond) {
		err := f()
		if err == nil || time.Now().After(deadline) || !isAnyErr(err, retry) {
			return err
		}
		time.Sleep(pause)
	}
}

func isAnyErr(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

// readShared is os.ReadFile, waiting out a replacement under way.
func readShared(path string) (data []byte, err error) {
	err = retryShared(func() error {
		data, err = os.ReadFile(path)
		return err
	}, windows.ERROR_SHARING_VIOLATION)
	return data, err
}

// replaceShared is os.Rename over an existing file, waiting out readers.
func replaceShared(from, to string) error {
	return retryShared(func() error { return os.Rename(from, to) },
		windows.ERROR_ACCESS_DENIED, windows.ERROR_SHARING_VIOLATION)
}

// fileReaders lists who besides the owner, SYSTEM and the Administrators
// may read the file at path (aclReaders).
func fileReaders(path string) ([]string, error) {
	sd, err := windows.GetNamedSecurityInfo(path, windows.SE_FILE_OBJECT, windows.OWNER_SECURITY_INFORMATION|windows.DACL_SECURITY_INFORMATION)
	if err != nil {
		return nil, err
	}
	owner, _, err := sd.Owner()
	if err != nil {
		return nil, err
	}
	dacl, _, err := sd.DACL()
	if errors.Is(err, windows.ERROR_OBJECT_NOT_FOUND) || (err == nil && dacl == nil) {
		return aclReaders(owner.String(), nil, true), nil
	}
	if err != nil {
		return nil, err
	}
	var entries []aclEntry
	for i := uint32(0); i < uint32(dacl.AceCount); i++ {
		var ace *windows.ACCESS_ALLOWED_ACE
		if err := windows.GetAce(dacl, i, &ace); err != nil {
			return nil, err
		}
		// Allowed and denied entries share this layout; others (object
		// and callback entries) are not used on files.
		if ace.Header.AceType != windows.ACCESS_ALLOWED_ACE_TYPE && ace.Header.AceType != windows.ACCESS_DENIED_ACE_TYPE {
			continue
		}
		sid := (*windows.SID)(unsafe.Pointer(&ace.SidStart))
		entries = append(entries, aclEntry{
			SID:         sid.String(),
			Allow:       ace.Header.AceType == windows.ACCESS_ALLOWED_ACE_TYPE,
			Mask:        uint32(ace.Mask),
			InheritOnly: ace.Header.AceFlags&windows.INHERIT_ONLY_ACE != 0,
		})
	}
	return aclReaders(owner.String(), entries, false), nil
}

// openToOthers reports whether others may read the file, and who.
func openToOthers(path string) (bool, os.FileMode, []string) {
	readers, err := fileReaders(path)
	if err != nil || len(readers) == 0 {
		return false, 0, nil
	}
	return true, 0, readers
}

// restrictToOwner gives the file an access list of its own, inherited from
// nothing: full control for the current user, SYSTEM and the
// Administrators, and nobody else. It is Windows' chmod 600.
func restrictToOwner(path string) error {
	user, err := windows.GetCurrentProcessToken().GetTokenUser()
	if err != nil {
		return err
	}
	system, err := windows.CreateWellKnownSid(windows.WinLocalSystemSid)
	if err != nil {
		return err
	}
	admins, err := windows.CreateWellKnownSid(windows.WinBuiltinAdministratorsSid)
	if err != nil {
		return err
	}
	// The entries hold the SIDs as raw pointers while Windows builds the
	// list from them.
	var pin runtime.Pinner
	defer pin.Unpin()
	grant := func(sid *windows.SID, kind windows.TRUSTEE_TYPE) windows.EXPLICIT_ACCESS {
		pin.Pin(sid)
		return windows.EXPLICIT_ACCESS{
			AccessPermissions: windows.GENERIC_ALL,
			AccessMode:        windows.GRANT_ACCESS,
			Inheritance:       windows.NO_INHERITANCE,
			Trustee: windows.TRUSTEE{
				TrusteeForm:  windows.TRUSTEE_IS_SID,
				TrusteeType:  kind,
				TrusteeValue: windows.TrusteeValueFromSID(sid),
			},
		}
	}
	acl, err := windows.ACLFromEntries([]windows.EXPLICIT_ACCESS{
		grant(user.User.Sid, windows.TRUSTEE_IS_USER),
		grant(system, windows.TRUSTEE_IS_WELL_KNOWN_GROUP),
		grant(admins, windows.TRUSTEE_IS_WELL_KNOWN_GROUP),
	}, nil)
	if err != nil {
		return err
	}
	return windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT,
		windows.DACL_SECURITY_INFORMATION|windows.PROTECTED_DACL_SECURITY_INFORMATION, nil, nil, acl, nil)
}
