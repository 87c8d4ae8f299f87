package credentials

import (
	"bytes"

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
	top := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: 1, Column: 1}
	var cur *yaml.Node // the mapping of the current top-level key
	for line := 1; len(data) > 0; line++ {
		i := bytes.IndexByte(data, '\n')
		text := data[:i]
		data = data[i+1:]
		if len(text) > 2 && text[0] == ' ' && text[1] == ' ' {
			// "  FIELD: VALUE"
			if cur == nil {
				return nil, false
			}
			rest := text[2:]
			c := bytes.Index(rest, []byte(": "))
			if c <= 0 {
				return nil, false
			}
			name, value := rest[:c], rest[c+2:]
			if !plainString(name) || !plainString(value) {
				return nil, false
			}
			if len(cur.Content) == 0 {
				cur.Line, cur.Column = line, 3
			}
			cur.Content = append(cur.Content,
				&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(name), Line: line, Column: 3},
				&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(value), Line: line, Column: 3 + c + 2})
			continue
		}
		// "KEY:" opens a mapping; the previous one must have fields.
		if cur != nil && len(cur.Content) == 0 {
			return nil, false
		}
		if len(text) < 2 || text[len(text)-1] != ':' {
			return nil, false
		}
		key := text[:len(text)-1]
		if !plainString(key) {
			return nil, false
		}
		cur = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		top.Content = append(top.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(key), Line: line, Column: 1}, cur)
	}
	if cur == nil || len(cur.Content) == 0 {
		return nil, false
	}
	return top, true
}

// plainString: a plain scalar that yaml.v3 reads as this very string. It
// starts with a letter (so it is no number, date or .inf), is none of the
// words yaml.v3 reads as a boolean or null, holds only characters with no
// meaning to YAML in that place, and no ": " or final ":".
func plainString(s []byte) bool {
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
	return !yamlWords[string(s)]
}

// yamlWords are the letter-first plain scalars yaml.v3 resolves to a
// boolean or null rather than a string.
var yamlWords = map[string]bool{
	"y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "n": true, "N": true, "no": true, "No": true, "NO": true,
	"true": true, "True": true, "TRUE": true, "false": true, "False": true, "FALSE": true,
	"on": true, "On": true, "ON": true, "off": true, "Off": true, "OFF": true,
	"null": true, "Null": true, "NULL": true,
}
