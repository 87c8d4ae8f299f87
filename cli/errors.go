package cli

import (
	"context"
	"errors"
	"io/fs"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
)

// Exit codes, SPEC §2.
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
	var ee *ExitError
	var pe *credentials.ParseError
	var ue *credentials.UnavailableError
	var pathErr *fs.PathError
	switch {
	case errors.As(err, &ee):
		return ee.Code, ee.Msg
	case errors.Is(err, context.Canceled), errors.Is(err, errInterrupted):
		return ExitInterrupted, p.T(MsgErrInterrupted)
	case errors.As(err, &pe):
		return ExitFailure, p.T(MsgErrStore, pe.Error())
	case errors.As(err, &pathErr):
		// The hub list or its directory cannot be read or written.
		return ExitFailure, p.T(MsgErrStore, err.Error())
	case errors.As(err, &ue):
		return ExitFailure, err.Error()
	case errors.Is(err, hubclient.ErrInsecureTransport):
		return ExitUsage, err.Error()
	case errors.Is(err, hubclient.ErrUnauthorized), errors.Is(err, credentials.ErrNoKey):
		return ExitAuth, err.Error()
	case errors.Is(err, hubclient.ErrUnreachable), errors.Is(err, hubclient.ErrNotAHub):
		return ExitUnreachable, p.T(MsgErrUnreachable, err.Error())
	}
	return ExitFailure, err.Error()
}

var errInterrupted = errors.New("interrupted")

func usageErr(p Printer, m Msg, args ...any) *ExitError {
	return exitErr(ExitUsage, nil, p.T(m, args...))
}
