package credentials

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

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
