package credentials

import (
	"context"
	"errors"
	"strings"

	"github.com/aigne-io/aigne/huburl"
)

// OfficialHost is the runtime's default hub, active when nothing else is.
const OfficialHost = "hub.aigne.io"

// Registry is the set of saved hubs: the union of the hub file's entries
// and the keychain's items, which @aigne/cli moves the file into on a
// desktop. Every write holds the file's lock for the whole change, keychain
// included.
type Registry struct {
	File     *File
	Keychain *Keychain // nil: look at no keychain
}

// NewRegistry returns the registry over the file at path and keychain kc
// (nil for none). A writer holds the file's lock through its keychain
// calls, so another writer waits longer than those may take.
func NewRegistry(path string, kc *Keychain) *Registry {
	f := NewFile(path)
	if kc != nil {
		f.LockTimeout = defaultLockTimeout + 4*kc.timeout()
	}
	return &Registry{File: f, Keychain: kc}
}

// Hub is one saved hub.
type Hub struct {
	// Host is its identity: the host[:port] of its API URL, as WHATWG's
	// `new URL(u).host` gives it.
	Host string
	// APIURL is where its API lives; "" for a hub known only from the
	// keychain whose item was not read (macOS lists accounts only).
	APIURL string
	// Store is where its key is: StoreFile, StoreKeyring, or StoreNone.
	Store Store
	// InFile: the hub file has an entry for it.
	InFile bool
	// Invalid: a file entry or keychain item that cannot be trusted with a
	// key: Problem says why. It is listed, but has no key and is never
	// active, so an edited URL can never send a key to another host.
	Invalid bool
	Problem Problem
	// Field is the field written twice (ProblemFieldTwice); ItemErr why
	// the keychain item could not be read (ProblemUnreadable).
	Field   string
	ItemErr error
	URLErr  error // why the API URL cannot be used (ProblemBadURL)
	// Line is the line of its file entry's name (0 when not InFile).
	Line int

	origin string // Origin's answer, when build worked it out already
}

// Origin is scheme://host of the hub.
func (h Hub) Origin() string {
	if h.origin != "" {
		return h.origin
	}
	if h.APIURL != "" {
		if o, err := huburl.OriginOf(h.APIURL); err == nil && !h.Invalid {
			return o.String()
		}
	}
	if huburl.IsLoopback(h.Host) {
		return "http://" + h.Host
	}
	return "https://" + h.Host
}

// State is what one command reads: the file, loaded once, and the
// keychain's listing. Reading a key from it costs no I/O for a file hub,
// and at most one keychain call for a keychain hub.
type State struct {
	Hubs []Hub
	// KeychainErr is set when a keychain is there but could not be read
	// (an *UnavailableError): the file's hubs are listed all the same.
	KeychainErr error

	reg     *Registry
	doc     *Doc
	listing *Listing // nil: no keychain, or it could not be read
}

// KeychainUsable says whether the keychain could be used when this state
// was read: nil, ErrNoKeychain, or the *UnavailableError of its listing
// (a locked keychain among them). The listing is what finds a locked
// keychain, so no second call is needed to know.
func (s *State) KeychainUsable() error {
	switch {
	case s.reg.Keychain == nil:
		return ErrNoKeychain
	case s.KeychainErr != nil:
		return s.KeychainErr
	case s.listing == nil:
		return ErrNoKeychain
	}
	return nil
}

// Load reads the file and lists the keychain. values asks for the
// keychain's values too where reading them may cost a permission prompt
// each (macOS): for `list --check`, which needs every key.
func (r *Registry) Load(values bool) (*State, error) {
	doc, err := r.File.Load()
	if err != nil {
		return nil, err
	}
	return r.state(doc, values), nil
}

// LoadQuiet is Load for shell completion: the file, and the keychain's
// accounts without any value, so that nothing can show a prompt. Its
// hubs' keys are not to be used.
func (r *Registry) LoadQuiet() (*State, error) {
	doc, err := r.File.Load()
	if err != nil {
		return nil, err
	}
	s := &State{reg: r, doc: doc}
	if r.Keychain != nil {
		s.listing, _ = r.Keychain.Accounts()
	}
	s.build()
	return s, nil
}

