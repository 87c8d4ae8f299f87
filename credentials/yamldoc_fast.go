package credentials

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// flatDoc is a file in the plain layout that the Node CLI and aigne write,
// as fastParse reads it:
//
//	hub.aigne.io:
//	  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit
//	  AIGNE_HUB_API_KEY: aigne_key
//	default:
//	  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit
//
// Every top-level key holds a mapping of one or more plain string fields.
// A command that only reads the file (hub list) reads it from here; the
// YAML node tree, which a write edits and renders, is built from it (tree)
// on the first change, node for node the tree yaml.v3 gives.
type flatDoc struct {
	entries []flatEntry
}

// flatEntry is one top-level key and its fields, in file order.
type flatEntry struct {
	key    string
	line   int
	fields []flatField // a part of one array shared by all the entries
}

// flatField is "  NAME: VALUE" on line line, the value at column col.
type flatField struct {
	name, value string
	line, col   int
}

// fastParse reads a file in the plain layout without the general YAML
// parser, which costs most of a `hub list`'s own time (about 1 ms for 100
// hubs here), and without building its node tree, whose fresh memory
// (about 150 bytes a node, two nodes a line) a run that starts cold pays
// for in page faults.
//
// It reports ok false for anything outside the layout: comments, quotes,
// blank lines, other indentation, and any scalar whose type yaml.v3 might
// resolve to other than a string. Parse then uses yaml.v3, so the fast
// path never changes what a file means: its tree is exactly yaml.v3's
// (FuzzFastParse checks this node for node), and so is what a Doc reads
// from it (checkFlatReadsAsTree, in the same tests).
func fastParse(data []byte) (*flatDoc, bool) {
	if len(data) == 0 || data[len(data)-1] != '\n' {
		return nil, false
	}
	// The strings are cut from one copy of the file, and the fields of all
	// the entries share one array: a few allocations for the whole list.
	// In the layout, the fields are the lines after the first that start
	// with a space, and the keys the other lines: both counts are exact
	// for a file the fast path reads.
	lines, nFields := 0, 0
	for off := 0; ; lines++ {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		if off < len(data) && data[off] == ' ' {
			nFields++
		}
	}
	src := string(data)
	fields := make([]flatField, 0, nFields)
	d := &flatDoc{entries: make([]flatEntry, 0, lines-nFields)}
	var cur *flatEntry // the entry of the current top-level key
	first := 0         // where cur's fields start in fields
	closeEntry := func() bool {
		if cur == nil {
			return true
		}
		cur.fields = fields[first:len(fields):len(fields)]
		return len(cur.fields) > 0
	}
	for line, off := 1, 0; off < len(src); line++ {
		i := off + bytes.IndexByte(data[off:], '\n')
		text := src[off:i]
		off = i + 1
		if len(text) > 2 && text[0] == ' ' && text[1] == ' ' {
			// "  FIELD: VALUE"
			if cur == nil {
				return nil, false
			}
			rest := text[2:]
			c := strings.Index(rest, ": ")
			if c <= 0 {
				return nil, false
			}
			name, value := rest[:c], rest[c+2:]
			if !plainString(name) || !plainString(value) {
				return nil, false
			}
			fields = append(fields, flatField{name: name, value: value, line: line, col: 3 + c + 2})
			continue
		}
		// "KEY:" opens a mapping; the previous one must have fields.
		if !closeEntry() {
			return nil, false
		}
		if len(text) < 2 || text[len(text)-1] != ':' {
			return nil, false
		}
		key := text[:len(text)-1]
		if !plainString(key) {
			return nil, false
		}
		if len(d.entries) == cap(d.entries) {
			return nil, false // cannot be: cur must stay where it points
		}
		d.entries = append(d.entries, flatEntry{key: key, line: line})
		cur, first = &d.entries[len(d.entries)-1], len(fields)
	}
	if cur == nil || !closeEntry() {
		return nil, false
	}
	return d, true
}

// check is Parse's check of the file (checkTree) for this layout, where
// every key is a plain string holding a mapping of plain strings: only a
// key written twice can be wrong.
func (d *flatDoc) check(path string) error {
	seen := make(map[string]bool, len(d.entries))
	for _, e := range d.entries {
		if seen[e.key] {
			return &ParseError{Path: path, Line: e.line, Msg: fmt.Sprintf("%q appears twice", e.key)}
		}
		seen[e.key] = true
	}
	return nil
}

