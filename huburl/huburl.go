// Package huburl knows what an AIGNE Hub URL names: the hub's origin,
// scheme://host[:port].
//
// The Node.js @aigne/cli keys hubs by `new URL(apiURL).host`, so two tools
// sharing one hub file agree on a hub only if they compute that host the
// same way, byte for byte. This package therefore follows the WHATWG URL
// Standard's host parser (lower case, UTS #46 to punycode, IPv4 numbers in
// any of the forms browsers accept, compressed IPv6, default port dropped)
// rather than net/url, which keeps the host roughly as typed.
//
// On top of WHATWG it refuses what a hub URL has no business holding: user
// info, schemes other than http(s), port 0, an empty port, anything but
// "//" after the scheme, and characters that are invisible or look like
// others on a screen. It also refuses what Go's net/url cannot carry: "{",
// "}" or "`" in a host, a "%" that starts no %XX escape. So it may refuse a
// URL that Node reads, but it never reads one as naming another host than
// Node does, and every URL it accepts is one every later step accepts:
// NetURL gives the net/url form from this parse, never by parsing again.
//
// The package is pure parsing: it does no I/O (no network, no files, no
// resolver) and has no words for people; its errors are kinds and facts
// that the caller words.
package huburl

import (
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Origin is a hub's scheme://host[:port], normalised as WHATWG `new URL(u)`
// does. Host is what the Node CLI stores as the hub's key: lower case,
// punycode, default port dropped, IPv6 in brackets, e.g. "hub.aigne.io",
// "example.com:8443", "[::1]:8080", "xn--bcher-kva.example".
type Origin struct{ Scheme, Host string }

// String is "https://hub.aigne.io": the origin as `new URL(u).origin`
// prints it, and a URL that Parse reads back to the same Origin.
func (o Origin) String() string {
	if o.IsZero() {
		return ""
	}
	return o.Scheme + "://" + o.Host
}

// IsZero reports whether o is the zero Origin, which names no hub.
func (o Origin) IsZero() bool { return o.Scheme == "" && o.Host == "" }

// NetURL is o as net/url holds it, built from the parsed parts rather
// than by parsing the text again: net/url refuses some hosts that the URL
// Standard takes, so a second parse could fail where this one did not.
func (o Origin) NetURL() *url.URL { return &url.URL{Scheme: o.Scheme, Host: o.Host} }

// URL is a whole hub URL as this package reads it, for a caller that goes
// on to send requests there (an API URL): the origin, and the path.
type URL struct {
	Origin
	// Path is the path as it goes on the wire: "" for none, else starting
	// with "/"; printable ASCII only, "%" only as the start of a %XX
	// escape, "\\" read as "/", "." and ".." segments resolved, as the URL
	// Standard does for http(s). The query and fragment are dropped.
	Path string
}

// String is the origin followed by the path.
func (u URL) String() string {
	if u.IsZero() {
		return ""
	}
	return u.Origin.String() + u.Path
}

// NetURL is u as net/url holds it, built from the parsed parts. Path is
// decoded and RawPath keeps the escapes as read, so a request goes out
// with exactly u.Path on the wire.
func (u URL) NetURL() *url.URL {
	n := u.Origin.NetURL()
	if u.Path != "" {
		n.Path = percentDecode(u.Path) // every escape in Path is valid
		n.RawPath = u.Path
	}
	return n
}

// Hostname is Host without the port (IPv6 keeps its brackets).
func (o Origin) Hostname() string {
	h, _ := splitHostPort(o.Host)
	return h
}

// Port is the explicit port, "" for the scheme's default.
func (o Origin) Port() string {
	_, p := splitHostPort(o.Host)
	return p
}

// Loopback reports whether o is on this machine, where plain http cannot
// be read by anyone else on the network.
func (o Origin) Loopback() bool { return IsLoopback(o.Host) }

// Parse reads what a person typed: any URL on the hub
// ("https://hub.aigne.io/ai-kit/"), or a bare host ("hub.aigne.io",
// "localhost:3000", "[::1]:8080"), which means https. Surrounding white
// space is ignored. Errors are *Error.
func Parse(raw string) (Origin, error) {
	u, err := ParseURL(raw)
	return u.Origin, err
}

// ParseURL is Parse keeping the path. Parse accepts exactly what ParseURL
// does: the whole URL is checked either way.
func ParseURL(raw string) (URL, error) {
	return parse(raw, strings.TrimSpace(raw), false)
}

// ParseAbsolute accepts only an absolute http(s) URL, as `new URL(raw)`
// does in the Node CLI, which has no base to resolve a bare host against.
// It is for AIGNE_HUB_API_URL, whose value both tools read. Only what the
// URL Standard strips (C0 controls and space) is trimmed.
func ParseAbsolute(raw string) (Origin, error) {
	u, err := ParseAbsoluteURL(raw)
	return u.Origin, err
}

// ParseAbsoluteURL is ParseAbsolute keeping the path: for an API URL that
// requests are sent to. It accepts exactly what ParseAbsolute does.
func ParseAbsoluteURL(raw string) (URL, error) {
	return parse(raw, trimC0Space(raw), true)
}

// HostOf is the WHATWG host of an absolute API URL, as the Node CLI
// computes a hub's key from it: "https://Hub.Example.com:443/ai-kit" →
// "hub.example.com".
func HostOf(apiURL string) (string, error) {
	o, err := ParseAbsolute(apiURL)
	if err != nil {
		return "", err
	}
	return o.Host, nil
}

// OriginOf is the origin of an absolute API URL.
func OriginOf(apiURL string) (Origin, error) { return ParseAbsolute(apiURL) }

// IsLoopback reports whether host (with or without port, IPv6 with or
// without brackets) is exactly "localhost", in any case, or a literal
// loopback address: 127.0.0.0/8, ::1, or ::ffff:127.x.y.z.
//
// Names that merely resolve to loopback today do not count:
// "localhost." and "foo.localhost" go through the resolver, which a hosts
// file or search domain can point elsewhere, and "127.0.0.1.nip.io" is
// anyone's DNS. Non-canonical IPv4 forms ("127.1") are not recognised
// either; an Origin's host is always canonical.
func IsLoopback(host string) bool {
	h, _ := splitHostPort(host)
	if strings.HasPrefix(h, "[") && strings.HasSuffix(h, "]") {
		h = h[1 : len(h)-1]
	}
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(h)
	if err != nil || ip.Zone() != "" {
		return false
	}
	return ip.Unmap().IsLoopback()
}

// splitHostPort splits "host:port", "[v6]:port", "[v6]" and a bare IPv6
// address, keeping the brackets on the host.
func splitHostPort(s string) (host, port string) {
	if strings.HasPrefix(s, "[") {
		if i := strings.IndexByte(s, ']'); i >= 0 {
			if rest := s[i+1:]; strings.HasPrefix(rest, ":") {
				return s[:i+1], rest[1:]
			}
			return s[:i+1], ""
		}
		return s, ""
	}
	if strings.Count(s, ":") == 1 {
		i := strings.IndexByte(s, ':')
		return s[:i], s[i+1:]
	}
	return s, "" // a name, or a bare IPv6 address
}

func trimC0Space(s string) string {
	if s != "" && s[0] > ' ' && s[len(s)-1] > ' ' {
		return s
	}
	return strings.TrimFunc(s, func(r rune) bool { return r <= ' ' })
}

// parse does the work of Parse (absolute=false) and ParseAbsolute on the
// trimmed input s; raw is what the caller passed, for errors.
func parse(raw, s string, absolute bool) (URL, error) {
	fail := func(k ErrorKind, detail string) (URL, error) {
		return URL{}, &Error{Kind: k, Input: raw, Detail: detail}
	}
	if s == "" {
		return fail(ErrEmpty, "")
	}
	if !utf8.ValidString(s) {
		return fail(ErrSyntax, "invalid UTF-8")
	}
	if r, bad := invisible(s); bad {
		return fail(ErrInvisible, runeName(r))
	}

	// The scheme, as the URL Standard's scheme state finds it.
	scheme, rest, ok := cutScheme(s)
	lower := scheme
	if scheme != "https" && scheme != "http" {
		lower = strings.ToLower(scheme)
	}
	if ok && !isSpecial(lower) && looksLikePort(rest) {
		// "localhost:3000" is a host and a port to a person, though the
		// URL Standard reads a scheme "localhost" into it.
		ok = false
	}
	if !ok {
		if absolute {
			return fail(ErrNotAbsolute, "")
		}
		scheme, lower, rest = "https", "https", s
	} else if !isSpecial(lower) {
		return fail(ErrScheme, scheme)
	}

	// The URL Standard skips any run of slashes and backslashes after
	// "http(s):", so that "https:hub.io", `https:\\hub.io` and
	// "https:///ai-kit" name hub.io, hub.io and ai-kit. We ask for exactly
	// "//": a third slash almost always means a host left out, and the
	// other forms are typos to point out rather than guess at. A bare host
	// has none.
	if ok {
		sep := rest[:len(rest)-len(strings.TrimLeft(rest, `/\`))]
		switch {
		case sep == "//":
		case strings.HasPrefix(sep, "///"):
			return fail(ErrNoHost, "")
		default:
			return fail(ErrSyntax, scheme+":"+sep)
		}
		rest = rest[2:]
	}
	authority := rest
	if i := indexAuthorityEnd(rest); i >= 0 {
		authority = rest[:i]
	}
	if strings.Contains(authority, "@") {
		return fail(ErrUserInfo, "")
	}

	// The port starts at the first colon outside brackets.
	hostText, portText, hasPort := authority, "", false
	inBrackets := false
	for i := 0; i < len(authority); i++ {
		c := authority[i]
		if c == '[' {
			inBrackets = true
		} else if c == ']' {
			inBrackets = false
		} else if c == ':' && !inBrackets {
			hostText, portText, hasPort = authority[:i], authority[i+1:], true
			break
		}
	}
	if hostText == "" {
		return fail(ErrNoHost, "")
	}
	port := ""
	if hasPort {
		n, ok := parsePort(portText)
		// The URL Standard accepts an empty port and port 0; neither
		// reaches a hub, so both are refused here.
		if !ok || n == 0 {
			return fail(ErrBadPort, portText)
		}
		if n != defaultPort(lower) {
			port = strconv.Itoa(n)
		}
	}
	host, err := parseHost(hostText)
	if ie, ok := err.(invisibleError); ok {
		return fail(ErrInvisible, runeName(ie.r))
	}
	if err != nil || strings.IndexByte(host, '{') >= 0 || strings.IndexByte(host, '}') >= 0 || strings.IndexByte(host, '`') >= 0 {
		// The URL Standard allows "{", "}" and "`" in a domain; net/url,
		// and so Go's HTTP client, does not, and no DNS name holds them.
		return fail(ErrBadHost, hostText)
	}
	if port != "" {
		host += ":" + port
	}
	path, bad := parsePath(rest[len(authority):])
	if bad != "" {
		return fail(ErrSyntax, bad)
	}
	return URL{Origin: Origin{Scheme: lower, Host: host}, Path: path}, nil
}

// parsePath reads what follows the authority: the path, then the query
// and fragment, which are checked and dropped. A "%" must start a %XX
// escape anywhere in it: the URL Standard keeps "%zz" as it is, but
// net/url refuses it, and writing it as "%25zz" would ask the hub for
// another path than the Node CLI does. bad is the offending text.
func parsePath(s string) (path, bad string) {
	end := -1       // where the query or fragment starts
	escape := false // a byte of the path must be rewritten
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '%' && (i+2 >= len(s) || !isHex(s[i+1]) || !isHex(s[i+2])):
			return "", s[i:min(i+3, len(s))]
		case end >= 0:
		case c == '?' || c == '#':
			end = i
		case c == '\\' || c >= utf8.RuneSelf || strings.IndexByte(pathEscaped, c) >= 0:
			escape = true
		}
	}
	if end >= 0 {
		s = s[:end]
	}
	if s == "" {
		return "", ""
	}
	if !escape {
		return removeDotSegments(s), ""
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			b.WriteByte('/')
		case c >= utf8.RuneSelf || strings.IndexByte(pathEscaped, c) >= 0:
			b.WriteString(percentByte(c))
		default:
			b.WriteByte(c)
		}
	}
	return removeDotSegments(b.String()), ""
}

// pathEscaped: the ASCII a path may not hold as it is, for the URL
// Standard (which escapes " < > ` { }) or for net/url (which also wants
// ^ and |, and would otherwise re-escape the whole path its own way).
const pathEscaped = "\"<>^`{|}"

func percentByte(c byte) string {
	const hex = "0123456789ABCDEF"
	return string([]byte{'%', hex[c>>4], hex[c&0xf]})
}

// removeDotSegments resolves "." and ".." segments (also written %2e) as
// the URL Standard's path parser does; ".." never climbs above the root.
func removeDotSegments(p string) string {
	if strings.IndexByte(p, '.') < 0 && (strings.IndexByte(p, '%') < 0 || !strings.Contains(strings.ToLower(p), "%2e")) {
		return p
	}
	segs := strings.Split(p[1:], "/")
	out := make([]string, 0, len(segs))
	for i, seg := range segs {
		last := i == len(segs)-1
		switch strings.ToLower(seg) {
		case "..", ".%2e", "%2e.", "%2e%2e":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		case ".", "%2e":
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, seg)
		}
	}
	return "/" + strings.Join(out, "/")
}

