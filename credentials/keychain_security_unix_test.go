//go:build unix

package credentials

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestRunGroupedOutput(t *testing.T) {
	out, errOut, code, err := runGrouped(context.Background(), "/bin/sh", []byte("from stdin"),
		"-c", `cat; echo oops >&2; exit 3`)
	if err != nil || code != 3 || string(out) != "from stdin" || string(errOut) != "oops\n" {
		t.Fatalf("got %q %q %d %v", out, errOut, code, err)
	}
	if _, _, code, err := runGrouped(context.Background(), "/bin/sh", nil, "-c", "exit 0"); err != nil || code != 0 {
		t.Fatalf("exit 0: %d %v", code, err)
	}
	if _, _, _, err := runGrouped(context.Background(), filepath.Join(t.TempDir(), "absent"), nil); err == nil {
		t.Fatal("a missing program ran")
	}
}

// alive tells whether pid still runs: a zombie, whose parent has yet to
// reap it, can do nothing more.
func alive(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return false
	}
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return !os.IsNotExist(err) || !dirExists("/proc/self")
	}
	// pid (comm) state ...: comm may hold spaces and parentheses.
	s := string(stat)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(fields) == 0 || (fields[0] != "Z" && fields[0] != "X")
}

func dirExists(p string) bool { fi, err := os.Stat(p); return err == nil && fi.IsDir() }

// A stand-in for security that starts a child of its own, writes the
// child's pid, and waits: on timeout the Keychain must return only once
// both are dead, or the child could still change the keychain after aigne
// reported the failure.
func TestTimeoutKillsProcessGroup(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for its timeout: not under -short")
	}
	pidFile := filepath.Join(t.TempDir(), "child.pid")
	script := `sleep 300 & echo $! > "$1.tmp" && mv "$1.tmp" "$1"; wait`
	run := func(ctx context.Context, stdin []byte, args ...string) ([]byte, []byte, int, error) {
		return runGrouped(ctx, "/bin/sh", stdin, "-c", script, "sh", pidFile)
	}
	k := &Keychain{Backend: macBackend{service: KeychainService, run: run}, Timeout: time.Second}
	start := time.Now()
	_, err := k.Get("hub.aigne.io")
	elapsed := time.Since(start)

	var ue *UnavailableError
	if !errors.As(err, &ue) || ue.Reason != ReasonTimeout || !errors.Is(err, ErrKeychainTimeout) {
		t.Fatalf("got %v", err)
	}
	data, rerr := os.ReadFile(pidFile)
	if rerr != nil {
		t.Fatalf("the stand-in did not start its child within the timeout: %v", rerr)
	}
	pid, perr := strconv.Atoi(strings.TrimSpace(string(data)))
	if perr != nil {
		t.Fatal(perr)
	}
	if alive(pid) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
		t.Fatalf("the child %d of the killed tool still runs after the call returned", pid)
	}
	if elapsed > time.Second+groupGoneWait+time.Second {
		t.Fatalf("took %s", elapsed)
	}
}
