package credentials

import "github.com/aigne-io/aigne/huburl"

// hostOf is the host[:port] of an absolute http(s) API URL as WHATWG's
// `new URL(u).host` gives it: the hub's identity in the file and the
// keychain alike.
func hostOf(apiURL string) (string, error) { return huburl.HostOf(apiURL) }

func originOf(apiURL string) (string, error) {
	o, err := huburl.OriginOf(apiURL)
	if err != nil {
		return "", err
	}
	return o.String(), nil
}

// validAccount: a keychain account that is a host as WHATWG writes one.
func validAccount(account string) bool {
	o, err := huburl.Parse("https://" + account)
	return err == nil && o.Host == account
}

func isLoopbackHost(host string) bool { return huburl.IsLoopback(host) }
