//go:build linux

package credentials

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/aigne-io/aigne/internal/fakesecrets"
	"github.com/aigne-io/aigne/internal/testenv"
	"github.com/aigne-io/aigne/internal/testkeyring"
)

// These tests talk to real Secret Services of their own: private D-Bus
// buses with gnome-keyring daemons, unlocked as after a desktop login, or
// missing and broken in the ways a keychain can be. They never touch the
// keychain of whoever runs them.

// busEnv is the environment of a session whose D-Bus session bus is bus.
func busEnv(bus string) func(string) string {
	return testenv.Getenv(map[string]string{"DBUS_SESSION_BUS_ADDRESS": bus})
}

// liveKeychain is an unlocked Secret Service of the test's own.
func liveKeychain(t *testing.T) *Keychain {
	t.Helper()
	bus := testkeyring.StartBus(t)
	testkeyring.StartDaemon(t, bus, "login-password")
	// A loaded CI machine is slow, not broken.
	k := &Keychain{Backend: &secretService{service: KeychainService, getenv: busEnv(bus)}, Timeout: 30 * time.Second}
	if err := k.Probe(); err != nil {
		t.Fatalf("the test's own Secret Service: %v", err)
	}
	return k
}

func TestSecretServiceRoundTrip(t *testing.T) {
	roundTrip(t, liveKeychain(t), nil)
}

// The item is exactly what @aigne/cli writes through libsecret: the
// attributes service, account and xdg:schema, the label, a text/plain
// secret, in the collection behind the alias "default".
func TestSecretServiceItemLayout(t *testing.T) {
	k := liveKeychain(t)
	host := testAccount(t, k)
	if err := k.Put(host, "https://"+host+"/ai-kit", "k"); err != nil {
		t.Fatal(err)
	}
	ss := k.Backend.(*secretService)
	addr, err := sessionBusAddress(ss.getenv)
	if err != nil {
		t.Fatal(err)
	}
	conn, err := dbus.Connect(addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var items []dbus.ObjectPath
	if err := conn.Object(ssName, ssDefaultAlias).Call(ssCollection+".SearchItems", 0, map[string]string{"account": host}).Store(&items); err != nil {
		t.Fatal(err)
	}
	if len(items) != 1 {
		t.Fatalf("%d items in the default collection", len(items))
	}
	item := conn.Object(ssName, items[0])
	attrs, err := item.GetProperty(ssPropAttributes)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"service": KeychainService, "account": host, "xdg:schema": "org.freedesktop.Secret.Generic"}
	if got := attrs.Value().(map[string]string); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("attributes %v, want %v", got, want)
	}
	label, _ := item.GetProperty(ssItem + ".Label")
	if label.Value() != KeychainService+"/"+host {
		t.Fatalf("label %v", label.Value())
	}
	raw, err := ss.Get(host)
	if err != nil || raw != `{"AIGNE_HUB_API_URL":"https://`+host+`/ai-kit","AIGNE_HUB_API_KEY":"k"}` {
		t.Fatalf("value %q %v", raw, err)
	}
}

