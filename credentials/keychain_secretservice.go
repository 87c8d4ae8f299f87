//go:build linux || freebsd || openbsd || netbsd || dragonfly

package credentials

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"

	"github.com/godbus/dbus/v5"
	ss "github.com/zalando/go-keyring/secret_service"
)

// The Secret Service API on the D-Bus session bus (gnome-keyring, KeePassXC,
// KWallet's bridge). @aigne/cli reaches it through libsecret with the generic
// schema, so its items carry exactly the attributes service, account and
// xdg:schema, and live in the collection behind the alias "default".
const (
	ssName           = "org.freedesktop.secrets"
	ssPath           = dbus.ObjectPath("/org/freedesktop/secrets")
	ssService        = "org.freedesktop.Secret.Service"
	ssItem           = "org.freedesktop.Secret.Item"
	ssCollection     = "org.freedesktop.Secret.Collection"
	ssDefaultAlias   = dbus.ObjectPath("/org/freedesktop/secrets/aliases/default")
	ssGenericSchema  = "org.freedesktop.Secret.Generic"
	ssAttrSchema     = "xdg:schema"
	ssAttrService    = "service"
	ssAttrAccount    = "account"
	ssNoPrompt       = dbus.ObjectPath("/")
	ssNoCollection   = dbus.ObjectPath("/")
	ssContentType    = "text/plain"
	ssPropAttributes = ssItem + ".Attributes"
	ssPropLocked     = ssCollection + ".Locked"
)

// errNoDefaultCollection: the Secret Service runs, but no collection is
// behind the alias "default" (a gnome-keyring started by a session that
// never had a login keyring), so there is nowhere @aigne/cli would look
// for a new item.
var errNoDefaultCollection = errors.New(`the Secret Service has no collection behind the alias "default"`)

// secretService is the Backend of Linux and the BSDs. Each call opens its
// own connection and closes it: a CLI makes a handful of calls, and a
// connection abandoned by a timeout must not be reused.
//
// Locked is not empty: a locked collection hides its items' values, and a
// gnome-keyring restarted without its password even hashes their
// attributes, so that a search finds nothing of ours. Every call therefore
// first makes sure the default collection (and any collection holding
// items of ours) is unlocked; when it is not, the call fails with
// ReasonLocked, having asked the desktop to unlock it only when the call
// may prompt.
type secretService struct {
	service string
	getenv  func(string) string
	// prompts: this call may ask the desktop to unlock the keychain (the
	// Keychain's prompt-or-deny rule, see prompter). Each call has its
	// own copy, so a call abandoned by a timeout never sees the next
	// one's.
	prompts bool
}

var (
	_ prompter   = (*secretService)(nil)
	_ BulkReader = (*secretService)(nil)
)

func (s *secretService) withPrompts(allowed bool) Backend {
	c := *s
	c.prompts = allowed
	return &c
}

func platformBackend() Backend { return &secretService{service: KeychainService, getenv: os.Getenv} }

// absent: no session bus means no Secret Service, and finding that out is
// an environment lookup and a stat.
func (s *secretService) absent() error {
	_, err := sessionBusAddress(s.getenv)
	return err
}

// ssConn is one connection with an open plain session (the bus is local and
// the session is ours, so no transport encryption is negotiated; libsecret
// does the same when it may).
type ssConn struct {
	*dbus.Conn
	session dbus.BusObject
}

func (s *secretService) connect() (*ssConn, error) {
	addr, err := sessionBusAddress(s.getenv)
	if err != nil {
		return nil, err
	}
	conn, err := dbus.Connect(addr)
	if err != nil {
		return nil, &UnavailableError{Reason: ReasonNoBus, Err: err}
	}
	ok := false
	defer func() {
		if !ok {
			conn.Close()
		}
	}()
	if err := requireSecretService(conn); err != nil {
		return nil, err
	}
	c := &ssConn{Conn: conn}
	var ignored dbus.Variant
	var sessionPath dbus.ObjectPath
	if err := conn.Object(ssName, ssPath).Call(ssService+".OpenSession", 0, "plain", dbus.MakeVariant("")).Store(&ignored, &sessionPath); err != nil {
		return nil, ssError(err)
	}
	c.session = conn.Object(ssName, sessionPath)
	ok = true
	return c, nil
}

