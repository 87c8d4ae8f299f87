//go:build windows

package credentials

import "github.com/danieljoos/wincred"

func platformBackend() Backend { return winBackend{store: winCredStore{}} }

// winCredStore is winStore on the Credential Manager, through wincred
// (plain syscalls, no cgo).
type winCredStore struct{}

func (winCredStore) read(target string) (winCred, error) {
	c, err := wincred.GetGenericCredential(target)
	if err != nil {
		return winCred{}, err
	}
	return winCred{Target: c.TargetName, User: c.UserName, Blob: c.CredentialBlob}, nil
}

func (winCredStore) write(c winCred) error {
	g := wincred.NewGenericCredential(c.Target)
	g.UserName = c.User
	g.CredentialBlob = c.Blob
	g.Persist = wincred.PersistEnterprise
	return g.Write()
}

// remove deletes by target name alone, with no read first: CredDelete needs
// nothing else, and answers ERROR_NOT_FOUND for a missing credential.
func (winCredStore) remove(target string) error {
	return wincred.NewGenericCredential(target).Delete()
}

// list uses CredEnumerate's filter, which matches target names whatever the
// credential's type (wincred does not report the type); this service's
// items are only ever written as generic credentials.
func (winCredStore) list(filter string) ([]winCred, error) {
	creds, err := wincred.FilteredList(filter)
	if err != nil {
		return nil, err
	}
	out := make([]winCred, 0, len(creds))
	for _, c := range creds {
		if c == nil {
			continue
		}
		out = append(out, winCred{Target: c.TargetName, User: c.UserName, Blob: c.CredentialBlob})
	}
	return out, nil
}
