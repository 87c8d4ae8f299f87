package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jedib0t/go-pretty/v6/text"
)

// JSON output carries text from hubs and hand-edited files: every
// character that could act on a terminal or hide text is escaped, and the
// document still decodes to the same value.
func TestJSONEscapesControlAndFormatCharacters(t *testing.T) {
	hostile := "a\x1b[2Jb\u0085c\u009bd\u202ee\u200bf\u2066g\u2028h\ufeffi\x7fj\U000E0001k"
	var buf bytes.Buffer
	if err := writeJSON(&buf, map[string]string{"name": hostile}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{`\u001b`, `\u0085`, `\u009b`, `\u202e`, `\u200b`, `\u2066`, `\u2028`, `\ufeff`, `\u007f`, `\udb40\udc01`} {
		if !strings.Contains(out, want) {
			t.Errorf("%s not escaped in %s", want, out)
		}
	}
	checkJSONClean(t, buf.Bytes(), map[string]string{"name": hostile})
}

func checkJSONClean(t *testing.T, out []byte, want map[string]string) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Fatalf("invalid UTF-8 in %q", out)
	}
	for i := 0; i < len(out); {
		r, size := utf8.DecodeRune(out[i:])
		if !visible(r) && r != '\n' {
			t.Fatalf("raw %U in %q", r, out)
		}
		i += size
	}
	var got map[string]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for k, v := range want {
		if utf8.ValidString(v) && got[k] != v {
			t.Fatalf("round trip: %q, want %q", got[k], v)
		}
	}
}

func FuzzJSONEscape(f *testing.F) {
	for _, s := range []string{"", "plain", "\x00\x1f\x7f", "\u0080\u009f", "\u202a\u202e\u2066\u2069", "😀\U000E0041", "\xff\xfe", `"\`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var buf bytes.Buffer
		if err := writeJSON(&buf, map[string]string{"v": s}); err != nil {
			t.Fatal(err)
		}
		checkJSONClean(t, buf.Bytes(), map[string]string{"v": s})
	})
}

// A byte that is not UTF-8 reaches the terminal as U+FFFD, never raw: a
// lone 0x9b is CSI to a terminal in an 8-bit mode, and a hub can put one
// in a redirect's host.
func TestSafeTextReplacesInvalidUTF8(t *testing.T) {
	for in, want := range map[string]string{
		"http://evil\x9b.example/": "http://evil\ufffd.example/",
		"\x9b31mred":               "\ufffd31mred",
		"ok\xff\xfe":               "ok\ufffd\ufffd",
		"\xe6\x97":                 "\ufffd\ufffd",
		"\x1b\x9b":                 `\u001b` + "\ufffd",
		"日本 ok":                    "日本 ok",
	} {
		if got := safeText(in); got != want || !utf8.ValidString(got) {
			t.Errorf("safeText(%q) = %q, want %q", in, got, want)
		}
	}
}

// writeJSON's escaping never lets a byte that is not UTF-8 through, even
// one that encoding/json did not replace first.
func TestEscapeJSONReplacesInvalidUTF8(t *testing.T) {
	got := string(escapeJSON([]byte("{\"a\": \"x\x9by\xff\"}")))
	if got != `{"a": "x\ufffdy\ufffd"}` {
		t.Fatalf("escapeJSON: %q", got)
	}
}

// writeTable draws its tables byte for byte as go-pretty does, colour on
// and off, whatever go-pretty guessed about the terminal: wide and
// zero-width characters, colour escapes in cells, cells wider than their
// column's minimum, and the cells it leaves to go-pretty.
func TestTableAsGoPretty(t *testing.T) {
	colorOn := text.Colors{text.Bold}.Sprint("x") != "x"
	t.Cleanup(func() {
		if colorOn {
			text.EnableColors()
		} else {
			text.DisableColors()
		}
	})
	long := "https://" + strings.Repeat("very-long-hub-name.", 5) + "example.com:8443"
	cells := []string{
		"https://hub.example.com", "https://hub.example.com:3000", long, "https://例子.测试", "https://xn--fsqu00a.xn--0zwm56d",
		"", "x", "emoji 🧪🎉 and ZWJ 👩‍💻", "e\u0301 combining", "zero\u200bwidth", "Yes", "No", "是", "否",
		paint(true, colorOK, "Yes"), paint(true, colorOK, "是"), paint(true, colorError, "offline (连接被拒绝)"),
		paint(true, colorWarn, "unavailable: "+long), "a\x1b[1mbold\x1b[0m middle", "\\u001b[2J shown escaped",
		"  leading", "full　width　space",
	}
	rewritten := []string{"tab\there", "line\nbreak", "crlf\r\n", "trailing space "}
	headers := [][]string{{"URL", "ACTIVE"}, {"URL", "活动"}, {"URL", "ACTIVE", "STATUS"}, {"URL", "活动", "状态"}}
	var tables [][][]string
	for i := range cells {
		for _, h := range headers {
			var rows [][]string
			for j := range 3 {
				row := make([]string, len(h))
				for k := range row {
					row[k] = cells[(i+j*7+k*3)%len(cells)]
				}
				rows = append(rows, row)
			}
			tables = append(tables, append([][]string{h}, rows...))
		}
	}
	for _, c := range rewritten {
		tables = append(tables, [][]string{{"URL", "ACTIVE"}, {"https://hub.example.com", "Yes"}, {c, "No"}})
	}
	tables = append(tables, [][]string{{"URL", "ACTIVE"}}, [][]string{{"URL", "ACTIVE"}, {"only one"}}, [][]string{{"URL", "ACTIVE"}, {"a", "b", "c"}})
	for _, enabled := range []bool{true, false} {
		if enabled {
			text.EnableColors()
		} else {
			text.DisableColors()
		}
		for _, color := range []bool{true, false} {
			for _, tab := range tables {
				for _, minWidth := range [][]int{{68, 8}, {68, 8, 0}, {0, 0, 0}} {
					var ours, theirs bytes.Buffer
					writeTable(&ours, color, tab[0], tab[1:], minWidth)
					goPrettyTable(&theirs, color, tab[0], tab[1:], minWidth)
					if ours.String() != theirs.String() {
						t.Fatalf("colours enabled %v, colour %v, widths %v, table %q:\nours:\n%s\ngo-pretty:\n%s", enabled, color, minWidth, tab, ours.String(), theirs.String())
					}
				}
			}
		}
	}
}
