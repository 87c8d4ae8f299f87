package cli

import (
	"errors"
	"strings"

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

// errEnvPlainHTTP: a URL variable names another machine in plain http.
var errEnvPlainHTTP = errors.New("plain http to another machine")

// envOrigin is the hub a URL variable's value names: an absolute URL, and
// plain http only on this machine, as connect refuses it elsewhere (no key
// goes in the clear to another machine, and advice to connect to it could
// not be followed). With errEnvPlainHTTP the origin is returned too.
func envOrigin(raw string) (huburl.Origin, error) {
	o, err := huburl.ParseAbsolute(raw)
	if err != nil {
		return huburl.Origin{}, err
	}
	if o.Scheme == "http" && !o.Loopback() {
		return o, errEnvPlainHTTP
	}
	return o, nil
}

// envURLReason is urlReason for envOrigin's error about the value of a
// URL variable, which must be absolute: a value without a scheme gets
// itself back with one, http:// for a hub on this machine (usually plain
// HTTP), https:// elsewhere; plain http elsewhere gets https://.
func envURLReason(p Printer, raw string, o huburl.Origin, err error) string {
	if errors.Is(err, errEnvPlainHTTP) {
		return p.T(MsgURLPlainHTTP, "https://"+o.Host)
	}
	if errors.Is(err, huburl.ErrNotAbsolute) {
		if try := withScheme(raw); try != "" {
			return p.T(MsgURLNoScheme, redactUserInfo(try))
		}
	}
	return urlReason(p, err)
}

// withScheme is raw with the scheme it lacks, "" when that does not make
// it a hub URL either.
func withScheme(raw string) string {
	raw = strings.TrimSpace(raw)
	o, err := huburl.Parse(raw)
	if err != nil {
		return ""
	}
	try := "https://" + raw
	if huburl.IsLoopback(o.Host) {
		try = "http://" + raw
	}
	if _, err := huburl.ParseAbsolute(try); err != nil {
		return ""
	}
	return try
}
