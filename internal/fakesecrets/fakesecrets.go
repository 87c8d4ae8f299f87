// Package fakesecrets is a Secret Service (org.freedesktop.secrets) of a
// test's own, on a D-Bus bus of the test's own, whose unlock prompt the
// test answers as a person would: with the password, by dismissing it, or
// never. gnome-keyring cannot be driven that way without a desktop (its
// prompts need a display and a password dialog), so the tests of the
// unlock dialog use this instead; everything else is tested against the
// real daemon.
//
// It has one collection, "login", behind the alias "default". While it is
// locked it behaves as gnome-keyring restarted without its password does:
// a search reports the matching items as locked, their attributes are
// hashed, and their secrets cannot be read or written.
package fakesecrets

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"sync"
	"testing"

	"github.com/godbus/dbus/v5"
)

const (
	busName        = "org.freedesktop.secrets"
	servicePath    = dbus.ObjectPath("/org/freedesktop/secrets")
	CollectionPath = dbus.ObjectPath("/org/freedesktop/secrets/collection/login")
	aliasPath      = dbus.ObjectPath("/org/freedesktop/secrets/aliases/default")
	ifService      = "org.freedesktop.Secret.Service"
	ifCollection   = "org.freedesktop.Secret.Collection"
	ifItem         = "org.freedesktop.Secret.Item"
	ifSession      = "org.freedesktop.Secret.Session"
	ifPrompt       = "org.freedesktop.Secret.Prompt"
	ifProperties   = "org.freedesktop.DBus.Properties"
	noObject       = dbus.ObjectPath("/")
	errIsLocked    = "org.freedesktop.Secret.Error.IsLocked"
	errNoSuch      = "org.freedesktop.Secret.Error.NoSuchObject"
)

// Answer is what the person does with the unlock prompt.
type Answer int

const (
	// TypePassword: the person types the password; the collection unlocks.
	TypePassword Answer = iota
	// Dismiss: the person closes the dialog.
	Dismiss
	// Never: nobody answers; the dialog stays up.
	Never
)

// secret is the Secret Service's (oayays) Secret struct.
type secret struct {
	Session     dbus.ObjectPath
	Parameters  []byte
	Value       []byte
	ContentType string
}

type item struct {
	attrs map[string]string
	label string
	value []byte
}

// Service is a running fake Secret Service.
type Service struct {
	conn *dbus.Conn

	mu       sync.Mutex
	locked   bool
	answer   Answer
	items    map[dbus.ObjectPath]*item
	order    []dbus.ObjectPath
	next     int
	unlocks  int // Unlock calls that needed a prompt
	prompts  int // prompts shown (Prompt called)
	sessions int
}

// Start serves a Secret Service on bus (a private bus: testkeyring.StartBus)
// until the test ends. It starts unlocked and empty.
func Start(t testing.TB, bus string) *Service {
	t.Helper()
	conn, err := dbus.Connect(bus)
	if err != nil {
		t.Fatalf("connect to %s: %v", bus, err)
	}
	t.Cleanup(func() { conn.Close() })
	s := &Service{conn: conn, items: map[dbus.ObjectPath]*item{}}
	export := func(v any, path dbus.ObjectPath, iface string) {
		if err := conn.Export(v, path, iface); err != nil {
			t.Fatalf("export %s %s: %v", path, iface, err)
		}
	}
	export(serviceObj{s}, servicePath, ifService)
	export(props{s.serviceProps}, servicePath, ifProperties)
	for _, p := range []dbus.ObjectPath{CollectionPath, aliasPath} {
		export(collectionObj{s}, p, ifCollection)
		export(props{s.collectionProps}, p, ifProperties)
	}
	reply, err := conn.RequestName(busName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own %s: %v (%v)", busName, reply, err)
	}
	return s
}

// Add puts an item into the collection, as another program would have.
func (s *Service) Add(label string, attrs map[string]string, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.addLocked(label, attrs, []byte(value))
}

func (s *Service) addLocked(label string, attrs map[string]string, value []byte) dbus.ObjectPath {
	for _, p := range s.order {
		if maps.Equal(s.items[p].attrs, attrs) {
			s.items[p].label, s.items[p].value = label, value
			return p
		}
	}
	s.next++
	p := dbus.ObjectPath(fmt.Sprintf("%s/%d", CollectionPath, s.next))
	s.items[p] = &item{attrs: maps.Clone(attrs), label: label, value: value}
	s.order = append(s.order, p)
	_ = s.conn.Export(itemObj{s, p}, p, ifItem)
	_ = s.conn.Export(props{func(iface, name string) (dbus.Variant, bool) { return s.itemProp(p, iface, name) }}, p, ifProperties)
	return p
}

// SetLocked locks or unlocks the collection, as the desktop would.
func (s *Service) SetLocked(on bool) { s.mu.Lock(); s.locked = on; s.mu.Unlock() }