func (r *Registry) state(doc *Doc, values bool) *State {
	s := &State{reg: r, doc: doc}
	if r.Keychain != nil {
		l, err := r.Keychain.List(values)
		switch {
		case err == nil:
			s.listing = l
		case !errors.Is(err, ErrNoKeychain):
			s.KeychainErr = err
		}
	}
	s.build()
	return s
}

func (s *State) build() {
	entries := s.doc.Entries()
	n := len(entries)
	if s.listing != nil {
		n += len(s.listing.Accounts)
	}
	s.Hubs = make([]Hub, 0, n)
	var named map[string]bool // the file's hubs, for the keychain's to skip
	if s.listing != nil {
		named = make(map[string]bool, len(entries))
	}
	for _, e := range entries {
		if named != nil {
			named[e.Name] = true
		}
		h := Hub{Host: e.Name, APIURL: e.APIURL, InFile: true, Line: e.Line}
		o, err := huburl.OriginOf(e.APIURL)
		switch {
		case e.Twice != "":
			h.Problem, h.Field = ProblemFieldTwice, e.Twice
		case e.APIURL == "":
			h.Problem = ProblemNoURL
		case err != nil:
			h.Problem, h.URLErr = ProblemBadURL, err
		case o.Host != e.Name:
			h.Problem = ProblemHostMismatch
		default:
			h.Store, h.origin = s.storeOf(e), o.String()
		}
		h.Invalid = h.Problem != ProblemNone
		s.Hubs = append(s.Hubs, h)
	}
	if s.listing == nil {
		return
	}
	for _, account := range s.listing.Accounts {
		if named[account] {
			continue
		}
		it := s.listing.Items[account]
		h := Hub{Host: account, Store: StoreKeyring}
		switch {
		case it.Err != nil:
			h.Problem, h.ItemErr = ProblemUnreadable, it.Err
		case it.Malformed:
			h.Problem = ProblemNotJSON
		case it.Read && it.APIURL == "":
			h.Problem = ProblemNoURL
		case it.Read:
			h.APIURL = it.APIURL
			if host, err := huburl.HostOf(it.APIURL); err != nil {
				h.Problem, h.URLErr = ProblemBadURL, err
			} else if host != account {
				h.Problem = ProblemHostMismatch
			} else if it.Key == "" {
				h.Store = StoreNone
			}
		default:
			if o, err := huburl.Parse("https://" + account); err != nil || o.Host != account {
				h.Problem = ProblemHostMismatch
			}
		}
		if h.Problem != ProblemNone {
			h.Invalid, h.Store = true, StoreNone
		}
		s.Hubs = append(s.Hubs, h)
	}
}

// storeOf says where the key of a valid file entry is.
func (s *State) storeOf(e FileEntry) Store {
	switch {
	case e.Key != "":
		return StoreFile
	case s.KeychainErr != nil:
		// Perhaps in the keychain: asking for the key will say that the
		// keychain could not be read, rather than that there is none.
		return StoreKeyring
	case s.listing == nil:
		return StoreNone
	}
	it, ok := s.listing.Items[e.Name]
	if !ok || (it.Read && !it.Malformed && it.Key == "") {
		return StoreNone
	}
	// An item that could not be read or parsed stays the keychain's:
	// asking for the key says what is wrong with it.
	return StoreKeyring
}

// Hub returns the saved hub with that host.
func (s *State) Hub(host string) (Hub, bool) {
	for _, h := range s.Hubs {
		if h.Host == host {
			return h, true
		}
	}
	return Hub{}, false
}

