package shellenv

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	for name, want := range map[string]Shell{
		"sh": SH, "bash": SH, "zsh": SH, "dash": SH, "ksh": SH, "BASH": SH,
		"fish": Fish, "powershell": PowerShell, "pwsh": PowerShell, "PowerShell": PowerShell,
		"cmd": Cmd,
	} {
		if got, err := Parse(name); got != want || err != nil {
			t.Errorf("Parse(%q) = %q, %v; want %q", name, got, err, want)
		}
	}
	for _, name := range []string{"", "csh", "tcsh", "nu", "cmd.exe", "/bin/bash", "bash "} {
		if got, err := Parse(name); !errors.Is(err, ErrUnknownShell) || got != "" {
			t.Errorf("Parse(%q) = %q, %v; want ErrUnknownShell", name, got, err)
		}
	}
}

func TestDetect(t *testing.T) {
	cases := []struct {
		shell, goos string
		want        Shell
	}{
		{"/bin/bash", "linux", SH},
		{"/usr/bin/zsh", "darwin", SH},
		{"/usr/local/bin/fish", "darwin", Fish},
		{"/opt/homebrew/bin/fish", "darwin", Fish},
		{"/usr/bin/pwsh", "linux", PowerShell},
		{"/usr/local/bin/pwsh-preview", "darwin", PowerShell},
		{"/bin/tcsh", "freebsd", SH},
		{"", "linux", SH},
		{"fish", "linux", Fish},
		// Windows: PowerShell unless a POSIX shell or fish says otherwise.
		{"", "windows", PowerShell},
		{"/usr/bin/bash", "windows", SH},              // Git Bash
		{`C:\msys64\usr\bin\bash.exe`, "windows", SH}, // MSYS2
		{`C:\Program Files\PowerShell\7\pwsh.exe`, "windows", PowerShell},
		{`C:\tools\FISH.EXE`, "windows", Fish},
		{`C:\Windows\System32\cmd.exe`, "windows", PowerShell}, // cmd is never guessed
		{"/usr/bin/nu", "windows", PowerShell},
	}
	for _, c := range cases {
		getenv := func(k string) string {
			if k == "SHELL" {
				return c.shell
			}
			return ""
		}
		if got := Detect(getenv, c.goos); got != c.want {
			t.Errorf("Detect(SHELL=%q, %s) = %q, want %q", c.shell, c.goos, got, c.want)
		}
	}
}

func TestAssign(t *testing.T) {
	const url = "https://hub.aigne.io/ai-kit"
	cases := []struct {
		sh          Shell
		name, value string
		want        string
	}{
		{SH, "AIGNE_HUB_API_URL", url, "export AIGNE_HUB_API_URL='" + url + "'\n"},
		{SH, "K", "", "export K=''\n"},
		{SH, "K", "it's", `export K='it'\''s'` + "\n"},
		{SH, "K", `a\b $HOME "x" ` + "`id`", `export K='a\b $HOME "x" ` + "`id`'\n"},
		{SH, "K", "a\nb", "export K='a\nb'\n"},
		{SH, "K", "''", `export K=''\'''\'''` + "\n"},
		{SH, "K", "\xff\xfe", "export K='\xff\xfe'\n"},
		{Fish, "AIGNE_HUB_API_URL", url, "set -gx AIGNE_HUB_API_URL '" + url + "'\n"},
		{Fish, "K", "", "set -gx K ''\n"},
		{Fish, "K", "it's", `set -gx K 'it\'s'` + "\n"},
		{Fish, "K", `a\b\'`, `set -gx K 'a\\b\\\''` + "\n"},
		{Fish, "K", `$HOME (id) "x"`, `set -gx K '$HOME (id) "x"'` + "\n"},
		{Fish, "K", "a\nb", "set -gx K 'a\nb'\n"},
		{Fish, "MY_PATH", "a:b", "set -gx --unpath MY_PATH 'a:b'\n"},
		{PowerShell, "AIGNE_HUB_API_URL", url, "$env:AIGNE_HUB_API_URL = '" + url + "'\n"},
		{PowerShell, "K", "", "$env:K = ''\n"},
		{PowerShell, "K", "it's", "$env:K = 'it''s'\n"},
		{PowerShell, "K", `$x "y" ` + "`z` \\", `$env:K = '$x "y" ` + "`z` \\'\n"},
		{PowerShell, "K", "a\r\nb", "$env:K = 'a' + ([char]0x000D) + ([char]0x000A) + 'b'\n"},
		{PowerShell, "K", "\u2018x\u2019\u201a\u201b", "$env:K = '' + ([char]0x2018) + 'x' + ([char]0x2019) + ([char]0x201A) + ([char]0x201B)\n"},
		{PowerShell, "K", "é😀", "$env:K = '' + ([char]0x00E9) + ([char]0xD83D) + ([char]0xDE00)\n"},
		{Cmd, "AIGNE_HUB_API_URL", url, `set "AIGNE_HUB_API_URL=` + url + `"` + "\n"},
		{Cmd, "K", "a&b|c<d>e (f) 'g' é\t", `set "K=a&b|c<d>e (f) 'g' é` + "\t\"\n"},
		{Cmd, "K", "", `set "K="` + "\n"},
	}
	for _, c := range cases {
		got, err := Assign(c.sh, c.name, c.value)
		if err != nil || got != c.want {
			t.Errorf("Assign(%s, %s, %q) = %q, %v\n want %q", c.sh, c.name, c.value, got, err, c.want)
			continue
		}
		if back, err := decode(c.sh, got); err != nil || back.name != c.name || back.value != c.value {
			t.Errorf("decode(%s, %q) = %+v, %v", c.sh, got, back, err)
		}
	}
}