// invisible finds the first rune that is not printable or is white space:
// not only control characters, but format characters such as U+202E
// (right-to-left override) or U+200B (zero width space) that make one host
// name look like another.
func invisible(s string) (rune, bool) {
	// Most input is printable ASCII; look at the rest rune by rune.
	i := 0
	for i < len(s) && s[i] > ' ' && s[i] < 0x7f {
		i++
	}
	if i == len(s) {
		return 0, false
	}
	for _, r := range s[i:] {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return r, true
		}
	}
	return 0, false
}

func runeName(r rune) string { return "U+" + strings.ToUpper(strconv.FormatInt(int64(r), 16)) }

// cutScheme splits "scheme:rest" where scheme is an ASCII letter followed
// by letters, digits, "+", "-" or ".", as the URL Standard's scheme state
// reads it.
func cutScheme(s string) (scheme, rest string, ok bool) {
	if s == "" || !isASCIIAlpha(s[0]) {
		return "", s, false
	}
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ':':
			return s[:i], s[i+1:], true
		case isASCIIAlpha(c) || isDigit(c) || c == '+' || c == '-' || c == '.':
		default:
			return "", s, false
		}
	}
	return "", s, false
}

// indexAuthorityEnd is the index of the first "/", "\\", "?" or "#" in s,
// where the authority ends; -1 for none.
func indexAuthorityEnd(s string) int {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '/', '\\', '?', '#':
			return i
		}
	}
	return -1
}

// looksLikePort reports whether s, the text after a first colon, is a
// port number followed by nothing or a path, query or fragment.
func looksLikePort(s string) bool {
	if i := indexAuthorityEnd(s); i >= 0 {
		s = s[:i]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// parsePort reads a run of ASCII digits as the URL Standard does (leading
// zeros allowed), false when empty, not digits or above 65535.
func parsePort(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
		if n > 65535 {
			return 0, false
		}
	}
	return n, true
}

func isSpecial(scheme string) bool { return scheme == "https" || scheme == "http" }

func defaultPort(scheme string) int {
	if scheme == "http" {
		return 80
	}
	return 443
}

func isASCIIAlpha(c byte) bool { return 'a' <= c|0x20 && c|0x20 <= 'z' }
func isDigit(c byte) bool      { return '0' <= c && c <= '9' }
