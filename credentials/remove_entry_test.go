package credentials

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The parts of a hub file with invalid entries. Each is the bytes the
// writer gives it back, so that what survives a removal is compared byte
// for byte.
const (
	entGood  = "good.example:\n  AIGNE_HUB_API_URL: https://good.example/ai-kit\n  AIGNE_HUB_API_KEY: k1\n  EXTRA_FIELD: keep me\n"
	entUpper = "Bad.Entry.com:\n  AIGNE_HUB_API_URL: https://kc.example/ai-kit\n"        // another host, upper case
	entNamed = "named.example:\n  AIGNE_HUB_API_URL: https://elsewhere.example/ai-kit\n" // another host
	entNoURL = "nourl.example:\n  AIGNE_HUB_API_KEY: k3\n"
	entTwice = "twice.example:\n  AIGNE_HUB_API_URL: https://twice.example/ai-kit\n  AIGNE_HUB_API_URL: https://twice.example/ai-kit\n"
	entTool  = "other-tool:\n  setting: 42\n"
	// The default names a usable hub, the keychain's kc.example.
	entDefault = "default:\n  AIGNE_HUB_API_URL: https://kc.example/ai-kit\n"
)

// keychainText is every item of the keychain with its value, in account
// order: what must not change.
func keychainText(t *testing.T, k *Keychain) string {
	t.Helper()
	accounts, err := k.Backend.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(accounts)
	var b strings.Builder
	for _, a := range accounts {
		v, err := k.Backend.Get(a)
		if err != nil {
			t.Fatalf("%s: %v", a, err)
		}
		b.WriteString(a + " = " + v + "\n")
	}
	return b.String()
}

// fillKeychain gives the keychain the items an invalid entry must never
// touch: the item of its name, of its URL's host (a usable hub), and the
// default item.
func fillKeychain(t *testing.T, k *Keychain) {
	t.Helper()
	for host, key := range map[string]string{
		"kc.example":        "kc-key",
		"named.example":     "named-key",
		"elsewhere.example": "else-key",
		"nourl.example":     "nourl-key",
		"twice.example":     "twice-key",
		"bad.entry.com":     "bad-key",
	} {
		if err := k.Put(host, "https://"+host+"/ai-kit", key); err != nil {
			t.Fatal(err)
		}
	}
	if err := k.SetDefault("https://named.example/ai-kit"); err != nil {
		t.Fatal(err)
	}
}