// A keychain that is missing is ErrNoKeychain; one that is there but
// broken is an *UnavailableError with the reason; either way fast.
func TestSecretServiceMissingOrBroken(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for its timeouts: not under -short")
	}
	check := func(t *testing.T, getenv func(string) string, timeout time.Duration, absent bool, reason Reason) {
		t.Helper()
		k := &Keychain{Backend: &secretService{service: KeychainService, getenv: getenv}, Timeout: timeout}
		calls := map[string]func() error{
			"List":   func() error { _, err := k.List(false); return err },
			"Get":    func() error { _, err := k.Get("hub.invalid"); return err },
			"Put":    func() error { return k.Put("hub.invalid", "https://hub.invalid/x", "k") },
			"Delete": func() error { return k.DeleteKey("hub.invalid") },
			"Probe":  k.Probe,
		}
		for name, call := range calls {
			start := time.Now()
			err := call()
			took := time.Since(start)
			var ue *UnavailableError
			switch {
			case absent && !errors.Is(err, ErrNoKeychain):
				t.Errorf("%s: %v, want ErrNoKeychain", name, err)
			case !absent && (!errors.As(err, &ue) || ue.Reason != reason):
				t.Errorf("%s: %v (%T), want reason %d", name, err, err, reason)
			}
			if took > timeout+2*time.Second {
				t.Errorf("%s took %s", name, took)
			}
		}
	}
	t.Run("no bus", func(t *testing.T) {
		// Known to be absent before any call: even a timeout that has run
		// out before a call could start gives ErrNoKeychain.
		check(t, testenv.Getenv(map[string]string{"XDG_RUNTIME_DIR": t.TempDir()}), time.Nanosecond, true, 0)
	})
	t.Run("bus address leading nowhere", func(t *testing.T) {
		check(t, testenv.Getenv(map[string]string{"DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/aigne-test-bus"}), time.Second, false, ReasonNoBus)
	})
	t.Run("bus without a Secret Service", func(t *testing.T) {
		check(t, testenv.Getenv(map[string]string{"DBUS_SESSION_BUS_ADDRESS": testkeyring.StartBus(t)}), time.Second, true, 0)
	})
	t.Run("no default collection", func(t *testing.T) {
		// A daemon started without a login keyring: a Secret Service
		// whose alias "default" names nothing. Nothing of ours can be in
		// it, and a new item has nowhere @aigne/cli would look for it.
		bus := testkeyring.StartBus(t)
		testkeyring.StartDaemon(t, bus, "")
		k := &Keychain{Backend: &secretService{service: KeychainService, getenv: testenv.Getenv(map[string]string{"DBUS_SESSION_BUS_ADDRESS": bus})}, Timeout: 10 * time.Second}
		if l, err := k.List(true); err != nil || len(l.Accounts) != 0 {
			t.Fatalf("list: %+v %v", l, err)
		}
		if _, err := k.Get("hub.invalid"); !errors.Is(err, ErrNotFound) {
			t.Fatalf("get: %v", err)
		}
		if err := k.DeleteKey("hub.invalid"); err != nil {
			t.Fatalf("delete: %v", err)
		}
		var ue *UnavailableError
		if err := k.Put("hub.invalid", "https://hub.invalid/x", "k"); !errors.As(err, &ue) || ue.Reason != ReasonFailed || !errors.Is(err, errNoDefaultCollection) {
			t.Fatalf("put: %v", err)
		}
	})
	t.Run("daemon not answering", func(t *testing.T) {
		bus := testkeyring.StartBus(t)
		testkeyring.StartDaemon(t, bus, "pw").Pause()
		check(t, testenv.Getenv(map[string]string{"DBUS_SESSION_BUS_ADDRESS": bus}), 300*time.Millisecond, false, ReasonTimeout)
	})
}

// lockedCalls are the calls a command can make, each to be refused by a
// locked keychain.
func lockedCalls(k *Keychain, existing string) map[string]func() error {
	return map[string]func() error{
		"List":     func() error { _, err := k.List(false); return err },
		"List all": func() error { _, err := k.List(true); return err },
		"Accounts": func() error { _, err := k.Accounts(); return err },
		"Get":      func() error { _, err := k.Get(existing); return err },
		"Put":      func() error { return k.Put("new.invalid", "https://new.invalid/ai-kit", "new-key") },
		"Default":  func() error { return k.SetDefault("https://new.invalid/ai-kit") },
		"Delete":   func() error { return k.DeleteKey(existing) },
		"Probe":    k.Probe,
	}
}

// Locked is not empty. With nobody at the terminal, a locked keyring is
// reported as locked by every call, at once (the timeout is long: a quick
// failure is not a timeout), without asking the desktop for anything; and
// nothing in it changes.
func TestSecretServiceLockedNotInteractive(t *testing.T) {
	for _, how := range []string{"Lock call", "daemon restart"} {
		t.Run(how, func(t *testing.T) {
			bus := testkeyring.StartBus(t)
			d := testkeyring.StartDaemon(t, bus, "login-password")
			k := &Keychain{Backend: &secretService{service: KeychainService, getenv: busEnv(bus)}, Timeout: 30 * time.Second}
			k.SetInteractive(false)
			if err := k.Put("a.invalid", "https://a.invalid/ai-kit", "key-a"); err != nil {
				t.Fatal(err)
			}
			if err := k.Put("b.invalid", "https://b.invalid/ai-kit", "key-b"); err != nil {
				t.Fatal(err)
			}
			if err := k.SetDefault("https://b.invalid/ai-kit"); err != nil {
				t.Fatal(err)
			}
			if how == "Lock call" {
				d.Lock()
			} else {
				d.RestartLocked()
			}
			w := testkeyring.Watch(t, bus)
			for name, call := range lockedCalls(k, "a.invalid") {
				start := time.Now()
				err := call()
				took := time.Since(start)
				var ue *UnavailableError
				if !errors.As(err, &ue) || ue.Reason != ReasonLocked {
					t.Errorf("%s: %v (%T), want the keychain locked", name, err, err)
				}
				if took > time.Second {
					t.Errorf("%s took %s", name, took)
				}
			}
			if calls := w.Calls(); len(calls) != 0 {
				t.Errorf("asked the desktop without a person at the terminal: %v", calls)
			}
			// Unlocked again, the keyring holds what it held.
			d.Restart()
			l, err := k.List(true)
			if err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(l.Accounts) != "[a.invalid b.invalid]" || l.Items["a.invalid"].Key != "key-a" || l.DefaultURL != "https://b.invalid/ai-kit" {
				t.Fatalf("after unlocking: %+v", l)
			}
		})
	}
}

