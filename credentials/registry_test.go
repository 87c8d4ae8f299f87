package credentials

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The registry's rules, against a keychain in memory; the live tests of
// each backend (keychain_secretservice_test.go and its macOS and Windows
// peers) run the same layout against a real keychain, and the repository's
// interop tests against the Node CLI.

func newTestRegistry(t *testing.T, file string) (*Registry, *MemoryBackend) {
	t.Helper()
	path := filepath.Join(t.TempDir(), ".aigne", FileName)
	if file != "" {
		path = writeFile(t, file, 0o600).Path
	}
	kc, b := NewMemoryKeychain()
	return NewRegistry(path, kc), b
}

func load(t *testing.T, r *Registry) *State {
	t.Helper()
	s, err := r.Load(false)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func hosts(s *State) string {
	var hs []string
	for _, h := range s.Hubs {
		hs = append(hs, h.Host)
	}
	return strings.Join(hs, ",")
}

func active(t *testing.T, s *State) string {
	t.Helper()
	a, err := s.Active()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func mustKey(t *testing.T, s *State, host string) Entry {
	t.Helper()
	h, ok := s.Hub(host)
	if !ok {
		t.Fatalf("%s not saved (hubs %s)", host, hosts(s))
	}
	e, err := s.Credentials(h)
	if err != nil {
		t.Fatalf("%s: %v", host, err)
	}
	return e
}

func fileText(t *testing.T, r *Registry) string {
	t.Helper()
	data, err := os.ReadFile(r.File.Path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return string(data)
}

func TestKeychainOnlyHubs(t *testing.T) {
	r, b := newTestRegistry(t, "")
	nodeMigrated(b)
	s := load(t, r)
	if got := hosts(s); got != "example.com:8443,hub.aigne.io" {
		t.Fatalf("hubs %s", got)
	}
	if a := active(t, s); a != "example.com:8443" {
		t.Fatalf("active %q", a)
	}
	// A number in the value is the string of its digits.
	if e := mustKey(t, s, "example.com:8443"); e.Key != "12345" || e.APIURL != "https://example.com:8443/ai-kit" {
		t.Fatalf("%+v", e)
	}
	if h, _ := s.Hub("hub.aigne.io"); h.Store != StoreKeyring || h.InFile || h.Origin() != "https://hub.aigne.io" {
		t.Fatalf("%+v", h)
	}
}

func TestListReadsOnceAndKeysCostNothing(t *testing.T) {
	r, b := newTestRegistry(t, "")
	nodeMigrated(b)
	s := load(t, r)
	before := b.Calls["Get"] + b.Calls["ReadAll"] + b.Calls["Accounts"]
	for _, h := range s.Hubs {
		if _, err := s.Credentials(h); err != nil {
			t.Fatal(err)
		}
	}
	if after := b.Calls["Get"] + b.Calls["ReadAll"] + b.Calls["Accounts"]; after != before || b.Calls["ReadAll"] != 1 {
		t.Fatalf("keychain calls: %v", b.Calls)
	}
}

// macOS lists accounts without values: a key is read when asked for, and
// the hub's URL comes from its item then.
func TestLazyKeychainReadsOneItem(t *testing.T) {
	r, b := newTestRegistry(t, "")
	nodeMigrated(b)
	b.Lazy = true
	s := load(t, r)
	h, _ := s.Hub("hub.aigne.io")
	if h.APIURL != "" || h.Origin() != "https://hub.aigne.io" {
		t.Fatalf("%+v", h)
	}
	if a := active(t, s); a != "example.com:8443" {
		t.Fatalf("active %q", a)
	}
	gets := b.Calls["Get"]
	if e := mustKey(t, s, "hub.aigne.io"); e.APIURL != "https://hub.aigne.io/ai-kit" || e.Key != "key-one" {
		t.Fatalf("%+v", e)
	}
	if b.Calls["Get"] != gets+1 {
		t.Fatalf("calls %v", b.Calls)
	}
}

func TestUnionFileFirst(t *testing.T) {
	r, b := newTestRegistry(t, `zz.example:
  AIGNE_HUB_API_URL: https://zz.example/ai-kit
  AIGNE_HUB_API_KEY: file-key
hub.aigne.io:
  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit
`)
	nodeMigrated(b)
	s := load(t, r)
	if got := hosts(s); got != "zz.example,hub.aigne.io,example.com:8443" {
		t.Fatalf("hubs %s", got)
	}
	// In both places: URL from the file, key from the keychain.
	if e := mustKey(t, s, "hub.aigne.io"); e.Key != "key-one" {
		t.Fatalf("%+v", e)
	}
	if e := mustKey(t, s, "zz.example"); e.Key != "file-key" {
		t.Fatalf("%+v", e)
	}
	// The file has no default: the keychain's decides.
	if a := active(t, s); a != "example.com:8443" {
		t.Fatalf("active %q", a)
	}
}

func TestActiveFallsBackToOfficialHub(t *testing.T) {
	r, _ := newTestRegistry(t, `a.example:
  AIGNE_HUB_API_URL: https://a.example/ai-kit
  AIGNE_HUB_API_KEY: k
hub.aigne.io:
  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit
  AIGNE_HUB_API_KEY: k
default:
  AIGNE_HUB_API_URL: https://removed.example/ai-kit
`)
	if a := active(t, load(t, r)); a != OfficialHost {
		t.Fatalf("active %q", a)
	}
	r2, _ := newTestRegistry(t, "a.example:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n  AIGNE_HUB_API_KEY: k\n")
	if a := active(t, load(t, r2)); a != "" {
		t.Fatalf("active %q", a)
	}
}

// An entry whose name is not the host of its URL is listed, but no key,
// from the file or the keychain, is ever used for it, and it is never
// active: editing a URL never sends a key elsewhere.
func TestInvalidEntries(t *testing.T) {
	r, b := newTestRegistry(t, `hub.example.com:
  AIGNE_HUB_API_URL: https://evil.example/ai-kit
  AIGNE_HUB_API_KEY: file-key
Upper.Example:
  AIGNE_HUB_API_URL: https://upper.example/ai-kit
  AIGNE_HUB_API_KEY: k
nourl.example:
  AIGNE_HUB_API_KEY: k
ok.example:
  AIGNE_HUB_API_URL: https://ok.example/x
  AIGNE_HUB_API_KEY: k
default:
  AIGNE_HUB_API_URL: https://evil.example/ai-kit
`)
	_ = b.Set("hub.example.com", `{"AIGNE_HUB_API_URL":"https://hub.example.com/ai-kit","AIGNE_HUB_API_KEY":"kc-key"}`)
	// A keychain item whose URL names another host is no better.
	_ = b.Set("kc.example", `{"AIGNE_HUB_API_URL":"https://evil.example/ai-kit","AIGNE_HUB_API_KEY":"kc-key"}`)
	s := load(t, r)
	for _, host := range []string{"hub.example.com", "Upper.Example", "nourl.example", "kc.example"} {
		h, ok := s.Hub(host)
		if !ok || !h.Invalid {
			t.Fatalf("%s: %+v", host, h)
		}
		var nk *NoKeyError
		if _, err := s.Credentials(h); !errors.As(err, &nk) || !nk.Invalid {
			t.Fatalf("%s: key given: %v", host, err)
		}
	}
	if a := active(t, s); a != "" {
		t.Fatalf("active %q", a)
	}
	if len(s.Valid()) != 1 {
		t.Fatalf("valid %v", s.Valid())
	}
	if _, _, err := r.Use(context.Background(), "hub.example.com"); !errors.As(err, new(*NotSavedError)) {
		t.Fatalf("use of an invalid entry: %v", err)
	}
}

func TestNoKeyAnywhere(t *testing.T) {
	r, _ := newTestRegistry(t, "a.example:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n")
	s := load(t, r)
	h, _ := s.Hub("a.example")
	if h.Store != StoreNone {
		t.Fatalf("%+v", h)
	}
	if _, err := s.Credentials(h); !errors.Is(err, ErrNoKey) {
		t.Fatal(err)
	}
}

func TestScalarKeysOfAnyType(t *testing.T) {
	r, _ := newTestRegistry(t, "a.example:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n  AIGNE_HUB_API_KEY: 12345\nb.example:\n  AIGNE_HUB_API_URL: https://b.example/ai-kit\n  AIGNE_HUB_API_KEY: 0x1F\nc.example:\n  AIGNE_HUB_API_URL: https://c.example/ai-kit\n  AIGNE_HUB_API_KEY: true\n")
	s := load(t, r)
	for host, want := range map[string]string{"a.example": "12345", "b.example": "31", "c.example": "true"} {
		if e := mustKey(t, s, host); e.Key != want {
			t.Errorf("%s: %q, want %q", host, e.Key, want)
		}
	}
}

func TestSaveKeyringWritesTheSharedLayout(t *testing.T) {
	r, b := newTestRegistry(t, "")
	h, w, err := r.Save(context.Background(), "hub.aigne.io", "https://hub.aigne.io/ai-kit", `k"\<>&`, StoreKeyring)
	if err != nil || len(w) != 0 || h.Store != StoreKeyring {
		t.Fatalf("%+v %v", h, err)
	}
	v, _ := b.Value("hub.aigne.io")
	if want := `{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit","AIGNE_HUB_API_KEY":"k\"\\<>&"}`; v != want {
		t.Fatalf("value %s, want %s", v, want)
	}
	if d, _ := b.Value("default"); d != `{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit"}` {
		t.Fatalf("default %s", d)
	}
	f := fileText(t, r)
	if strings.Contains(f, FieldKey) || !strings.Contains(f, "hub.aigne.io:\n  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit\n") {
		t.Fatalf("file:\n%s", f)
	}
}

func TestSaveFileLeavesKeychainAlone(t *testing.T) {
	r, b := newTestRegistry(t, "")
	if _, w, err := r.Save(context.Background(), "a.example", "https://a.example/ai-kit", "k", StoreFile); err != nil || len(w) != 0 {
		t.Fatal(err, w)
	}
	if b.Calls["Set"] != 0 {
		t.Fatalf("keychain written: %v", b.Calls)
	}
	// With a keychain default item, it is kept in step.
	_ = b.Set("default", `{"AIGNE_HUB_API_URL":"https://other.example/x"}`)
	if _, w, err := r.Save(context.Background(), "b.example", "https://b.example/ai-kit", "k", StoreFile); err != nil || len(w) != 0 {
		t.Fatal(err, w)
	}
	if d, _ := b.Value("default"); d != `{"AIGNE_HUB_API_URL":"https://b.example/ai-kit"}` {
		t.Fatalf("default %s", d)
	}
}

// A key moving between stores is written to the new one first, and only
// then deleted from the old one.
func TestMoveBetweenStores(t *testing.T) {
	r, b := newTestRegistry(t, "")
	ctx := context.Background()
	if _, w, err := r.Save(ctx, "h.example", "https://h.example/ai-kit", "k1", StoreFile); err != nil || len(w) != 0 {
		t.Fatal(err, w)
	}
	if _, w, err := r.Save(ctx, "h.example", "https://h.example/ai-kit", "k2", StoreKeyring); err != nil || len(w) != 0 {
		t.Fatal(err, w)
	}
	if strings.Contains(fileText(t, r), FieldKey) {
		t.Fatal("file still holds the key")
	}
	if e := mustKey(t, load(t, r), "h.example"); e.Key != "k2" {
		t.Fatalf("%+v", e)
	}
	if _, w, err := r.Save(ctx, "h.example", "https://h.example/ai-kit", "k3", StoreFile); err != nil || len(w) != 0 {
		t.Fatal(err, w)
	}
	if _, ok := b.Value("h.example"); ok {
		t.Fatal("keychain copy left behind")
	}
	if e := mustKey(t, load(t, r), "h.example"); e.Key != "k3" {
		t.Fatalf("%+v", e)
	}
	// A keychain that fails the write: nothing changes anywhere.
	before := fileText(t, r)
	b.Err = &UnavailableError{Reason: ReasonLocked}
	if _, _, err := r.Save(ctx, "h.example", "https://h.example/ai-kit", "k4", StoreKeyring); !errors.As(err, new(*UnavailableError)) {
		t.Fatalf("err %v", err)
	}
	if fileText(t, r) != before {
		t.Fatal("file changed by a failed save")
	}
}

func TestUseKeepsBothDefaults(t *testing.T) {
	r, b := newTestRegistry(t, "a.example:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n  AIGNE_HUB_API_KEY: k\n")
	nodeMigrated(b)
	ctx := context.Background()
	if _, w, err := r.Use(ctx, "a.example"); err != nil || len(w) != 0 {
		t.Fatal(err, w)
	}
	// The keychain default exists, so it follows.
	if d, _ := b.Value("default"); d != `{"AIGNE_HUB_API_URL":"https://a.example/ai-kit"}` {
		t.Fatalf("default %s", d)
	}
	if !strings.Contains(fileText(t, r), "default:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit") {
		t.Fatal(fileText(t, r))
	}
	// A keychain-only hub read lazily gets its URL from its item.
	b.Lazy = true
	h, w, err := r.Use(ctx, "hub.aigne.io")
	if err != nil || len(w) != 0 || h.APIURL != "https://hub.aigne.io/ai-kit" {
		t.Fatalf("%+v %v", h, err)
	}
	if a := active(t, load(t, r)); a != "hub.aigne.io" {
		t.Fatalf("active %q", a)
	}
}

func TestRemove(t *testing.T) {
	r, b := newTestRegistry(t, "a.example:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n")
	nodeMigrated(b)
	_ = b.Set("a.example", `{"AIGNE_HUB_API_URL":"https://a.example/ai-kit","AIGNE_HUB_API_KEY":"ka"}`)
	ctx := context.Background()
	// The active hub (keychain default) goes: the first remaining hub
	// becomes active in both places.
	next, w, err := r.Remove(ctx, "example.com:8443")
	if err != nil || len(w) != 0 || next.Host != "a.example" {
		t.Fatalf("%+v %v", next, err)
	}
	if _, ok := b.Value("example.com:8443"); ok {
		t.Fatal("item left")
	}
	if d, _ := b.Value("default"); d != `{"AIGNE_HUB_API_URL":"https://a.example/ai-kit"}` {
		t.Fatalf("default %s", d)
	}
	if a := active(t, load(t, r)); a != "a.example" {
		t.Fatalf("active %q", a)
	}
	// A hub in both places goes from both.
	if _, w, err := r.Remove(ctx, "a.example"); err != nil || len(w) != 0 {
		t.Fatal(err, w)
	}
	if _, ok := b.Value("a.example"); ok || strings.Contains(fileText(t, r), "a.example:") {
		t.Fatal("left behind")
	}
	if _, _, err := r.Remove(ctx, "nowhere.example"); !errors.As(err, new(*NotSavedError)) {
		t.Fatal(err)
	}
	// The last one: no default left naming it.
	if _, w, err := r.Remove(ctx, "hub.aigne.io"); err != nil || len(w) != 0 {
		t.Fatal(err, w)
	}
	if d, _ := b.Value("default"); d != "{}" {
		t.Fatalf("default %s", d)
	}
	if len(load(t, r).Hubs) != 0 {
		t.Fatal("hubs left")
	}
	if _, err := os.Stat(r.File.Path); err != nil {
		t.Fatal("the file was deleted: aigne never deletes it")
	}
}

// A keychain that is there but cannot be read: the file's hubs are listed,
// a keychain hub's key is the keychain's error, and so is the active hub
// when the file has no usable default.
func TestBrokenKeychain(t *testing.T) {
	r, b := newTestRegistry(t, "a.example:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\nb.example:\n  AIGNE_HUB_API_URL: https://b.example/ai-kit\n  AIGNE_HUB_API_KEY: k\n")
	b.Err = &UnavailableError{Reason: ReasonTimeout}
	s := load(t, r)
	if hosts(s) != "a.example,b.example" || !errors.As(s.KeychainErr, new(*UnavailableError)) {
		t.Fatalf("%s %v", hosts(s), s.KeychainErr)
	}
	h, _ := s.Hub("a.example")
	if _, err := s.Credentials(h); !errors.As(err, new(*UnavailableError)) {
		t.Fatalf("key of a keychain hub: %v", err)
	}
	if e := mustKey(t, s, "b.example"); e.Key != "k" {
		t.Fatal(e)
	}
	if _, err := s.Active(); !errors.As(err, new(*UnavailableError)) {
		t.Fatalf("active: %v", err)
	}
	// Remove is not stuck: it warns about what may be left.
	if _, w, err := r.Remove(context.Background(), "a.example"); err != nil || len(w) != 1 || w[0].What != WarnKeyLeft {
		t.Fatalf("%v %+v", err, w)
	}
	// No keychain at all: silence, and the key is nowhere.
	r2, b2 := newTestRegistry(t, "a.example:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n")
	b2.Err = ErrNoKeychain
	s2 := load(t, r2)
	h2, _ := s2.Hub("a.example")
	if s2.KeychainErr != nil || h2.Store != StoreNone {
		t.Fatalf("%v %+v", s2.KeychainErr, h2)
	}
	if _, _, err := r2.Save(context.Background(), "a.example", "https://a.example/ai-kit", "k", StoreKeyring); !errors.Is(err, ErrNoKeychain) {
		t.Fatalf("%v", err)
	}
}

// Concurrent connects of one hub into different stores: the lock covers
// the keychain writes too, so the key always ends up somewhere.
func TestConcurrentSavesLoseNoKey(t *testing.T) {
	for round := 0; round < 20; round++ {
		r, _ := newTestRegistry(t, "")
		var wg sync.WaitGroup
		for i, store := range []Store{StoreFile, StoreKeyring, StoreFile, StoreKeyring} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Each process has its own registry over the same places.
				r2 := &Registry{File: NewFile(r.File.Path), Keychain: r.Keychain}
				if _, w, err := r2.Save(context.Background(), "h.example", "https://h.example/ai-kit", "k"+string(rune('0'+i)), store); err != nil || len(w) != 0 {
					t.Error(err, w)
				}
			}()
		}
		wg.Wait()
		if e := mustKey(t, load(t, r), "h.example"); e.Key == "" {
			t.Fatal("key lost")
		}
	}
}
