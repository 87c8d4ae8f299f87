package credentials

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aigne-io/aigne/internal/lazyre"
	"gopkg.in/yaml.v3"
)

// Doc is the parsed file. It keeps the YAML node tree so that keys and fields
// written by other tools, and their order, survive a rewrite.
type Doc struct {
	// flat is a file in the plain layout, read without the YAML parser;
	// top is built from it on the first change (tree), and nil until then.
	flat *flatDoc
	top  *yaml.Node // the top-level mapping
}

// tree is the top-level mapping, built from flat if need be: what every
// change, and the rendering, work on.
func (d *Doc) tree() *yaml.Node {
	if d.top == nil {
		d.top, d.flat = d.flat.tree(), nil
	}
	return d.top
}

func newDoc() *Doc { return &Doc{top: &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}} }

var yamlLine = lazyre.New(`^yaml: line (\d+): (.*)$`)

// Parse reads the file's bytes. path only names the file in errors.
func Parse(path string, data []byte) (*Doc, error) {
	if flat, ok := fastParse(data); ok {
		if err := flat.check(path); err != nil {
			return nil, err
		}
		return &Doc{flat: flat}, nil
	}
	top, err := parseYAML(path, data)
	if err != nil || top == nil {
		if err != nil {
			return nil, err
		}
		return newDoc(), nil
	}
	if err := checkTree(path, top); err != nil {
		return nil, err
	}
	return &Doc{top: top}, nil
}

// checkTree refuses a file whose hubs could be read two ways: a key that
// is no plain string or is written twice, an alias, or a hub field that is
// not a string.
func checkTree(path string, top *yaml.Node) error {
	seen := make(map[string]bool, len(top.Content)/2)
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return &ParseError{Path: path, Line: k.Line, Msg: "a key is not a plain host name"}
		}
		if seen[k.Value] {
			return &ParseError{Path: path, Line: k.Line, Msg: fmt.Sprintf("%q appears twice", k.Value)}
		}
		seen[k.Value] = true
		if v.Kind == yaml.AliasNode {
			return &ParseError{Path: path, Line: v.Line, Msg: fmt.Sprintf("%q: aliases are not supported", k.Value)}
		}
		if v.Kind != yaml.MappingNode {
			// Not a hub: another tool's setting, kept as it is.
			continue
		}
		for j := 0; j+1 < len(v.Content); j += 2 {
			fk, fv := v.Content[j], v.Content[j+1]
			if fk.Value != FieldURL && fk.Value != FieldKey {
				continue
			}
			// Any scalar will do: `AIGNE_HUB_API_KEY: 12345` is the
			// string 12345 to the Node CLI too.
			if fv.Kind != yaml.ScalarNode {
				return &ParseError{Path: path, Line: fv.Line, Msg: fmt.Sprintf("%s.%s: expected a string", k.Value, fk.Value)}
			}
		}
	}
	return nil
}

// parseYAML reads the file with the general YAML parser: its top-level
// mapping, or nil for an empty document.
func parseYAML(path string, data []byte) (*yaml.Node, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(&root)
	if errors.Is(err, io.EOF) {
		return nil, nil
	}
	if err == nil {
		// A rewrite would keep only the first document: refuse the file
		// rather than drop the rest.
		var next yaml.Node
		switch err = dec.Decode(&next); {
		case err == nil:
			return nil, &ParseError{Path: path, Line: next.Line, Msg: "more than one YAML document (---); aigne reads and writes exactly one"}
		case errors.Is(err, io.EOF):
			err = nil
		}
	}
	if err != nil {
		msg := err.Error()
		if m := yamlLine().FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &ParseError{Path: path, Line: line, Msg: m[2]}
		}
		return nil, &ParseError{Path: path, Msg: strings.TrimPrefix(msg, "yaml: ")}
	}
	if root.Kind == 0 { // empty file, or only comments
		return nil, nil
	}
	top := &root
	if top.Kind == yaml.DocumentNode {
		if len(top.Content) == 0 {
			return nil, nil
		}
		top = top.Content[0]
	}
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		return nil, nil
	}
	if top.Kind != yaml.MappingNode {
		return nil, &ParseError{Path: path, Line: top.Line, Msg: "expected a mapping of hosts to hub settings"}
	}
	return top, nil
}