// Locked tells whether the collection is locked.
func (s *Service) Locked() bool { s.mu.Lock(); defer s.mu.Unlock(); return s.locked }

// SetAnswer says what the person will do with the next unlock prompts.
func (s *Service) SetAnswer(a Answer) { s.mu.Lock(); s.answer = a; s.mu.Unlock() }

// Prompts is how many prompts were shown to the person.
func (s *Service) Prompts() int { s.mu.Lock(); defer s.mu.Unlock(); return s.prompts }

// Unlocks is how many Unlock calls found the collection locked.
func (s *Service) Unlocks() int { s.mu.Lock(); defer s.mu.Unlock(); return s.unlocks }

// Value is the value of the item with these attributes, if there is one.
func (s *Service) Value(attrs map[string]string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.order {
		if maps.Equal(s.items[p].attrs, attrs) {
			return string(s.items[p].value), true
		}
	}
	return "", false
}

func locked() *dbus.Error {
	return &dbus.Error{Name: errIsLocked, Body: []any{"the collection is locked"}}
}

// matches: attrs holds every pair of query.
func matches(attrs, query map[string]string) bool {
	for k, v := range query {
		if attrs[k] != v {
			return false
		}
	}
	return true
}

// hashed is what a locked gnome-keyring shows of attributes it has not
// decrypted: nothing a search by value could find.
func hashed(attrs map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range attrs {
		sum := sha256.Sum256([]byte(v))
		out["gkr:compat:hashed:"+k] = hex.EncodeToString(sum[:16])
	}
	return out
}

func (s *Service) serviceProps(iface, name string) (dbus.Variant, bool) {
	if iface == ifService && name == "Collections" {
		return dbus.MakeVariant([]dbus.ObjectPath{CollectionPath}), true
	}
	return dbus.Variant{}, false
}