// fakeLocked is a locked Secret Service holding two hubs and the default
// item, whose unlock prompt is answered as given, and a keychain with a
// person at the terminal.
func fakeLocked(t *testing.T, answer fakesecrets.Answer, timeout time.Duration) (*Keychain, *fakesecrets.Service) {
	t.Helper()
	bus := testkeyring.StartBus(t)
	f := fakesecrets.Start(t, bus)
	for account, value := range map[string]string{
		"a.invalid": `{"AIGNE_HUB_API_URL":"https://a.invalid/ai-kit","AIGNE_HUB_API_KEY":"key-a"}`,
		"b.invalid": `{"AIGNE_HUB_API_URL":"https://b.invalid/ai-kit","AIGNE_HUB_API_KEY":"key-b"}`,
		"default":   `{"AIGNE_HUB_API_URL":"https://b.invalid/ai-kit"}`,
	} {
		f.Add(KeychainService+"/"+account, map[string]string{ssAttrService: KeychainService, ssAttrAccount: account, ssAttrSchema: ssGenericSchema}, value)
	}
	f.SetLocked(true)
	f.SetAnswer(answer)
	k := &Keychain{Backend: &secretService{service: KeychainService, getenv: busEnv(bus)}}
	k.SetInteractive(true)
	if k.Timeout != InteractiveKeychainTimeout {
		t.Fatalf("interactive timeout %s", k.Timeout)
	}
	k.Timeout = timeout
	return k, f
}

func attrsOf(account string) map[string]string {
	return map[string]string{ssAttrService: KeychainService, ssAttrAccount: account, ssAttrSchema: ssGenericSchema}
}

// With a person at the terminal, a locked keychain asks the desktop to
// unlock it, once per call that finds it locked; typed in, the call goes
// on and sees the items.
func TestSecretServiceUnlockPromptAnswered(t *testing.T) {
	k, f := fakeLocked(t, fakesecrets.TypePassword, 10*time.Second)
	l, err := k.List(false)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(l.Accounts) != "[a.invalid b.invalid]" || l.Items["a.invalid"].Key != "key-a" || l.DefaultURL != "https://b.invalid/ai-kit" {
		t.Fatalf("listed %+v", l)
	}
	if f.Prompts() != 1 || f.Locked() {
		t.Fatalf("prompts %d, locked %v", f.Prompts(), f.Locked())
	}
	// Unlocked, no more prompts.
	if e, err := k.Get("b.invalid"); err != nil || e.Key != "key-b" || f.Prompts() != 1 {
		t.Fatalf("get: %+v %v, prompts %d", e, err, f.Prompts())
	}
	// Locked again, each call asks again and then does its work.
	f.SetLocked(true)
	if e, err := k.Get("a.invalid"); err != nil || e.Key != "key-a" {
		t.Fatalf("get: %+v %v", e, err)
	}
	f.SetLocked(true)
	if err := k.Put("c.invalid", "https://c.invalid/ai-kit", "key-c"); err != nil {
		t.Fatal(err)
	}
	if v, ok := f.Value(attrsOf("c.invalid")); !ok || v != `{"AIGNE_HUB_API_URL":"https://c.invalid/ai-kit","AIGNE_HUB_API_KEY":"key-c"}` {
		t.Fatalf("written %q %v", v, ok)
	}
	f.SetLocked(true)
	if err := k.DeleteKey("a.invalid"); err != nil {
		t.Fatal(err)
	}
	if _, ok := f.Value(attrsOf("a.invalid")); ok {
		t.Fatal("not deleted")
	}
	if f.Prompts() != 4 {
		t.Fatalf("%d prompts, want 4", f.Prompts())
	}
}

