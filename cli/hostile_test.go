package cli

import (
	"strings"
	"testing"
)

// Values other programs wrote — the hub file, the keychain, the
// environment, a hub's answers — never crash aigne nor reach the terminal
// raw.

// URLs that the URL Standard (and so huburl) reads but net/url refuses: a
// "%" that starts no escape, a "{" in the host. They used to make status,
// info and list --check dereference nil.
func TestSavedURLsThatNetURLRefuses(t *testing.T) {
	file := `default:
  AIGNE_HUB_API_URL: https://h.example/%zz
h.example:
  AIGNE_HUB_API_URL: https://h.example/%zz
  AIGNE_HUB_API_KEY: k1
a{b.example:
  AIGNE_HUB_API_URL: https://a{b.example/ai-kit
  AIGNE_HUB_API_KEY: k2
`
	h := newHarness(t, file)
	h.env[EnvRequestTimeout] = "1s"
	_ = h.keys.Set("c`d.example", `{"AIGNE_HUB_API_URL":"https://c`+"`"+`d.example/x","AIGNE_HUB_API_KEY":"k3"}`)
	_ = h.keys.Set("e.example", `{"AIGNE_HUB_API_URL":"https://e.example/ai-kit%","AIGNE_HUB_API_KEY":"k4"}`)
	for _, args := range [][]string{
		{"hub", "status"}, {"hub", "info"}, {"hub", "info", "h.example"}, {"hub", "info", "e.example"},
		{"hub", "list", "--check"}, {"-o", "json", "hub", "list", "--check"}, {"hub", "token", "h.example"},
		{"hub", "env", "--shell=sh", "h.example"},
	} {
		code, out, errOut := h.run("", args...)
		// None of them has a usable key: each is an entry no key is sent for.
		if code != ExitAuth {
			t.Errorf("%v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	// Named in the environment, such a URL is a usage error.
	h.env[EnvAPIURL] = "https://h.example/%zz"
	if code, _, errOut := h.run("", "hub", "status"); code != ExitUsage || !strings.Contains(errOut, "%zz") {
		t.Errorf("status with %s: %d %q", EnvAPIURL, code, errOut)
	}
}
