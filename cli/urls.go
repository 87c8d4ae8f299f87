package cli

import (
	"github.com/aigne-io/aigne/huburl"

	"github.com/aigne-io/aigne/internal/lazyre"
)

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