func (c *ssConn) close() {
	_ = c.session.Call("org.freedesktop.Secret.Session.Close", 0).Err
	_ = c.Close()
}

// sessionBusAddress is the session bus's address, or ErrNoKeychain when
// there is none to be found. Unlike godbus, it never falls back to running
// dbus-launch, which would start a new, empty bus (and a keyring daemon
// through it) that outlives us and never holds the user's keys.
func sessionBusAddress(getenv func(string) string) (string, error) {
	if addr := getenv("DBUS_SESSION_BUS_ADDRESS"); addr != "" && addr != "autolaunch:" {
		return addr, nil
	}
	runtimeDir := getenv("XDG_RUNTIME_DIR")
	if runtimeDir == "" {
		runtimeDir = fmt.Sprintf("/run/user/%d", os.Getuid())
	}
	if fi, err := os.Stat(runtimeDir + "/bus"); err == nil && fi.Mode().Type() == os.ModeSocket {
		return "unix:path=" + runtimeDir + "/bus", nil
	}
	return "", fmt.Errorf("%w: no D-Bus session bus", ErrNoKeychain)
}

// requireSecretService tells a bus without a Secret Service (ErrNoKeychain)
// from one with it, running or startable on demand.
func requireSecretService(conn *dbus.Conn) error {
	bus := conn.BusObject()
	var has bool
	if err := bus.Call("org.freedesktop.DBus.NameHasOwner", 0, ssName).Store(&has); err != nil {
		return &UnavailableError{Reason: ReasonNoBus, Err: err}
	}
	if has {
		return nil
	}
	var names []string
	if err := bus.Call("org.freedesktop.DBus.ListActivatableNames", 0).Store(&names); err != nil {
		return &UnavailableError{Reason: ReasonNoBus, Err: err}
	}
	for _, n := range names {
		if n == ssName {
			return nil
		}
	}
	return fmt.Errorf("%w: no Secret Service on the D-Bus session bus", ErrNoKeychain)
}

// open connects and makes sure that the default collection, when there is
// one, is unlocked. It returns that collection's path, or ssNoCollection
// when the alias "default" names none.
func (s *secretService) open() (*ssConn, dbus.ObjectPath, error) {
	c, err := s.connect()
	if err != nil {
		return nil, "", err
	}
	collection, err := c.defaultCollection()
	if err == nil && collection != ssNoCollection {
		err = s.unlockIfLocked(c, collection)
	}
	if err != nil {
		c.close()
		return nil, "", err
	}
	return c, collection, nil
}

// defaultCollection is the collection behind the alias "default", or "/"
// when there is none.
func (c *ssConn) defaultCollection() (dbus.ObjectPath, error) {
	var path dbus.ObjectPath
	if err := c.Object(ssName, ssPath).Call(ssService+".ReadAlias", 0, "default").Store(&path); err != nil {
		return "", ssError(err)
	}
	if path == "" {
		path = ssNoCollection
	}
	return path, nil
}

func (s *secretService) unlockIfLocked(c *ssConn, collection dbus.ObjectPath) error {
	locked, err := c.locked(collection)
	if err != nil || !locked {
		return err
	}
	if err := s.unlock(c, []dbus.ObjectPath{collection}); err != nil {
		return err
	}
	// Asked again rather than read from the answer, which services word
	// differently (items or collections, at once or after the prompt).
	if locked, err = c.locked(collection); err == nil && locked {
		err = &UnavailableError{Reason: ReasonLocked}
	}
	return err
}