// NotSaved is the error for a host that no usable saved hub has. It names
// the invalid file entry meant for that host, if there is one: the entry
// of that name, else one whose name is that host written otherwise (in
// upper case), else one whose API URL is on that host.
func (s *State) NotSaved(host string) *NotSavedError {
	e := &NotSavedError{Host: host}
	var found *Hub
	for _, match := range []func(Hub) bool{
		func(h Hub) bool { return h.Host == host },
		func(h Hub) bool { o, err := huburl.Parse(h.Host); return err == nil && o.Host == host },
		func(h Hub) bool { o, err := huburl.HostOf(h.APIURL); return err == nil && o == host },
	} {
		for i := range s.Hubs {
			if h := s.Hubs[i]; h.InFile && h.Invalid && match(h) {
				found = &h
				break
			}
		}
		if found != nil {
			break
		}
	}
	if found != nil {
		e.Entry, e.Path = found, s.path()
	}
	return e
}

// path is the hub file's path, for errors that name an entry in it.
func (s *State) path() string {
	if s.reg == nil || s.reg.File == nil {
		return ""
	}
	return s.reg.File.Path
}

// Valid lists the hubs that are not Invalid.
func (s *State) Valid() []Hub {
	var out []Hub
	for _, h := range s.Hubs {
		if !h.Invalid {
			out = append(out, h)
		}
	}
	return out
}

// Active returns the active hub's host ("" for none): the file's default
// when it names a saved hub, else the keychain's default when it names one,
// else hub.aigne.io when it is saved. When the file's default does not
// decide and the keychain could not be read, the host returned is the best
// guess without it and err says why it may be wrong.
func (s *State) Active() (string, error) {
	if h := s.savedHostOf(s.doc.ActiveURL()); h != "" {
		return h, nil
	}
	if s.listing != nil {
		if h := s.savedHostOf(s.listing.DefaultURL); h != "" {
			return h, nil
		}
	}
	guess := ""
	if h, ok := s.Hub(OfficialHost); ok && !h.Invalid {
		guess = OfficialHost
	}
	return guess, s.KeychainErr
}

// savedHostOf is the host of apiURL when a valid saved hub has it.
func (s *State) savedHostOf(apiURL string) string {
	if apiURL == "" {
		return ""
	}
	host, err := huburl.HostOf(apiURL)
	if err != nil {
		return ""
	}
	if h, ok := s.Hub(host); ok && !h.Invalid {
		return host
	}
	return ""
}

// Credentials returns the hub's API URL and key. A hub with no key gives a
// *NoKeyError; a keychain that cannot be read, its error.
func (s *State) Credentials(h Hub) (Entry, error) {
	if h.Invalid || h.Store == StoreNone {
		e := &NoKeyError{Host: h.Host, Invalid: h.Invalid, Problem: h.Problem, InFile: h.InFile, Field: h.Field, ItemErr: h.ItemErr, URLErr: h.URLErr}
		if h.Invalid && h.InFile {
			e.Path, e.Line, e.APIURL = s.path(), h.Line, h.APIURL
		}
		return Entry{}, e
	}
	if h.Store == StoreFile {
		k, _ := s.doc.Key(h.Host)
		return Entry{APIURL: h.APIURL, Key: k}, nil
	}
	if s.KeychainErr != nil {
		return Entry{}, s.KeychainErr
	}
	it := s.listing.Items[h.Host]
	switch {
	case it.Err != nil:
		return Entry{}, &NoKeyError{Host: h.Host, Invalid: true, Problem: ProblemUnreadable, ItemErr: it.Err}
	case it.Malformed:
		return Entry{}, &NoKeyError{Host: h.Host, Invalid: true, Problem: ProblemNotJSON}
	}
	if !it.Read {
		e, err := s.reg.Keychain.Get(h.Host)
		if errors.Is(err, ErrNotFound) {
			return Entry{}, &NoKeyError{Host: h.Host}
		}
		if errors.Is(err, ErrMalformedItem) {
			return Entry{}, &NoKeyError{Host: h.Host, Invalid: true, Problem: ProblemNotJSON}
		}
		if err != nil {
			return Entry{}, err
		}
		it = ListedItem{Entry: e, Read: true}
	}
	e := Entry{APIURL: h.APIURL, Key: it.Key}
	if e.APIURL == "" {
		// Known only from the keychain: its item names the URL, and must
		// agree with the account it is filed under.
		if host, err := huburl.HostOf(it.APIURL); err != nil || host != h.Host {
			return Entry{}, &NoKeyError{Host: h.Host, Invalid: true, Problem: ProblemHostMismatch}
		}
		e.APIURL = it.APIURL
	}
	if e.Key == "" {
		return Entry{}, &NoKeyError{Host: h.Host}
	}
	return e, nil
}

