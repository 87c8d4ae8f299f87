package credentials

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func newTestRegistry(t *testing.T) (*Registry, *MemoryStore) {
	t.Helper()
	ks := NewMemoryStore()
	return NewRegistry(filepath.Join(t.TempDir(), ".aigne", FileName), ks), ks
}

func TestSaveFileStore(t *testing.T) {
	r, ks := newTestRegistry(t)
	ctx := context.Background()
	if err := r.Save(ctx, "hub.aigne.io", "https://hub.aigne.io/ai-kit", "secret-1", StoreFile); err != nil {
		t.Fatal(err)
	}
	doc, _ := r.File.Load()
	h, ok := doc.Hub("hub.aigne.io")
	if !ok || !h.HasKey || doc.Active() != "hub.aigne.io" {
		t.Fatalf("hub %+v active %q", h, doc.Active())
	}
	k, store, err := r.Key(h)
	if err != nil || k != "secret-1" || store != StoreFile {
		t.Fatalf("Key = %q %q %v", k, store, err)
	}
	if _, err := ks.Get("hub.aigne.io"); !errors.Is(err, ErrNotFound) {
		t.Fatal("file store wrote to the keyring")
	}
}

func TestSaveKeyringKeepsKeyOutOfFile(t *testing.T) {
	r, ks := newTestRegistry(t)
	ctx := context.Background()
	if err := r.Save(ctx, "hub.aigne.io", "https://hub.aigne.io/ai-kit", "secret-k", StoreKeyring); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(r.File.Path)
	if strings.Contains(string(data), "secret-k") || strings.Contains(string(data), FieldKey) {
		t.Fatalf("key in the file:\n%s", data)
	}
	if k, _ := ks.Get("hub.aigne.io"); k != "secret-k" {
		t.Fatalf("keyring has %q", k)
	}
	doc, _ := r.File.Load()
	h, _ := doc.Hub("hub.aigne.io")
	if k, store, err := r.Key(h); k != "secret-k" || store != StoreKeyring || err != nil {
		t.Fatalf("Key = %q %q %v", k, store, err)
	}
}

func TestMoveBetweenStores(t *testing.T) {
	r, ks := newTestRegistry(t)
	ctx := context.Background()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(r.Save(ctx, "h.example", "https://h.example/ai-kit", "k1", StoreFile))
	must(r.Save(ctx, "h.example", "https://h.example/ai-kit", "k2", StoreKeyring))
	doc, _ := r.File.Load()
	if _, ok := doc.Key("h.example"); ok {
		t.Fatal("file still holds the key after moving to the keyring")
	}
	if k, _ := ks.Get("h.example"); k != "k2" {
		t.Fatalf("keyring %q", k)
	}
	must(r.Save(ctx, "h.example", "https://h.example/ai-kit", "k3", StoreFile))
	if _, err := ks.Get("h.example"); !errors.Is(err, ErrNotFound) {
		t.Fatal("keyring copy left behind after moving to the file")
	}
	doc, _ = r.File.Load()
	if k, _ := doc.Key("h.example"); k != "k3" {
		t.Fatalf("file key %q", k)
	}
}

func TestKeyringUnavailableWritesNothing(t *testing.T) {
	r, ks := newTestRegistry(t)
	ctx := context.Background()
	if err := r.Save(ctx, "a.example", "https://a.example/ai-kit", "k1", StoreFile); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(r.File.Path)
	ks.Err = &UnavailableError{Err: errors.New("no D-Bus")}
	err := r.Save(ctx, "b.example", "https://b.example/ai-kit", "k2", StoreKeyring)
	var ue *UnavailableError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v", err)
	}
	after, _ := os.ReadFile(r.File.Path)
	if string(before) != string(after) {
		t.Fatalf("file changed:\n%s", after)
	}
	// Moving the only copy out of an unavailable keyring must not lose it:
	// the file gets the key, and the error says the old copy remains.
	ks.Err = nil
	if err := r.Save(ctx, "c.example", "https://c.example/ai-kit", "kc", StoreKeyring); err != nil {
		t.Fatal(err)
	}
	ks.Err = &UnavailableError{Err: errors.New("locked")}
	var le *LeftoverError
	if err := r.Save(ctx, "c.example", "https://c.example/ai-kit", "kc2", StoreFile); !errors.As(err, &le) || le.Store != StoreKeyring {
		t.Fatalf("want a LeftoverError about the keyring copy, got %v", err)
	}
	doc, _ := r.File.Load()
	if k, _ := doc.Key("c.example"); k != "kc2" {
		t.Fatalf("new key not saved in the file: %q", k)
	}
}