func (c *ssConn) locked(collection dbus.ObjectPath) (bool, error) {
	v, err := c.Object(ssName, collection).GetProperty(ssPropLocked)
	if err != nil {
		return false, ssError(err)
	}
	locked, _ := v.Value().(bool)
	return locked, nil
}

// search finds the service's items in every collection. Items in a locked
// collection are unlocked first (or the call fails), then searched for
// again: their attributes may have been hashed until then.
func (s *secretService) search(c *ssConn, attrs map[string]string) ([]dbus.ObjectPath, error) {
	unlocked, locked, err := c.find(attrs)
	if err != nil || len(locked) == 0 {
		return unlocked, err
	}
	if err := s.unlock(c, locked); err != nil {
		return nil, err
	}
	if unlocked, locked, err = c.find(attrs); err != nil {
		return nil, err
	}
	if len(locked) > 0 {
		return nil, &UnavailableError{Reason: ReasonLocked}
	}
	return unlocked, nil
}

// find finds the service's items in every collection, unlocked and locked.
func (c *ssConn) find(attrs map[string]string) (unlocked, locked []dbus.ObjectPath, err error) {
	if err := c.Object(ssName, ssPath).Call(ssService+".SearchItems", 0, attrs).Store(&unlocked, &locked); err != nil {
		return nil, nil, ssError(err)
	}
	return unlocked, locked, nil
}

// unlock asks the Secret Service to unlock objects (collections or items);
// the caller checks that it did. When the call may not prompt it fails at
// once: Unlock would show the desktop's password dialog, which nobody
// would answer. When it may, it waits for the dialog's answer, bounded by
// the Keychain's timeout.
func (s *secretService) unlock(c *ssConn, paths []dbus.ObjectPath) error {
	if !s.prompts {
		return &UnavailableError{Reason: ReasonLocked}
	}
	var unlocked []dbus.ObjectPath
	var prompt dbus.ObjectPath
	if err := c.Object(ssName, ssPath).Call(ssService+".Unlock", 0, paths).Store(&unlocked, &prompt); err != nil {
		return ssError(err)
	}
	return c.await(prompt, ReasonLocked, "the unlock prompt was dismissed")
}

// prompt shows a Secret Service prompt and waits for its answer. A prompt
// that nobody answers is ended by the caller's timeout.
func (c *ssConn) prompt(path dbus.ObjectPath) (bool, dbus.Variant, error) {
	opts := []dbus.MatchOption{dbus.WithMatchObjectPath(path), dbus.WithMatchInterface("org.freedesktop.Secret.Prompt")}
	if err := c.AddMatchSignal(opts...); err != nil {
		return false, dbus.Variant{}, ssError(err)
	}
	defer func() { _ = c.RemoveMatchSignal(opts...) }()
	signals := make(chan *dbus.Signal, 4)
	c.Signal(signals)
	defer c.RemoveSignal(signals)
	if err := c.Object(ssName, path).Call("org.freedesktop.Secret.Prompt.Prompt", 0, "").Err; err != nil {
		return false, dbus.Variant{}, ssError(err)
	}
	for sig := range signals {
		if sig.Path != path || sig.Name != "org.freedesktop.Secret.Prompt.Completed" || len(sig.Body) < 2 {
			continue
		}
		dismissed, _ := sig.Body[0].(bool)
		result, _ := sig.Body[1].(dbus.Variant)
		return dismissed, result, nil
	}
	return false, dbus.Variant{}, &UnavailableError{Reason: ReasonNoBus, Err: io.EOF}
}

// secrets reads the values of items in one GetSecrets call.
func (c *ssConn) secrets(paths []dbus.ObjectPath) (map[dbus.ObjectPath]string, error) {
	out := map[dbus.ObjectPath]string{}
	if len(paths) == 0 {
		return out, nil
	}
	var got map[dbus.ObjectPath]ss.Secret
	if err := c.Object(ssName, ssPath).Call(ssService+".GetSecrets", 0, paths, c.session.Path()).Store(&got); err != nil {
		return nil, ssError(err)
	}
	for p, s := range got {
		out[p] = string(s.Value)
	}
	return out, nil
}

