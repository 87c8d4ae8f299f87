package credentials

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// The tests of Keyring talk to a real Secret Service: the session bus's, for
// the ones that store keys (run them under .ci/with-secret-service), and
// private buses and keyring daemons that they start themselves for the ways
// in which the keychain can be unusable.

// requireKeyringEnv, set to 1 (CI does), turns the skips for want of a
// Secret Service into failures, so that CI cannot pass without testing it.
const requireKeyringEnv = "AIGNE_REQUIRE_KEYRING"

func skipOrFail(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv(requireKeyringEnv) == "1" {
		t.Fatalf("%s (and %s=1)", msg, requireKeyringEnv)
	}
	t.Skip(msg + "; run the tests under `bash .ci/with-secret-service`")
}

// liveKeyring returns the Keyring of the session bus, skipping the test when
// there is no usable Secret Service there.
func liveKeyring(t *testing.T) *Keyring {
	t.Helper()
	if runtime.GOOS != "linux" {
		skipOrFail(t, "keyring tests run only on Linux, against a Secret Service")
	}
	k := NewKeyring()
	if err := k.Probe(); err != nil {
		skipOrFail(t, "no usable Secret Service: %v", err)
	}
	return k
}

// testHost returns a host that is the test's alone (.invalid is reserved, so
// it cannot be a real hub's) and deletes its key when the test ends.
func testHost(t *testing.T, k *Keyring) string {
	t.Helper()
	name := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(t.Name()), "-"), "-")
	host := fmt.Sprintf("%s-%08x.invalid", name, rand.Uint32())
	t.Cleanup(func() {
		if err := k.Delete(host); err != nil && !errors.Is(err, ErrNotFound) {
			t.Errorf("cleanup: %v", err)
		}
	})
	return host
}

func TestKeyringName(t *testing.T) {
	if got := NewKeyring().Name(); got != StoreKeyring {
		t.Errorf("Name() = %q, want %q", got, StoreKeyring)
	}
	k := NewKeyring()
	if k.Service != "aigne-hub" || k.Timeout != 3*time.Second {
		t.Errorf("NewKeyring() = %+v, want service aigne-hub and a 3s timeout", k)
	}
}

func TestKeyringRoundTrip(t *testing.T) {
	k := liveKeyring(t)
	host := testHost(t, k)

	if err := k.Set(host, "aigne_k3y-Ex4mple"); err != nil {
		t.Fatalf("Set: %v", err)
	}
	got, err := k.Get(host)
	if err != nil || got != "aigne_k3y-Ex4mple" {
		t.Fatalf("Get = %q, %v; want the key that was set", got, err)
	}
	// Another Keyring value, as another process would have, sees it too.
	if got, err := (&Keyring{}).Get(host); err != nil || got != "aigne_k3y-Ex4mple" {
		t.Fatalf("zero Keyring: Get = %q, %v", got, err)
	}
	if err := k.Delete(host); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := k.Get(host); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
}

func TestKeyringGetMissing(t *testing.T) {
	k := liveKeyring(t)
	host := testHost(t, k)
	got, err := k.Get(host)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get of a missing key = %q, %v; want ErrNotFound", got, err)
	}
	if !strings.Contains(err.Error(), host) {
		t.Errorf("error %q does not name the host", err)
	}
}

func TestKeyringDeleteMissing(t *testing.T) {
	k := liveKeyring(t)
	host := testHost(t, k)
	if err := k.Delete(host); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete of a missing key: %v, want ErrNotFound", err)
	}
}

func TestKeyringOverwrite(t *testing.T) {
	k := liveKeyring(t)
	host := testHost(t, k)
	for _, key := range []string{"first-key", "second-key", "3"} {
		if err := k.Set(host, key); err != nil {
			t.Fatalf("Set(%q): %v", key, err)
		}
		if got, err := k.Get(host); err != nil || got != key {
			t.Fatalf("Get after Set(%q) = %q, %v", key, got, err)
		}
	}
	// One item, not one per Set: after one Delete nothing is left.
	if err := k.Delete(host); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if _, err := k.Get(host); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v, want ErrNotFound", err)
	}
}

func TestKeyringHostsAreSeparate(t *testing.T) {
	k := liveKeyring(t)
	a := testHost(t, k)
	b := a + ":8443" // hubs on one name and two ports are two hubs
	t.Cleanup(func() { _ = k.Delete(b) })
	if err := k.Set(a, "key-a"); err != nil {
		t.Fatal(err)
	}
	if err := k.Set(b, "key-b"); err != nil {
		t.Fatal(err)
	}
	if err := k.Delete(a); err != nil {
		t.Fatal(err)
	}
	if got, err := k.Get(b); err != nil || got != "key-b" {
		t.Fatalf("Get(%s) after deleting %s = %q, %v", b, a, got, err)
	}
}

