package cli

import (
	"errors"

	"github.com/aigne-io/aigne/huburl"

	"github.com/aigne-io/aigne/internal/lazyre"
)

// urlReason says in the person's language why a URL they gave is not a
// hub's; huburl reports the facts.
func urlReason(p Printer, err error) string {
	var he *huburl.Error
	if !errors.As(err, &he) {
		return err.Error()
	}
	switch he.Kind {
	case huburl.ErrEmpty:
		return p.T(MsgURLEmpty)
	case huburl.ErrInvisible:
		return p.T(MsgURLInvisible, he.Detail)
	case huburl.ErrScheme:
		return p.T(MsgURLScheme, he.Detail)
	case huburl.ErrUserInfo:
		return p.T(MsgURLUserInfo)
	case huburl.ErrNoHost:
		return p.T(MsgURLNoHost)
	case huburl.ErrBadHost:
		return p.T(MsgURLBadHost, he.Detail)
	case huburl.ErrBadPort:
		if he.Detail == "" {
			return p.T(MsgURLEmptyPort)
		}
		return p.T(MsgURLBadPort, he.Detail)
	case huburl.ErrNotAbsolute:
		return p.T(MsgURLNotAbsolute)
	}
	return p.T(MsgURLSyntax, he.Detail)
}

// parseArg reads a hub the person named as an argument: a usage error
// (exit 2) in their language when it is not one.
func parseArg(p Printer, raw string) (huburl.Origin, error) {
	o, err := huburl.Parse(raw)
	if err != nil {
		return o, exitErr(ExitUsage, err, p.T(MsgErrBadURL, redactUserInfo(raw), urlReason(p, err)))
	}
	return o, nil
}

// userInfo is the "user:password@" of a URL.
var userInfo = lazyre.New(`^([A-Za-z][A-Za-z0-9+.-]*://)?[^/?#@]*@`)

// redactUserInfo cuts a user name and password out of a URL before it is
// shown: a hub URL should not hold one, and an error must not repeat it.
func redactUserInfo(raw string) string { return userInfo().ReplaceAllString(raw, "${1}…@") }
