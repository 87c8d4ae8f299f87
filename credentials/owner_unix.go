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
