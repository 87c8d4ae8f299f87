package cli

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// ParseHubURL turns what a user typed into the hub's origin: any URL on the
// hub ("https://hub.aigne.io/ai-kit/"), or a bare host ("hub.aigne.io",
// meaning https). Hubs are keyed by host[:port] as the Node CLI keys them,
// so the default port of the scheme is dropped and the host lower-cased.
func ParseHubURL(raw string) (*url.URL, error) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil, errors.New("empty URL")
	}
	for _, r := range s {
		// Not only control characters: format characters such as U+202E
		// (right-to-left override) or U+200B (zero width space) would let
		// a host name look like another one on the screen.
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return nil, fmt.Errorf("contains spaces, control or invisible characters (%U)", r)
		}
	}
	if !strings.Contains(s, "://") {
		if i := strings.IndexByte(s, ':'); i > 0 && !looksLikePort(s[i+1:]) {
			// "ftp:host" or "mailto:x" — a scheme without slashes.
			return nil, fmt.Errorf("unsupported scheme %q (use http or https)", s[:i])
		}
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return nil, err
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		return nil, fmt.Errorf("unsupported scheme %q (use http or https)", u.Scheme)
	}
	if u.User != nil {
		return nil, errors.New("user names and passwords do not belong in a hub URL")
	}
	host := strings.ToLower(u.Hostname())
	if host == "" {
		return nil, errors.New("no host")
	}
	if strings.ContainsAny(host, "/\\@%") {
		return nil, fmt.Errorf("invalid host %q", host)
	}
	port := u.Port()
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("invalid port %q", port)
		}
		port = strconv.Itoa(n)
		if (scheme == "https" && n == 443) || (scheme == "http" && n == 80) {
			port = ""
		}
	} else if strings.HasSuffix(u.Host, ":") {
		return nil, errors.New("empty port")
	}
	hostport := host
	if strings.Contains(host, ":") { // IPv6 literal
		hostport = "[" + host + "]"
	}
	if port != "" {
		hostport = net.JoinHostPort(host, port)
	}
	return &url.URL{Scheme: scheme, Host: hostport}, nil
}

func looksLikePort(s string) bool {
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return false
	}
	_, err := strconv.Atoi(s)
	return err == nil
}

// originOf returns scheme://host of an API URL stored in the file, falling
// back to https://host when the stored URL is unusable.
func originOf(host, apiURL string) string {
	if u, err := url.Parse(apiURL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
		return u.Scheme + "://" + host
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
