// Package testkeyring starts Secret Services of a test's own: a private
// D-Bus session bus and a gnome-keyring daemon on it, locked or unlocked,
// whose keyrings live in the test's temporary directory. Tests that write
// the shared keychain service use it, so that they never touch the
// keychain of whoever runs them.
package testkeyring

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// RequireEnv names the variable that, set to 1 (CI does), turns the skips
// for want of the programs into failures, so that CI cannot pass without
// testing the keychain.
const RequireEnv = "AIGNE_REQUIRE_KEYRING"

// T is what the helpers need of a test: a *testing.T, or an adapter for
// a testscript script.
type T interface {
	Helper()
	Fatalf(format string, args ...any)
	Skip(args ...any)
	Cleanup(func())
}

var _ T = (testing.TB)(nil)

// SkipOrFail skips the test, or fails it when RequireEnv=1.
func SkipOrFail(t T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("%s (and %s=1)", msg, RequireEnv)
	}
	t.Skip(msg + "; run the tests under `bash .ci/with-secret-service`")
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

// StartBus starts a dbus-daemon of the test's own and returns its address.
func StartBus(t T) string {
	t.Helper()
	bin, err := exec.LookPath("dbus-daemon")
	if err != nil {
		SkipOrFail(t, "no dbus-daemon: %v", err)
	}
	// Short, as a socket path must be.
	dir, err := os.MkdirTemp("", "aigne-bus")
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	conf := filepath.Join(dir, "bus.conf")
	if err := os.WriteFile(conf, fmt.Appendf(nil, busConfig, filepath.Join(dir, "socket")), 0o600); err != nil {
		t.Fatalf("%v", err)
	}
	cmd := exec.Command(bin, "--config-file="+conf, "--nofork", "--print-address")
	logPath := filepath.Join(dir, "log")
	log, err := os.Create(logPath)
	if err != nil {
		t.Fatalf("%v", err)
	}
	defer log.Close()
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatalf("%v", err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("%v", err)
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

// Daemon is a gnome-keyring daemon serving the Secret Service on a bus.
type Daemon struct {
	Cmd      *exec.Cmd
	t        T
	bus, dir string
	password string // "" for a locked one that cannot be unlocked
}

// StartDaemon starts a gnome-keyring daemon on bus with no display (so no
// prompt). With a password, its login keyring is created or unlocked with
// it and is the default collection, as after a desktop login; without, it
// has no keyring it can unlock. It waits until the daemon serves.
func StartDaemon(t T, bus, password string) *Daemon {
	t.Helper()
	dir, err := os.MkdirTemp("", "aigne-keyring")
	if err != nil {
		t.Fatalf("%v", err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	d := &Daemon{t: t, bus: bus, dir: dir, password: password}
	for _, sub := range []string{"home", "data", "config", "cache", "run"} {
		if err := os.Mkdir(filepath.Join(d.dir, sub), 0o700); err != nil {
			t.Fatalf("%v", err)
		}
	}
	d.start(true)
	return d
}

func (d *Daemon) start(unlock bool) {
	t := d.t
	t.Helper()
	bin, err := exec.LookPath("gnome-keyring-daemon")
	if err != nil {
		SkipOrFail(t, "no gnome-keyring-daemon: %v", err)
	}
	args := []string{"--foreground", "--components=secrets", "--control-directory=" + filepath.Join(d.dir, "run")}
	if unlock && d.password != "" {
		args = append(args, "--unlock")
	}
	cmd := exec.Command(bin, args...)
	// Its own home, so that it cannot touch the keyrings of whoever runs
	// the tests, and no display, so that it shows no prompt.
	cmd.Env = append(Without(os.Environ(), "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "HOME",
		"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_RUNTIME_DIR"),
		"DBUS_SESSION_BUS_ADDRESS="+d.bus,
		"HOME="+filepath.Join(d.dir, "home"),
		"XDG_DATA_HOME="+filepath.Join(d.dir, "data"),
		"XDG_CONFIG_HOME="+filepath.Join(d.dir, "config"),
		"XDG_CACHE_HOME="+filepath.Join(d.dir, "cache"),
		"XDG_RUNTIME_DIR="+filepath.Join(d.dir, "run"),
	)
	if unlock {
		cmd.Stdin = strings.NewReader(d.password)
	}
	logPath := filepath.Join(d.dir, "log")
	log, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatalf("%v", err)
	}
	defer log.Close()
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("%v", err)
	}
	d.Cmd = cmd
	t.Cleanup(d.Stop)

	conn, err := dbus.Connect(d.bus)
	if err != nil {
		t.Fatalf("connect to %s: %v", d.bus, err)
	}
	defer conn.Close()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var owned bool
		err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.freedesktop.secrets").Store(&owned)
		if err != nil {
			t.Fatalf("NameHasOwner: %v", err)
		}
		if owned {
			return
		}
		if time.Now().After(deadline) {
			out, _ := os.ReadFile(logPath)
			t.Fatalf("gnome-keyring-daemon did not take org.freedesktop.secrets in 10s:\n%s", out)
		}
	}
}

// Stop kills the daemon (stopped or not) and waits for it.
func (d *Daemon) Stop() {
	if d.Cmd == nil {
		return
	}
	_ = d.Cmd.Process.Kill()
	_ = d.Cmd.Wait()
	d.Cmd = nil
	// The bus forgets the name once the process is gone.
	if conn, err := dbus.Connect(d.bus); err == nil {
		defer conn.Close()
		for i := 0; i < 100; i++ {
			var owned bool
			if conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.freedesktop.secrets").Store(&owned) != nil || !owned {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// Restart stops the daemon and starts it again over the same keyrings,
// unlocking the login keyring again with its password.
func (d *Daemon) Restart() {
	d.t.Helper()
	d.Stop()
	d.start(true)
}

// RestartLocked stops the daemon and starts it again over the same
// keyrings without their password, as a daemon restarted inside a desktop
// session (or started by a session that never unlocked it) is: the login
// keyring is still the default collection, and it is locked.
func (d *Daemon) RestartLocked() {
	d.t.Helper()
	d.Stop()
	d.start(false)
}

// Lock locks the default collection with the Secret Service's own Lock
// call, as the desktop's "Lock keyring" does; the daemon keeps running.
func (d *Daemon) Lock() {
	d.t.Helper()
	conn, err := dbus.Connect(d.bus)
	if err != nil {
		d.t.Fatalf("connect to %s: %v", d.bus, err)
	}
	defer conn.Close()
	svc := conn.Object("org.freedesktop.secrets", "/org/freedesktop/secrets")
	var collection dbus.ObjectPath
	if err := svc.Call("org.freedesktop.Secret.Service.ReadAlias", 0, "default").Store(&collection); err != nil || collection == "/" {
		d.t.Fatalf("no default collection to lock (%q): %v", collection, err)
	}
	var locked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := svc.Call("org.freedesktop.Secret.Service.Lock", 0, []dbus.ObjectPath{collection}).Store(&locked, &prompt); err != nil {
		d.t.Fatalf("Lock %s: %v", collection, err)
	}
	if len(locked) != 1 || prompt != "/" {
		d.t.Fatalf("Lock %s: locked %v, prompt %s", collection, locked, prompt)
	}
}

// Pause stops the daemon with SIGSTOP: it keeps its bus name and answers
// nothing, as a hung keychain does.
func (d *Daemon) Pause() {
	d.t.Helper()
	if out, err := exec.Command("kill", "-STOP", fmt.Sprint(d.Cmd.Process.Pid)).CombinedOutput(); err != nil {
		d.t.Fatalf("kill -STOP: %v %s", err, out)
	}
}

// Without returns env without the variables named.
func Without(env []string, names ...string) []string {
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

// Watcher records the calls on a bus that can put a dialog in front of the
// person: the Secret Service's Unlock and CreateCollection, and any
// prompt's Prompt.
type Watcher struct {
	t    T
	conn *dbus.Conn
	msgs chan *dbus.Message
	seen []string
	n    int
}

// Watch starts recording on bus; it stops when the test ends.
func Watch(t T, bus string) *Watcher {
	t.Helper()
	conn, err := dbus.Connect(bus)
	if err != nil {
		t.Fatalf("connect to %s: %v", bus, err)
	}
	t.Cleanup(func() { conn.Close() })
	for _, rule := range []string{
		"type='method_call',eavesdrop='true',interface='org.freedesktop.Secret.Service',member='Unlock'",
		"type='method_call',eavesdrop='true',interface='org.freedesktop.Secret.Service',member='CreateCollection'",
		"type='method_call',eavesdrop='true',interface='org.freedesktop.Secret.Prompt',member='Prompt'",
	} {
		if err := conn.BusObject().Call("org.freedesktop.DBus.AddMatch", 0, rule).Err; err != nil {
			t.Fatalf("AddMatch %s: %v", rule, err)
		}
	}
	w := &Watcher{t: t, conn: conn, msgs: make(chan *dbus.Message, 1024)}
	// From here on every incoming message comes to w.msgs, replies
	// included: Calls waits for a call of its own instead of a reply.
	conn.Eavesdrop(w.msgs)
	return w
}

// Calls returns the calls recorded so far ("Interface.Member"), every call
// made before it was called included: the bus delivers in order, and it
// waits for a call it sends itself through the bus.
func (w *Watcher) Calls() []string {
	w.t.Helper()
	w.n++
	token := fmt.Sprint(w.n)
	self := w.conn.Object(w.conn.Names()[0], "/aigne/testkeyring/watcher")
	if err := self.Go("aigne.testkeyring.Watcher.Sync", dbus.FlagNoReplyExpected, nil, token).Err; err != nil {
		w.t.Fatalf("watcher: %v", err)
	}
	timeout := time.After(10 * time.Second)
	for {
		select {
		case m := <-w.msgs:
			iface, _ := m.Headers[dbus.FieldInterface].Value().(string)
			member, _ := m.Headers[dbus.FieldMember].Value().(string)
			switch {
			case m.Type != dbus.TypeMethodCall:
			case iface == "aigne.testkeyring.Watcher":
				if len(m.Body) == 1 && m.Body[0] == token {
					return append([]string(nil), w.seen...)
				}
			default:
				w.seen = append(w.seen, iface+"."+member)
			}
		case <-timeout:
			w.t.Fatalf("watcher: its own call did not come back through the bus in 10s")
		}
	}
}
