//go:build !windows

package credentials

import "os"

// openToOthers reports whether the file's mode lets other users read or
// write it (the Node CLI writes it 0644), with that mode.
func openToOthers(path string) (bool, os.FileMode, []string) {
	fi, err := os.Stat(path)
	if err != nil {
		return false, 0, nil
	}
	return fi.Mode().Perm()&0o077 != 0, fi.Mode().Perm(), nil
}

// restrictToOwner is chmod 600.
func restrictToOwner(path string) error { return os.Chmod(path, 0o600) }