// keychain returns the registry's keychain, or ErrNoKeychain.
func (r *Registry) keychain() (*Keychain, error) {
	if r.Keychain == nil {
		return nil, ErrNoKeychain
	}
	return r.Keychain, nil
}

// Save records the hub with its key in store and makes it the active one;
// it returns the hub as saved. A key that moves between stores is written
// to the new one first and deleted from the old one after, so it is never
// in neither. Warnings are keychain steps left undone once the hub was
// saved: at most one, since a second failure of the same keychain in the
// same change would only repeat the first.
func (r *Registry) Save(ctx context.Context, host, apiURL, key string, store Store) (Hub, []Warning, error) {
	if h, err := huburl.HostOf(apiURL); err != nil || h != host || host == ActiveKey {
		return Hub{}, nil, &InvalidHubError{Host: host, APIURL: apiURL}
	}
	if key == "" {
		return Hub{}, nil, errors.New("refusing to save an empty API key")
	}
	var warns []Warning
	saved := Hub{Host: host, APIURL: apiURL, Store: store, InFile: true}
	err := r.File.WithLock(ctx, func(doc *Doc, save func() error) error {
		file := docStore{doc}
		kc, kcErr := r.keychain()
		// Is there a copy in the keychain to delete afterwards, and does
		// the keychain have a default item to keep in step?
		// The accounts tell, without reading a value: on macOS reading
		// an item another program wrote may put up a dialog, which a
		// key going to the file must not cost.
		hadItem, hasDefault := false, false
		// Where the listing has the values (not on macOS), an item or a
		// default that already says what we would write is left alone:
		// on macOS every write to an item the other tool wrote may put up
		// a dialog, and elsewhere it is a write for nothing.
		sameItem, sameDefault := false, false
		if kcErr == nil {
			if l, err := kc.list(false); err != nil {
				kcErr = err
			} else {
				hadItem, hasDefault = l.has(host), l.hasDefault
				it := l.Items[host]
				sameItem = it.Read && !it.Malformed && it.Entry == Entry{APIURL: apiURL, Key: key}
				sameDefault = l.defaultRead && l.DefaultURL == apiURL
			}
		}
		// The new copy first, in the store asked for; the file is written
		// either way (the hub's URL, and the active mark).
		var target CredentialStore = file
		if store == StoreKeyring {
			if kcErr != nil {
				return kcErr
			}
			target = kc
		}
		savedBefore, fileHadKey := doc.has(host), false
		if _, err := file.Key(host); err == nil {
			fileHadKey = true
		}
		if target == file || !sameItem {
			if err := target.Put(host, apiURL, key); err != nil {
				return err
			}
		}
		doc.PutHub(host, apiURL)
		doc.SetActiveURL(apiURL)
		// Then the old copy goes: from the file in the same write, from
		// the keychain after it.
		if store == StoreKeyring {
			if err := file.DeleteKey(host); err != nil {
				return err
			}
		}
		if err := save(); err != nil {
			return err
		}
		switch {
		case store == StoreFile && hadItem:
			if err := kc.DeleteKey(host); err != nil {
				warns = append(warns, Warning{Host: host, What: WarnKeyLeft, Err: err})
			}
		case store == StoreFile && savedBefore && !fileHadKey && errors.As(kcErr, new(*UnavailableError)):
			// The key of this saved hub was perhaps in a keychain we
			// cannot reach now.
			warns = append(warns, Warning{Host: host, What: WarnKeyLeft, Err: kcErr})
		}
		if kcErr == nil && (store == StoreKeyring || hasDefault) && !sameDefault {
			if err := kc.SetDefault(apiURL); err != nil && len(warns) == 0 {
				warns = append(warns, Warning{Host: host, What: WarnDefaultLeft, Err: err})
			}
		}
		return nil
	})
	if err != nil {
		return Hub{}, nil, err
	}
	return saved, warns, nil
}

