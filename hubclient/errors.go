package hubclient

import (
	"errors"
)

// Sentinel errors. Every error this package returns for a failed exchange
// with a hub wraps exactly one of them, so the CLI can choose an exit code
// with errors.Is without parsing messages. Errors caused by the caller's
// context (Ctrl-C, the login deadline) wrap context.Canceled or
// context.DeadlineExceeded instead and none of these.
var (
	// ErrUnreachable: network error, per-request timeout, 5xx, a response
	// over the size limit, a response that is not the JSON we expect, a TLS
	// certificate that does not verify, a refused redirect. Exit code 3.
	ErrUnreachable error = &sentinel{msg: "hub unreachable"}

	// ErrNotAHub: the server answered but is not an AIGNE Hub. It wraps
	// ErrUnreachable because the product treats both alike (exit code 3);
	// test for it first if the distinction matters.
	ErrNotAHub error = &sentinel{msg: "not an AIGNE Hub", parent: ErrUnreachable}

	// ErrRedirectRefused: the server redirected to another host or from
	// https to http. Wraps ErrUnreachable (exit code 3): the hub is not
	// usable at the address given, and the message names where it pointed.
	ErrRedirectRefused error = &sentinel{msg: "redirect refused", parent: ErrUnreachable}

	// ErrUnauthorized: the hub rejected the API key (401/403), or there was
	// no key to send. Exit code 4.
	ErrUnauthorized error = &sentinel{msg: "unauthorized"}

	// ErrInsecureTransport: the request would carry a credential (the API key,
	// or the login session whose answer decrypts to one) over plain http to a
	// host that is not loopback. Nothing was sent. Exit code 2: the URL the
	// user gave is not acceptable.
	ErrInsecureTransport error = &sentinel{msg: "insecure transport"}

	// ErrSessionExpired: the hub no longer knows the login session (it
	// answered a poll with 4xx, typically 404 once the session timed out).
	// The user has to start over; the CLI may map it to exit code 4.
	ErrSessionExpired error = &sentinel{msg: "login session expired"}
)

// sentinel lets ErrNotAHub be both itself and ErrUnreachable under errors.Is.
type sentinel struct {
	msg    string
	parent error
}

func (s *sentinel) Error() string { return s.msg }
func (s *sentinel) Unwrap() error { return s.parent }

// hubError carries a complete human message plus a sentinel kind and an
// optional cause. The message is written for the user; the cause is there
// for errors.Is/As (context.DeadlineExceeded, x509 errors, …) and is not
// repeated in the text when the message already says what happened.
type hubError struct {
	kind  error
	msg   string
	cause error
}

func (e *hubError) Error() string { return e.msg }

func (e *hubError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

func newError(kind error, msg string, cause error) error {
	return &hubError{kind: kind, msg: msg, cause: cause}
}

// asHubError reports whether err already is one of ours (for example one
// raised by the redirect policy deep inside net/http) so it is passed on
// instead of being wrapped a second time.
func asHubError(err error) (*hubError, bool) {
	var he *hubError
	ok := errors.As(err, &he)
	return he, ok
}
