package huburl

import "fmt"

// ErrorKind says what is wrong with a hub URL. The kinds are facts that a
// caller can word for its own reader (the cli package has English and
// Chinese); Error's own text is only for logs.
type ErrorKind int

const (
	// ErrEmpty: nothing but white space was given.
	ErrEmpty ErrorKind = iota + 1
	// ErrInvisible: a space, control or format character (U+202E, U+200B,
	// U+00AD …) that would let one host name pass for another on the
	// screen. Detail is the character as U+XXXX.
	ErrInvisible
	// ErrScheme: a scheme other than http or https. Detail is the scheme
	// as typed.
	ErrScheme
	// ErrUserInfo: a user name or password before the host.
	ErrUserInfo
	// ErrNoHost: the URL names no host ("https://", "https://:8080").
	ErrNoHost
	// ErrBadHost: the host is not one the WHATWG URL parser accepts
	// (forbidden code point, bad IDN, malformed IPv4 or IPv6 address).
	// Detail is the host as it appeared in the input.
	ErrBadHost
	// ErrBadPort: the port is empty, not a number, 0 or above 65535.
	// Detail is the port as typed.
	ErrBadPort
	// ErrNotAbsolute: an absolute http(s) URL was required and the input
	// has no scheme ("hub.aigne.io", "localhost:3000").
	ErrNotAbsolute
	// ErrSyntax: not a URL we take: not valid UTF-8 (Detail "invalid
	// UTF-8"), the scheme not followed by "//" (Detail: the scheme and
	// the separator as typed, e.g. "https:/"), or a "%" after the host
	// that does not start a %XX escape (Detail: it and up to two bytes
	// after it, e.g. "%zz").
	ErrSyntax
)

// Error lets errors.Is(err, huburl.ErrScheme) test the kind of an *Error.
func (k ErrorKind) Error() string { return k.String() }

func (k ErrorKind) String() string {
	switch k {
	case ErrEmpty:
		return "empty URL"
	case ErrInvisible:
		return "invisible character"
	case ErrScheme:
		return "unsupported scheme"
	case ErrUserInfo:
		return "user info in URL"
	case ErrNoHost:
		return "no host"
	case ErrBadHost:
		return "invalid host"
	case ErrBadPort:
		return "invalid port"
	case ErrNotAbsolute:
		return "not an absolute URL"
	case ErrSyntax:
		return "invalid URL"
	}
	return fmt.Sprintf("ErrorKind(%d)", int(k))
}

// Error is what Parse and its siblings return: the kind of problem, the
// input it was found in, and the offending piece where there is one.
type Error struct {
	Kind   ErrorKind
	Input  string
	Detail string
}

// Error is plain English for logs; user-facing text is the caller's job.
func (e *Error) Error() string {
	switch e.Kind {
	case ErrEmpty:
		return "empty URL"
	case ErrInvisible:
		return fmt.Sprintf("%q contains spaces, control or invisible characters (%s)", e.Input, e.Detail)
	case ErrScheme:
		return fmt.Sprintf("%q: unsupported scheme %q (use http or https)", e.Input, e.Detail)
	case ErrUserInfo:
		return fmt.Sprintf("%q: user names and passwords do not belong in a hub URL", e.Input)
	case ErrNoHost:
		return fmt.Sprintf("%q: no host", e.Input)
	case ErrBadHost:
		return fmt.Sprintf("%q: invalid host %q", e.Input, e.Detail)
	case ErrBadPort:
		if e.Detail == "" {
			return fmt.Sprintf("%q: empty port", e.Input)
		}
		return fmt.Sprintf("%q: invalid port %q", e.Input, e.Detail)
	case ErrNotAbsolute:
		return fmt.Sprintf("%q: not an absolute http(s) URL", e.Input)
	}
	if e.Detail != "" {
		return fmt.Sprintf("%q: %s: %s", e.Input, e.Kind, e.Detail)
	}
	return fmt.Sprintf("%q: %s", e.Input, e.Kind)
}

// Is makes errors.Is(err, ErrBadPort) true for an *Error of that kind.
func (e *Error) Is(target error) bool {
	k, ok := target.(ErrorKind)
	return ok && k == e.Kind
}