func TestRemove(t *testing.T) {
	r, ks := newTestRegistry(t)
	ctx := context.Background()
	for _, h := range []string{"a.example", "b.example", "c.example"} {
		store := StoreFile
		if h == "c.example" {
			store = StoreKeyring
		}
		if err := r.Save(ctx, h, "https://"+h+"/ai-kit", "k-"+h, store); err != nil {
			t.Fatal(err)
		}
	}
	// c is active; removing a non-active hub keeps it.
	active, err := r.Remove(ctx, "b.example")
	if err != nil || active != "c.example" {
		t.Fatalf("remove b: %q %v", active, err)
	}
	// Removing the active hub makes the first remaining one active and
	// deletes its keychain entry.
	active, err = r.Remove(ctx, "c.example")
	if err != nil || active != "a.example" {
		t.Fatalf("remove c: %q %v", active, err)
	}
	if _, err := ks.Get("c.example"); !errors.Is(err, ErrNotFound) {
		t.Fatal("keychain entry survived remove")
	}
	active, err = r.Remove(ctx, "a.example")
	if err != nil || active != "" {
		t.Fatalf("remove a: %q %v", active, err)
	}
	doc, _ := r.File.Load()
	if len(doc.Hubs()) != 0 || doc.Active() != "" {
		t.Fatalf("left: %v %q", doc.Hubs(), doc.Active())
	}
	if _, err := r.Remove(ctx, "a.example"); err == nil {
		t.Fatal("removing an unknown hub succeeded")
	}
}

func TestRemoveWithMissingKeychainEntry(t *testing.T) {
	r, ks := newTestRegistry(t)
	ctx := context.Background()
	if err := r.Save(ctx, "a.example", "https://a.example/ai-kit", "k", StoreKeyring); err != nil {
		t.Fatal(err)
	}
	_ = ks.Delete("a.example")
	if _, err := r.Remove(ctx, "a.example"); err != nil {
		t.Fatalf("missing keychain entry made remove fail: %v", err)
	}
}

func TestKeyMissing(t *testing.T) {
	r, ks := newTestRegistry(t)
	ctx := context.Background()
	if err := r.Save(ctx, "a.example", "https://a.example/ai-kit", "k", StoreKeyring); err != nil {
		t.Fatal(err)
	}
	_ = ks.Delete("a.example")
	doc, _ := r.File.Load()
	h, _ := doc.Hub("a.example")
	if _, _, err := r.Key(h); !errors.Is(err, ErrNoKey) {
		t.Fatalf("err = %v, want ErrNoKey", err)
	}
}

// TestRemoveWithUnavailableKeyring: a hub whose key is in a keychain that
// cannot be reached is still forgotten, and the caller learns what may
// remain in the keychain.
func TestRemoveWithUnavailableKeyring(t *testing.T) {
	r, ks := newTestRegistry(t)
	ctx := context.Background()
	if err := r.Save(ctx, "a.example", "https://a.example/ai-kit", "k", StoreKeyring); err != nil {
		t.Fatal(err)
	}
	ks.Err = &UnavailableError{Err: errors.New("no D-Bus")}
	_, err := r.Remove(ctx, "a.example")
	var le *LeftoverError
	if !errors.As(err, &le) || le.Host != "a.example" || !strings.Contains(err.Error(), "no D-Bus") {
		t.Fatalf("err = %v", err)
	}
	doc, _ := r.File.Load()
	if len(doc.Hubs()) != 0 {
		t.Fatal("hub not removed")
	}
}