// entry is the first entry named key, nil for none (as Doc.entry).
func (d *flatDoc) entry(key string) *flatEntry {
	for i := range d.entries {
		if d.entries[i].key == key {
			return &d.entries[i]
		}
	}
	return nil
}

// field is the value of the first field called name (as the package's
// field function reads a node).
func (e *flatEntry) field(name string) (string, bool) {
	if e == nil {
		return "", false
	}
	for _, f := range e.fields {
		if f.name == name {
			n := yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.value}
			return scalarString(&n), true
		}
	}
	return "", false
}

// twice names the first field written more than once ("" for none), as
// the package's twice function reads a mapping node.
func (e *flatEntry) twice() string {
	if len(e.fields) > 8 {
		seen := map[string]bool{}
		for _, f := range e.fields {
			if seen[f.name] {
				return f.name
			}
			seen[f.name] = true
		}
		return ""
	}
	for i, f := range e.fields {
		for _, g := range e.fields[i+1:] {
			if f.name == g.name {
				return f.name
			}
		}
	}
	return ""
}

// tree builds the node tree yaml.v3 gives for the file. Each line makes
// exactly two nodes (a key and its mapping, or a field's name and value),
// so all of them fit in one allocation.
func (d *flatDoc) tree() *yaml.Node {
	n := 0
	for _, e := range d.entries {
		n += 2 + 2*len(e.fields)
	}
	nodes := make([]yaml.Node, 0, n)
	node := func(n yaml.Node) *yaml.Node {
		nodes = append(nodes, n) // never beyond the capacity: pointers stay
		return &nodes[len(nodes)-1]
	}
	// The mappings' contents, one after the other in one array.
	content := make([]*yaml.Node, 0, n-2*len(d.entries))
	top := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1, Content: make([]*yaml.Node, 0, 2*len(d.entries))}
	for _, e := range d.entries {
		k := node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: e.key, Line: e.line, Column: 1})
		m := node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: e.fields[0].line, Column: 3})
		first := len(content)
		for _, f := range e.fields {
			content = append(content,
				node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.name, Line: f.line, Column: 3}),
				node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: f.value, Line: f.line, Column: f.col}))
		}
		m.Content = content[first:len(content):len(content)]
		top.Content = append(top.Content, k, m)
	}
	return top
}

// plainString: a plain scalar that yaml.v3 reads as this very string. It
// starts with a letter (so it is no number, date or .inf), is none of the
// words yaml.v3 reads as a boolean or null, holds only characters with no
// meaning to YAML in that place, and no ": " or final ":".
func plainString(s string) bool {
	if len(s) == 0 || !('a' <= s[0]|0x20 && s[0]|0x20 <= 'z') || s[len(s)-1] == ':' {
		return false
	}
	// Byte by byte: a byte of a multi-byte character is none of these.
	for i := 0; i < len(s); i++ {
		switch plainBytes[s[i]] {
		case plainAny:
		case plainColon:
			if i+1 < len(s) && s[i+1] == ' ' {
				return false
			}
		default:
			return false
		}
	}
	return len(s) > len("false") || !yamlWords[s]
}

// What a byte may be in a plain string: plainAny anywhere (letters,
// digits and "+-./=_~"), plainColon when no space follows; nothing else.
const (
	plainAny = 1 + iota
	plainColon
)

var plainBytes = func() (t [256]byte) {
	for c := range t {
		switch b := byte(c); {
		case 'a' <= b|0x20 && b|0x20 <= 'z', '0' <= b && b <= '9', strings.IndexByte("+-./=_~", b) >= 0:
			t[c] = plainAny
		case b == ':':
			t[c] = plainColon
		}
	}
	return t
}()

// yamlWords are the letter-first plain scalars yaml.v3 resolves to a
// boolean or null rather than a string.
var yamlWords = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "n": true, "N": true, "no": true, "No": true, "NO": true,
	"true": true, "True": true, "TRUE": true, "false": true, "False": true, "FALSE": true,
	"on": true, "On": true, "ON": true, "off": true, "Off": true, "OFF": true,
	"null": true, "Null": true, "NULL": true,
}
