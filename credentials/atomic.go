package credentials

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// tempInfix marks our temporary files: ".aigne-hub-connected.yaml.aigne-tmp-123".
// Only files named so (and owned by us) are ever cleaned up; a file that
// merely looks temporary belongs to someone else.
const tempInfix = ".aigne-tmp-"

// writeAtomic replaces path with data: a temporary file in the same
// directory, fsynced, then renamed over the old one, and the directory
// fsynced. Readers see the old or the new bytes, never a mix. The mode is
// 0600 whatever the old file had, since the file holds API keys.
// (renameio does the same on Unix, but names its temporary files like any
// other tool's, and those we must not delete.)
func writeAtomic(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+tempInfix+"*")
	if err != nil {
		return err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if runtime.GOOS == "windows" {
		// Windows' chmod 600. Best effort: a volume without access
		// lists (FAT) has nothing to restrict, and the commands that
		// read the file say when others can read it.
		_ = restrictToOwner(tmp.Name())
	} else if err := tmp.Chmod(0o600); err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := replaceShared(tmp.Name(), path); err != nil {
		return err
	}
	done = true
	if runtime.GOOS != "windows" {
		// The rename itself must survive a crash too.
		if d, err := os.Open(dir); err == nil {
			_ = d.Sync()
			d.Close()
		}
	}
	return nil
}

// isOurTemp: a name writeAtomic gives its temporary files for target.
func isOurTemp(name, target string) bool {
	rest, ok := strings.CutPrefix(name, "."+filepath.Base(target)+tempInfix)
	return ok && rest != "" && strings.Trim(rest, "0123456789") == ""
}