func TestKeyringUnicodeKey(t *testing.T) {
	k := liveKeyring(t)
	for _, key := range []string{
		"sk-测试-🔑",
		"two\nlines, 'single' \"double\" $HOME `tick` \\ \t tab",
		strings.Repeat("é", 1000),
	} {
		host := testHost(t, k)
		if err := k.Set(host, key); err != nil {
			t.Fatalf("Set(%q): %v", key, err)
		}
		if got, err := k.Get(host); err != nil || got != key {
			t.Fatalf("Get = %q, %v; want %q", got, err, key)
		}
	}
}

func TestKeyringTooLarge(t *testing.T) {
	k := liveKeyring(t)
	host := testHost(t, k)
	limit := maxKeySize(runtime.GOOS, k.Service, host)

	err := k.Set(host, strings.Repeat("k", limit+1))
	var tooLarge *KeyTooLargeError
	if !errors.As(err, &tooLarge) {
		t.Fatalf("Set of %d bytes: %v, want a *KeyTooLargeError", limit+1, err)
	}
	if tooLarge.Size != limit+1 || tooLarge.Max != limit || tooLarge.Platform != runtime.GOOS {
		t.Errorf("error = %+v", tooLarge)
	}
	if msg := err.Error(); !strings.Contains(msg, "--store=file") || !strings.Contains(msg, fmt.Sprint(limit)) {
		t.Errorf("message %q should give the limit and the way out", msg)
	}
	if _, err := k.Get(host); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after a refused Set: %v, want ErrNotFound", err)
	}

	// A key of exactly the limit is stored whole.
	key := strings.Repeat("0123456789abcdef", limit/16+1)[:limit]
	if err := k.Set(host, key); err != nil {
		t.Fatalf("Set of %d bytes: %v", limit, err)
	}
	if got, err := k.Get(host); err != nil || got != key {
		t.Fatalf("Get of a %d-byte key: %d bytes, %v", limit, len(got), err)
	}
}

func TestKeyringEmptyArguments(t *testing.T) {
	// These never reach the keychain, so they need none.
	k := NewKeyring()
	if _, err := k.Get(""); err == nil {
		t.Error("Get(\"\") succeeded")
	}
	if err := k.Set("", "key"); err == nil {
		t.Error("Set(\"\", key) succeeded")
	}
	if err := k.Set("hub.invalid", ""); err == nil {
		t.Error("Set(host, \"\") succeeded")
	}
	if err := k.Delete(""); err == nil {
		t.Error("Delete(\"\") succeeded")
	}
}

func TestMaxKeySize(t *testing.T) {
	if got := maxKeySize("windows", "aigne-hub", "hub.aigne.io"); got != 2560 {
		t.Errorf("windows: %d, want 2560", got)
	}
	if got := maxKeySize("linux", "aigne-hub", "hub.aigne.io"); got != 64<<10 {
		t.Errorf("linux: %d, want 65536", got)
	}
	// go-keyring refuses a `security -i` command line over 4096 bytes.
	for _, host := range []string{"hub.aigne.io", "example.com:8443", strings.Repeat("h", 253) + ":65535", "it's"} {
		n := maxKeySize("darwin", "aigne-hub", host)
		line := len("add-generic-password -U -s ") + quotedLen("aigne-hub") + len(" -a ") + quotedLen(host) +
			len(" -w ") + len("go-keyring-base64:") + (n+2)/3*4 + len("\n")
		if n < 2500 || n > 3100 || line > 4096 {
			t.Errorf("darwin, %q: limit %d makes a %d-byte command line", host, n, line)
		}
	}
	msg := (&KeyTooLargeError{Size: 3000, Max: 2560, Platform: "windows"}).Error()
	if want := "API key too large for the Windows Credential Manager: 3000 bytes, at most 2560; use --store=file"; msg != want {
		t.Errorf("message %q, want %q", msg, want)
	}
}

func TestCallWithTimeout(t *testing.T) {
	got, err := callWithTimeout(time.Second, func() (string, error) { return "fast", nil })
	if got != "fast" || err != nil {
		t.Fatalf("fast call = %q, %v", got, err)
	}
	want := errors.New("from f")
	if _, err := callWithTimeout(time.Second, func() (int, error) { return 0, want }); err != want {
		t.Fatalf("error of f: %v, want it as is", err)
	}

	release := make(chan struct{})
	defer close(release) // lets the abandoned goroutine end
	start := time.Now()
	got, err = callWithTimeout(50*time.Millisecond, func() (string, error) {
		<-release
		return "late", nil
	})
	took := time.Since(start)
	if !errors.Is(err, errKeychainTimeout) || got != "" {
		t.Fatalf("blocked call = %q, %v; want errKeychainTimeout", got, err)
	}
	if took < 50*time.Millisecond || took > 2*time.Second {
		t.Errorf("blocked call returned after %v, want about 50ms", took)
	}
}

