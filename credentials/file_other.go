//go:build !windows

package credentials

import (
	"io/fs"
	"os"
	"syscall"
)

// ownedByUs: the file belongs to the user running aigne.
func ownedByUs(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return !ok || int(st.Uid) == os.Geteuid()
}

// Elsewhere an open file does not stand in the way of its replacement.

// readShared is os.ReadFile, the same bytes and errors, without an
// os.File: os.Open makes the runtime set up its poller on a run's first
// file (on Linux three system calls, and another to close), which a
// regular file has no use for.
func readShared(path string) ([]byte, error) {
	fd, err := retryEINTR(func() (int, error) { return syscall.Open(path, syscall.O_RDONLY|syscall.O_CLOEXEC, 0) })
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	defer syscall.Close(fd)
	size := 0
	var st syscall.Stat_t
	if syscall.Fstat(fd, &st) == nil && int64(int(st.Size)) == int64(st.Size) {
		size = int(st.Size)
	}
	size++ // one byte for the read that finds the end
	if size < 512 {
		size = 512
	}
	data := make([]byte, 0, size)
	for {
		n, err := retryEINTR(func() (int, error) { return syscall.Read(fd, data[len(data):cap(data)]) })
		if err != nil {
			return data, &fs.PathError{Op: "read", Path: path, Err: err}
		}
		if n <= 0 {
			return data, nil
		}
		data = data[:len(data)+n]
		if len(data) >= cap(data) {
			d := append(data[:cap(data)], 0)
			data = d[:len(data)]
		}
	}
}

// retryEINTR calls fn again while a signal interrupts it, as package os
// does.
func retryEINTR(fn func() (int, error)) (int, error) {
	for {
		n, err := fn()
		if err != syscall.EINTR {
			return n, err
		}
	}
}

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
