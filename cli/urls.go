package cli

import (
	"errors"
	"net/url"
	"strings"

	"github.com/aigne-io/aigne/huburl"
)

// ParseHubURL turns what a user typed into the hub's origin: any URL on the
// hub ("https://hub.aigne.io/ai-kit/"), or a bare host ("hub.aigne.io",
// meaning https). It is a stand-in for huburl.Parse, kept while the
// callers still want a *url.URL; the host is the one the Node CLI keys the
// hub by.
func ParseHubURL(raw string) (*url.URL, error) {
	o, err := huburl.Parse(raw)
	if err != nil {
		return nil, urlError{err}
	}
	return &url.URL{Scheme: o.Scheme, Host: o.Host}, nil
}

// urlError words a huburl error as the cli always has, without repeating
// the input (the message that quotes it is the caller's). It unwraps to
// the *huburl.Error for callers that want the facts.
type urlError struct{ err error }

func (e urlError) Unwrap() error { return e.err }

func (e urlError) Error() string {
	var he *huburl.Error
	if !errors.As(e.err, &he) {
		return e.err.Error()
	}
	switch he.Kind {
	case huburl.ErrEmpty:
		return "empty URL"
	case huburl.ErrInvisible:
		return "contains spaces, control or invisible characters (" + he.Detail + ")"
	case huburl.ErrScheme:
		return `unsupported scheme "` + he.Detail + `" (use http or https)`
	case huburl.ErrUserInfo:
		return "user names and passwords do not belong in a hub URL"
	case huburl.ErrNoHost:
		return "no host"
	case huburl.ErrBadHost:
		return `invalid host "` + he.Detail + `"`
	case huburl.ErrBadPort:
		if he.Detail == "" {
			return "empty port"
		}
		return `invalid port "` + he.Detail + `"`
	case huburl.ErrNotAbsolute:
		return "not an absolute http(s) URL"
	case huburl.ErrSyntax:
		if scheme, _, ok := strings.Cut(he.Detail, ":"); ok {
			return `expected "` + scheme + `://", found "` + he.Detail + `"`
		}
		return "invalid URL (" + he.Detail + ")"
	}
	return he.Kind.String()
}

// originOf returns scheme://host of an API URL stored in the file, falling
// back to https://host when the stored URL is unusable. The host is the
// file's key, not recomputed, so that it always names the entry shown.
func originOf(host, apiURL string) string {
	if o, err := huburl.OriginOf(apiURL); err == nil {
		return o.Scheme + "://" + host
	}
	return "https://" + host
}

// ParseAbsoluteHubURL is ParseHubURL for a value that must be an absolute
// http(s) URL, as the runtime's `new URL()` requires of AIGNE_HUB_API_URL.
func ParseAbsoluteHubURL(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	scheme, _, ok := strings.Cut(s, "://")
	if !ok || (!strings.EqualFold(scheme, "http") && !strings.EqualFold(scheme, "https")) {
		return nil, errors.New("not an absolute http(s) URL")
	}
	return ParseHubURL(s)
}
