package cli

import (
	"strings"
	"testing"
)

func TestParseHubURL(t *testing.T) {
	ok := map[string]string{
		"https://hub.aigne.io":              "https://hub.aigne.io",
		"https://hub.aigne.io/ai-kit/":      "https://hub.aigne.io",
		"hub.aigne.io":                      "https://hub.aigne.io",
		"  Hub.AIGNE.io/  ":                 "https://hub.aigne.io",
		"https://hub.aigne.io:443/x?y=1#z":  "https://hub.aigne.io",
		"http://localhost:3000":             "http://localhost:3000",
		"http://127.0.0.1:80/":              "http://127.0.0.1",
		"example.com:8443":                  "https://example.com:8443",
		"https://[::1]:8443/":               "https://[::1]:8443",
		"HTTP://EXAMPLE.COM":                "http://example.com",
		"https://example.com:08443/ai-kit/": "https://example.com:8443",
	}
	for in, want := range ok {
		u, err := ParseHubURL(in)
		if err != nil || u.String() != want {
			t.Errorf("%q: %v %v, want %s", in, u, err, want)
		}
	}
	bad := map[string]string{
		"":                           "empty",
		"ftp://hub.aigne.io":         "scheme",
		"mailto:a@b":                 "scheme",
		"javascript:alert(1)":        "scheme",
		"https://":                   "no host",
		"https://user:pw@hub.io":     "passwords",
		"https://hub.io:99999":       "port",
		"https://hub.io:":            "port",
		"https://hub\x00.io":         "control",
		"hub.aigne.io\n":             "",
		"https://hub aigne.io":       "spaces",
		"https://hub.io\x1b[31m":     "control",
		"file:///etc/passwd":         "scheme",
		"https://hub.io:abc":         "",
		"https://%zz":                "",
		"\u202ehttps://hub.aigne.io": "",
	}
	for in, want := range bad {
		if in == "hub.aigne.io\n" {
			continue // trailing newline is trimmed like other space
		}
		_, err := ParseHubURL(in)
		if err == nil {
			t.Errorf("%q accepted", in)
		} else if !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want it to mention %q", in, err, want)
		}
	}
}

// FuzzParseHubURL: never panics; what it returns is an origin that parses
// to itself.
func FuzzParseHubURL(f *testing.F) {
	for _, s := range []string{"https://hub.aigne.io/ai-kit", "hub.aigne.io", "http://[::1]:3000", "example.com:8443", "ftp://x", "https://a:b@c", "%", "https://[::1", "a:1:2"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := ParseHubURL(s)
		if err != nil {
			return
		}
		if u.Path != "" || u.RawQuery != "" || u.User != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			t.Fatalf("%q gave a non-origin %#v", s, u)
		}
		again, err := ParseHubURL(u.String())
		if err != nil || again.String() != u.String() {
			t.Fatalf("%q → %s → %v %v", s, u, again, err)
		}
	})
}

func TestParseHubURLRejectsInvisibleCharacters(t *testing.T) {
	for _, s := range []string{"https://hub\u202e.example.com", "hub\u200b.example.com", "hub.example.com\u00ad", "https://hub.example.com/\ufeff"} {
		if _, err := ParseHubURL(s); err == nil {
			t.Errorf("%q accepted", s)
		}
	}
	// A host in another script is printable and fine; it is keyed by its
	// punycode, as Node's new URL() writes it.
	if u, err := ParseHubURL("https://例子.测试"); err != nil || u.Host != "xn--fsqu00a.xn--0zwm56d" {
		t.Errorf("IDN host: %v %v", u, err)
	}
}
