package credentials

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"syscall"
	"testing"
)

func TestWinTarget(t *testing.T) {
	for _, account := range []string{"hub.aigne.io", "example.com:8443", "[::1]:8080", "default", "a/b"} {
		target := winTarget(account)
		if target != "aigne-hub-api-key/"+account {
			t.Fatalf("winTarget(%q) = %q", account, target)
		}
		if got, ok := winAccount(target); !ok || got != account {
			t.Fatalf("winAccount(%q) = %q, %v", target, got, ok)
		}
	}
}

func TestWinAccount(t *testing.T) {
	cases := map[string]struct {
		account string
		ok      bool
	}{
		"aigne-hub-api-key/hub.aigne.io":     {"hub.aigne.io", true},
		"AIGNE-HUB-API-KEY/hub.aigne.io":     {"hub.aigne.io", true},
		"aigne-hub-api-key/":                 {"", false},
		"aigne-hub-api-key":                  {"", false},
		"aigne-hub-api-key-dev/hub.aigne.io": {"", false},
		"git:https://github.com":             {"", false},
		"":                                   {"", false},
	}
	for target, want := range cases {
		if got, ok := winAccount(target); got != want.account || ok != want.ok {
			t.Errorf("winAccount(%q) = %q, %v; want %q, %v", target, got, ok, want.account, want.ok)
		}
	}
}

// winFake is an in-memory Credential Manager; err, when set, answers every call.
type winFake struct {
	creds map[string]winCred // by target
	err   error
	calls []string
}

func (f *winFake) read(target string) (winCred, error) {
	f.calls = append(f.calls, "read "+target)
	if f.err != nil {
		return winCred{}, f.err
	}
	c, ok := f.creds[target]
	if !ok {
		return winCred{}, winErrorNotFound
	}
	return c, nil
}

func (f *winFake) write(c winCred) error {
	f.calls = append(f.calls, "write "+c.Target)
	if f.err != nil {
		return f.err
	}
	f.creds[c.Target] = c
	return nil
}

func (f *winFake) remove(target string) error {
	f.calls = append(f.calls, "remove "+target)
	if f.err != nil {
		return f.err
	}
	if _, ok := f.creds[target]; !ok {
		return winErrorNotFound
	}
	delete(f.creds, target)
	return nil
}

// list ignores the filter and returns everything it holds, in a fixed
// order, so that the tests show ReadAll keeping only the service's items.
func (f *winFake) list(filter string) ([]winCred, error) {
	f.calls = append(f.calls, "list "+filter)
	if f.err != nil {
		return nil, f.err
	}
	var out []winCred
	for _, target := range []string{"aigne-hub-api-key/hub.aigne.io", "aigne-hub-api-key/utf16.example", "aigne-hub-api-key/default", "aigne-hub-api-key/", "other/x"} {
		if c, ok := f.creds[target]; ok {
			out = append(out, c)
		}
	}
	return out, nil
}

func winTestBackend() (winBackend, *winFake) {
	f := &winFake{creds: map[string]winCred{}}
	return winBackend{store: f}, f
}