// Bytes renders the document in the Node CLI's layout (two-space indent).
func (d *Doc) Bytes() ([]byte, error) {
	if len(d.tree().Content) == 0 {
		return []byte{}, nil
	}
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(d.top); err != nil {
		return nil, fmt.Errorf("encode hub list: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode hub list: %w", err)
	}
	return buf.Bytes(), nil
}

func (d *Doc) entry(key string) *yaml.Node {
	d.tree()
	for i := 0; i+1 < len(d.top.Content); i += 2 {
		if d.top.Content[i].Value == key {
			return d.top.Content[i+1]
		}
	}
	return nil
}

func field(m *yaml.Node, name string) (string, bool) {
	if m == nil || m.Kind != yaml.MappingNode {
		return "", false
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == name && m.Content[i+1].Tag != "!!null" {
			return scalarString(m.Content[i+1]), true
		}
	}
	return "", false
}

// setField gives the field its value, in the place of its first copy; any
// other copy goes, so that no reader finds an older value there.
func setField(m *yaml.Node, name, value string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == name {
			m.Content[i+1] = strNode(value)
			deleteFieldFrom(m, name, i+2)
			return
		}
	}
	m.Content = append(m.Content, strNode(name), strNode(value))
}

// deleteField removes every copy of the field: a key moved out of the file
// must leave none behind.
func deleteField(m *yaml.Node, name string) {
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	deleteFieldFrom(m, name, 0)
}

func deleteFieldFrom(m *yaml.Node, name string, from int) {
	kept := m.Content[:from]
	for i := from; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value != name {
			kept = append(kept, m.Content[i], m.Content[i+1])
		}
	}
	m.Content = kept
}

// twice names the first field written more than once in m, "" for none.
func twice(m *yaml.Node) string {
	if len(m.Content) > 16 {
		// A hand-made entry with many fields: no quadratic scan.
		seen := map[string]bool{}
		for i := 0; i+1 < len(m.Content); i += 2 {
			if seen[m.Content[i].Value] {
				return m.Content[i].Value
			}
			seen[m.Content[i].Value] = true
		}
		return ""
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		for j := i + 2; j+1 < len(m.Content); j += 2 {
			if m.Content[i].Value == m.Content[j].Value {
				return m.Content[i].Value
			}
		}
	}
	return ""
}

