package credentials

import (
	"context"
	"errors"
	"fmt"
)

// ErrNoKey means a saved hub has no API key in the store that should hold it.
var ErrNoKey = errors.New("no API key saved")

// FileStore keeps API keys in the hub list itself, as the Node CLI does.
type FileStore struct{ File *File }

func (s *FileStore) Name() string { return StoreFile }

func (s *FileStore) Get(host string) (string, error) {
	doc, err := s.File.Load()
	if err != nil {
		return "", err
	}
	k, ok := doc.Key(host)
	if !ok {
		return "", fmt.Errorf("%s in %s: %w", host, s.File.Path, ErrNotFound)
	}
	return k, nil
}

func (s *FileStore) Set(host, key string) error {
	if host == "" || host == ActiveKey || key == "" {
		return fmt.Errorf("invalid host or empty key")
	}
	return s.File.Update(context.Background(), func(d *Doc) error {
		d.SetKey(host, key)
		return nil
	})
}

func (s *FileStore) Delete(host string) error {
	var found bool
	err := s.File.Update(context.Background(), func(d *Doc) error {
		_, found = d.Key(host)
		d.DeleteKey(host)
		return nil
	})
	if err == nil && !found {
		return fmt.Errorf("%s in %s: %w", host, s.File.Path, ErrNotFound)
	}
	return err
}

// Registry is the hub list together with the stores that hold the keys. The
// file always lists the hubs; a hub whose entry has no AIGNE_HUB_API_KEY has
// its key in the keychain.
type Registry struct {
	File    *File
	Keyring CredentialStore // nil: no keychain on this machine
}

// NewRegistry returns the registry over the file at path.
func NewRegistry(path string, keyring CredentialStore) *Registry {
	return &Registry{File: NewFile(path), Keyring: keyring}
}

// Store returns the store with that name.
func (r *Registry) Store(name string) (CredentialStore, error) {
	switch name {
	case StoreFile, "":
		return &FileStore{File: r.File}, nil
	case StoreKeyring:
		if r.Keyring == nil {
			return nil, &UnavailableError{Err: errors.New("no OS keychain on this system; use --store=file")}
		}
		return r.Keyring, nil
	}
	return nil, fmt.Errorf("unknown credential store %q (want file or keyring)", name)
}

// StoreOf names the store that holds the key of a saved hub.
func StoreOf(h Hub) string {
	if h.HasKey {
		return StoreFile
	}
	return StoreKeyring
}

// Key returns the API key of a saved hub and the name of the store it came
// from. A hub without a key gives an error wrapping ErrNoKey.
func (r *Registry) Key(h Hub) (string, string, error) {
	name := StoreOf(h)
	s, err := r.Store(name)
	if err != nil {
		return "", name, err
	}
	k, err := s.Get(h.Host)
	if errors.Is(err, ErrNotFound) {
		return "", name, fmt.Errorf("%s (%s store): %w", h.Host, name, ErrNoKey)
	}
	return k, name, err
}

// Save records the hub with its key in the named store and makes it the
// active hub. When the hub moves between stores the old copy of the key is
// deleted only after the new one is written, so the only copy is never lost.
func (r *Registry) Save(ctx context.Context, host, apiURL, key, store string) error {
	if host == "" || host == ActiveKey {
		return fmt.Errorf("invalid hub host %q", host)
	}
	if key == "" {
		return errors.New("refusing to save an empty API key")
	}
	target, err := r.Store(store)
	if err != nil {
		return err
	}
	doc, err := r.File.Load()
	if err != nil {
		return err
	}
	prev, existed := doc.Hub(host)

	if target.Name() == StoreFile {
		// One write: URL, key and the active mark together.
		err = r.File.Update(ctx, func(d *Doc) error {
			d.PutHub(host, apiURL)
			d.SetKey(host, key)
			return d.SetActive(host)
		})
	} else {
		if err := target.Set(host, key); err != nil {
			return err
		}
		err = r.File.Update(ctx, func(d *Doc) error {
			d.PutHub(host, apiURL)
			d.DeleteKey(host)
			return d.SetActive(host)
		})
	}
	if err != nil {
		return err
	}
	if existed && StoreOf(prev) != target.Name() {
		if old, err := r.Store(StoreOf(prev)); err == nil && old.Name() != StoreFile {
			if err := old.Delete(host); err != nil && !errors.Is(err, ErrNotFound) {
				return &LeftoverError{Host: host, Store: old.Name(), Err: err}
			}
		}
	}
	return nil
}

// LeftoverError reports that the operation itself succeeded but an old
// copy of a key could not be deleted from a store. Callers warn about it
// rather than fail: the new state is saved, and failing would invite a
// retry that cannot help.
type LeftoverError struct {
	Host  string
	Store string
	Err   error
}

func (e *LeftoverError) Error() string {
	return fmt.Sprintf("a copy of the API key of %s may remain in the %s store (service %q, account %q): %v", e.Host, e.Store, DefaultKeyringService, e.Host, e.Err)
}

func (e *LeftoverError) Unwrap() error { return e.Err }

// Use makes the saved hub at host the active one.
func (r *Registry) Use(ctx context.Context, host string) error {
	return r.File.Update(ctx, func(d *Doc) error { return d.SetActive(host) })
}

// Remove forgets the hub and its key. When it was the active hub, the first
// remaining one becomes active; the new active host ("" for none) is
// returned. A key in the keychain is deleted first; when the keychain
// cannot be reached the hub is forgotten all the same (a file synced to a
// machine without a keychain must not be stuck) and a *LeftoverError says
// what may remain there.
func (r *Registry) Remove(ctx context.Context, host string) (string, error) {
	doc, err := r.File.Load()
	if err != nil {
		return "", err
	}
	h, ok := doc.Hub(host)
	if !ok {
		return "", fmt.Errorf("hub %s is not saved", host)
	}
	var leftover error
	if StoreOf(h) == StoreKeyring {
		s, err := r.Store(StoreKeyring)
		if err == nil {
			err = s.Delete(host)
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			leftover = &LeftoverError{Host: host, Store: StoreKeyring, Err: err}
		}
	}
	var active string
	err = r.File.Update(ctx, func(d *Doc) error {
		wasActive := d.Active() == host
		d.RemoveHub(host)
		active = d.Active()
		if wasActive {
			d.ClearActive()
			active = ""
			if hubs := d.Hubs(); len(hubs) > 0 {
				active = hubs[0].Host
				return d.SetActive(active)
			}
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return active, leftover
}
