package hubclient

import "fmt"

// MaxKeyBytes is the longest API key aigne takes, from a hub or from the
// person: every OS keychain can hold it (Windows caps a credential at
// 2,560 bytes), and no real key comes close.
const MaxKeyBytes = 2048

// KeyFault says why a text is not an API key.
type KeyFault int

const (
	KeyEmpty   KeyFault = iota + 1
	KeyTooLong          // longer than MaxKeyBytes
	// KeyBadChar: a space, a control character or anything beyond ASCII.
	// Such a key cannot travel in an HTTP header, and printed by `aigne
	// hub token` it would act on the terminal.
	KeyBadChar
)

// KeyError is a text that is not an API key. It never holds the text: it
// may be a real key with a stray byte.
type KeyError struct {
	Fault KeyFault
	// Offset is the byte at which the first bad character starts
	// (KeyBadChar).
	Offset int
}

func (e *KeyError) Error() string {
	switch e.Fault {
	case KeyEmpty:
		return "the API key is empty"
	case KeyTooLong:
		return fmt.Sprintf("the API key is longer than %d bytes", MaxKeyBytes)
	}
	return fmt.Sprintf("the API key has a space, control or non-ASCII character at byte %d", e.Offset)
}

// CheckKey is the one test of what an API key may be, for a key a hub
// hands out and for one the person gives alike: 1 to MaxKeyBytes bytes of
// printable ASCII without spaces. It returns nil or a *KeyError.
func CheckKey(key string) error {
	if key == "" {
		return &KeyError{Fault: KeyEmpty}
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; c < 0x21 || c > 0x7e {
			return &KeyError{Fault: KeyBadChar, Offset: i}
		}
	}
	if len(key) > MaxKeyBytes {
		return &KeyError{Fault: KeyTooLong}
	}
	return nil
}