func TestUnavailableReason(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{dbus.Error{Name: "org.freedesktop.DBus.Error.NoReply"}, "the Secret Service did not answer"},
		{fmt.Errorf("call: %w", &dbus.Error{Name: "org.freedesktop.DBus.Error.NameHasNoOwner"}), "no Secret Service on D-Bus"},
		{dbus.Error{Name: "org.freedesktop.Secret.Error.IsLocked"}, "the keyring is locked"},
		{errors.New("dbus: authentication failed"), "cannot connect to the D-Bus session bus"},
		{&exec.Error{Name: "dbus-launch", Err: exec.ErrNotFound}, "cannot run dbus-launch"},
		// Not a sign of an unusable keychain: reported as it is.
		{dbus.Error{Name: "org.freedesktop.DBus.Error.InvalidArgs"}, ""},
		{errors.New("something else"), ""},
	} {
		if got := unavailableReason(c.err); got != c.want {
			t.Errorf("unavailableReason(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}

// The keychain cannot be used: each case sets up a real broken keychain and
// runs the test binary again, as a child, against it. A child is needed
// because godbus keeps its session bus connection for the life of the
// process, so a DBUS_SESSION_BUS_ADDRESS set in this one could be ignored.
func TestKeyringUnavailable(t *testing.T) {
	if os.Getenv(childEnv) != "" {
		keyringChild(t)
		return
	}
	if runtime.GOOS != "linux" {
		t.Skip("the Secret Service is Linux's")
	}
	const nowhere = "unix:path=/nonexistent/aigne-test-bus"

	t.Run("no bus address", func(t *testing.T) {
		uid := os.Getuid()
		for _, p := range []string{fmt.Sprintf("/run/user/%d/bus", uid), fmt.Sprintf("/run/user/%d/dbus-session", uid)} {
			if _, err := os.Stat(p); err == nil {
				t.Skipf("%s exists: godbus would find a bus without DBUS_SESSION_BUS_ADDRESS", p)
			}
		}
		runChild(t, "", 0, "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set")
	})
	t.Run("no bus socket", func(t *testing.T) {
		runChild(t, nowhere, 0, "cannot connect to the D-Bus session bus (dial unix /nonexistent/aigne-test-bus")
	})
	t.Run("bus without Secret Service", func(t *testing.T) {
		bus := startPrivateBus(t)
		runChild(t, bus, 0, "no Secret Service on D-Bus (The name org.freedesktop.secrets was not provided")
	})
	t.Run("locked keyring", func(t *testing.T) {
		bus := startPrivateBus(t)
		startKeyringDaemon(t, bus) // not unlocked, and no prompt can be shown
		runChild(t, bus, 0, "the keyring is locked and could not be unlocked")
	})
	t.Run("keyring daemon not answering", func(t *testing.T) {
		bus := startPrivateBus(t)
		daemon := startKeyringDaemon(t, bus)
		// kill(1) rather than syscall.SIGSTOP, which Windows builds lack.
		if out, err := exec.Command("kill", "-STOP", fmt.Sprint(daemon.Process.Pid)).CombinedOutput(); err != nil {
			t.Fatalf("kill -STOP: %v %s", err, out)
		}
		runChild(t, bus, 300*time.Millisecond, "no answer from the keychain (timed out after 300ms")
	})
}

const (
	childEnv        = "AIGNE_KEYRING_TEST_CHILD" // the reason the child must give
	childTimeoutEnv = "AIGNE_KEYRING_TEST_TIMEOUT"
	childOK         = "keyring child: ok"
)

// runChild runs TestKeyringUnavailable in a child process whose session bus
// is bus (none when ""), and fails unless every call there failed fast with
// an *UnavailableError that says want.
func runChild(t *testing.T, bus string, timeout time.Duration, want string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKeyringUnavailable$", "-test.count=1")
	cmd.Env = append(withoutEnv(os.Environ(), "DBUS_SESSION_BUS_ADDRESS", "GORACE"),
		childEnv+"="+want,
		"GORACE=atexit_sleep_ms=0", // the race detector otherwise waits 1s at exit
	)
	if bus != "" {
		cmd.Env = append(cmd.Env, "DBUS_SESSION_BUS_ADDRESS="+bus)
	}
	if timeout > 0 {
		cmd.Env = append(cmd.Env, childTimeoutEnv+"="+timeout.String())
	}
	out, err := cmd.CombinedOutput()
	t.Logf("child:\n%s", out)
	if err != nil || !bytes.Contains(out, []byte(childOK)) {
		t.Fatalf("child failed: %v", err)
	}
}

// keyringChild is the child's side of runChild.
func keyringChild(t *testing.T) {
	want := os.Getenv(childEnv)
	k := NewKeyring()
	if d, err := time.ParseDuration(os.Getenv(childTimeoutEnv)); err == nil {
		k.Timeout = d
	}
	calls := []struct {
		name string
		call func() error
	}{
		{"Probe", k.Probe},
		{"Get", func() error { _, err := k.Get("hub.invalid"); return err }},
		{"Set", func() error { return k.Set("hub.invalid", "key") }},
		{"Delete", func() error { return k.Delete("hub.invalid") }},
	}
	for _, c := range calls {
		start := time.Now()
		err := c.call()
		took := time.Since(start)
		fmt.Printf("%s: %v after %v\n", c.name, err, took.Round(time.Millisecond))
		var unavailable *UnavailableError
		if !errors.As(err, &unavailable) || unavailable.Store != StoreKeyring {
			t.Errorf("%s: %v (%T), want an *UnavailableError", c.name, err, err)
			continue
		}
		if msg := err.Error(); !strings.HasPrefix(msg, "keyring credential store unavailable: "+want) ||
			!strings.HasSuffix(msg, "or use --store=file") {
			t.Errorf("%s: message %q should say %q and the way out", c.name, msg, want)
		}
		// Well under the default timeout: a broken keychain fails at once,
		// and one that does not answer fails at the child's short timeout.
		if took > 2*time.Second {
			t.Errorf("%s took %v", c.name, took)
		}
	}
	if !t.Failed() {
		fmt.Println(childOK)
	}
}

func withoutEnv(env []string, names ...string) []string {
	var kept []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		drop := false
		for _, n := range names {
			drop = drop || name == n
		}
		if !drop {
			kept = append(kept, kv)
		}
	}
	return kept
}

// busConfig is a session bus that starts no services on demand, so nothing
// it is asked for (a keyring daemon, a password prompter) is launched behind
// the test's back.
const busConfig = `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=%s</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`

// startPrivateBus starts a dbus-daemon of the test's own and returns its
// address.
func startPrivateBus(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("dbus-daemon")
	if err != nil {
		skipOrFail(t, "no dbus-daemon: %v", err)
	}
	// Short, as a socket path must be.
	dir, err := os.MkdirTemp("", "aigne-bus")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	conf := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, busConfig, filepath.Join(dir, "socket")), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--config-file="+conf, "--nofork", "--print-address")
	logPath := filepath.Join(dir, "log")
	log, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		out, _ := os.ReadFile(logPath)
		t.Fatalf("dbus-daemon gave no address: %v\n%s", err, out)
	}
	return strings.TrimSpace(addr)
}

