package credentials

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestMissingOrEmptyFileIsNoHubs(t *testing.T) {
	for name, content := range map[string]string{"empty": "", "comment": "# nothing\n", "null": "~\n", "doc marker": "---\n"} {
		t.Run(name, func(t *testing.T) {
			doc, err := writeFile(t, content, 0o600).Load()
			if err != nil {
				t.Fatal(err)
			}
			if len(doc.Entries()) != 0 || activeHost(doc) != "" {
				t.Fatalf("hubs %v active %q", doc.Entries(), activeHost(doc))
			}
		})
	}
	doc, err := NewFile(filepath.Join(t.TempDir(), "nope", FileName)).Load()
	if err != nil || len(doc.Entries()) != 0 {
		t.Fatalf("missing file: %v %v", doc, err)
	}
}

func TestWriteModes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes")
	}
	// A file the Node CLI left world-readable becomes 0600 on our first write.
	f := writeFile(t, nodeFile, 0o644)
	if err := f.Update(context.Background(), func(d *Doc) error { return setActive(d, "example.com:8443") }); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(f.Path)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("file mode %v, want 0600", st.Mode().Perm())
	}
	// A missing directory is created 0700.
	path := filepath.Join(t.TempDir(), "home", ".aigne", FileName)
	nf := NewFile(path)
	if err := nf.Update(context.Background(), func(d *Doc) error { d.PutHub("a.example", "https://a.example/x"); return nil }); err != nil {
		t.Fatal(err)
	}
	dst, _ := os.Stat(filepath.Dir(path))
	fst, _ := os.Stat(path)
	if dst.Mode().Perm() != 0o700 || fst.Mode().Perm() != 0o600 {
		t.Fatalf("dir %v file %v", dst.Mode().Perm(), fst.Mode().Perm())
	}
	// No temporary files are left beside it.
	entries, _ := os.ReadDir(filepath.Dir(path))
	for _, e := range entries {
		if e.Name() != FileName && e.Name() != FileName+".lock" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

func TestCorruptFileIsNeverOverwritten(t *testing.T) {
	cases := map[string]struct {
		content string
		line    int
	}{
		"bad indentation": {"hub.aigne.io:\n  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit\n bad: [\n", 2},
		"tab":             {"hub.aigne.io:\n\tAIGNE_HUB_API_URL: x\n", 2},
		"list at top":     {"- a\n- b\n", 1},
		"url is a list":   {"hub.aigne.io:\n  AIGNE_HUB_API_URL:\n    - x\n", 3},
		"duplicate host":  {"a.example:\n  AIGNE_HUB_API_URL: https://a.example/x\na.example:\n  AIGNE_HUB_API_URL: https://a.example/y\n", 3},
		"binary junk":     {"\x00\x01\x02garbage: [[[", 0},
		"two documents":   {"hub.aigne.io:\n  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit\n---\nsecond: doc\n", 3},
		"bad second doc":  {"a: b\n---\n\tx: [\n", 0},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			f := writeFile(t, c.content, 0o600)
			called := false
			err := f.Update(context.Background(), func(d *Doc) error { called = true; return nil })
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("err = %v, want a ParseError", err)
			}
			if pe.Path != f.Path || (c.line != 0 && pe.Line != c.line) {
				t.Errorf("ParseError %+v, want path %s line %d", pe, f.Path, c.line)
			}
			if !strings.Contains(err.Error(), f.Path) {
				t.Errorf("message does not name the file: %v", err)
			}
			if called {
				t.Error("update ran on a corrupt file")
			}
			if data, _ := os.ReadFile(f.Path); string(data) != c.content {
				t.Errorf("bytes changed:\n%q", data)
			}
		})
	}
}

func TestFailedUpdateWritesNothing(t *testing.T) {
	f := writeFile(t, nodeFile, 0o644)
	boom := errors.New("boom")
	err := f.Update(context.Background(), func(d *Doc) error {
		d.RemoveHub("hub.aigne.io")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(f.Path); string(data) != nodeFile {
		t.Fatalf("file changed:\n%s", data)
	}
}

func TestUpdateThroughSymlinkKeepsLink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Windows lets only administrators and developer mode make symlinks")
	}
	f := writeFile(t, nodeFile, 0o600)
	real := f.Path + ".real"
	if err := os.Rename(f.Path, real); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, f.Path); err != nil {
		t.Fatal(err)
	}
	if err := f.Update(context.Background(), func(d *Doc) error { return setActive(d, "example.com:8443") }); err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Lstat(f.Path); st.Mode()&os.ModeSymlink == 0 {
		t.Fatal("the link was replaced by a file")
	}
	doc, _ := NewFile(real).Load()
	if activeHost(doc) != "example.com:8443" {
		t.Fatal("the target was not updated")
	}
}

func TestConcurrentGoroutinesLoseNoUpdate(t *testing.T) {
	f := NewFile(filepath.Join(t.TempDir(), ".aigne", FileName))
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			host := fmt.Sprintf("h%d.example", i)
			errs <- f.Update(context.Background(), func(d *Doc) error {
				d.PutHub(host, "https://"+host+"/ai-kit")
				d.SetKey(host, "k")
				return setActive(d, host)
			})
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	doc, err := f.Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(doc.Entries()); got != n {
		t.Fatalf("%d hubs survived, want %d", got, n)
	}
}