// Dismissed, the keychain stays locked: every call says so, and nothing
// is read or written.
func TestSecretServiceUnlockPromptDismissed(t *testing.T) {
	k, f := fakeLocked(t, fakesecrets.Dismiss, 10*time.Second)
	calls := lockedCalls(k, "a.invalid")
	for name, call := range calls {
		var ue *UnavailableError
		if err := call(); !errors.As(err, &ue) || ue.Reason != ReasonLocked {
			t.Errorf("%s: %v, want the keychain locked", name, err)
		}
	}
	if f.Prompts() != len(calls) || !f.Locked() {
		t.Fatalf("prompts %d for %d calls, locked %v", f.Prompts(), len(calls), f.Locked())
	}
	if _, ok := f.Value(attrsOf("a.invalid")); !ok {
		t.Fatal("deleted from a locked keychain")
	}
	if _, ok := f.Value(attrsOf("new.invalid")); ok {
		t.Fatal("written into a locked keychain")
	}
}

// A prompt that nobody answers is ended by the keychain's timeout.
func TestSecretServiceUnlockPromptNeverAnswered(t *testing.T) {
	k, f := fakeLocked(t, fakesecrets.Never, 300*time.Millisecond)
	start := time.Now()
	_, err := k.List(false)
	took := time.Since(start)
	var ue *UnavailableError
	if !errors.As(err, &ue) || ue.Reason != ReasonTimeout {
		t.Fatalf("%v, want a timeout", err)
	}
	if took > 2*time.Second {
		t.Fatalf("took %s", took)
	}
	if f.Prompts() != 1 {
		t.Fatalf("%d prompts", f.Prompts())
	}
}

// Without a person at the terminal, the fake is never asked to unlock,
// and its hashed attributes do not pass for an empty keychain.
func TestSecretServiceLockedFakeNotInteractive(t *testing.T) {
	k, f := fakeLocked(t, fakesecrets.TypePassword, 10*time.Second)
	k.SetInteractive(false)
	for name, call := range lockedCalls(k, "a.invalid") {
		var ue *UnavailableError
		if err := call(); !errors.As(err, &ue) || ue.Reason != ReasonLocked {
			t.Errorf("%s: %v, want the keychain locked", name, err)
		}
	}
	if f.Unlocks() != 0 || f.Prompts() != 0 {
		t.Fatalf("unlock calls %d, prompts %d", f.Unlocks(), f.Prompts())
	}
	// Unlocked (by the desktop), the same keychain lists without asking.
	f.SetLocked(false)
	if l, err := k.List(false); err != nil || len(l.Accounts) != 2 {
		t.Fatalf("%+v %v", l, err)
	}
}

// A person at a terminal with no desktop to show the dialog on (an SSH
// session into a machine whose keyring is locked): gnome-keyring cannot
// prompt, the dialog counts as dismissed, and the call says "locked" at
// once rather than time out.
func TestSecretServiceLockedInteractiveNoDisplay(t *testing.T) {
	bus := testkeyring.StartBus(t)
	d := testkeyring.StartDaemon(t, bus, "login-password")
	k := &Keychain{Backend: &secretService{service: KeychainService, getenv: busEnv(bus)}}
	k.SetInteractive(true)
	if err := k.Put("a.invalid", "https://a.invalid/ai-kit", "key-a"); err != nil {
		t.Fatal(err)
	}
	d.Lock()
	w := testkeyring.Watch(t, bus)
	start := time.Now()
	_, err := k.List(false)
	var ue *UnavailableError
	if !errors.As(err, &ue) || ue.Reason != ReasonLocked {
		t.Fatalf("%v, want the keychain locked", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("took %s", took)
	}
	if calls := w.Calls(); fmt.Sprint(calls) != "[org.freedesktop.Secret.Service.Unlock org.freedesktop.Secret.Prompt.Prompt]" {
		t.Fatalf("asked the desktop %v, want one unlock prompt", calls)
	}
}