// startKeyringDaemon starts a gnome-keyring-daemon on bus, with no keyring
// and no way to prompt for a password, waits until it serves the Secret
// Service and returns it.
func startKeyringDaemon(t *testing.T, bus string) *exec.Cmd {
	t.Helper()
	bin, err := exec.LookPath("gnome-keyring-daemon")
	if err != nil {
		skipOrFail(t, "no gnome-keyring-daemon: %v", err)
	}
	dir := t.TempDir()
	for _, d := range []string{"home", "data", "config", "cache", "run"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "--foreground", "--components=secrets", "--control-directory="+filepath.Join(dir, "run"))
	// Its own home, so that it cannot touch the keyrings of whoever runs
	// the tests, and no display, so that it shows no prompt.
	cmd.Env = append(withoutEnv(os.Environ(), "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "HOME",
		"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"),
		"DBUS_SESSION_BUS_ADDRESS="+bus,
		"HOME="+filepath.Join(dir, "home"),
		"XDG_DATA_HOME="+filepath.Join(dir, "data"),
		"XDG_CONFIG_HOME="+filepath.Join(dir, "config"),
		"XDG_CACHE_HOME="+filepath.Join(dir, "cache"),
		"XDG_RUNTIME_DIR="+filepath.Join(dir, "run"),
	)
	logPath := filepath.Join(dir, "log")
	log, err := os.Create(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // stopped or not
		_ = cmd.Wait()
	})

	conn, err := dbus.Connect(bus)
	if err != nil {
		t.Fatalf("connect to %s: %v", bus, err)
	}
	defer conn.Close()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var owned bool
		err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.freedesktop.secrets").Store(&owned)
		if err != nil {
			t.Fatalf("NameHasOwner: %v", err)
		}
		if owned {
			return cmd
		}
		if time.Now().After(deadline) {
			out, _ := os.ReadFile(logPath)
			t.Fatalf("gnome-keyring-daemon did not take org.freedesktop.secrets in 10s:\n%s", out)
		}
	}
}