func TestAssignRefuses(t *testing.T) {
	const secret = "sk-SECRET"
	cases := []struct {
		sh      Shell
		value   string
		offset  int
		char    rune
		invalid bool
	}{
		{SH, secret + "\x00", len(secret), 0, false},
		{Fish, "\x00", 0, 0, false},
		{PowerShell, secret + "\x00", len(secret), 0, false},
		{Cmd, "\x00", 0, 0, false},
		{PowerShell, secret + "\xff", len(secret), 0xff, true},
		{PowerShell, "é\xc3", 2, 0xc3, true},
		{PowerShell, "\xed\xa0\x80", 0, 0xed, true}, // an encoded surrogate
		{Cmd, secret + "\xe9", len(secret), 0xe9, true},
		{Cmd, secret + "%PATH%", len(secret), '%', false},
		{Cmd, "!x!", 0, '!', false},
		{Cmd, `a"b`, 1, '"', false},
		{Cmd, "a^b", 1, '^', false},
		{Cmd, "a\rb", 1, '\r', false},
		{Cmd, "a\nb", 1, '\n', false},
		{Cmd, "a\x1bb", 1, 0x1b, false},
		{Cmd, "a\x7f", 1, 0x7f, false},
	}
	for _, c := range cases {
		got, err := Assign(c.sh, "AIGNE_HUB_API_KEY", c.value)
		var ue *UnquotableError
		if !errors.As(err, &ue) || !errors.Is(err, ErrUnquotable) || got != "" {
			t.Errorf("Assign(%s, %q) = %q, %v; want an *UnquotableError", c.sh, c.value, got, err)
			continue
		}
		want := UnquotableError{Shell: c.sh, Name: "AIGNE_HUB_API_KEY", Offset: c.offset, Char: c.char, Invalid: c.invalid}
		if *ue != want {
			t.Errorf("Assign(%s, %q): %+v, want %+v", c.sh, c.value, *ue, want)
		}
		// The value is a secret: the message names the character, never
		// the value.
		if msg := err.Error(); strings.Contains(msg, "SECRET") || !strings.Contains(msg, "AIGNE_HUB_API_KEY") || !strings.Contains(msg, string(c.sh)) {
			t.Errorf("message %q", msg)
		}
	}
	if _, err := Assign(Cmd, "K", "%"); err == nil || !strings.Contains(err.Error(), `'%'`) {
		t.Errorf("cmd %%: %v", err)
	}
	if _, err := Assign(PowerShell, "K", "\xff"); err == nil || !strings.Contains(err.Error(), "0xFF, which is not UTF-8") {
		t.Errorf("powershell 0xff: %v", err)
	}

	for _, name := range []string{"", "1A", "A-B", "A B", "A=B", "$A", "Ä", "A\n"} {
		for _, sh := range Shells {
			if got, err := Assign(sh, name, "v"); !errors.Is(err, ErrBadName) || got != "" {
				t.Errorf("Assign(%s, %q) = %q, %v; want ErrBadName", sh, name, got, err)
			}
		}
	}
	if _, err := Assign("csh", "K", "v"); !errors.Is(err, ErrUnknownShell) {
		t.Errorf("csh: %v", err)
	}
	if _, err := Quote(Cmd, "K", "v"); !errors.Is(err, ErrUnknownShell) {
		t.Errorf("Quote(cmd): %v", err)
	}
}

