package cli

import "testing"

// TestOr: choices are offered as a sentence in each language offers them.
func TestOr(t *testing.T) {
	for _, c := range []struct {
		lang    string
		choices []string
		want    string
	}{
		{"en", nil, ""},
		{"en", []string{"a"}, "a"},
		{"en", []string{"text", "json"}, "text or json"},
		{"en", []string{"bash", "zsh", "fish", "powershell"}, "bash, zsh, fish or powershell"},
		{"zh", []string{"text", "json"}, "text 或 json"},
		{"zh", []string{"bash", "zsh", "fish", "powershell"}, "bash、zsh、fish 或 powershell"},
	} {
		if got := (Printer{Lang: c.lang}).Or(c.choices); got != c.want {
			t.Errorf("%s %q: got %q, want %q", c.lang, c.choices, got, c.want)
		}
	}
}
