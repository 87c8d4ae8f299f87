package credentials

import (
	"net"
	"net/url"
	"strings"
)

// hostOf is the host[:port] of an absolute http(s) API URL, the hub's
// identity in both the file and the keychain.
func hostOf(apiURL string) (string, error) {
	u, err := url.Parse(apiURL)
	if err != nil {
		return "", err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", &url.Error{Op: "parse", URL: apiURL, Err: errNotAbsolute}
	}
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (u.Scheme == "https" && port == "443") || (u.Scheme == "http" && port == "80") {
		port = ""
	}
	if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	if port != "" {
		return host + ":" + port, nil
	}
	return host, nil
}

var errNotAbsolute = &net.AddrError{Err: "not an absolute http(s) URL"}

func originOf(apiURL string) (string, error) {
	h, err := hostOf(apiURL)
	if err != nil {
		return "", err
	}
	u, _ := url.Parse(apiURL)
	return u.Scheme + "://" + h, nil
}

func parseHost(account string) (string, error) { return hostOf("https://" + account) }

func isLoopbackHost(host string) bool {
	h := host
	if hh, _, err := net.SplitHostPort(host); err == nil {
		h = hh
	}
	h = strings.Trim(h, "[]")
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}
