package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/jedib0t/go-pretty/v6/table"
	"github.com/jedib0t/go-pretty/v6/text"
)

// Output formats.
const (
	FormatText = "text"
	FormatJSON = "json"
)

func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeJSON(buf.Bytes()))
	return err
}

// escapeJSON writes every character that could act on a terminal or hide
// text (C0 and C1 controls, DEL, bidi and other format characters, line
// and paragraph separators) as \uXXXX, so a document piped to a terminal
// or a log is as harmless as our text output. encoding/json leaves C1 and
// format characters as they are. Outside strings, JSON is plain ASCII, so
// doing this over the whole document only ever touches string contents.
func escapeJSON(doc []byte) []byte {
	if !needsEscape(doc) {
		return doc
	}
	out := make([]byte, 0, len(doc)+32)
	for len(doc) > 0 {
		r, size := utf8.DecodeRune(doc)
		if r == utf8.RuneError && size == 1 {
			// encoding/json writes no invalid UTF-8, but a raw byte such
			// as 0x9b (CSI on an 8-bit terminal) must not pass if one
			// ever gets here.
			out = append(out, `\ufffd`...)
		} else if visible(r) || r == '\n' {
			out = append(out, doc[:size]...)
		} else if r > 0xffff {
			hi, lo := utf16.EncodeRune(r)
			out = fmt.Appendf(out, `\u%04x\u%04x`, hi, lo)
		} else {
			out = fmt.Appendf(out, `\u%04x`, r)
		}
		doc = doc[size:]
	}
	return out
}

func needsEscape(doc []byte) bool {
	for i := 0; i < len(doc); {
		r, size := utf8.DecodeRune(doc[i:])
		if (!visible(r) && r != '\n') || (r == utf8.RuneError && size == 1) {
			return true
		}
		i += size
	}
	return false
}

// visible: a character that shows as itself on a terminal.
func visible(r rune) bool { return r == ' ' || unicode.IsPrint(r) }

// jsonError is the failure document of -o json, written to stderr.
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

// writeTable writes a table to w in the reference layout: go-pretty's light
// box lines, a header (bold when colour is on), rows ruled apart, and
// column i at least minWidth[i] wide. Cells may hold colour escapes.
//
// It draws the box itself, measuring the cells with go-pretty's own width
// functions: go-pretty's renderer builds every line and rule cell by cell,
// which cost hub list of 100 hubs about as much as reading the file. A
// table it cannot be sure to draw as go-pretty does (a cell with a tab, a
// line break or a trailing space, which go-pretty rewrites; rows of
// unequal length; no rows) goes to go-pretty itself. TestTableAsGoPretty holds the
// two to the same bytes.
func writeTable(w io.Writer, color bool, header []string, rows [][]string, minWidth []int) {
	widths := make([]int, len(header))
	copy(widths, minWidth)
	plain := len(rows) > 0 // go-pretty aligns the header of an empty table right
	measure := func(row []string) {
		if len(row) != len(header) {
			plain = false
			return
		}
		for i, c := range row {
			if !printableASCII(c) && strings.ContainsAny(c, "\t\r\n") || strings.HasSuffix(c, " ") {
				plain = false
			}
			widths[i] = max(widths[i], textWidth(c))
		}
	}
	measure(header)
	for _, r := range rows {
		measure(r)
	}
	if !plain {
		goPrettyTable(w, color, header, rows, minWidth)
		return
	}

	// A coloured header is painted piece by piece, its lines too, as
	// go-pretty paints it.
	var b strings.Builder
	piece := func(s string, bold bool) {
		if bold {
			s = text.Colors{text.Bold}.Sprint(s)
		}
		b.WriteString(s)
	}
	rule := func(left, middle, right string, bold bool) {
		piece(left, bold)
		for i, wd := range widths {
			if i > 0 {
				piece(middle, bold)
			}
			piece(strings.Repeat("─", wd+2), bold)
		}
		piece(right, bold)
		b.WriteByte('\n')
	}
	line := func(row []string, bold bool) {
		for i, c := range row {
			piece("│", bold)
			pad := max(0, widths[i]-textWidth(c))
			if bold {
				piece(" "+c+strings.Repeat(" ", pad)+" ", true)
				continue
			}
			b.WriteByte(' ')
			b.WriteString(c)
			writeBlanks(&b, pad+1)
		}
		piece("│", bold)
		b.WriteByte('\n')
	}
	rule("├", "┼", "┤", false)
	between := b.String() // the rule between rows, drawn once
	b.Reset()
	b.Grow((2*len(rows) + 3) * len(between))
	rule("┌", "┬", "┐", color)
	line(header, color)
	for i, r := range rows {
		if i == 0 && color {
			rule("├", "┼", "┤", true)
		} else {
			b.WriteString(between)
		}
		line(r, false)
	}
	rule("└", "┴", "┘", false)
	io.WriteString(w, b.String())
}

// writeBlanks writes n spaces to b.
func writeBlanks(b *strings.Builder, n int) {
	const blanks = "                                "
	for ; n > len(blanks); n -= len(blanks) {
		b.WriteString(blanks)
	}
	b.WriteString(blanks[:n])
}

