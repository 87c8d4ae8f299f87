//go:build windows

package credentials

import "os"

// ownedByUs: on Windows the ACLs, not an owner id, decide; a file we can
// write is ours to replace.
func ownedByUs(os.FileInfo) bool { return true }