func (s *Service) collectionProps(iface, name string) (dbus.Variant, bool) {
	if iface != ifCollection {
		return dbus.Variant{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch name {
	case "Locked":
		return dbus.MakeVariant(s.locked), true
	case "Label":
		return dbus.MakeVariant("Login"), true
	case "Items":
		return dbus.MakeVariant(append([]dbus.ObjectPath{}, s.order...)), true
	}
	return dbus.Variant{}, false
}

func (s *Service) itemProp(p dbus.ObjectPath, iface, name string) (dbus.Variant, bool) {
	if iface != ifItem {
		return dbus.Variant{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	it, ok := s.items[p]
	if !ok {
		return dbus.Variant{}, false
	}
	switch name {
	case "Attributes":
		if s.locked {
			return dbus.MakeVariant(hashed(it.attrs)), true
		}
		return dbus.MakeVariant(it.attrs), true
	case "Label":
		return dbus.MakeVariant(it.label), true
	case "Locked":
		return dbus.MakeVariant(s.locked), true
	}
	return dbus.Variant{}, false
}

// props serves org.freedesktop.DBus.Properties from a lookup.
type props struct {
	get func(iface, name string) (dbus.Variant, bool)
}

func (p props) Get(iface, name string) (dbus.Variant, *dbus.Error) {
	if v, ok := p.get(iface, name); ok {
		return v, nil
	}
	return dbus.Variant{}, &dbus.Error{Name: "org.freedesktop.DBus.Error.UnknownProperty", Body: []any{iface + "." + name}}
}

func (p props) GetAll(iface string) (map[string]dbus.Variant, *dbus.Error) {
	out := map[string]dbus.Variant{}
	for _, n := range []string{"Collections", "Locked", "Label", "Items", "Attributes"} {
		if v, ok := p.get(iface, n); ok {
			out[n] = v
		}
	}
	return out, nil
}

func (p props) Set(iface, name string, v dbus.Variant) *dbus.Error {
	return &dbus.Error{Name: "org.freedesktop.DBus.Error.PropertyReadOnly", Body: []any{iface + "." + name}}
}

type serviceObj struct{ s *Service }

func (o serviceObj) OpenSession(algorithm string, input dbus.Variant) (dbus.Variant, dbus.ObjectPath, *dbus.Error) {
	if algorithm != "plain" {
		return dbus.Variant{}, "", &dbus.Error{Name: "org.freedesktop.DBus.Error.NotSupported", Body: []any{algorithm}}
	}
	o.s.mu.Lock()
	o.s.sessions++
	p := dbus.ObjectPath(fmt.Sprintf("/org/freedesktop/secrets/session/s%d", o.s.sessions))
	o.s.mu.Unlock()
	_ = o.s.conn.Export(sessionObj{o.s, p}, p, ifSession)
	return dbus.MakeVariant(""), p, nil
}

func (o serviceObj) ReadAlias(name string) (dbus.ObjectPath, *dbus.Error) {
	if name == "default" {
		return CollectionPath, nil
	}
	return noObject, nil
}

func (o serviceObj) SearchItems(query map[string]string) ([]dbus.ObjectPath, []dbus.ObjectPath, *dbus.Error) {
	s := o.s
	s.mu.Lock()
	defer s.mu.Unlock()
	unlocked, lockedItems := []dbus.ObjectPath{}, []dbus.ObjectPath{}
	for _, p := range s.order {
		// A locked gnome-keyring matches hashed values; the fake keeps
		// the plain ones for that, and hides them everywhere else.
		if !matches(s.items[p].attrs, query) {
			continue
		}
		if s.locked {
			lockedItems = append(lockedItems, p)
		} else {
			unlocked = append(unlocked, p)
		}
	}
	return unlocked, lockedItems, nil
}

func (o serviceObj) GetSecrets(items []dbus.ObjectPath, session dbus.ObjectPath) (map[dbus.ObjectPath]secret, *dbus.Error) {
	s := o.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.locked {
		return nil, locked()
	}
	out := map[dbus.ObjectPath]secret{}
	for _, p := range items {
		if it, ok := s.items[p]; ok {
			out[p] = secret{Session: session, Parameters: []byte{}, Value: it.value, ContentType: "text/plain"}
		}
	}
	return out, nil
}

func (o serviceObj) Lock(objects []dbus.ObjectPath) ([]dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
	o.s.SetLocked(true)
	return objects, noObject, nil
}

// Unlock unlocks nothing by itself: a locked collection needs the person,
// through a prompt.
func (o serviceObj) Unlock(objects []dbus.ObjectPath) ([]dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
	s := o.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.locked {
		return objects, noObject, nil
	}
	s.unlocks++
	p := dbus.ObjectPath(fmt.Sprintf("/org/freedesktop/secrets/prompt/u%d", s.unlocks))
	if err := s.conn.Export(&promptObj{s: s, path: p, objects: objects}, p, ifPrompt); err != nil {
		return nil, "", dbus.MakeFailedError(err)
	}
	return []dbus.ObjectPath{}, p, nil
}

type promptObj struct {
	s       *Service
	path    dbus.ObjectPath
	objects []dbus.ObjectPath
	once    sync.Once
}

// Prompt shows the dialog; the person's answer comes later, as the
// Completed signal.
func (o *promptObj) Prompt(windowID string) *dbus.Error {
	s := o.s
	s.mu.Lock()
	s.prompts++
	answer := s.answer
	s.mu.Unlock()
	switch answer {
	case TypePassword:
		go o.complete(false)
	case Dismiss:
		go o.complete(true)
	}
	return nil
}

func (o *promptObj) Dismiss() *dbus.Error {
	go o.complete(true)
	return nil
}

func (o *promptObj) complete(dismissed bool) {
	o.once.Do(func() {
		result := []dbus.ObjectPath{}
		if !dismissed {
			o.s.SetLocked(false)
			result = o.objects
		}
		_ = o.s.conn.Emit(o.path, ifPrompt+".Completed", dismissed, dbus.MakeVariant(result))
	})
}

type collectionObj struct{ s *Service }

func (o collectionObj) SearchItems(query map[string]string) ([]dbus.ObjectPath, *dbus.Error) {
	unlocked, lockedItems, err := serviceObj(o).SearchItems(query)
	return append(unlocked, lockedItems...), err
}

func (o collectionObj) CreateItem(properties map[string]dbus.Variant, sec secret, replace bool) (dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
	s := o.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.locked {
		return "", "", locked()
	}
	attrs, _ := properties[ifItem+".Attributes"].Value().(map[string]string)
	label, _ := properties[ifItem+".Label"].Value().(string)
	return s.addLocked(label, attrs, sec.Value), noObject, nil
}

type itemObj struct {
	s    *Service
	path dbus.ObjectPath
}

func (o itemObj) Delete() (dbus.ObjectPath, *dbus.Error) {
	s := o.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.locked {
		return "", locked()
	}
	if _, ok := s.items[o.path]; !ok {
		return "", &dbus.Error{Name: errNoSuch, Body: []any{string(o.path)}}
	}
	delete(s.items, o.path)
	_ = s.conn.Export(nil, o.path, ifItem)
	_ = s.conn.Export(nil, o.path, ifProperties)
	for i, p := range s.order {
		if p == o.path {
			s.order = append(s.order[:i], s.order[i+1:]...)
			break
		}
	}
	return noObject, nil
}

func (o itemObj) GetSecret(session dbus.ObjectPath) (secret, *dbus.Error) {
	s := o.s
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.locked {
		return secret{}, locked()
	}
	it, ok := s.items[o.path]
	if !ok {
		return secret{}, &dbus.Error{Name: errNoSuch, Body: []any{string(o.path)}}
	}
	return secret{Session: session, Parameters: []byte{}, Value: it.value, ContentType: "text/plain"}, nil
}

type sessionObj struct {
	s    *Service
	path dbus.ObjectPath
}

func (o sessionObj) Close() *dbus.Error {
	_ = o.s.conn.Export(nil, o.path, ifSession)
	return nil
}
