package hubclient

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. Every error this package returns for a failed exchange
// with a hub wraps exactly one of them (an *Error wraps its Problem's
// Kind), so that a caller can choose an exit code with errors.Is without
// parsing messages. Errors caused by the caller's context (Ctrl-C, the
// login deadline) wrap context.Canceled or context.DeadlineExceeded
// instead and none of these.
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
	// usable at the address given, and Error.To is where it pointed.
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
	// The user has to start over. Exit code 4.
	ErrSessionExpired error = &sentinel{msg: "login session expired"}
)

// sentinel lets ErrNotAHub be both itself and ErrUnreachable under errors.Is.
type sentinel struct {
	msg    string
	parent error
}

func (s *sentinel) Error() string { return s.msg }
func (s *sentinel) Unwrap() error { return s.parent }

// Problem says what went wrong in an exchange with a hub, so that the
// caller can word it in the person's language; Error carries the facts.
// Kind maps each problem to its sentinel.
type Problem int

const (
	// ProblemOther is the zero Problem, which this package never reports.
	ProblemOther Problem = iota
	// No HTTP answer: the hub is offline from here.
	ProblemTimeout // Host did not answer within Timeout
	ProblemConnect // could not connect to Host (Cause: the system's words)
	ProblemTLS     // the TLS certificate of Host does not verify (Cause)
	// An answer, but not what a hub gives.
	ProblemStatus            // URL answered Status
	ProblemTooLarge          // the answer of URL is larger than Limit bytes
	ProblemInvalidJSON       // URL answered with invalid JSON (Cause)
	ProblemMissingField      // URL answered without the field Field
	ProblemNotAHub           // Origin has no AIGNE Hub component
	ProblemNoLoginService    // Origin has no login session service
	ProblemNoSessionID       // Origin started a login session without an id
	ProblemBadAccessKey      // Origin sent an access key that does not decrypt
	ProblemBadKey            // Origin handed out a key that fails CheckKey (Cause: *KeyError)
	ProblemRedirectHost      // URL redirected to another host, To
	ProblemRedirectDowngrade // URL redirected from https to http, To
	ProblemTooManyRedirects  // URL redirected more than Limit times
	// The key.
	ProblemRejected // Origin rejected the key (Status)
	ProblemNoKey    // there is no key to send to Origin
	// The caller's side.
	ProblemInsecure       // credentials would go to Origin over plain http
	ProblemSessionExpired // the login session on Origin expired (Status)
)

// Kind is the sentinel error that an Error with this problem wraps: the
// one place where problems are sorted into exit codes.
func (p Problem) Kind() error {
	switch p {
	case ProblemNotAHub, ProblemNoLoginService:
		return ErrNotAHub
	case ProblemRedirectHost, ProblemRedirectDowngrade:
		return ErrRedirectRefused
	case ProblemRejected, ProblemNoKey:
		return ErrUnauthorized
	case ProblemInsecure:
		return ErrInsecureTransport
	case ProblemSessionExpired:
		return ErrSessionExpired
	}
	return ErrUnreachable
}

// Offline reports whether the problem means no HTTP answer at all.
func (p Problem) Offline() bool {
	return p == ProblemTimeout || p == ProblemConnect || p == ProblemTLS
}

// Error is a failed exchange with a hub: the Problem and its facts, from
// which the caller chooses its words, and an English message for logs and
// tests that is not meant for the person. It wraps Problem.Kind(), for the
// exit code, and Cause. It never holds the API key or the login session id.
type Error struct {
	Problem Problem
	Origin  string // scheme://host of the hub
	Host    string // host[:port]
	URL     string // the URL asked, without its query
	To      string // where a refused redirect pointed
	Field   string
	Status  int
	Timeout time.Duration
	Limit   int64
	Cause   error

	msg string
}

func (e *Error) Error() string { return e.msg }

func (e *Error) Unwrap() []error {
	if e.Cause == nil {
		return []error{e.Problem.Kind()}
	}
	return []error{e.Problem.Kind(), e.Cause}
}

// fail returns e with its English message.
func fail(e Error, format string, args ...any) error {
	e.msg = fmt.Sprintf(format, args...)
	return &e
}

// asHubError reports whether err already is one of ours (for example one
// raised by the redirect policy deep inside net/http) so it is passed on
// instead of being wrapped a second time.
func asHubError(err error) (*Error, bool) {
	var he *Error
	ok := errors.As(err, &he)
	return he, ok
}
