package huburl

import (
	"errors"
	"net/netip"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/rangetable"
)

// The host parser of the URL Standard (https://url.spec.whatwg.org/#host-parsing)
// for the special schemes http and https, which are all a hub URL may use.

var errHost = errors.New("invalid host")

// invisibleError is an invisible character found once the host was
// percent-decoded.
type invisibleError struct{ r rune }

func (e invisibleError) Error() string { return "invisible character " + runeName(e.r) }

// uts46 is domain to ASCII with the flags the URL Standard passes to
// UTS #46 ToASCII: CheckHyphens=false (labels such as "r3---sn" are real),
// CheckJoiners=true (kept by MapForLookup), UseSTD3ASCIIRules=false
// ("a_b.com" is a valid host), Transitional_Processing=false ("faß.de"
// stays faß, xn--fa-hia.de) and VerifyDnsLength=false (empty labels and a
// trailing dot are kept).
//
// CheckBidi is left to bidiOK below rather than idna.BidiRule, which
// applies RFC 5893 to every label of a domain that has one right-to-left
// label; Node's URL parser (Ada) checks each right-to-left label on its
// own, and we must accept the same hosts it does.
var uts46 = idna.New(
	idna.MapForLookup(),
	idna.Transitional(false),
	idna.StrictDomainName(false),
	idna.CheckHyphens(false),
	idna.VerifyDNSLength(false),
	idna.RemoveLeadingDots(false),
)

// mapOnly applies the UTS #46 mapping and nothing else; see mapDomain.
var mapOnly = idna.New(idna.MapForLookup(), idna.Transitional(false),
	idna.StrictDomainName(false), idna.ValidateLabels(false))

// parseHost turns the host as it appears in a URL into its serialisation:
// a lower-case ASCII domain, a dotted-decimal IPv4 address, or a bracketed,
// compressed IPv6 address.
func parseHost(input string) (string, error) {
	if strings.HasPrefix(input, "[") {
		if len(input) < 2 || !strings.HasSuffix(input, "]") {
			return "", errHost
		}
		addr, ok := parseIPv6(input[1 : len(input)-1])
		if !ok {
			return "", errHost
		}
		return "[" + addr + "]", nil
	}
	// parse has checked the whole URL for what follows; only what
	// percent-decoding made is new.
	domain := percentDecode(input)
	if domain != input {
		// The Standard decodes with replacement, and UTS #46 then refuses
		// U+FFFD; refusing invalid UTF-8 outright comes to the same.
		if !utf8.ValidString(domain) {
			return "", errHost
		}
		// "%E2%80%8B" is as invisible as U+200B typed. UTS #46 would drop
		// some of these (U+200B, U+00AD) and judge joiners (U+200C,
		// U+200D) by rules that differ between implementations; refusing
		// them all keeps the verdict simple and never names a host that
		// Node would not.
		if r, bad := invisible(domain); bad {
			return "", invisibleError{r}
		}
	}
	ascii, err := domainToASCII(domain)
	if err != nil || ascii == "" {
		return "", errHost
	}
	for i := 0; i < len(ascii); i++ {
		if forbiddenDomainByte(ascii[i]) {
			return "", errHost
		}
	}
	if endsInNumber(ascii) {
		v, ok := parseIPv4(ascii)
		if !ok {
			return "", errHost
		}
		return serializeIPv4(v), nil
	}
	return ascii, nil
}

// domainToASCII lower-cases an ASCII domain with no punycode label, as the
// Standard's fast path does, and hands anything else to UTS #46.
func domainToASCII(domain string) (string, error) {
	if isASCII(domain) && !hasACELabel(domain) {
		return strings.ToLower(domain), nil
	}
	// x/net/idna lets two kinds of "xn--" label through that UTS #46 (and
	// Node) refuse: "xn--" alone, which it turns into an empty label, and
	// one with non-ASCII characters, which it decodes anyway.
	mapped, ok := mapDomain(domain)
	if !ok {
		return "", errHost
	}
	for _, label := range strings.Split(mapped, ".") {
		if strings.HasPrefix(label, "xn--") && (label == "xn--" || !isASCII(label)) {
			return "", errHost
		}
	}
	out, err := uts46.ToASCII(domain)
	if err != nil || !isASCII(out) {
		return "", errHost
	}
	for _, label := range strings.Split(out, ".") {
		if !strings.HasPrefix(label, "xn--") {
			continue // ASCII as typed: no right-to-left character
		}
		u, err := idna.Punycode.ToUnicode(label)
		if err != nil || !bidiOK(u) {
			return "", errHost
		}
		// Go's NFC puts U+034F after every 30 combining marks in a row (the
		// "stream-safe" format), where Node's does not, so such a label
		// would be encoded differently. U+034F typed is dropped by the
		// mapping, so one here was put in by NFC: refuse the host rather
		// than name another one than Node does.
		if strings.ContainsRune(u, '\u034f') {
			return "", errHost
		}
	}
	return out, nil
}

