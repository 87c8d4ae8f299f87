//go:build linux

package credentials

import (
	"path/filepath"
	"testing"
)

// The same removals against a real Secret Service of the test's own: no
// item of the keychain changes, and the file keeps every other byte.
func TestSecretServiceRemoveInvalidEntry(t *testing.T) {
	k := liveKeychain(t)
	r := NewRegistry(filepath.Join(t.TempDir(), ".aigne", FileName), k)
	removeInvalidEntries(t, r)
}
