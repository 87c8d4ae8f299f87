package credentials

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/gofrs/flock"
)

// The hub file's names, fixed by the Node.js @aigne/cli that shares it.
const (
	FileName = "aigne-hub-connected.yaml"
	DirName  = ".aigne"
)

// DefaultPath is ~/.aigne/aigne-hub-connected.yaml.
func DefaultPath() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find home directory: %w", err)
	}
	return filepath.Join(home, DirName, FileName), nil
}

// File is the hub list on disk. Readers need no lock because every write
// replaces the file atomically; writers take an exclusive lock on a sidecar
// file (the data file itself is replaced, so it cannot carry the lock).
type File struct {
	Path        string
	LockTimeout time.Duration // how long a writer waits for another; 0 means defaultLockTimeout
}

// NewFile returns the hub list at path.
func NewFile(path string) *File { return &File{Path: path} }

// Load reads the file. A missing or empty file is an empty list.
func (f *File) Load() (*Doc, error) {
	data, err := readShared(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		// Windows calls a path through a regular file missing, where
		// POSIX says ENOTDIR: a file where the directory should be is not
		// an empty list on any OS.
		if fi, derr := os.Stat(filepath.Dir(f.Path)); derr == nil && !fi.IsDir() {
			return nil, &fs.PathError{Op: "open", Path: f.Path, Err: syscall.ENOTDIR}
		}
		return newDoc(), nil
	}
	if err != nil {
		return nil, err // a *fs.PathError, which names the file already
	}
	return Parse(f.Path, data)
}

// Update runs fn on the current contents under the writers' lock and writes
// the result back atomically if fn changed anything. When fn returns an error
// nothing is written.
func (f *File) Update(ctx context.Context, fn func(*Doc) error) error {
	return f.WithLock(ctx, func(d *Doc, save func() error) error {
		if err := fn(d); err != nil {
			return err
		}
		return save()
	})
}

// WithLock runs fn under the writers' lock with the current contents. fn
// may change the document and call save to write it (atomically, and only
// when a byte changed), then go on with other work, such as keychain
// writes, still under the lock; so another aigne process never sees the
// change half made.
func (f *File) WithLock(ctx context.Context, fn func(d *Doc, save func() error) error) error {
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	lock := flock.New(f.Path+".lock", flock.SetPermissions(0o600))
	timeout := f.LockTimeout
	if timeout == 0 {
		timeout = defaultLockTimeout
	}
	if err := lockWithin(ctx, lock, timeout); err != nil {
		return &LockError{Path: f.Path, Err: err}
	}
	defer lock.Unlock()

	// A dotfiles manager may have made the file a link: replace what it
	// points to, not the link, but only when that is the user's own file
	// (as root, a link could otherwise make us rewrite anyone's file).
	target, err := f.writeTarget()
	if err != nil {
		return err
	}
	removeStaleTemps(target)

	doc, err := f.Load()
	if err != nil {
		return err
	}
	before, err := doc.Bytes()
	if err != nil {
		return err
	}
	save := func() error {
		after, err := doc.Bytes()
		if err != nil {
			return err
		}
		if bytes.Equal(before, after) {
			// Nothing to write, but a file the Node CLI left readable
			// by others is tightened all the same.
			return tighten(target)
		}
		if err := writeAtomic(target, after); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
		before = after
		return nil
	}
	return fn(doc, save)
}

// writeTarget is the file a write replaces: f.Path, or what its symlink
// points to when that belongs to us. A file of another user is an
// *OwnerError: never rewritten, whoever runs aigne.
func (f *File) writeTarget() (string, error) {
	target := f.Path
	if p, err := filepath.EvalSymlinks(f.Path); err == nil {
		target = p
	}
	fi, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return target, nil
	case err != nil:
		return "", err
	case !ownedByUs(fi):
		return "", &OwnerError{Path: f.Path, Target: target}
	}
	return target, nil
}

// tighten makes an existing file readable by its owner only: mode 0600,
// or on Windows an access list of the owner, SYSTEM and Administrators.
func tighten(path string) error {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return err
	}
	if open, _, _ := openToOthers(path); open {
		return restrictToOwner(path)
	}
	return nil
}

// Exposure is who else may read the hub file.
type Exposure struct {
	Open bool
	// Mode is the file's mode where it decides (not on Windows, where
	// the access list does and Readers names who else may read it).
	Mode    os.FileMode
	Readers []string
}

// OpenToOthers reports whether other users may read the file (the Node CLI
// writes it 0644); not open when it does not exist.
func (f *File) OpenToOthers() Exposure {
	open, mode, readers := openToOthers(f.Path)
	return Exposure{Open: open, Mode: mode, Readers: readers}
}

// defaultLockTimeout is how long a writer waits for another by default.
const defaultLockTimeout = 10 * time.Second

// lockWithin takes the writers' lock, waiting at most timeout. It waits in
// the kernel (flock's queue) rather than polling, which a crowd of writers
// on a busy machine can starve. If the wait is abandoned, the waiting call
// releases the lock as soon as it gets it.
func lockWithin(ctx context.Context, lock *flock.Flock, timeout time.Duration) error {
	got := make(chan error, 1)
	go func() { got <- lock.Lock() }()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case err := <-got:
		return err
	case <-ctx.Done():
		go releaseWhenGot(lock, got)
		return ctx.Err()
	case <-t.C:
		go releaseWhenGot(lock, got)
		return fmt.Errorf("%w for %s", ErrLockHeld, timeout)
	}
}

func releaseWhenGot(lock *flock.Flock, got <-chan error) {
	if <-got == nil {
		lock.Unlock()
	}
}

// removeStaleTemps deletes temporary files that a writer killed mid-write
// left beside target. Each holds a full copy of the keys, and only a writer
// holding the lock creates them, so under the lock any that exist are dead.
// Only our own are touched: named by writeAtomic, regular, owned by us.
func removeStaleTemps(target string) {
	dir := filepath.Dir(target)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !isOurTemp(e.Name(), target) || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err == nil && ownedByUs(fi) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

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
