//go:build windows

package credentials

import (
	"os"
	"path/filepath"
)

// writeAtomic replaces path with data through a temporary file in the same
// directory; os.Rename on Windows replaces the target (MoveFileEx with
// MOVEFILE_REPLACE_EXISTING). renameio does not build on Windows.
func writeAtomic(path string, data []byte) error {
	// Named like renameio's temporaries, so removeStaleTemps finds both.
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+"*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
