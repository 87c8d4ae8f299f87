//go:build !windows

package credentials

import (
	"os"
	"syscall"
)

// ownedByUs: the file belongs to the user running aigne.
func ownedByUs(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return !ok || int(st.Uid) == os.Geteuid()
}

// Elsewhere an open file does not stand in the way of its replacement.

func readShared(path string) ([]byte, error) { return os.ReadFile(path) }

func replaceShared(from, to string) error { return os.Rename(from, to) }

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