// mapDomain is the UTS #46 mapping step alone: each code point mapped
// (case folded, width folded, "。" to ".", ignorables dropped), then NFC.
// x/net/idna offers no mapping without decoding "xn--" labels, so it is
// asked one code point at a time, where no label can form.
func mapDomain(domain string) (string, bool) {
	var b strings.Builder
	for _, r := range domain {
		m, err := mapOnly.ToUnicode(string(r))
		if err != nil {
			return "", false
		}
		b.WriteString(m)
	}
	return norm.NFC.String(b.String()), true
}

// bidiOK is the Bidi rule of RFC 5893 as Node's URL parser (Ada) applies
// it, which is what decides whether the Node CLI accepts a host:
//   - only a label holding an R, AL or AN character is checked, whatever
//     the other labels hold;
//   - a label starting with an L character is left-to-right: all but its
//     last non-NSM character must be L, EN, ES, CS, ET, ON, BN or NSM (the
//     last one is not checked);
//   - any other label is right-to-left: up to the last non-NSM character,
//     only R, AL, AN, EN, ES, CS, ET, ON, BN, NSM; not both EN and AN; the
//     last non-NSM character R, AL, AN or EN. Its first character need not
//     be R or AL.
//
// The two leniencies are Ada's, not the RFC's; the lines marked "Ada:"
// keep them, and are what to change should Node's parser drop them.
func bidiOK(label string) bool {
	runes := []rune(label)
	last := -1
	rtl := false
	for i, r := range runes {
		c := bidiClass(r)
		if c != bidi.NSM {
			last = i
		}
		if c == bidi.R || c == bidi.AL || c == bidi.AN {
			rtl = true
		}
	}
	if last < 0 {
		return false
	}
	if !rtl {
		return true
	}
	if bidiClass(runes[0]) == bidi.L {
		for _, r := range runes[:last] { // Ada: the last one is not checked
			switch bidiClass(r) {
			case bidi.L, bidi.EN, bidi.ES, bidi.CS, bidi.ET, bidi.ON, bidi.BN, bidi.NSM:
			default:
				return false
			}
		}
		return true
	}
	// Ada: runes[0] is not required to be R or AL.
	hasEN, hasAN := false, false
	for i, r := range runes[:last+1] {
		c := bidiClass(r)
		switch c {
		case bidi.EN:
			hasEN = true
		case bidi.AN:
			hasAN = true
		}
		if hasEN && hasAN {
			return false
		}
		switch c {
		case bidi.R, bidi.AL, bidi.AN, bidi.EN, bidi.ES, bidi.CS, bidi.ET, bidi.ON, bidi.BN, bidi.NSM:
		default:
			return false
		}
		if i == last && c != bidi.R && c != bidi.AL && c != bidi.AN && c != bidi.EN {
			return false
		}
	}
	return true
}

// noDirection is the class Ada's Bidi table gives a character it does not
// list; no RFC 5893 rule allows it.
const noDirection bidi.Class = 1 << 16

// unicode13 holds the characters Ada's Bidi table lists: those assigned in
// Unicode 13.0. Newer ones (U+0870…U+088E, Arabic Extended-B, say) have no
// direction there, which fails any label that gets checked.
var unicode13 = rangetable.Assigned("13.0.0")

// bidiClass is a character's Bidi class as Ada's table has it: the
// Unicode 13.0 classes, which are x/text's current ones but for U+1734
// (NSM until Unicode 14 made it L).
func bidiClass(r rune) bidi.Class {
	if !unicode.Is(unicode13, r) {
		return noDirection
	}
	if r == 0x1734 {
		return bidi.NSM
	}
	p, _ := bidi.LookupRune(r)
	return p.Class()
}

// hasACELabel reports whether a label of domain starts with "xn--", in
// any case.
func hasACELabel(domain string) bool {
	for start := 0; start < len(domain); {
		label := domain[start:]
		if i := strings.IndexByte(label, '.'); i >= 0 {
			label = label[:i]
		}
		if len(label) >= 4 && label[0]|0x20 == 'x' && label[1]|0x20 == 'n' && label[2] == '-' && label[3] == '-' {
			return true
		}
		start += len(label) + 1
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// forbiddenDomainByte: the Standard's forbidden domain code points, which
// are all ASCII (C0 controls, space, # % / : < > ? @ [ \ ] ^ | and DEL).
func forbiddenDomainByte(c byte) bool {
	if c <= 0x1f || c == 0x7f {
		return true
	}
	switch c {
	case ' ', '#', '%', '/', ':', '<', '>', '?', '@', '[', '\\', ']', '^', '|':
		return true
	}
	return false
}

// percentDecode replaces each %XX by its byte and leaves a "%" not followed
// by two hex digits as it is.
func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		b = append(b, s[i])
	}
	return string(b)
}