func TestQuote(t *testing.T) {
	for sh, want := range map[Shell]string{SH: `'it'\''sé'`, Fish: `'it\'sé'`, PowerShell: `'it''s' + ([char]0x00E9)`} {
		if got, err := Quote(sh, "K", "it'sé"); err != nil || got != want {
			t.Errorf("Quote(%s) = %q, %v; want %q", sh, got, err, want)
		}
	}
}

// assignment is what decode reads back from a line.
type assignment struct{ name, value string }

// decode reads a line Assign wrote, by the shell's quoting rules as its
// manual states them. The real shells check these rules in
// roundtrip_test.go; decode lets the fuzz target check every value.
func decode(sh Shell, line string) (assignment, error) {
	var a assignment
	rest, ok := strings.CutSuffix(line, "\n")
	if !ok {
		return a, fmt.Errorf("no newline at the end")
	}
	var prefix, sep string
	switch sh {
	case SH:
		prefix, sep = "export ", "="
	case Fish:
		prefix, sep = "set -gx ", " "
		if strings.HasPrefix(rest, prefix+"--unpath ") {
			prefix += "--unpath "
		}
	case PowerShell:
		prefix, sep = "$env:", " = "
	case Cmd:
		prefix, sep = `set "`, "="
	}
	rest, ok = strings.CutPrefix(rest, prefix)
	if !ok {
		return a, fmt.Errorf("does not start with %q", prefix)
	}
	a.name, rest, ok = strings.Cut(rest, sep)
	if !ok || !validName(a.name) {
		return a, fmt.Errorf("no name")
	}
	var err error
	switch sh {
	case SH:
		a.value, err = decodeSH(rest)
	case Fish:
		a.value, err = decodeFish(rest)
	case PowerShell:
		a.value, err = decodePowerShell(rest)
	case Cmd:
		var ok bool
		if a.value, ok = strings.CutSuffix(rest, `"`); !ok || strings.ContainsAny(a.value, "\"\r\n%!^") {
			err = fmt.Errorf("bad cmd value %q", rest)
		}
	}
	return a, err
}

// decodeSH reads one word of '…' strings and \' escapes, the only forms
// Assign writes, and requires that nothing follows it.
func decodeSH(s string) (string, error) {
	var b strings.Builder
	for s != "" {
		switch {
		case strings.HasPrefix(s, `\'`):
			b.WriteByte('\'')
			s = s[2:]
		case s[0] == '\'':
			end := strings.IndexByte(s[1:], '\'')
			if end < 0 {
				return "", fmt.Errorf("unterminated quote")
			}
			b.WriteString(s[1 : 1+end])
			s = s[2+end:]
		default:
			return "", fmt.Errorf("unquoted %q", s)
		}
	}
	return b.String(), nil
}

// decodeFish reads one '…' string in which \\ and \' are escapes and any
// other backslash is literal.
func decodeFish(s string) (string, error) {
	if len(s) < 2 || s[0] != '\'' {
		return "", fmt.Errorf("not quoted")
	}
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '\\' || s[i+1] == '\''):
			b.WriteByte(s[i+1])
			i++
		case c == '\'':
			if i != len(s)-1 {
				return "", fmt.Errorf("text after the closing quote")
			}
			return b.String(), nil
		default:
			b.WriteByte(c)
		}
	}
	return "", fmt.Errorf("unterminated quote")
}