// attributes reads the Attributes property of every item, the requests sent
// all at once and the answers collected after, so that a long list costs
// about one round trip rather than one per item.
func (c *ssConn) attributes(paths []dbus.ObjectPath) ([]map[string]string, error) {
	calls := make([]*dbus.Call, len(paths))
	for i, p := range paths {
		calls[i] = c.Object(ssName, p).Go("org.freedesktop.DBus.Properties.Get", 0, make(chan *dbus.Call, 1), ssItem, "Attributes")
	}
	out := make([]map[string]string, len(paths))
	for i, call := range calls {
		<-call.Done
		var v dbus.Variant
		if err := call.Store(&v); err != nil {
			if dbusErrorName(err) == "org.freedesktop.DBus.Error.UnknownObject" {
				continue // deleted meanwhile
			}
			return nil, ssError(err)
		}
		out[i], _ = v.Value().(map[string]string)
	}
	return out, nil
}

func (s *secretService) listAttrs() map[string]string {
	return map[string]string{ssAttrService: s.service, ssAttrSchema: ssGenericSchema}
}

func (s *secretService) itemAttrs(account string) map[string]string {
	return map[string]string{ssAttrService: s.service, ssAttrAccount: account, ssAttrSchema: ssGenericSchema}
}

// items finds the service's items and reads their attributes: the paths
// and accounts of the items that are the service's.
func (s *secretService) items(c *ssConn) ([]dbus.ObjectPath, []string, error) {
	paths, err := s.search(c, s.listAttrs())
	if err != nil {
		return nil, nil, err
	}
	attrs, err := c.attributes(paths)
	if err != nil {
		return nil, nil, err
	}
	var kept []dbus.ObjectPath
	var accounts []string
	for i, p := range paths {
		account, ok := attrs[i][ssAttrAccount]
		if !ok || attrs[i][ssAttrService] != s.service {
			continue
		}
		kept, accounts = append(kept, p), append(accounts, account)
	}
	return kept, accounts, nil
}

// Accounts lists the items' accounts.
func (s *secretService) Accounts() ([]string, error) {
	c, _, err := s.open()
	if err != nil {
		return nil, err
	}
	defer c.close()
	_, accounts, err := s.items(c)
	return accounts, err
}

// ReadAll returns every item with its value, all read in one call: the
// Secret Service asks no permission per item, so values cost nothing.
func (s *secretService) ReadAll() ([]RawItem, error) {
	c, _, err := s.open()
	if err != nil {
		return nil, err
	}
	defer c.close()
	paths, accounts, err := s.items(c)
	if err != nil {
		return nil, err
	}
	secrets, err := c.secrets(paths)
	if err != nil {
		return nil, err
	}
	items := make([]RawItem, 0, len(paths))
	for i, p := range paths {
		v, read := secrets[p]
		items = append(items, RawItem{Account: accounts[i], Value: v, Read: read})
	}
	return items, nil
}

func (s *secretService) Get(account string) (string, error) {
	c, _, err := s.open()
	if err != nil {
		return "", err
	}
	defer c.close()
	paths, err := s.search(c, s.itemAttrs(account))
	if err != nil {
		return "", err
	}
	if len(paths) == 0 {
		return "", fmt.Errorf("keychain account %s: %w", account, ErrNotFound)
	}
	values, err := c.secrets(paths[:1])
	if err != nil {
		return "", err
	}
	v, ok := values[paths[0]]
	if !ok {
		return "", fmt.Errorf("keychain account %s: %w", account, ErrNotFound)
	}
	return v, nil
}

