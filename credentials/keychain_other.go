//go:build !(linux || freebsd || openbsd || netbsd || dragonfly || darwin || windows)

package credentials

import (
	"fmt"
	"runtime"
)

// noKeychain is the Backend of platforms without a supported keychain: the
// hub file is the only place.
type noKeychain struct{}

func platformBackend() Backend { return noKeychain{} }

func (noKeychain) err() error {
	return fmt.Errorf("%w: none supported on %s", ErrNoKeychain, runtime.GOOS)
}

func (k noKeychain) Accounts() ([]string, error) { return nil, k.err() }
func (k noKeychain) Get(string) (string, error)  { return "", k.err() }
func (k noKeychain) Set(string, string) error    { return k.err() }
func (k noKeychain) Delete(string) error         { return k.err() }
