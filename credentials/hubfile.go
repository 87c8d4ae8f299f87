package credentials

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gofrs/flock"
	"gopkg.in/yaml.v3"

	"github.com/aigne-io/aigne/internal/lazyre"
)

// The file's names, fixed by the Node.js @aigne/cli that shares it.
const (
	FileName  = "aigne-hub-connected.yaml"
	DirName   = ".aigne"
	ActiveKey = "default"
	FieldURL  = "AIGNE_HUB_API_URL"
	FieldKey  = "AIGNE_HUB_API_KEY"
)

// DefaultPath is ~/.aigne/aigne-hub-connected.yaml.
func DefaultPath() (string, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("find home directory: %w", err)
	}
	return filepath.Join(home, DirName, FileName), nil
}

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
}

// ParseError is a file that cannot be read as the hub list. It is never
// overwritten: the user has to look at it.
type ParseError struct {
	Path string
	Line int
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s: line %d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// File is the hub list on disk. Readers need no lock because every write
// replaces the file atomically; writers take an exclusive lock on a sidecar
// file (the data file itself is replaced, so it cannot carry the lock).
type File struct {
	Path        string
	LockTimeout time.Duration // how long a writer waits for another; 0 means defaultLockTimeout
}

// NewFile returns the hub list at path.
func NewFile(path string) *File { return &File{Path: path} }

// Load reads the file. A missing or empty file is an empty list.
func (f *File) Load() (*Doc, error) {
	data, err := os.ReadFile(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return newDoc(), nil
	}
	if err != nil {
		return nil, err // a *fs.PathError, which names the file already
	}
	return Parse(f.Path, data)
}

// Update runs fn on the current contents under the writers' lock and writes
// the result back atomically if fn changed anything. When fn returns an error
// nothing is written.
func (f *File) Update(ctx context.Context, fn func(*Doc) error) error {
	return f.WithLock(ctx, func(d *Doc, save func() error) error {
		if err := fn(d); err != nil {
			return err
		}
		return save()
	})
}

// WithLock runs fn under the writers' lock with the current contents. fn
// may change the document and call save to write it (atomically, and only
// when a byte changed), then go on with other work, such as keychain
// writes, still under the lock; so another aigne process never sees the
// change half made.
func (f *File) WithLock(ctx context.Context, fn func(d *Doc, save func() error) error) error {
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	lock := flock.New(f.Path+".lock", flock.SetPermissions(0o600))
	timeout := f.LockTimeout
	if timeout == 0 {
		timeout = defaultLockTimeout
	}
	if err := lockWithin(ctx, lock, timeout); err != nil {
		return &LockError{Path: f.Path, Err: err}
	}
	defer lock.Unlock()

	// A dotfiles manager may have made the file a link: replace what it
	// points to, not the link, but only when that is the user's own file
	// (as root, a link could otherwise make us rewrite anyone's file).
	target, err := f.writeTarget()
	if err != nil {
		return err
	}
	removeStaleTemps(target)

	doc, err := f.Load()
	if err != nil {
		return err
	}
	before, err := doc.Bytes()
	if err != nil {
		return err
	}
	save := func() error {
		after, err := doc.Bytes()
		if err != nil {
			return err
		}
		if bytes.Equal(before, after) {
			// Nothing to write, but a file the Node CLI left readable
			// by others is tightened all the same.
			return tighten(target)
		}
		if err := writeAtomic(target, after); err != nil {
			return fmt.Errorf("write %s: %w", f.Path, err)
		}
		before = after
		return nil
	}
	return fn(doc, save)
}

// writeTarget is the file a write replaces: f.Path, or what its symlink
// points to when that belongs to us. A file of another user is an
// *OwnerError: never rewritten, whoever runs aigne.
func (f *File) writeTarget() (string, error) {
	target := f.Path
	if p, err := filepath.EvalSymlinks(f.Path); err == nil {
		target = p
	}
	fi, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return target, nil
	case err != nil:
		return "", err
	case !ownedByUs(fi):
		return "", &OwnerError{Path: f.Path, Target: target}
	}
	return target, nil
}

// tighten makes an existing file 0600.
func tighten(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return os.Chmod(path, 0o600)
	}
	return nil
}

// OwnerError: the hub list (or what its symlink points to) belongs to
// another user, so aigne will not rewrite it.
type OwnerError struct{ Path, Target string }