func isHex(c byte) bool { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }

func unhex(c byte) byte {
	if isDigit(c) {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}

// endsInNumber is the Standard's "ends in a number checker": the last
// label (ignoring one trailing empty label) is all digits or a valid IPv4
// number such as "0x7f". Such a host must then parse as IPv4 or is refused,
// so "foo.09" is no domain name.
func endsInNumber(s string) bool {
	if s == "" {
		return false
	}
	last := strings.TrimSuffix(s, ".")
	last = last[strings.LastIndexByte(last, '.')+1:]
	if last != "" && allDigits(last) {
		return true
	}
	_, ok := parseIPv4Number(last)
	return ok
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// ipv4Overflow stands for any value too large for an address; a number
// above it is kept at it so that long digit strings cannot wrap around.
const ipv4Overflow = 1 << 40

// parseIPv4Number reads one dotted part: decimal, octal with a leading
// "0", or hexadecimal with "0x"; "0x" alone is 0.
func parseIPv4Number(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	radix := uint64(10)
	if len(s) >= 2 && s[0] == '0' && s[1]|0x20 == 'x' {
		s, radix = s[2:], 16
	} else if len(s) >= 2 && s[0] == '0' {
		s, radix = s[1:], 8
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		var d uint64
		switch {
		case isDigit(c):
			d = uint64(c - '0')
		case radix == 16 && isHex(c):
			d = uint64(unhex(c))
		default:
			return 0, false
		}
		if d >= radix {
			return 0, false
		}
		if n < ipv4Overflow {
			n = n*radix + d
		}
	}
	return min(n, ipv4Overflow), true
}

// parseIPv4 is the Standard's IPv4 parser: one to four numbers, the last
// filling the bytes the others leave ("127.1" is 127.0.0.1).
func parseIPv4(s string) (uint32, bool) {
	parts := strings.Split(s, ".")
	if parts[len(parts)-1] == "" && len(parts) > 1 {
		parts = parts[:len(parts)-1]
	}
	if len(parts) > 4 {
		return 0, false
	}
	nums := make([]uint64, len(parts))
	for i, p := range parts {
		n, ok := parseIPv4Number(p)
		if !ok {
			return 0, false
		}
		if i < len(parts)-1 && n > 255 {
			return 0, false
		}
		nums[i] = n
	}
	last := nums[len(nums)-1]
	if last >= 1<<(8*(5-len(nums))) {
		return 0, false
	}
	v := last
	for i, n := range nums[:len(nums)-1] {
		v += n << (8 * (3 - i))
	}
	return uint32(v), true
}

func serializeIPv4(v uint32) string {
	return strconv.Itoa(int(v>>24)) + "." + strconv.Itoa(int(v>>16&0xff)) + "." +
		strconv.Itoa(int(v>>8&0xff)) + "." + strconv.Itoa(int(v&0xff))
}

// IsIPv6Literal reports whether s, the text between the brackets of a
// URL's host ("::1", "::ffff:1.2.3.4"), is an IPv6 address that a hub URL
// may hold: one the URL Standard reads, without a zone.
func IsIPv6Literal(s string) bool {
	_, ok := parseIPv6(s)
	return ok
}

// parseIPv6 reads an IPv6 literal, the text between the brackets, and
// writes it as the URL Standard serialises it. net/netip reads the same
// literals as the Standard's IPv6 parser (testdata/ipv6_node.txt holds
// Node's answers) except that it also takes an IPv4 address or a zone,
// which a URL may not hold.
func parseIPv6(s string) (string, bool) {
	if strings.Contains(s, "%") {
		return "", false // a zone ("fe80::1%eth0"), or its escape
	}
	addr, err := netip.ParseAddr(s)
	if err != nil || !addr.Is6() {
		return "", false
	}
	return serializeIPv6(addr), true
}

// serializeIPv6 writes addr as the URL Standard does: lower-case hex
// without leading zeros, the first longest run of two or more zero pieces
// as "::". That is netip's form too, except that netip writes an
// IPv4-mapped address with a dotted tail ("::ffff:1.2.3.4") where the
// Standard keeps hex ("::ffff:102:304").
func serializeIPv6(addr netip.Addr) string {
	if !addr.Is4In6() {
		return addr.String()
	}
	b := addr.As16()
	return "::ffff:" + strconv.FormatUint(uint64(b[12])<<8|uint64(b[13]), 16) + ":" +
		strconv.FormatUint(uint64(b[14])<<8|uint64(b[15]), 16)
}