func strNode(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// Entries lists the file's hub entries in file order: every mapping but
// "default" that has an AIGNE_HUB_API_URL or AIGNE_HUB_API_KEY field (other
// mappings are other tools' settings). Whether an entry is usable is the
// Registry's call.
func (d *Doc) Entries() []FileEntry {
	if d.flat != nil {
		out := make([]FileEntry, 0, len(d.flat.entries))
		for i := range d.flat.entries {
			e := &d.flat.entries[i]
			if e.key == ActiveKey {
				continue
			}
			apiURL, hasURL := e.field(FieldURL)
			key, hasKey := e.field(FieldKey)
			if !hasURL && !hasKey {
				continue
			}
			out = append(out, FileEntry{Name: e.key, APIURL: apiURL, Key: key, Twice: e.twice(), Line: e.line})
		}
		return out
	}
	out := make([]FileEntry, 0, len(d.top.Content)/2)
	for i := 0; i+1 < len(d.top.Content); i += 2 {
		name, v := d.top.Content[i].Value, d.top.Content[i+1]
		if name == ActiveKey || v.Kind != yaml.MappingNode {
			continue
		}
		apiURL, hasURL := field(v, FieldURL)
		key, hasKey := field(v, FieldKey)
		if !hasURL && !hasKey {
			continue
		}
		out = append(out, FileEntry{Name: name, APIURL: apiURL, Key: key, Twice: twice(v), Line: d.top.Content[i].Line})
	}
	return out
}

// ActiveURL is the URL of the "default" entry, "" when there is none.
func (d *Doc) ActiveURL() string {
	if d.flat != nil {
		u, _ := d.flat.entry(ActiveKey).field(FieldURL)
		return u
	}
	u, _ := field(d.entry(ActiveKey), FieldURL)
	return u
}

// Key returns the API key kept in the file for host.
func (d *Doc) Key(host string) (string, bool) {
	if d.flat != nil {
		k, ok := d.flat.entry(host).field(FieldKey)
		return k, ok && k != ""
	}
	k, ok := field(d.entry(host), FieldKey)
	return k, ok && k != ""
}

// PutHub adds the hub, or updates its API URL, keeping its other fields.
func (d *Doc) PutHub(host, apiURL string) { setField(d.hubEntry(host), FieldURL, apiURL) }

// hubEntry returns the mapping of host, creating it if needed.
func (d *Doc) hubEntry(host string) *yaml.Node {
	if host == ActiveKey || host == "" {
		panic("credentials: invalid host " + strconv.Quote(host))
	}
	v := d.entry(host)
	if v == nil || v.Kind != yaml.MappingNode {
		v = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		d.setEntry(host, v)
	}
	return v
}

func (d *Doc) setEntry(key string, v *yaml.Node) {
	d.tree()
	for i := 0; i+1 < len(d.top.Content); i += 2 {
		if d.top.Content[i].Value == key {
			d.top.Content[i+1] = v
			return
		}
	}
	// "default" stays last, where the Node CLI keeps it.
	at := len(d.top.Content)
	for i := 0; i+1 < len(d.top.Content); i += 2 {
		if d.top.Content[i].Value == ActiveKey && key != ActiveKey {
			at = i
		}
	}
	d.top.Content = append(d.top.Content[:at], append([]*yaml.Node{strNode(key), v}, d.top.Content[at:]...)...)
}

// SetKey stores the API key for host in the file, creating its entry if
// needed (an entry without a URL is not listed as a hub).
func (d *Doc) SetKey(host, key string) { setField(d.hubEntry(host), FieldKey, key) }

// DeleteKey removes the API key of host from the file.
func (d *Doc) DeleteKey(host string) { deleteField(d.entry(host), FieldKey) }

// RemoveHub deletes the hub's entry; it reports whether there was one.
func (d *Doc) RemoveHub(host string) bool {
	if host == ActiveKey {
		return false
	}
	return d.removeEntry(host)
}

func (d *Doc) removeEntry(key string) bool {
	d.tree()
	for i := 0; i+1 < len(d.top.Content); i += 2 {
		if d.top.Content[i].Value == key {
			d.top.Content = append(d.top.Content[:i], d.top.Content[i+2:]...)
			return true
		}
	}
	return false
}

// SetActiveURL makes the "default" entry name the hub of apiURL. It holds
// the URL only: the key stays with the hub it belongs to.
func (d *Doc) SetActiveURL(apiURL string) {
	v := d.entry(ActiveKey)
	if v == nil || v.Kind != yaml.MappingNode {
		v = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		d.setEntry(ActiveKey, v)
	}
	setField(v, FieldURL, apiURL)
}

// ClearActive removes the "default" entry.
func (d *Doc) ClearActive() { d.removeEntry(ActiveKey) }

// FileEntry is one hub entry of the file as it stands: its name (the YAML
// key) and fields, whether or not they agree.
type FileEntry struct {
	Name   string // the YAML key, meant to be the hub's host[:port]
	APIURL string // AIGNE_HUB_API_URL, "" when missing
	Key    string // AIGNE_HUB_API_KEY, "" when missing
	// Twice names a field written more than once in the entry ("" when
	// none is). Such an entry is invalid: which copy counts differs from
	// one YAML reader to the next.
	Twice string
	// Line is the line of the entry's name in the file (1 is the first).
	Line int
}

// has reports whether the file has an entry for host.
func (d *Doc) has(host string) bool {
	if d.flat != nil {
		return host != ActiveKey && d.flat.entry(host) != nil
	}
	return host != ActiveKey && d.entry(host) != nil
}
