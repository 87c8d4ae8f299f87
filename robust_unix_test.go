//go:build unix

package main

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aigne-io/aigne/bench"
	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient/hubtest"
)

// TestReadOnlyHome: a home, or ~/.aigne, that cannot be written. Reading
// still works; every command that would write fails with exit 1 naming the
// path, and nothing changes.
//
// Permission bits do not stop root, and CI runs as root: there the binary
// runs as nobody (uid 65534), for whom they do.
func TestReadOnlyHome(t *testing.T) {
	t.Parallel()
	const nobody = 65534
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		cred = &syscall.Credential{Uid: nobody, Gid: nobody}
	}
	owner := func(path string) {
		if cred != nil {
			if err := os.Chown(path, nobody, nobody); err != nil {
				t.Fatal(err)
			}
		}
	}
	// Everything under a directory nobody can traverse, with its own copy
	// of the binary (the test binary's directory is private to us).
	base, err := os.MkdirTemp("", "aigne-readonly")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = filepath.WalkDir(base, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				_ = os.Chmod(p, 0o700)
			}
			return nil
		})
		os.RemoveAll(base)
	})
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(base, "aigne")
	copyFile(t, aigneBin(t), bin, 0o755)

	h := hubtest.New()
	defer h.Close()
	key := h.IssueKey()

	run := func(home, stdin string, args ...string) result {
		t.Helper()
		var r result
		var err error
		// A binary just copied can be "busy" for a moment: another test's
		// fork may still hold the descriptor it was written through.
		for try := 0; try < 50; try++ {
			cmd := exec.Command(bin, args...)
			cmd.Env = aigneEnv(home)
			cmd.Stdin = strings.NewReader(stdin)
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
			if r, err = complete(cmd); !errors.Is(err, syscall.ETXTBSY) {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		if err != nil {
			t.Skipf("cannot run the binary as uid %d: %v", nobody, err)
		}
		return r
	}
	writes := [][]string{
		{"hub", "connect", "--with-token", "--force", h.URL},
		{"hub", "use", h.Host()},
		{"hub", "remove", h.Host()},
	}

	t.Run("home not writable", func(t *testing.T) {
		home := filepath.Join(base, "home1")
		if err := os.Mkdir(home, 0o700); err != nil {
			t.Fatal(err)
		}
		owner(home)
		if err := os.Chmod(home, 0o500); err != nil {
			t.Fatal(err)
		}
		if r := run(home, "", "hub", "list"); r.code != 0 || !strings.Contains(r.stdout, "No AIGNE Hub connected") {
			t.Errorf("list: exit %d: %s%s", r.code, r.stdout, r.stderr)
		}
		r := run(home, key+"\n", "hub", "connect", "--with-token", h.URL)
		t.Logf("connect: exit %d: %s", r.code, strings.TrimSpace(r.stderr))
		if r.code != 1 || !strings.Contains(r.stderr, filepath.Join(home, credentials.DirName)) || !strings.Contains(r.stderr, "permission denied") {
			t.Errorf("connect: exit %d, want 1 naming the directory: %s", r.code, r.stderr)
		}
		if ents, _ := os.ReadDir(home); len(ents) != 0 {
			t.Errorf("something was created: %v", ents)
		}
	})

	t.Run("~/.aigne not writable", func(t *testing.T) {
		home := filepath.Join(base, "home2")
		dir := filepath.Join(home, credentials.DirName)
		path := filepath.Join(dir, credentials.FileName)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		other := bench.Synthetic(1)[0]
		content := bench.HubList([]bench.Entry{entryOf(h, key), other}, 1)
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		owner(home)
		owner(dir)
		owner(path)
		if err := os.Chmod(dir, 0o500); err != nil {
			t.Fatal(err)
		}
		if r := run(home, "", "hub", "list"); r.code != 0 || !strings.Contains(r.stdout, h.URL) {
			t.Errorf("list: exit %d: %s%s", r.code, r.stdout, r.stderr)
		}
		if r := run(home, "", "hub", "info", h.URL); r.code != 0 {
			t.Errorf("info: exit %d: %s%s", r.code, r.stdout, r.stderr)
		}
		for _, args := range writes {
			r := run(home, key+"\n", args...)
			if r.code != 1 || !strings.Contains(r.stderr, credentials.FileName) {
				t.Errorf("%q: exit %d, want 1 naming the file: %s", args, r.code, r.stderr)
			}
			t.Logf("%s: exit %d: %s", strings.Join(args, " "), r.code, strings.TrimSpace(r.stderr))
		}
		if got := readFile(t, path); !bytes.Equal(got, content) {
			t.Errorf("the file changed:\n%s", got)
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 1 {
			t.Errorf("files were created: %v", ents)
		}
	})
}

func copyFile(t testing.TB, src, dst string, mode os.FileMode) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, mode)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
