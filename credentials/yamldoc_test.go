package credentials

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestLoadNodeFile(t *testing.T) {
	f := writeFile(t, nodeFile, 0o644)
	doc, err := f.Load()
	if err != nil {
		t.Fatal(err)
	}
	hubs := doc.Entries()
	want := []FileEntry{
		{Name: "hub.aigne.io", APIURL: "https://hub.aigne.io/ai-kit", Key: "key-one", Line: 1},
		{Name: "example.com:8443", APIURL: "https://example.com:8443/ai-kit", Key: "key-two", Line: 5},
	}
	if fmt.Sprint(hubs) != fmt.Sprint(want) {
		t.Fatalf("hubs = %v, want %v", hubs, want)
	}
	if got := activeHost(doc); got != "hub.aigne.io" {
		t.Fatalf("active = %q", got)
	}
	if k, _ := doc.Key("example.com:8443"); k != "key-two" {
		t.Fatalf("key = %q", k)
	}
}

func TestRewriteKeepsUnknownKeysAndFields(t *testing.T) {
	f := writeFile(t, nodeFile, 0o644)
	err := f.Update(context.Background(), func(d *Doc) error {
		d.PutHub("new.example", "https://new.example/ai-kit")
		d.SetKey("new.example", "key-three")
		return setActive(d, "new.example")
	})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(f.Path)
	for _, s := range []string{"EXTRA_FIELD: keep me", "other-tool:", "setting: 42", "plain-setting: just text", "key-one", "key-two", "key-three"} {
		if !bytes.Contains(data, []byte(s)) {
			t.Errorf("rewrite lost %q:\n%s", s, data)
		}
	}
	// "default" stays the last key, where the Node CLI puts it.
	if !strings.HasSuffix(string(data), "default:\n  AIGNE_HUB_API_URL: https://new.example/ai-kit\n") {
		t.Errorf("default is not last or not updated:\n%s", data)
	}
	doc, err := f.Load()
	if err != nil {
		t.Fatal(err)
	}
	if activeHost(doc) != "new.example" || len(doc.Entries()) != 3 {
		t.Fatalf("after rewrite: active %q hubs %v", activeHost(doc), doc.Entries())
	}
}

// FuzzParse: no input makes Parse panic, and whatever parses survives a
// rewrite with the same hubs and the same active hub.
func FuzzParse(f *testing.F) {
	f.Add([]byte(nodeFile))
	f.Add([]byte(""))
	f.Add([]byte("default:\n  AIGNE_HUB_API_URL: https://x/ai-kit\n"))
	f.Add([]byte("a: &x {AIGNE_HUB_API_URL: u}\nb: *x\n"))
	f.Add([]byte("- 1\n"))
	f.Add([]byte("? [a]\n: b\n"))
	f.Add([]byte("h:\n  AIGNE_HUB_API_URL: !!binary aGk=\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := Parse("fuzz.yaml", data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("non-ParseError %T: %v", err, err)
			}
			return
		}
		out, err := doc.Bytes()
		if err != nil {
			t.Fatalf("Bytes: %v", err)
		}
		again, err := Parse("fuzz.yaml", out)
		if err != nil {
			t.Fatalf("our own output does not parse: %v\n%s", err, out)
		}
		if fmt.Sprint(doc.Entries()) != fmt.Sprint(again.Entries()) || activeHost(doc) != activeHost(again) {
			t.Fatalf("rewrite changed the hubs: %v/%q vs %v/%q", doc.Entries(), activeHost(doc), again.Entries(), activeHost(again))
		}
	})
}