// goPrettyTable is writeTable's table drawn by go-pretty.
func goPrettyTable(w io.Writer, color bool, header []string, rows [][]string, minWidth []int) {
	t := table.NewWriter()
	t.SetOutputMirror(w)
	t.SetStyle(table.StyleLight)
	t.Style().Format.Header = text.FormatDefault
	if color {
		t.Style().Color.Header = text.Colors{text.Bold}
	}
	t.AppendHeader(tableRow(header))
	for _, r := range rows {
		t.AppendRow(tableRow(r))
	}
	cols := make([]table.ColumnConfig, len(minWidth))
	for i, wd := range minWidth {
		cols[i] = table.ColumnConfig{Number: i + 1, WidthMin: wd}
	}
	t.SetColumnConfigs(cols)
	t.Style().Options.SeparateRows = true
	t.Render()
}

func tableRow(cells []string) table.Row {
	r := make(table.Row, len(cells))
	for i, c := range cells {
		r[i] = c
	}
	return r
}

// paint wraps s in a colour when colour is on. The escapes are written
// here, not by go-pretty's Sprint: that one drops them when its own guess,
// made once from the process's stdout, says no colour (on Windows: stdout
// is not a console), whatever the streams and CLICOLOR_FORCE decided.
func paint(on bool, c text.Color, s string) string {
	if !on {
		return s
	}
	return c.EscapeSeq() + s + text.Reset.EscapeSeq()
}

func fprintln(w io.Writer, a ...any) { fmt.Fprintln(w, a...) }

// printableASCII reports whether s holds only printable ASCII, space
// included: no escape, no control, nothing wide.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}

// textWidth is the columns s takes on a terminal, colour escapes not
// counted, as go-pretty measures a cell; printable ASCII is one column a
// byte, without go-pretty's rune by rune look-up (most of the cost of
// drawing a long table).
func textWidth(s string) int {
	if printableASCII(s) {
		return len(s)
	}
	return text.StringWidthWithoutEscSequences(s)
}

// safeText makes text that came from a hub (names, links, reasons, error
// details) harmless on a terminal: control and invisible format characters
// are shown as \u escapes, so a hostile hub cannot clear the screen, set
// the title, forge lines or reverse text; bytes that are not UTF-8 become
// U+FFFD, as a lone 0x9b is CSI to an 8-bit terminal. JSON output needs
// none of this: writeJSON escapes them.
func safeText(s string) string {
	if printableASCII(s) {
		return s // nearly every text: nothing to look up rune by rune
	}
	clean := utf8.ValidString(s)
	for _, r := range s {
		if !clean || (!unicode.IsPrint(r) && r != ' ') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	// Ranging over a string yields U+FFFD for each byte that is not
	// UTF-8, and U+FFFD is printable: written as such.
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

// Output is where a command's answer and its remarks go: the answer on
// stdout, warnings, questions and progress on stderr, in the person's
// language, as text or (-o json) JSON.
type Output struct {
	IO     *IOStreams
	p      Printer
	format string // FormatText or FormatJSON
}

func (o *Output) json() bool { return o.format == FormatJSON }

// result is what a command found or did. Every command ends by handing one
// to Output.render, the one place that chooses between JSON and text.
type result interface {
	// document is the answer with -o json (p words the reasons in it).
	document(p Printer) any
	// text writes the answer for a person.
	text(o *Output) error
}

// reporter is a result that is a report on a hub's health (status, list
// --check): its document or text is the answer even when the hub is down,
// and the exit code says how the hub is.
type reporter interface{ exitCode() int }

func (o *Output) render(r result) error {
	var err error
	if o.json() {
		err = writeJSON(o.IO.Out, r.document(o.p))
	} else {
		err = r.text(o)
	}
	if err != nil {
		return err
	}
	if rep, ok := r.(reporter); ok {
		if code := rep.exitCode(); code != ExitOK {
			return &silentExit{code: code}
		}
	}
	return nil
}

// silentExit ends the run with a code after everything has been said.
type silentExit struct{ code int }

func (s *silentExit) Error() string { return "" }

// fail reports err on stderr in the output format and returns its code.
func (o *Output) fail(err error) int {
	var se *silentExit
	if errors.As(err, &se) {
		return se.code
	}
	code, msg := Classify(err, o.p)
	if o.json() {
		writeJSONError(o.IO.ErrOut, code, msg)
	} else {
		// Error details may quote a hub's words or the user's input.
		fmt.Fprintln(o.IO.ErrOut, paint(o.IO.Color && o.IO.ErrTTY, colorError, o.p.T(MsgErrPrefix))+safeText(msg))
	}
	return code
}

// warn prints a warning line on stderr.
func (o *Output) warn(msg string) {
	fprintln(o.IO.ErrOut, paint(o.IO.Color && o.IO.ErrTTY, colorWarn, o.p.T(MsgWarn, safeText(msg))))
}

// success prints a ✓ line, green on a terminal.
func (o *Output) success(line string) {
	fprintln(o.IO.Out, paint(o.IO.Color, colorOK, line))
}

var (
	colorOK    = text.FgGreen
	colorError = text.FgRed
	colorWarn  = text.FgYellow
)