func TestWinRoundTrip(t *testing.T) {
	b, f := winTestBackend()
	value := `{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit","AIGNE_HUB_API_KEY":"k é"}`
	if err := b.Set("hub.aigne.io", value); err != nil {
		t.Fatal(err)
	}
	c := f.creds["aigne-hub-api-key/hub.aigne.io"]
	if c.User != "hub.aigne.io" || string(c.Blob) != value {
		t.Fatalf("stored %+v", c)
	}
	if got, err := b.Get("hub.aigne.io"); err != nil || got != value {
		t.Fatalf("Get: %q, %v", got, err)
	}
	if err := b.Delete("hub.aigne.io"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Get("hub.aigne.io"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get after Delete: %v", err)
	}
	if err := b.Delete("hub.aigne.io"); err != nil {
		t.Fatalf("Delete of a missing item: %v", err)
	}
}

func TestWinSetSizeLimit(t *testing.T) {
	b, f := winTestBackend()
	if err := b.Set("hub.aigne.io", strings.Repeat("x", 2560)); err != nil {
		t.Fatalf("2560 bytes: %v", err)
	}
	f.calls = nil
	err := b.Set("hub.aigne.io", strings.Repeat("é", 1281)) // 2562 bytes
	var ue *UnavailableError
	if !errors.As(err, &ue) || ue.Reason != ReasonTooLarge {
		t.Fatalf("2562 bytes: %v", err)
	}
	if len(f.calls) != 0 {
		t.Fatal("the store was called for a value that does not fit")
	}
}

func TestWinList(t *testing.T) {
	b, f := winTestBackend()
	f.creds["aigne-hub-api-key/hub.aigne.io"] = winCred{Target: "aigne-hub-api-key/hub.aigne.io", User: "hub.aigne.io", Blob: []byte("v1")}
	f.creds["aigne-hub-api-key/default"] = winCred{Target: "aigne-hub-api-key/default", User: "someone-else", Blob: []byte("v2")}
	f.creds["aigne-hub-api-key/"] = winCred{Target: "aigne-hub-api-key/", Blob: []byte("v3")}
	f.creds["other/x"] = winCred{Target: "other/x", Blob: []byte("v4")}
	items, err := b.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []RawItem{{Account: "hub.aigne.io", Value: "v1", Read: true}, {Account: "default", Value: "v2", Read: true}}
	if !reflect.DeepEqual(items, want) {
		t.Fatalf("items %+v", items)
	}
	if !reflect.DeepEqual(f.calls, []string{"list aigne-hub-api-key/*"}) {
		t.Fatalf("calls %q", f.calls)
	}
}

func TestWinErrors(t *testing.T) {
	cases := []struct {
		name   string
		err    error
		reason Reason
	}{
		{name: "no logon session", err: syscall.Errno(1312), reason: ReasonNoSession},
		{name: "no logon session, wrapped", err: fmt.Errorf("CredEnumerate: %w", syscall.Errno(1312)), reason: ReasonNoSession},
		{name: "access denied", err: syscall.Errno(5), reason: ReasonDenied},
		{name: "bad user name", err: syscall.Errno(2202), reason: ReasonFailed},
		{name: "no error code", err: syscall.Errno(0), reason: ReasonFailed},
		{name: "invalid parameter", err: syscall.Errno(87), reason: ReasonFailed},
		{name: "other", err: errors.New("boom"), reason: ReasonFailed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, f := winTestBackend()
			f.err = c.err
			errs := map[string]error{}
			_, errs["Get"] = b.Get("hub.aigne.io")
			errs["Set"] = b.Set("hub.aigne.io", "v")
			errs["Delete"] = b.Delete("hub.aigne.io")
			_, errs["ReadAll"] = b.ReadAll()
			_, errs["Accounts"] = b.Accounts()
			for op, err := range errs {
				err = unavailable(err) // as the Keychain reports it
				var ue *UnavailableError
				switch {
				case !errors.As(err, &ue) || ue.Reason != c.reason:
					t.Errorf("%s: %v, want reason %d", op, err, c.reason)
				case errors.Is(err, ErrNoKeychain) || errors.Is(err, ErrNotFound):
					t.Errorf("%s: %v also matches a sentinel", op, err)
				}
			}
		})
	}
}

func TestWinNotFound(t *testing.T) {
	b, f := winTestBackend()
	f.err = syscall.Errno(1168)
	if _, err := b.Get("x"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Get: %v", err)
	}
	if err := b.Delete("x"); err != nil {
		t.Fatalf("Delete: %v", err)
	}
	if items, err := b.ReadAll(); err != nil || len(items) != 0 {
		t.Fatalf("List: %v %v", items, err)
	}
}

func TestWinRefusesNUL(t *testing.T) {
	b, f := winTestBackend()
	if _, err := b.Get("a\x00b"); err == nil {
		t.Fatal("no error")
	}
	if err := b.Set("a\x00b", "v"); err == nil {
		t.Fatal("no error")
	}
	if len(f.calls) != 0 {
		t.Fatal("the store was called")
	}
}

// A credential whose value is not UTF-8 text (UTF-16, as cmdkey and
// Windows' credential dialog store it; bytes that are no text at all) is
// listed with its error; the others are read.
func TestWinListOneBadItem(t *testing.T) {
	for name, blob := range map[string][]byte{
		"utf-16":    {'{', 0, '}', 0},
		"not utf-8": {'{', '"', 0xff, '"', '}'},
	} {
		b, f := winTestBackend()
		f.creds["aigne-hub-api-key/hub.aigne.io"] = winCred{Target: "aigne-hub-api-key/hub.aigne.io", User: "hub.aigne.io", Blob: []byte("v1")}
		f.creds["aigne-hub-api-key/utf16.example"] = winCred{Target: "aigne-hub-api-key/utf16.example", User: "utf16.example", Blob: blob}
		f.creds["aigne-hub-api-key/default"] = winCred{Target: "aigne-hub-api-key/default", Blob: []byte("v2")}
		items, err := b.ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(items) != 3 || items[0] != (RawItem{Account: "hub.aigne.io", Value: "v1", Read: true}) ||
			items[2] != (RawItem{Account: "default", Value: "v2", Read: true}) {
			t.Fatalf("%s: items %+v", name, items)
		}
		bad := items[1]
		var ue *UnavailableError
		if bad.Account != "utf16.example" || bad.Read || bad.Value != "" || !errors.As(unavailable(bad.Err), &ue) || ue.Reason != ReasonFailed {
			t.Fatalf("%s: bad item %+v", name, bad)
		}
	}
}
