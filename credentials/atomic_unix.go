//go:build !windows

package credentials

import (
	"path/filepath"

	"github.com/google/renameio/v2"
)

// writeAtomic replaces path with data: a temporary file in the same
// directory, fsynced, then renamed over the old one. Readers see the old or
// the new bytes, never a mix. The mode is 0600 whatever the old file had
// (renameio.WriteFile would copy a world-readable mode the Node CLI left),
// since the file holds API keys.
func writeAtomic(path string, data []byte) error {
	t, err := renameio.NewPendingFile(path,
		renameio.WithTempDir(filepath.Dir(path)),
		renameio.WithStaticPermissions(0o600))
	if err != nil {
		return err
	}
	defer t.Cleanup()
	if _, err := t.Write(data); err != nil {
		return err
	}
	return t.CloseAtomicallyReplace()
}