// withHub runs fn under the writers' lock on the saved hub at host, as
// the file and the keychain have it now. A hub that cannot be found while
// the keychain cannot be read is that keychain's error (it may be there);
// an invalid file entry counts as saved only when invalidOK.
func (r *Registry) withHub(ctx context.Context, host string, invalidOK bool, fn func(doc *Doc, save func() error, s *State, h Hub) error) error {
	return r.File.WithLock(ctx, func(doc *Doc, save func() error) error {
		s := r.state(doc, false)
		h, ok := s.Hub(host)
		if !ok && s.KeychainErr != nil {
			return s.KeychainErr
		}
		if !ok || (h.Invalid && !invalidOK) {
			return s.NotSaved(host)
		}
		return fn(doc, save, s, h)
	})
}

// Use makes the saved hub at host the active one and returns it, with the
// keychain step left undone, if any (its default item still names another
// hub).
func (r *Registry) Use(ctx context.Context, host string) (Hub, []Warning, error) {
	var used Hub
	var warns []Warning
	err := r.withHub(ctx, host, false, func(doc *Doc, save func() error, s *State, h Hub) error {
		if h.APIURL == "" {
			e, err := s.Credentials(h)
			if err != nil {
				return err
			}
			h.APIURL = e.APIURL
		}
		doc.SetActiveURL(h.APIURL)
		if err := save(); err != nil {
			return err
		}
		used = h
		switch {
		case s.KeychainErr != nil:
			if h.Store == StoreKeyring {
				warns = append(warns, Warning{Host: host, What: WarnDefaultLeft, Err: s.KeychainErr})
			}
		case s.listing != nil && s.listing.DefaultURL == h.APIURL:
			// The keychain's default says so already: no write, and on
			// macOS no dialog, for nothing.
		case s.listing != nil && (h.Store == StoreKeyring || s.listing.hasDefault):
			if err := r.Keychain.SetDefault(h.APIURL); err != nil {
				warns = append(warns, Warning{Host: host, What: WarnDefaultLeft, Err: err})
			}
		}
		return nil
	})
	if err != nil {
		return Hub{}, nil, err
	}
	return used, warns, nil
}

// InvalidEntry finds the invalid file entry that name designates: the
// entry written exactly name, else, when no usable hub has the host name,
// the one invalid entry whose name in lower case is name (none when two
// are). It is how `remove` reaches an entry whose name no host argument
// can give, such as one written in upper case.
func (s *State) InvalidEntry(name string) (Hub, bool) {
	if name == "" {
		return Hub{}, false
	}
	for _, h := range s.Hubs {
		if h.InFile && h.Invalid && h.Host == name {
			return h, true
		}
	}
	if h, ok := s.Hub(name); ok && !h.Invalid {
		return Hub{}, false
	}
	var found Hub
	n := 0
	for _, h := range s.Hubs {
		if h.InFile && h.Invalid && strings.ToLower(h.Host) == name {
			found, n = h, n+1
		}
	}
	if n != 1 {
		return Hub{}, false
	}
	return found, true
}

// RemoveEntry deletes the invalid file entry written name, and nothing
// else: no keychain item (the entry has no key, and the item of its name
// or of its URL's host belongs to another hub), and the file's default
// only when it names this entry rather than a usable hub. Other entries
// and fields stay as they are. The hub active afterwards, which is the one
// active before, is returned (the zero Hub for none).
func (r *Registry) RemoveEntry(ctx context.Context, name string) (Hub, error) {
	var active Hub
	err := r.File.WithLock(ctx, func(doc *Doc, save func() error) error {
		s := r.state(doc, false)
		h, ok := Hub{}, false
		for _, c := range s.Hubs {
			if c.InFile && c.Invalid && c.Host == name {
				h, ok = c, true
				break
			}
		}
		if !ok {
			// Mended or removed meanwhile.
			return s.NotSaved(name)
		}
		var err error
		active, err = s.removeEntry(save, h)
		return err
	})
	if err != nil {
		return Hub{}, err
	}
	return active, nil
}

