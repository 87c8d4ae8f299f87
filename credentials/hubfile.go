package credentials

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gofrs/flock"
	"gopkg.in/yaml.v3"
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

// Hub is one saved hub as the file records it.
type Hub struct {
	Host   string // the YAML key: host[:port]
	APIURL string // AIGNE_HUB_API_URL
	HasKey bool   // AIGNE_HUB_API_KEY is in the file (else it is in the keychain)
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
	LockTimeout time.Duration // how long Update waits for another writer; 0 means 10s
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
	dir := filepath.Dir(f.Path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	lock := flock.New(f.Path+".lock", flock.SetPermissions(0o600))
	timeout := f.LockTimeout
	if timeout == 0 {
		timeout = 10 * time.Second
	}
	if err := lockWithin(ctx, lock, timeout); err != nil {
		return fmt.Errorf("lock %s: %w", f.Path, err)
	}
	defer lock.Unlock()

	// A dotfiles manager may have made the file a link: replace what it
	// points to, not the link.
	target := f.Path
	if p, err := filepath.EvalSymlinks(f.Path); err == nil {
		target = p
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
	if err := fn(doc); err != nil {
		return err
	}
	after, err := doc.Bytes()
	if err != nil {
		return err
	}
	if bytes.Equal(before, after) {
		return nil
	}
	if err := writeAtomic(target, after); err != nil {
		return fmt.Errorf("write %s: %w", f.Path, err)
	}
	return nil
}

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
		return fmt.Errorf("another aigne process has held it for %s", timeout)
	}
}

func releaseWhenGot(lock *flock.Flock, got <-chan error) {
	if <-got == nil {
		lock.Unlock()
	}
}

// removeStaleTemps deletes temporary files that a writer killed mid-write
// left beside target. Each holds a full copy of the keys, and only a writer
// holding the lock creates them, so under the lock any that exist are dead.
func removeStaleTemps(target string) {
	dir, prefix := filepath.Dir(target), "."+filepath.Base(target)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), prefix)
		if !ok || rest == "" || strings.Trim(rest, "0123456789") != "" || !e.Type().IsRegular() {
			continue
		}
		_ = os.Remove(filepath.Join(dir, e.Name()))
	}
}

// Doc is the parsed file. It keeps the YAML node tree so that keys and fields
// written by other tools, and their order, survive a rewrite.
type Doc struct {
	top *yaml.Node // the top-level mapping
}

func newDoc() *Doc { return &Doc{top: &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}} }

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// Parse reads the file's bytes. path only names the file in errors.
func Parse(path string, data []byte) (*Doc, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(&root)
	if errors.Is(err, io.EOF) {
		return newDoc(), nil
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
		if m := yamlLine.FindStringSubmatch(msg); m != nil {
			line, _ := strconv.Atoi(m[1])
			return nil, &ParseError{Path: path, Line: line, Msg: m[2]}
		}
		return nil, &ParseError{Path: path, Msg: strings.TrimPrefix(msg, "yaml: ")}
	}
	if root.Kind == 0 { // empty file, or only comments
		return newDoc(), nil
	}
	top := &root
	if top.Kind == yaml.DocumentNode {
		if len(top.Content) == 0 {
			return newDoc(), nil
		}
		top = top.Content[0]
	}
	if top.Kind == yaml.ScalarNode && top.Tag == "!!null" {
		return newDoc(), nil
	}
	if top.Kind != yaml.MappingNode {
		return nil, &ParseError{Path: path, Line: top.Line, Msg: "expected a mapping of hosts to hub settings"}
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
			if fv.Kind != yaml.ScalarNode || (fv.Tag != "!!str" && fv.Tag != "!!null") {
				return nil, &ParseError{Path: path, Line: fv.Line, Msg: fmt.Sprintf("%s.%s: expected a string", k.Value, fk.Value)}
			}
		}
	}
	return &Doc{top: top}, nil
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
			return m.Content[i+1].Value, true
		}
	}
	return "", false
}

func setField(m *yaml.Node, name, value string) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == name {
			m.Content[i+1] = strNode(value)
			return
		}
	}
	m.Content = append(m.Content, strNode(name), strNode(value))
}

func deleteField(m *yaml.Node, name string) {
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == name {
			m.Content = append(m.Content[:i], m.Content[i+2:]...)
			return
		}
	}
}

func strNode(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// Hubs lists the saved hubs in file order. Entries without an API URL, and
// the "default" entry, are not hubs.
func (d *Doc) Hubs() []Hub {
	var hubs []Hub
	for i := 0; i+1 < len(d.top.Content); i += 2 {
		host := d.top.Content[i].Value
		if host == ActiveKey {
			continue
		}
		v := d.top.Content[i+1]
		apiURL, ok := field(v, FieldURL)
		if !ok || apiURL == "" {
			continue
		}
		key, _ := field(v, FieldKey)
		hubs = append(hubs, Hub{Host: host, APIURL: apiURL, HasKey: key != ""})
	}
	return hubs
}

// Hub returns the saved hub for host.
func (d *Doc) Hub(host string) (Hub, bool) {
	for _, h := range d.Hubs() {
		if h.Host == host {
			return h, true
		}
	}
	return Hub{}, false
}

// Active returns the host of the active hub: the saved hub whose host is the
// host of the "default" entry's URL. It is "" when there is none.
func (d *Doc) Active() string {
	apiURL, ok := field(d.entry(ActiveKey), FieldURL)
	if !ok {
		return ""
	}
	u, err := url.Parse(apiURL)
	if err != nil {
		return ""
	}
	if _, ok := d.Hub(u.Host); !ok {
		return ""
	}
	return u.Host
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

// SetActive makes the saved hub at host the active one. The "default" entry
// carries the URL only: the key stays with the hub it belongs to.
func (d *Doc) SetActive(host string) error {
	h, ok := d.Hub(host)
	if !ok {
		return fmt.Errorf("hub %s is not saved", host)
	}
	v := d.entry(ActiveKey)
	if v == nil || v.Kind != yaml.MappingNode {
		v = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
		d.setEntry(ActiveKey, v)
	}
	setField(v, FieldURL, h.APIURL)
	return nil
}

// ClearActive removes the "default" entry.
func (d *Doc) ClearActive() { d.removeEntry(ActiveKey) }
