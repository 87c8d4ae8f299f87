package cli

import (
	"context"
	"errors"
	"io/fs"
	"runtime"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
)

// Exit codes, as the README lists them.
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitUnreachable = 3
	ExitAuth        = 4
	ExitInterrupted = 130
)

// ExitError is an error whose message is already written for the user and
// whose exit code is known.
type ExitError struct {
	Code int
	Msg  string
	Err  error // the cause, for errors.Is; may be nil
}

func (e *ExitError) Error() string { return e.Msg }
func (e *ExitError) Unwrap() error { return e.Err }

func exitErr(code int, cause error, msg string) *ExitError {
	return &ExitError{Code: code, Msg: msg, Err: cause}
}

// Classify maps any error a command returns to its exit code and the
// message to show. It is the one place that knows which error means which
// code.
func Classify(err error, p Printer) (int, string) {
	var (
		ee      *ExitError
		pe      *credentials.ParseError
		le      *credentials.LockError
		oe      *credentials.OwnerError
		ue      *credentials.UnavailableError
		nk      *credentials.NoKeyError
		ns      *credentials.NotSavedError
		pathErr *fs.PathError
		kse     *keychainSaveError
	)
	switch {
	case errors.As(err, &ee):
		return ee.Code, ee.Msg
	case errors.Is(err, context.Canceled), errors.Is(err, errInterrupted):
		return ExitInterrupted, p.T(MsgErrInterrupted)
	case errors.As(err, &pe):
		// The YAML parser's own words are quoted: they are about the text.
		if pe.Line > 0 {
			return ExitFailure, p.T(MsgErrParseLine, pe.Path, pe.Line, pe.Msg)
		}
		return ExitFailure, p.T(MsgErrParse, pe.Path, pe.Msg)
	case errors.As(err, &oe):
		return ExitFailure, p.T(MsgErrOwner, oe.Target)
	case errors.As(err, &le):
		return ExitFailure, p.T(MsgErrLocked, le.Path)
	// A keychain failure before a file one: the keychain's own cause may
	// be a file (macOS's security program that could not be run).
	case errors.As(err, &kse) && errors.As(err, &ue):
		return ExitFailure, p.T(MsgErrKeyring, p.T(MsgErrKeychain, keychainReason(p, ue)), kse.file)
	case errors.As(err, &ue):
		return ExitFailure, p.T(MsgErrKeychain, keychainReason(p, ue))
	case errors.As(err, &pathErr):
		// The hub list or its directory cannot be read or written.
		return ExitFailure, p.T(MsgErrFile, pathErr.Path, fileCause(p, pathErr.Err))
	case errors.Is(err, credentials.ErrNoKeychain):
		return ExitFailure, p.T(MsgErrNoKeychain)
	case errors.As(err, &nk):
		o := hostOrigin(nk.Host)
		switch {
		case nk.Invalid && nk.InFile:
			e := invalidEntry{name: nk.Host, apiURL: nk.APIURL, path: nk.Path, line: nk.Line, problem: nk.Problem, field: nk.Field, urlErr: nk.URLErr}
			return ExitAuth, e.error(p)
		case nk.Invalid && nk.Problem == credentials.ProblemUnreadable:
			// The keychain failed on this one item: not a key problem.
			return ExitFailure, p.T(MsgErrBadItem, itemName(nk.Host), nk.Host, itemProblem(p, credentials.Hub{Problem: nk.Problem, ItemErr: nk.ItemErr, URLErr: nk.URLErr}), o)
		case nk.Invalid:
			return ExitAuth, p.T(MsgErrBadItem, itemName(nk.Host), nk.Host, itemProblem(p, credentials.Hub{Problem: nk.Problem, ItemErr: nk.ItemErr, URLErr: nk.URLErr}), o)
		}
		return ExitAuth, p.T(MsgErrNoKey, o, o)
	case errors.As(err, &ns) && ns.Entry != nil:
		// An invalid entry is meant for that host: name it, and its fix.
		return ExitUsage, entryOfHub(*ns.Entry, ns.Path).error(p)
	case errors.As(err, &ns):
		return ExitUsage, p.T(MsgErrUnknownHub, hostOrigin(ns.Host))
	case errors.Is(err, hubclient.ErrInsecureTransport):
		return ExitUsage, hubReason(p, err)
	case errors.Is(err, hubclient.ErrUnauthorized):
		var he *hubclient.Error
		if errors.As(err, &he) && he.Problem == hubclient.ProblemRejected {
			return ExitAuth, p.T(MsgErrRejected, he.Origin, he.Origin)
		}
		return ExitAuth, hubReason(p, err)
	case errors.Is(err, hubclient.ErrSessionExpired):
		return ExitAuth, hubReason(p, err)
	case errors.Is(err, hubclient.ErrUnreachable):
		var he *hubclient.Error
		switch {
		case errors.As(err, &he) && he.Problem.Offline():
			return ExitUnreachable, p.T(MsgErrUnreachable, hubReason(p, err))
		case errors.Is(err, hubclient.ErrNotAHub):
			return ExitUnreachable, hubReason(p, err)
		}
		return ExitUnreachable, p.T(MsgErrHubBroken, hubReason(p, err))
	}
	return ExitFailure, err.Error()
}

// hostOS is runtime.GOOS, a variable so that tests can word another OS.
var hostOS = runtime.GOOS

// hostOrigin is the origin to show for a host known without its URL.
func hostOrigin(host string) string { return credentials.Hub{Host: host}.Origin() }

var errInterrupted = errors.New("interrupted")

func usageErr(p Printer, m Msg, args ...any) *ExitError {
	return exitErr(ExitUsage, nil, p.T(m, args...))
}
