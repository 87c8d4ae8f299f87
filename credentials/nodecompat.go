package credentials

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/aigne-io/aigne/internal/lazyre"
	"gopkg.in/yaml.v3"
)

// How the Node.js @aigne/cli writes what it shares with us: the names in the
// hub file, the layout of the keychain's items, and how it turns the values
// it reads into strings. Both CLIs must read and write the same bytes.

// The hub file's entry names and fields.
const (
	ActiveKey = "default"
	FieldURL  = "AIGNE_HUB_API_URL"
	FieldKey  = "AIGNE_HUB_API_KEY"
)

// The OS keychain is shared with the Node.js @aigne/cli, in its layout: one
// generic-password item per hub under the service KeychainService, the
// account being the hub's host, the value a small JSON object. The account
// KeychainDefaultAccount names the active hub.
const (
	KeychainService        = "aigne-hub-api-key"
	KeychainDefaultAccount = "default"
)

// encodeEntry renders a value exactly as @aigne/cli's JSON.stringify does:
// URL first, then the key (left out when empty), no spaces, no HTML
// escaping, and only `"`, `\` and control characters escaped.
func encodeEntry(e Entry) string {
	var b strings.Builder
	b.WriteByte('{')
	if e.APIURL != "" {
		b.WriteString(`"` + FieldURL + `":`)
		writeJSString(&b, e.APIURL)
		if e.Key != "" {
			b.WriteString(`,"` + FieldKey + `":`)
			writeJSString(&b, e.Key)
		}
	}
	b.WriteByte('}')
	return b.String()
}

func writeJSString(b *strings.Builder, s string) {
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\b':
			b.WriteString(`\b`)
		case r == '\f':
			b.WriteString(`\f`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20:
			fmt.Fprintf(b, `\u%04x`, r)
		case r == utf8.RuneError:
			b.WriteString(`\ufffd`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
}

// decodeEntry reads a value that the Node CLI or we wrote. Its migration may
// write numbers (`"AIGNE_HUB_API_KEY":12345`): they are the strings of
// their digits. A value that is not a JSON object gives an empty Entry.
func decodeEntry(v string) Entry {
	e, _ := parseEntry(v)
	return e
}

// parseEntry is decodeEntry that also says whether v was a JSON object.
func parseEntry(v string) (Entry, bool) {
	dec := json.NewDecoder(bytes.NewReader([]byte(v)))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return Entry{}, false
	}
	str := func(name string) string {
		switch x := m[name].(type) {
		case string:
			return x
		case json.Number:
			// As JSON.parse and String() see it: 1.5e3 is "1500".
			if f, err := x.Float64(); err == nil {
				return jsNumber(f)
			}
			return x.String()
		case bool:
			return fmt.Sprint(x)
		}
		return ""
	}
	return Entry{APIURL: str(FieldURL), Key: str(FieldKey)}, true
}

// scalarString is a scalar's value as the Node CLI turns it into a string:
// its YAML library (yaml 2, YAML 1.2's core schema, not yaml.v3's 1.1
// rules) reads plain numbers and booleans, and String() writes them back in
// JavaScript's notation: 012 is "12", 0x1F "31", 1e3 "1000", True "true",
// 1_000 and 0b11 stay as written. Quoted scalars are text as they stand.
func scalarString(n *yaml.Node) string {
	v := n.Value
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 || v == "" {
		return v
	}
	// Only a digit, sign, dot, t or f can start a number or a boolean.
	if c := v[0]; !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.' || c|0x20 == 't' || c|0x20 == 'f') {
		return v
	}
	switch {
	case coreDecimal().MatchString(v), coreFloat().MatchString(v):
		if f, err := strconv.ParseFloat(v, 64); err == nil {
			return jsNumber(f)
		}
	case coreOctal().MatchString(v):
		if u, err := strconv.ParseUint(v[2:], 8, 64); err == nil {
			return jsNumber(float64(u))
		}
	case coreHex().MatchString(v):
		if u, err := strconv.ParseUint(v[2:], 16, 64); err == nil {
			return jsNumber(float64(u))
		}
	case coreInf().MatchString(v):
		if strings.HasPrefix(v, "-") {
			return "-Infinity"
		}
		return "Infinity"
	case coreNaN().MatchString(v):
		return "NaN"
	case coreBool().MatchString(v):
		return strings.ToLower(v)
	}
	return v
}

// The core schema's plain numbers and booleans.
var (
	coreDecimal = lazyre.New(`^[-+]?[0-9]+$`)
	coreOctal   = lazyre.New(`^0o[0-7]+$`)
	coreHex     = lazyre.New(`^0x[0-9a-fA-F]+$`)
	coreFloat   = lazyre.New(`^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$`)
	coreInf     = lazyre.New(`^[-+]?\.(?:inf|Inf|INF)$`)
	coreNaN     = lazyre.New(`^\.(?:nan|NaN|NAN)$`)
	coreBool    = lazyre.New(`^(?:true|True|TRUE|false|False|FALSE)$`)
)

// jsNumber formats f as JavaScript's Number#toString does, for the values
// a hand-edited file may hold.
func jsNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		return "0"
	}
	if a := math.Abs(f); a >= 1e21 || a < 1e-6 {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		if exp[0] == '+' {
			return mant + "e+" + strings.TrimLeft(exp[1:], "0")
		}
		return mant + "e-" + strings.TrimLeft(exp[1:], "0")
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}
