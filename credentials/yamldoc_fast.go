package credentials

import (
	"bytes"
	"strings"

	"gopkg.in/yaml.v3"
)

// fastParse builds the node tree of a file in the plain layout that the
// Node CLI and aigne write, without the general YAML parser, which costs
// most of a `hub list`'s own time (about 1 ms for 100 hubs here):
//
//	hub.aigne.io:
//	  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit
//	  AIGNE_HUB_API_KEY: aigne_key
//	default:
//	  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit
//
// It gives exactly the tree yaml.v3 gives (FuzzFastParse checks this node
// for node), and reports ok false for anything outside the layout:
// comments, quotes, blank lines, other indentation, and any scalar whose
// type yaml.v3 might resolve to other than a string. Parse then uses
// yaml.v3, so the fast path never changes what a file means.
func fastParse(data []byte) (*yaml.Node, bool) {
	if len(data) == 0 || data[len(data)-1] != '\n' {
		return nil, false
	}
	// Each line makes exactly two nodes (a key and its mapping, or a field
	// and its value), so all of them fit in one allocation, and their
	// strings are cut from one copy of the file: a few allocations for the
	// whole list rather than a dozen per hub, which a run that starts cold
	// pays for in fresh memory.
	lines := bytes.Count(data, []byte{'\n'})
	src := string(data)
	nodes := make([]yaml.Node, 0, 2*lines)
	node := func(n yaml.Node) *yaml.Node {
		nodes = append(nodes, n) // never beyond the capacity: pointers stay
		return &nodes[len(nodes)-1]
	}
	// The mappings' contents, one after the other in one array: a
	// mapping's fields are consecutive lines.
	fields := make([]*yaml.Node, 0, 2*lines)
	top := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}
	var cur *yaml.Node // the mapping of the current top-level key
	first := 0         // where cur's fields start in fields
	closeMapping := func() bool {
		if cur == nil {
			return true
		}
		cur.Content = fields[first:len(fields):len(fields)]
		return len(cur.Content) > 0
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
			if len(fields) == first {
				cur.Line, cur.Column = line, 3
			}
			fields = append(fields,
				node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: name, Line: line, Column: 3}),
				node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Line: line, Column: 3 + c + 2}))
			continue
		}
		// "KEY:" opens a mapping; the previous one must have fields.
		if !closeMapping() {
			return nil, false
		}
		if len(text) < 2 || text[len(text)-1] != ':' {
			return nil, false
		}
		key := text[:len(text)-1]
		if !plainString(key) {
			return nil, false
		}
		k := node(yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: line, Column: 1})
		cur, first = node(yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}), len(fields)
		top.Content = append(top.Content, k, cur)
	}
	if cur == nil || !closeMapping() {
		return nil, false
	}
	return top, true
}

// plainString: a plain scalar that yaml.v3 reads as this very string. It
// starts with a letter (so it is no number, date or .inf), is none of the
// words yaml.v3 reads as a boolean or null, holds only characters with no
// meaning to YAML in that place, and no ": " or final ":".
func plainString(s string) bool {
	if len(s) == 0 || !('a' <= s[0]|0x20 && s[0]|0x20 <= 'z') || s[len(s)-1] == ':' {
		return false
	}
	for i, c := range s {
		switch {
		case 'a' <= c|0x20 && c|0x20 <= 'z', '0' <= c && c <= '9', c == '-', c == '+', c == '=', c == '~', c == '.', c == '_', c == '/':
		case c == ':':
			if i+1 < len(s) && s[i+1] == ' ' {
				return false
			}
		default:
			return false
		}
	}
	return !yamlWords[s]
}

// yamlWords are the letter-first plain scalars yaml.v3 resolves to a
// boolean or null rather than a string.
var yamlWords = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "n": true, "N": true, "no": true, "No": true, "NO": true,
	"true": true, "True": true, "TRUE": true, "false": true, "False": true, "FALSE": true,
	"on": true, "On": true, "ON": true, "off": true, "Off": true, "OFF": true,
	"null": true, "Null": true, "NULL": true,
}
