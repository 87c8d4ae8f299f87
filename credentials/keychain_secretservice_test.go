//go:build linux

package credentials

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/aigne-io/aigne/internal/testkeyring"
)

// These tests talk to real Secret Services of their own: private D-Bus
// buses with gnome-keyring daemons, unlocked as after a desktop login, or
// missing and broken in the ways a keychain can be. They never touch the
// keychain of whoever runs them.

// liveKeychain is an unlocked Secret Service of the test's own.
func liveKeychain(t *testing.T) *Keychain {
	t.Helper()
	bus := testkeyring.StartBus(t)
	testkeyring.StartDaemon(t, bus, "login-password")
	getenv := func(k string) string {
		if k == "DBUS_SESSION_BUS_ADDRESS" {
			return bus
		}
		return ""
	}
	// A loaded CI machine is slow, not broken.
	k := &Keychain{Backend: &secretService{service: KeychainService, getenv: getenv}, Timeout: 30 * time.Second}
	if err := k.Probe(); err != nil {
		t.Fatalf("the test's own Secret Service: %v", err)
	}
	return k
}

// testAccount is a host that is the test's alone, deleted when it ends.
func testAccount(t *testing.T, k *Keychain) string {
	t.Helper()
	name := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(t.Name()), "-"), "-")
	host := fmt.Sprintf("%s-%08x.invalid", name, rand.Uint32())
	t.Cleanup(func() {
		if err := k.DeleteKey(host); err != nil {
			t.Errorf("cleanup: %v", err)
		}
	})
	return host
}

func TestSecretServiceRoundTrip(t *testing.T) {
	k := liveKeychain(t)
	host := testAccount(t, k)
	apiURL := "https://" + host + "/ai-kit"
	if _, err := k.Get(host); !errors.Is(err, ErrNotFound) {
		t.Fatalf("before: %v", err)
	}
	if err := k.Put(host, apiURL, "key-1 ü 🔑"); err != nil {
		t.Fatal(err)
	}
	if e, err := k.Get(host); err != nil || e.Key != "key-1 ü 🔑" || e.APIURL != apiURL {
		t.Fatalf("%+v %v", e, err)
	}
	// Replacing keeps one item.
	if err := k.Put(host, apiURL, "key-2"); err != nil {
		t.Fatal(err)
	}
	l, err := k.List(false)
	if err != nil {
		t.Fatal(err)
	}
	if it := l.Items[host]; !it.Read || it.Key != "key-2" {
		t.Fatalf("listed %+v", it)
	}
	n := 0
	for _, a := range l.Accounts {
		if a == host {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d items for %s", n, host)
	}
	if err := k.DeleteKey(host); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(host); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	// Deleting what is not there is not an error.
	if err := k.DeleteKey(host); err != nil {
		t.Fatal(err)
	}
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
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
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
		check(t, env("XDG_RUNTIME_DIR", t.TempDir()), time.Nanosecond, true, 0)
	})
	t.Run("bus address leading nowhere", func(t *testing.T) {
		check(t, env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/aigne-test-bus"), time.Second, false, ReasonNoBus)
	})
	t.Run("bus without a Secret Service", func(t *testing.T) {
		check(t, env("DBUS_SESSION_BUS_ADDRESS", testkeyring.StartBus(t)), time.Second, true, 0)
	})
	t.Run("locked keyring", func(t *testing.T) {
		bus := testkeyring.StartBus(t)
		testkeyring.StartDaemon(t, bus, "") // not unlocked, and no prompt can be shown
		k := &Keychain{Backend: &secretService{service: KeychainService, getenv: env("DBUS_SESSION_BUS_ADDRESS", bus)}, Timeout: time.Second}
		// Writing needs the collection unlocked; it cannot be.
		var ue *UnavailableError
		if err := k.Put("hub.invalid", "https://hub.invalid/x", "k"); !errors.As(err, &ue) {
			t.Fatalf("put into a locked keyring: %v", err)
		}
	})
	t.Run("daemon not answering", func(t *testing.T) {
		bus := testkeyring.StartBus(t)
		testkeyring.StartDaemon(t, bus, "pw").Pause()
		check(t, env("DBUS_SESSION_BUS_ADDRESS", bus), 300*time.Millisecond, false, ReasonTimeout)
	})
}
