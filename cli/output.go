package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"
)

// Output formats.
const (
	FormatText = "text"
	FormatJSON = "json"
)

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// jsonError is the failure document of SPEC §3, written to stderr.
type jsonError struct {
	Error struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func writeJSONError(w io.Writer, code int, msg string) {
	var e jsonError
	e.Error.Code = code
	e.Error.Message = msg
	_ = writeJSON(w, e)
}

// newTable returns a go-pretty table writing to w in the reference layout:
// light box lines, no colour unless the terminal takes it.
func newTable(w io.Writer, color bool) table.Writer {
	t := table.NewWriter()
	t.SetOutputMirror(w)
	t.SetStyle(table.StyleLight)
	t.Style().Format.Header = text.FormatDefault
	if color {
		t.Style().Color.Header = text.Colors{text.Bold}
	}
	return t
}

// paint wraps s in a colour when colour is on.
func paint(on bool, c text.Color, s string) string {
	if !on {
		return s
	}
	return c.Sprint(s)
}

func fprintln(w io.Writer, a ...any) { fmt.Fprintln(w, a...) }

// safeText makes text that came from a hub (names, links, reasons, error
// details) harmless on a terminal: control and invisible format characters
// are shown as \u escapes, so a hostile hub cannot clear the screen, set
// the title, forge lines or reverse text. JSON output needs none of this:
// the encoder escapes them.
func safeText(s string) string {
	clean := true
	for _, r := range s {
		if !unicode.IsPrint(r) && r != ' ' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsPrint(r) || r == ' ':
			b.WriteRune(r)
		case r > 0xffff:
			fmt.Fprintf(&b, "\\U%08x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}
