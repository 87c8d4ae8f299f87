package cli

import (
	"strings"
	"time"

	"github.com/aigne-io/aigne/huburl"
)

// completeCmd is the hidden `aigne __complete hubs` the scripts call while
// the user presses TAB. It prints one saved hub origin per line. It reads
// the file and the keychain's accounts, never a secret (nothing can show
// a prompt), and fails silently: a broken file
// must not print errors into the middle of a command line.
type completeCmd struct {
	What string `arg:"" enum:"hubs"`
}

// It opens the hub list itself, rather than having it handed over, so that
// failing to is as silent as everything else here.
func (c *completeCmd) Run(out *Output, open registryOpener) error {
	reg, err := open()
	if err != nil {
		return nil
	}
	// A keychain that hangs must not hang the shell's TAB for long.
	if reg.Keychain != nil {
		reg.Keychain.Timeout = completionKeychainTimeout
	}
	st, err := reg.LoadQuiet()
	if err != nil {
		return nil
	}
	var b strings.Builder
	for _, h := range st.Valid() {
		if o := h.Origin(); completableOrigin(o) {
			b.WriteString(safeText(o) + "\n")
		}
	}
	_, _ = out.IO.Out.Write([]byte(b.String()))
	return nil
}

const completionKeychainTimeout = time.Second

// completableOrigin tells whether origin may be offered on a command line:
// http or https, then a host of letter-digit-hyphen labels (which covers
// punycode and IPv4) or a bracketed IPv6 address, and an optional port.
// The URL Standard lets a host hold $ ( ) ; ' ` ! & * , = { } and more, and
// the hub file and the keychain are written by other programs too; the
// scripts quote every candidate, and this keeps such names off the line
// in case one of them ever does not.
func completableOrigin(origin string) bool {
	rest, ok := strings.CutPrefix(origin, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(origin, "http://"); !ok {
			return false
		}
	}
	host, port := rest, ""
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 || !huburl.IsIPv6Literal(rest[1:end]) {
			return false
		}
		host, port = rest[:end+1], rest[end+1:]
	} else if i := strings.LastIndexByte(rest, ':'); i >= 0 {
		host, port = rest[:i], rest[i:]
	}
	if port != "" {
		digits, ok := strings.CutPrefix(port, ":")
		if !ok || digits == "" || len(digits) > 5 || strings.Trim(digits, "0123456789") != "" {
			return false
		}
	}
	return strings.HasPrefix(host, "[") || ldhHost(host)
}

// ldhHost: labels of ASCII letters, digits and hyphens, 1 to 63 long,
// joined by dots, with an optional final dot.
func ldhHost(host string) bool {
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}