// removeEntry deletes the invalid file entry h under the writers' lock
// (save writes the file) and returns the hub active afterwards.
func (s *State) removeEntry(save func() error, h Hub) (Hub, error) {
	dropDefault := s.defaultNames(h)
	s.doc.RemoveHub(h.Host)
	if dropDefault {
		s.doc.ClearActive()
	}
	if err := save(); err != nil {
		return Hub{}, err
	}
	s.build()
	var active Hub
	if cur, _ := s.Active(); cur != "" {
		active, _ = s.Hub(cur)
	}
	return active, nil
}

// defaultNames says whether the file's default names the invalid entry h:
// it names no usable hub, and has h's API URL or its host is h's name.
func (s *State) defaultNames(h Hub) bool {
	u := s.doc.ActiveURL()
	if u == "" || s.savedHostOf(u) != "" {
		return false
	}
	if h.APIURL != "" && u == h.APIURL {
		return true
	}
	host, err := huburl.HostOf(u)
	return err == nil && (host == h.Host || host == strings.ToLower(h.Host))
}

// Remove forgets the hub and its key. When it was the active hub, the first
// remaining hub becomes active; the active hub afterwards is returned (the
// zero Hub for none). When the keychain cannot be reached, a hub that the
// file lists is removed all the same (a file synced to a machine without
// its keychain must not be stuck) and a Warning says what may remain; as
// with Save, there is at most one. An invalid file entry of that name is
// removed as RemoveEntry does, touching no keychain item.
func (r *Registry) Remove(ctx context.Context, host string) (Hub, []Warning, error) {
	var active Hub
	var warns []Warning
	err := r.withHub(ctx, host, true, func(doc *Doc, save func() error, s *State, h Hub) error {
		if h.Invalid && h.InFile {
			var err error
			active, err = s.removeEntry(save, h)
			return err
		}
		wasActive, _ := s.Active()
		kc, kcErr := r.keychain()
		if kcErr == nil && s.KeychainErr != nil {
			kcErr = s.KeychainErr
		}
		inKeychain := s.listing != nil && s.listing.has(host)
		switch {
		case kcErr == nil && inKeychain:
			if err := kc.DeleteKey(host); err != nil {
				if !h.InFile {
					return err
				}
				warns = append(warns, Warning{Host: host, What: WarnKeyLeft, Err: err})
			}
		case errors.As(kcErr, new(*UnavailableError)) && h.InFile && h.Store != StoreFile:
			warns = append(warns, Warning{Host: host, What: WarnKeyLeft, Err: kcErr})
		}
		doc.RemoveHub(host)
		if s.listing != nil {
			s.listing.remove(host)
		}
		s.build()
		if wasActive == host {
			if rest := s.Valid(); len(rest) > 0 {
				active = rest[0]
			}
		} else if cur, _ := s.Active(); cur != "" {
			active, _ = s.Hub(cur)
		}
		if active.Host != "" && active.APIURL == "" {
			if e, err := s.Credentials(active); err == nil {
				active.APIURL = e.APIURL
			}
		}
		if wasActive == host {
			if active.APIURL != "" {
				doc.SetActiveURL(active.APIURL)
			} else {
				doc.ClearActive()
			}
		}
		if err := save(); err != nil {
			return err
		}
		if kcErr == nil && s.listing != nil && s.listing.DefaultURL != "" {
			if dh, _ := huburl.HostOf(s.listing.DefaultURL); dh == host {
				if err := kc.SetDefault(active.APIURL); err != nil && len(warns) == 0 {
					warns = append(warns, Warning{Host: active.Host, What: WarnDefaultLeft, Err: err})
				}
			}
		}
		return nil
	})
	if err != nil {
		return Hub{}, nil, err
	}
	return active, warns, nil
}
