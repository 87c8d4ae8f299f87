package credentials

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"golang.org/x/sys/windows"
)

// openToEveryone gives the file an access list that lets Everyone read it,
// as a file copied from elsewhere may have.
func openToEveryone(t *testing.T, path string) {
	t.Helper()
	everyone, err := windows.CreateWellKnownSid(windows.WinWorldSid)
	if err != nil {
		t.Fatal(err)
	}
	acl, err := windows.ACLFromEntries([]windows.EXPLICIT_ACCESS{{
		AccessPermissions: windows.GENERIC_READ,
		AccessMode:        windows.GRANT_ACCESS,
		Trustee: windows.TRUSTEE{
			TrusteeForm:  windows.TRUSTEE_IS_SID,
			TrusteeType:  windows.TRUSTEE_IS_WELL_KNOWN_GROUP,
			TrusteeValue: windows.TrusteeValueFromSID(everyone),
		},
	}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := windows.SetNamedSecurityInfo(path, windows.SE_FILE_OBJECT, windows.DACL_SECURITY_INFORMATION, nil, nil, acl, nil); err != nil {
		t.Fatal(err)
	}
}

// TestLockedCommandTightensMode for Windows: a write leaves a file others
// may read to its owner, SYSTEM and the Administrators, even when no byte
// changes.
func TestLockedCommandTightensACL(t *testing.T) {
	f := writeFile(t, nodeFile, 0o600)
	openToEveryone(t, f.Path)
	if e := f.OpenToOthers(); !e.Open || !slices.Contains(e.Readers, "S-1-1-0") {
		t.Fatalf("%+v", e)
	}
	if err := f.Update(context.Background(), func(d *Doc) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if onWine() {
		t.Skip("Wine makes a file's access list from its Unix mode and keeps no list set on it: what restrictToOwner sets reads back open to Everyone (TestACLReaders tests the rule)")
	}
	if e := f.OpenToOthers(); e.Open {
		t.Fatalf("still open: %+v", e)
	}
}

// A reader that has the file open (another aigne command, reading without
// a lock) holds up a write only until it closes the file: Windows refuses
// to replace an open file, so the write waits for it instead of failing.
func TestUpdateWaitsForAReader(t *testing.T) {
	f := writeFile(t, nodeFile, 0o600)
	r, err := os.Open(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		done <- f.Update(context.Background(), func(d *Doc) error { return setActive(d, "example.com:8443") })
	}()
	time.Sleep(300 * time.Millisecond)
	r.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	d, err := f.Load()
	if err != nil || activeHost(d) != "example.com:8443" {
		t.Fatalf("after: %v %v", activeHost(d), err)
	}
}

// A file another process holds without sharing (a write replacing it does,
// for a moment) is read once it is let go, not reported unreadable.
func TestLoadWaitsForAReplace(t *testing.T) {
	f := writeFile(t, nodeFile, 0o600)
	name, err := windows.UTF16PtrFromString(f.Path)
	if err != nil {
		t.Fatal(err)
	}
	h, err := windows.CreateFile(name, windows.GENERIC_READ|windows.DELETE, 0, nil, windows.OPEN_EXISTING, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		windows.CloseHandle(h)
	}()
	if d, err := f.Load(); err != nil || len(d.Entries()) != 2 {
		t.Fatalf("%v", err)
	}
}