// decodePowerShell reads '…' strings (a doubled quote is one quote; any of
// PowerShell's five single quotes counts) and ([char]0xXXXX) joined by +.
func decodePowerShell(s string) (string, error) {
	var u []uint16
	first := true
	for s != "" {
		if !first {
			var ok bool
			if s, ok = strings.CutPrefix(s, " + "); !ok {
				return "", fmt.Errorf("no + before %q", s)
			}
		}
		if first && s[0] != '\'' {
			return "", fmt.Errorf("does not start with a string")
		}
		first = false
		if rest, ok := strings.CutPrefix(s, "([char]0x"); ok {
			hex, rest, ok := strings.Cut(rest, ")")
			n, err := strconv.ParseUint(hex, 16, 16)
			if !ok || err != nil || len(hex) != 4 {
				return "", fmt.Errorf("bad [char] in %q", s)
			}
			u = append(u, uint16(n))
			s = rest
			continue
		}
		r, size := utf8.DecodeRuneInString(s)
		if !isPSQuote(r) {
			return "", fmt.Errorf("unexpected %q", s)
		}
		s = s[size:]
		for {
			r, size := utf8.DecodeRuneInString(s)
			if size == 0 {
				return "", fmt.Errorf("unterminated quote")
			}
			s = s[size:]
			if isPSQuote(r) {
				r2, size2 := utf8.DecodeRuneInString(s)
				if size2 == 0 || !isPSQuote(r2) {
					break
				}
				s = s[size2:]
			}
			u = appendUTF16(u, r)
		}
	}
	return decodeUTF16(u)
}

func isPSQuote(r rune) bool { return r == '\'' || (r >= 0x2018 && r <= 0x201B) }

func appendUTF16(u []uint16, r rune) []uint16 {
	if r > 0xFFFF {
		hi, lo := utf16Pair(r)
		return append(u, uint16(hi), uint16(lo))
	}
	return append(u, uint16(r))
}

func decodeUTF16(u []uint16) (string, error) {
	var b strings.Builder
	for i := 0; i < len(u); i++ {
		r := rune(u[i])
		if r >= 0xD800 && r < 0xDC00 && i+1 < len(u) && u[i+1] >= 0xDC00 && u[i+1] < 0xE000 {
			r = 0x10000 + (r-0xD800)<<10 + rune(u[i+1]) - 0xDC00
			i++
		} else if r >= 0xD800 && r < 0xE000 {
			return "", fmt.Errorf("lone surrogate %04X", r)
		}
		b.WriteRune(r)
	}
	return b.String(), nil
}

// FuzzAssign checks, for every value and shell, that Assign either writes
// a line that reads back as exactly the value, or refuses for a reason the
// package documents.
func FuzzAssign(f *testing.F) {
	for _, v := range nastyValues {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, value string) {
		for _, sh := range Shells {
			line, err := Assign(sh, "AIGNE_HUB_API_KEY", value)
			if err != nil {
				var ue *UnquotableError
				if !errors.As(err, &ue) {
					t.Fatalf("%s: %v", sh, err)
				}
				if want := refusal(sh, value); want == nil || *want != *ue {
					t.Fatalf("%s refused %q with %+v, want %+v", sh, value, *ue, want)
				}
				continue
			}
			if want := refusal(sh, value); want != nil {
				t.Fatalf("%s accepted %q, want a refusal at %d", sh, value, want.Offset)
			}
			if !strings.HasSuffix(line, "\n") {
				t.Fatalf("%s: %q does not end in a newline", sh, line)
			}
			if sh == PowerShell || sh == Cmd {
				if strings.ContainsAny(line[:len(line)-1], "\r\n") {
					t.Fatalf("%s: %q is more than one line", sh, line)
				}
			}
			if sh == PowerShell {
				for i := 0; i < len(line); i++ {
					if line[i] >= 0x7F || (line[i] < 0x20 && line[i] != '\n') {
						t.Fatalf("powershell: %q is not printable ASCII", line)
					}
				}
			}
			a, err := decode(sh, line)
			if err != nil || a.name != "AIGNE_HUB_API_KEY" || a.value != value {
				t.Fatalf("%s: %q reads back as %+v, %v; want %q", sh, line, a, err, value)
			}
		}
	})
}

// refusal is the first character that shell sh cannot carry, or nil, as
// the package documentation states it.
func refusal(sh Shell, value string) *UnquotableError {
	for i := 0; i < len(value); {
		r, size := utf8.DecodeRuneInString(value[i:])
		invalid := r == utf8.RuneError && size == 1
		e := &UnquotableError{Shell: sh, Name: "AIGNE_HUB_API_KEY", Offset: i, Char: r}
		if invalid {
			e.Char, e.Invalid = rune(value[i]), true
		}
		switch {
		case value[i] == 0:
			return e
		case invalid && (sh == PowerShell || sh == Cmd):
			return e
		case sh == Cmd && (strings.ContainsRune(`%!"^`, r) || (r < 0x20 && r != '\t') || r == 0x7F):
			return e
		}
		i += size
	}
	return nil
}