// removeInvalidEntries removes, through Remove as `aigne hub remove`
// reaches it, each invalid entry of a file that has every kind, and
// checks that each goes alone: the keychain is untouched, the other
// entries, the other tool's setting and the default keep their bytes.
func removeInvalidEntries(t *testing.T, r *Registry) {
	t.Helper()
	ctx := context.Background()
	fillKeychain(t, r.Keychain)
	items := keychainText(t, r.Keychain)
	parts := []string{entGood, entUpper, entNamed, entTool, entNoURL, entTwice, entDefault}
	if err := os.MkdirAll(filepath.Dir(r.File.Path), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(r.File.Path, []byte(strings.Join(parts, "")), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"named.example", "Bad.Entry.com", "twice.example", "nourl.example"} {
		s := load(t, r)
		if h, ok := s.Hub(name); !ok || !h.Invalid || !h.InFile {
			t.Fatalf("%s: %+v (hubs %s)", name, h, hosts(s))
		}
		next, warns, err := r.Remove(ctx, name)
		if err != nil || len(warns) != 0 {
			t.Fatalf("remove %s: %v %v", name, err, warns)
		}
		if next.Host != "kc.example" {
			t.Fatalf("remove %s: active afterwards %q, want kc.example as before", name, next.Host)
		}
		for i, p := range parts {
			if strings.HasPrefix(p, name+":") {
				parts = append(parts[:i], parts[i+1:]...)
				break
			}
		}
		if got, want := fileText(t, r), strings.Join(parts, ""); got != want {
			t.Fatalf("after removing %s the file is\n%s\nwant\n%s", name, got, want)
		}
		if got := keychainText(t, r.Keychain); got != items {
			t.Fatalf("removing the file entry %s changed the keychain:\n%s\nwas\n%s", name, got, items)
		}
	}
}

// An invalid entry's removal deletes no keychain item: not the one of
// its name, which hides behind it (named.example), nor its URL's.
func TestRemoveInvalidEntryTouchesNoKeychainItem(t *testing.T) {
	r, b := newTestRegistry(t, "")
	removeInvalidEntries(t, r)
	if b.Calls["Delete"] != 0 {
		t.Fatalf("%d keychain deletes", b.Calls["Delete"])
	}
}

// The entry `remove` is asked for by name: the one written so, else the
// one whose name in lower case it is, unless a usable hub has that host
// or two entries have it.
func TestInvalidEntryByName(t *testing.T) {
	r, b := newTestRegistry(t, entGood+entUpper+"Two.Example:\n  AIGNE_HUB_API_URL: https://two.example/ai-kit\n"+
		"TWO.example:\n  AIGNE_HUB_API_URL: https://two.example/ai-kit\n"+entNamed)
	s := load(t, r)
	for name, want := range map[string]string{
		"Bad.Entry.com": "Bad.Entry.com",
		"bad.entry.com": "Bad.Entry.com",
		"BAD.ENTRY.COM": "",
		"Two.Example":   "Two.Example",
		"two.example":   "", // two entries would do
		"named.example": "named.example",
		"good.example":  "", // usable
		"":              "",
	} {
		h, ok := s.InvalidEntry(name)
		if ok != (want != "") || h.Host != want {
			t.Errorf("InvalidEntry(%q) = %q %v, want %q", name, h.Host, ok, want)
		}
	}
	// A usable hub of that host is what the lower-case name means.
	_ = b.Set("bad.entry.com", `{"AIGNE_HUB_API_URL":"https://bad.entry.com/ai-kit","AIGNE_HUB_API_KEY":"k"}`)
	if h, ok := load(t, r).InvalidEntry("bad.entry.com"); ok {
		t.Fatalf("the usable hub's host gave the entry %s", h.Host)
	}
}

// RemoveEntry drops the file's default only when it names the entry, and
// never a usable hub's; an entry mended meanwhile is not removed.
func TestRemoveEntryDefault(t *testing.T) {
	ctx := context.Background()
	const upper = "Upper.Example:\n  AIGNE_HUB_API_URL: https://upper.example/ai-kit\n"
	for _, def := range []string{"https://upper.example/ai-kit", "https://upper.example/other"} {
		r, b := newTestRegistry(t, entGood+upper+"default:\n  AIGNE_HUB_API_URL: "+def+"\n")
		next, err := r.RemoveEntry(ctx, "Upper.Example")
		if err != nil || next.Host != "" {
			t.Fatalf("%+v %v", next, err)
		}
		if got := fileText(t, r); got != entGood {
			t.Fatalf("default %s: the file is\n%s", def, got)
		}
		if b.Calls["Set"]+b.Calls["Delete"] != 0 {
			t.Fatalf("keychain written: %v", b.Calls)
		}
	}
	r, _ := newTestRegistry(t, entGood+upper+"default:\n  AIGNE_HUB_API_URL: https://good.example/ai-kit\n")
	next, err := r.RemoveEntry(ctx, "Upper.Example")
	if err != nil || next.Host != "good.example" {
		t.Fatalf("%+v %v", next, err)
	}
	if got := fileText(t, r); got != entGood+"default:\n  AIGNE_HUB_API_URL: https://good.example/ai-kit\n" {
		t.Fatalf("the file is\n%s", got)
	}
	for _, name := range []string{"Upper.Example", "good.example"} {
		if _, err := r.RemoveEntry(ctx, name); !errors.As(err, new(*NotSavedError)) {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if got := fileText(t, r); got != entGood+"default:\n  AIGNE_HUB_API_URL: https://good.example/ai-kit\n" {
		t.Fatalf("the file is\n%s", got)
	}
}