// TestConcurrentProcessesLoseNoUpdate runs this test binary as several
// real processes that each add hubs to one file.
func TestConcurrentProcessesLoseNoUpdate(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns processes")
	}
	path := filepath.Join(t.TempDir(), ".aigne", FileName)
	const procs, each = 8, 10
	cmds := make([]*exec.Cmd, procs)
	for i := range cmds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcessWriter$")
		cmd.Env = append(os.Environ(), "AIGNE_TEST_WRITER_PATH="+path, fmt.Sprintf("AIGNE_TEST_WRITER_ID=%d", i), fmt.Sprintf("AIGNE_TEST_WRITER_N=%d", each))
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = cmd
	}
	for _, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("writer process: %v", err)
		}
	}
	doc, err := NewFile(path).Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := len(doc.Entries()); got != procs*each {
		t.Fatalf("%d hubs survived, want %d", got, procs*each)
	}
}

func TestHelperProcessWriter(t *testing.T) {
	path := os.Getenv("AIGNE_TEST_WRITER_PATH")
	if path == "" {
		t.Skip("helper process for TestConcurrentProcessesLoseNoUpdate")
	}
	var id, n int
	fmt.Sscan(os.Getenv("AIGNE_TEST_WRITER_ID"), &id)
	fmt.Sscan(os.Getenv("AIGNE_TEST_WRITER_N"), &n)
	f := NewFile(path)
	for j := 0; j < n; j++ {
		host := fmt.Sprintf("p%d-%d.example", id, j)
		if err := f.Update(context.Background(), func(d *Doc) error {
			d.PutHub(host, "https://"+host+"/ai-kit")
			return setActive(d, host)
		}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDirectoryWhereFileShouldBe(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, FileName)
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	f := NewFile(path)
	if _, err := f.Load(); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("Load: %v", err)
	}
	if err := f.Update(context.Background(), func(d *Doc) error { d.PutHub("a", "https://a/x"); return nil }); err == nil {
		t.Fatal("Update succeeded over a directory")
	}
}

// A file where the directory should be is an error naming the path, not
// an empty list (Windows calls such a path missing).
func TestFileWhereDirectoryShouldBe(t *testing.T) {
	dir := filepath.Join(t.TempDir(), DirName)
	if err := os.WriteFile(dir, []byte("not a directory\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	if _, err := NewFile(path).Load(); !errors.Is(err, syscall.ENOTDIR) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Load: %v", err)
	}
}

func TestUpdateRemovesStaleTemporaryFiles(t *testing.T) {
	f := writeFile(t, nodeFile, 0o600)
	dir := filepath.Dir(f.Path)
	stale := []string{"." + FileName + tempInfix + "123456789", "." + FileName + tempInfix + "42"}
	// Files that only look temporary (renameio's names, another tool's)
	// are not ours to delete.
	keep := []string{"." + FileName + ".bak", FileName + "123", "." + FileName + "12x", "." + FileName + "123456789", "." + FileName + tempInfix + "1x"}
	for _, n := range append(stale, keep...) {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("old keys"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Update(context.Background(), func(d *Doc) error { return nil }); err != nil {
		t.Fatal(err)
	}
	for _, n := range stale {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			t.Errorf("%s survived", n)
		}
	}
	for _, n := range keep {
		if _, err := os.Stat(filepath.Join(dir, n)); err != nil {
			t.Errorf("%s was removed: %v", n, err)
		}
	}
}

func TestLockTimeoutAndRelease(t *testing.T) {
	f := writeFile(t, nodeFile, 0o600)
	f.LockTimeout = 100 * time.Millisecond
	held := make(chan struct{})
	release := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- f.Update(context.Background(), func(d *Doc) error {
			close(held)
			<-release
			return nil
		})
	}()
	<-held
	start := time.Now()
	err := f.Update(context.Background(), func(d *Doc) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "another aigne process") || time.Since(start) > 2*time.Second {
		t.Fatalf("second writer: %v after %s", err, time.Since(start))
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// The abandoned wait must not keep the lock once it gets it.
	f.LockTimeout = 5 * time.Second
	if err := f.Update(context.Background(), func(d *Doc) error { return setActive(d, "example.com:8443") }); err != nil {
		t.Fatalf("lock not released by the abandoned waiter: %v", err)
	}
}

// A write tightens a file left readable by others to 0600, even when no
// byte changes.
func TestLockedCommandTightensMode(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes; TestLockedCommandTightensACL is Windows' test")
	}
	f := writeFile(t, nodeFile, 0o644)
	if e := f.OpenToOthers(); !e.Open || e.Mode != 0o644 {
		t.Fatalf("%+v", e)
	}
	if err := f.Update(context.Background(), func(d *Doc) error { return nil }); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(f.Path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v %v", fi.Mode(), err)
	}
	if f.OpenToOthers().Open {
		t.Fatal("still open")
	}
}

// A file of another user, or a link to one, is never rewritten, even by
// root; a link to the user's own file is followed.
func TestNeverRewritesAnotherUsersFile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX owners (chown); on Windows a file we may write is ours to replace")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to make a file of another user")
	}
	dir := t.TempDir()
	other := filepath.Join(dir, "other.yaml")
	if err := os.WriteFile(other, []byte(nodeFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(other, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, ".aigne", FileName)
	if err := os.MkdirAll(filepath.Dir(link), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(other, link); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{link, other} {
		err := NewFile(path).Update(context.Background(), func(d *Doc) error { d.PutHub("x.example", "https://x.example/a"); return nil })
		var oe *OwnerError
		if !errors.As(err, &oe) {
			t.Fatalf("%s: %v", path, err)
		}
		if data, _ := os.ReadFile(other); string(data) != nodeFile {
			t.Fatal("rewritten")
		}
		if fi, _ := os.Stat(other); fi.Mode().Perm() != 0o644 {
			t.Fatal("mode changed")
		}
	}
	// Reading it is fine.
	if _, err := NewFile(link).Load(); err != nil {
		t.Fatal(err)
	}
}