// Set writes into the default collection, where @aigne/cli reads. With
// none, it fails rather than write elsewhere (gnome-keyring's "session"
// collection, say, which is forgotten when the daemon stops).
func (s *secretService) Set(account, value string) error {
	c, collection, err := s.open()
	if err != nil {
		return err
	}
	defer c.close()
	if collection == ssNoCollection {
		return errNoDefaultCollection
	}
	props := map[string]dbus.Variant{
		ssItem + ".Label": dbus.MakeVariant(s.service + "/" + account),
		ssPropAttributes:  dbus.MakeVariant(s.itemAttrs(account)),
	}
	secret := ss.Secret{Session: c.session.Path(), Parameters: []byte{}, Value: []byte(value), ContentType: ssContentType}
	var item, prompt dbus.ObjectPath
	if err := c.Object(ssName, collection).Call(ssCollection+".CreateItem", 0, props, secret, true).Store(&item, &prompt); err != nil {
		return ssError(err)
	}
	return c.confirm(prompt)
}

func (s *secretService) Delete(account string) error {
	c, _, err := s.open()
	if err != nil {
		return err
	}
	defer c.close()
	paths, err := s.search(c, s.itemAttrs(account))
	if err != nil {
		return err
	}
	for _, p := range paths {
		var prompt dbus.ObjectPath
		if err := c.Object(ssName, p).Call(ssItem+".Delete", 0).Store(&prompt); err != nil {
			if dbusErrorName(err) == "org.freedesktop.DBus.Error.UnknownObject" {
				continue
			}
			return ssError(err)
		}
		if err := c.confirm(prompt); err != nil {
			return err
		}
	}
	return nil
}

// confirm shows the prompt a write answered with, if any (ssNoPrompt: none),
// and waits for it: dismissed, the write was refused.
func (c *ssConn) confirm(prompt dbus.ObjectPath) error {
	return c.await(prompt, ReasonDenied, "the prompt was dismissed")
}

// await shows a prompt the service answered with, if any (ssNoPrompt:
// none), and waits for it; dismissed is a failure for reason.
func (c *ssConn) await(prompt dbus.ObjectPath, reason Reason, dismissedMsg string) error {
	if prompt == ssNoPrompt {
		return nil
	}
	dismissed, _, err := c.prompt(prompt)
	if err != nil {
		return err
	}
	if dismissed {
		return &UnavailableError{Reason: reason, Err: errors.New(dismissedMsg)}
	}
	return nil
}

// ssError turns a D-Bus failure into the facts the command line words.
func ssError(err error) error {
	var netErr *net.OpError
	switch dbusErrorName(err) {
	case "org.freedesktop.DBus.Error.ServiceUnknown", "org.freedesktop.DBus.Error.NameHasNoOwner":
		return fmt.Errorf("%w: %v", ErrNoKeychain, err)
	case "org.freedesktop.DBus.Error.NoReply", "org.freedesktop.DBus.Error.Timeout", "org.freedesktop.DBus.Error.TimedOut":
		return &UnavailableError{Reason: ReasonTimeout, Err: err}
	case "org.freedesktop.Secret.Error.IsLocked":
		return &UnavailableError{Reason: ReasonLocked, Err: err}
	case "org.freedesktop.DBus.Error.AccessDenied":
		return &UnavailableError{Reason: ReasonDenied, Err: err}
	case "":
		if errors.As(err, &netErr) || errors.Is(err, io.EOF) || errors.Is(err, dbus.ErrClosed) || strings.HasPrefix(err.Error(), "dbus: ") {
			return &UnavailableError{Reason: ReasonNoBus, Err: err}
		}
	}
	return err
}

// dbusErrorName is the D-Bus error name in err's chain, or "". godbus returns
// a dbus.Error for an error reply, but makes *dbus.Error too.
func dbusErrorName(err error) string {
	var value dbus.Error
	if errors.As(err, &value) {
		return value.Name
	}
	var ptr *dbus.Error
	if errors.As(err, &ptr) && ptr != nil {
		return ptr.Name
	}
	return ""
}
