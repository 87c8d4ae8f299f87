package cli

import (
	"strings"
	"testing"
	"unicode"

	"github.com/aigne-io/aigne/huburl"
)

// Parsing is huburl's (tested there against Node's URL parser); here, that
// every kind of bad URL is said in both languages, quoting what was typed.
func TestURLReasonInBothLanguages(t *testing.T) {
	bad := map[string]string{
		"":                       "empty",
		"ftp://hub.aigne.io":     `"ftp"`,
		"https://":               "no host",
		"https://user:pw@hub.io": "passwords",
		"https://hub.io:99999":   `"99999"`,
		"https://hub.io:":        "empty port",
		"https://hub aigne.io":   "U+20",
		"https://a<b":            "invalid host",
		"https:hub.io":           "invalid URL",
	}
	for in, want := range bad {
		_, err := huburl.Parse(in)
		if err == nil {
			t.Errorf("%q parsed", in)
			continue
		}
		if got := urlReason(Printer{Lang: "en"}, err); !strings.Contains(got, want) {
			t.Errorf("%q: %q, want %q in it", in, got, want)
		}
		zh := urlReason(Printer{Lang: "zh"}, err)
		if !hasHan(zh) {
			t.Errorf("%q: not translated: %q", in, zh)
		}
	}
	if _, err := huburl.ParseAbsolute("hub.aigne.io"); !strings.Contains(urlReason(Printer{Lang: "en"}, err), "absolute") {
		t.Errorf("not absolute: %v", err)
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}