func (e *OwnerError) Error() string {
	if e.Path == e.Target {
		return fmt.Sprintf("%s belongs to another user", e.Path)
	}
	return fmt.Sprintf("%s links to %s, which belongs to another user", e.Path, e.Target)
}

// OpenToOthers reports whether the file can be read or written by other
// users (the Node CLI writes it 0644), with its mode; false when it does
// not exist.
func (f *File) OpenToOthers() (bool, os.FileMode) {
	fi, err := os.Stat(f.Path)
	if err != nil {
		return false, 0
	}
	return fi.Mode().Perm()&0o077 != 0, fi.Mode().Perm()
}

// defaultLockTimeout is how long a writer waits for another by default.
const defaultLockTimeout = 10 * time.Second

// has reports whether the file has an entry for host.
func (d *Doc) has(host string) bool { return host != ActiveKey && d.entry(host) != nil }

// LockError: another writer held the lock too long, or the wait was
// cancelled.
type LockError struct {
	Path string
	Err  error
}

func (e *LockError) Error() string { return fmt.Sprintf("lock %s: %v", e.Path, e.Err) }
func (e *LockError) Unwrap() error { return e.Err }

// lockWithin takes the writers' lock, waiting at most timeout. It waits in
// the kernel (flock's queue) rather than polling, which a crowd of writers
// on a busy machine can starve. If the wait is abandoned, the waiting call
// releases the lock as soon as it gets it.
func lockWithin(ctx context.Context, lock *flock.Flock, timeout time.Duration) error {
	got := make(chan error, 1)
	go func() { got <- lock.Lock() }()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case err := <-got:
		return err
	case <-ctx.Done():
		go releaseWhenGot(lock, got)
		return ctx.Err()
	case <-t.C:
		go releaseWhenGot(lock, got)
		return fmt.Errorf("%w for %s", ErrLockHeld, timeout)
	}
}

// ErrLockHeld: another aigne process held the writers' lock too long.
var ErrLockHeld = errors.New("another aigne process held the lock")

func releaseWhenGot(lock *flock.Flock, got <-chan error) {
	if <-got == nil {
		lock.Unlock()
	}
}

// removeStaleTemps deletes temporary files that a writer killed mid-write
// left beside target. Each holds a full copy of the keys, and only a writer
// holding the lock creates them, so under the lock any that exist are dead.
// Only our own are touched: named by writeAtomic, regular, owned by us.
func removeStaleTemps(target string) {
	dir := filepath.Dir(target)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !isOurTemp(e.Name(), target) || !e.Type().IsRegular() {
			continue
		}
		if fi, err := e.Info(); err == nil && ownedByUs(fi) {
			_ = os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// Doc is the parsed file. It keeps the YAML node tree so that keys and fields
// written by other tools, and their order, survive a rewrite.
type Doc struct {
	top *yaml.Node // the top-level mapping
}

func newDoc() *Doc { return &Doc{top: &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}} }

var yamlLine = lazyre.New(`^yaml: line (\d+): (.*)$`)

// Parse reads the file's bytes. path only names the file in errors.
func Parse(path string, data []byte) (*Doc, error) {
	top, ok := fastParse(data)
	if !ok {
		var err error
		if top, err = parseYAML(path, data); err != nil || top == nil {
			if err != nil {
				return nil, err
			}
			return newDoc(), nil
		}
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			return nil, &ParseError{Path: path, Line: k.Line, Msg: "a key is not a plain host name"}
		}
		if seen[k.Value] {
			return nil, &ParseError{Path: path, Line: k.Line, Msg: fmt.Sprintf("%q appears twice", k.Value)}
		}
		seen[k.Value] = true
		if v.Kind == yaml.AliasNode {
			return nil, &ParseError{Path: path, Line: v.Line, Msg: fmt.Sprintf("%q: aliases are not supported", k.Value)}
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
				return nil, &ParseError{Path: path, Line: fv.Line, Msg: fmt.Sprintf("%s.%s: expected a string", k.Value, fk.Value)}
			}
		}
	}
	return &Doc{top: top}, nil
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
	if len(d.top.Content) == 0 {
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
	var out []FileEntry
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
		out = append(out, FileEntry{Name: name, APIURL: apiURL, Key: key, Twice: twice(v)})
	}
	return out
}

// ActiveURL is the URL of the "default" entry, "" when there is none.
func (d *Doc) ActiveURL() string {
	u, _ := field(d.entry(ActiveKey), FieldURL)
	return u
}

// Key returns the API key kept in the file for host.
func (d *Doc) Key(host string) (string, bool) {
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
