package credentials

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/aigne-io/aigne/huburl"
)

// Helpers shared by the test files of this package.

// nodeFile is what @aigne/cli 1.59 writes, plus a key and a field of some
// other tool that we must keep.
const nodeFile = `hub.aigne.io:
  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit
  AIGNE_HUB_API_KEY: key-one
  EXTRA_FIELD: keep me
example.com:8443:
  AIGNE_HUB_API_URL: https://example.com:8443/ai-kit
  AIGNE_HUB_API_KEY: key-two
other-tool:
  setting: 42
plain-setting: just text
default:
  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit
`

// writeFile writes content, with mode, as the hub file of a home of the
// test's own, and returns that file.
func writeFile(t *testing.T, content string, mode os.FileMode) *File {
	t.Helper()
	dir := filepath.Join(t.TempDir(), ".aigne")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, FileName)
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	return NewFile(path)
}

// setActive points the file's default at the entry of host, as `use` does.
func setActive(d *Doc, host string) error {
	for _, e := range d.Entries() {
		if e.Name == host {
			d.SetActiveURL(e.APIURL)
			return nil
		}
	}
	return fmt.Errorf("hub %s is not saved", host)
}

// activeHost is the host the file's default names, "" for none.
func activeHost(d *Doc) string {
	h, _ := huburl.HostOf(d.ActiveURL())
	return h
}

// testAccount is a host of the test's own in a real keychain (named after
// the test, so that a leftover says where it came from), deleted when the
// test ends. The live tests of every OS's keychain use it.
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

// roundTrip is the live test that every OS's keychain passes: nothing
// there before, a write read back (and, by item, the raw item checked as
// the Node.js CLI reads it), a replacement that keeps one item, a delete,
// and a second delete that is no error.
func roundTrip(t *testing.T, k *Keychain, item func(host, apiURL, key string)) {
	t.Helper()
	host := testAccount(t, k)
	apiURL := "https://" + host + "/ai-kit"
	if _, err := k.Get(host); !errors.Is(err, ErrNotFound) {
		t.Fatalf("before: %v", err)
	}
	const key = `key-1 ü 🔑 "quoted" \ back`
	if err := k.Put(host, apiURL, key); err != nil {
		t.Fatal(err)
	}
	if e, err := k.Get(host); err != nil || e.Key != key || e.APIURL != apiURL {
		t.Fatalf("%+v %v", e, err)
	}
	if item != nil {
		item(host, apiURL, key)
	}
	if err := k.Put(host, apiURL, "key-2"); err != nil {
		t.Fatal(err)
	}
	l, err := k.List(false)
	if err != nil {
		t.Fatal(err)
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
	// macOS lists accounts without their values.
	if it := l.Items[host]; it.Read && it.Key != "key-2" {
		t.Fatalf("listed %+v", it)
	}
	if e, err := k.Get(host); err != nil || e.Key != "key-2" {
		t.Fatalf("after the replacement: %+v %v", e, err)
	}
	if err := k.DeleteKey(host); err != nil {
		t.Fatal(err)
	}
	if _, err := k.Get(host); !errors.Is(err, ErrNotFound) {
		t.Fatalf("after delete: %v", err)
	}
	if err := k.DeleteKey(host); err != nil {
		t.Fatal(err)
	}
}

// What the Node CLI leaves after moving a file into the keychain: no file.
func nodeMigrated(b *MemoryBackend) {
	_ = b.Set("hub.aigne.io", `{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit","AIGNE_HUB_API_KEY":"key-one"}`)
	_ = b.Set("example.com:8443", `{"AIGNE_HUB_API_URL":"https://example.com:8443/ai-kit","AIGNE_HUB_API_KEY":12345}`)
	_ = b.Set("default", `{"AIGNE_HUB_API_URL":"https://example.com:8443/ai-kit"}`)
}
