package huburl

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"unicode"
)

// nodeHosts holds what Node.js v20.20.2 (Ada 2.9.2) printed for
// `new URL(in).protocol` and `.host`, obtained by running
//
//	node -e 'const u = new URL(process.argv[1]); console.log(u.protocol, u.host)' "$in"
//
// "" for host means `new URL` threw. These are fixed expectations: the
// tests never run Node.
var nodeHosts = []struct{ in, scheme, host string }{
	// Case, paths, default ports.
	{"https://hub.aigne.io", "https", "hub.aigne.io"},
	{"https://hub.aigne.io/ai-kit/", "https", "hub.aigne.io"},
	{"https://Hub.AIGNE.io:443/x?y=1#z", "https", "hub.aigne.io"},
	{"https://Hub.Example.com:443/ai-kit", "https", "hub.example.com"},
	{"HTTP://EXAMPLE.COM", "http", "example.com"},
	{"  https://hub.aigne.io  ", "https", "hub.aigne.io"},
	{"http://example.com:80", "http", "example.com"},
	{"http://example.com:443", "http", "example.com:443"},
	{"https://example.com:80", "https", "example.com:80"},
	{"https://example.com:8443", "https", "example.com:8443"},
	{"https://example.com:08443/ai-kit/", "https", "example.com:8443"},
	{"http://localhost:3000", "http", "localhost:3000"},
	{"http://LOCALHOST:3000", "http", "localhost:3000"},
	{"http://127.0.0.1:80/", "http", "127.0.0.1"},
	// IPv6: lower case, compressed at the first longest zero run.
	{"https://[::1]:8443/", "https", "[::1]:8443"},
	{"https://[0:0:0:0:0:0:0:1]:8080", "https", "[::1]:8080"},
	{"https://[1:0:0:2:0:0:0:3]", "https", "[1:0:0:2::3]"},
	{"https://[1:0:0:0:2:0:0:3]", "https", "[1::2:0:0:3]"},
	{"https://[::ffff:127.0.0.1]", "https", "[::ffff:7f00:1]"},
	{"https://[A::B]", "https", "[a::b]"},
	{"https://[::]", "https", "[::]"},
	// IPv4 in every form the URL Standard reads.
	{"https://127.1", "https", "127.0.0.1"},
	{"https://0x7f.0.0.1", "https", "127.0.0.1"},
	{"https://0X7F.1", "https", "127.0.0.1"},
	{"https://017700000001", "https", "127.0.0.1"},
	{"https://2130706433", "https", "127.0.0.1"},
	{"https://127.0.0.1.", "https", "127.0.0.1"},
	{"https://0", "https", "0.0.0.0"},
	{"https://1.0x.2", "https", "1.0.0.2"},
	{"https://１２７.０.０.１", "https", "127.0.0.1"},
	{"https://09.com", "https", "09.com"},
	// IDN: UTS #46 mapping, nontransitional, punycode.
	{"https://BÜCHER.example", "https", "xn--bcher-kva.example"},
	{"https://XN--BCHER-KVA.example", "https", "xn--bcher-kva.example"},
	{"https://faß.de", "https", "xn--fa-hia.de"},
	{"https://ς.com", "https", "xn--3xa.com"},
	{"https://ẞ.com", "https", "ss.com"},
	{"https://日本.jp", "https", "xn--wgv71a.jp"},
	{"https://例子.测试", "https", "xn--fsqu00a.xn--0zwm56d"},
	{"https://ｅｘａｍｐｌｅ.com", "https", "example.com"},
	{"https://example。com", "https", "example.com"},
	{"https://example．com", "https", "example.com"},
	{"https://Ⅻ.com", "https", "xii.com"},
	{"https://⑴.com", "https", "(1).com"},
	{"https://💩.la", "https", "xn--ls8h.la"},
	{"https://עברית.com", "https", "xn--5dbqzzl.com"},
	{"https://a" + strings.Repeat("\u0312", 30) + ".com", "https", "xn--a-wcbaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com"},
	// Ada's Bidi check lets these through (see bidiOK).
	{"https://aא.com", "https", "xn--a-0hc.com"},
	{"https://1ب.com", "https", "xn--1-1mc.com"},
	// U+0870 (Unicode 14) has no direction in Ada's table: fine at the end
	// of a left-to-right label, which goes unchecked, fatal in a
	// right-to-left one.
	{"https://x\u0870y", "https", "xn--xy-h8e"},
	{"https://\u05d0\u0870", "", ""},
	// Dots: a trailing one is kept, empty labels too.
	{"https://hub.aigne.io.", "https", "hub.aigne.io."},
	{"https://hub.aigne.io..", "https", "hub.aigne.io.."},
	{"https://.hub.aigne.io", "https", ".hub.aigne.io"},
	// Percent-decoding, and what STD3 rules would refuse.
	{"https://%68ub.io", "https", "hub.io"},
	{"https://hub%2eaigne.io", "https", "hub.aigne.io"},
	{"https://a_b.com", "https", "a_b.com"},
	{"https://a*b", "https", "a*b"},
	{"https://r3---sn-apo3qvuoxuxbt-j5pe.googlevideo.com", "https", "r3---sn-apo3qvuoxuxbt-j5pe.googlevideo.com"},

	// Refused by Node, and so by us.
	{"https://a<b", "", ""},
	{"https://a%zzb", "", ""},
	{"https://a%3Cb", "", ""},
	{"https://a^b", "", ""},
	{"https://a|b", "", ""},
	{"https://％４１.com", "", ""},
	{"https://foo.09", "", ""},
	{"https://foo.0x", "", ""},
	{"https://xn--a.com", "", ""},
	{"https://xn--.com", "", ""},
	{"https://עa.com", "", ""},
	{"https://%C2%AD", "", ""},
	{"https://1.2.3.256", "", ""},
	{"https://256.0.0.1", "", ""},
	{"https://4294967296", "", ""},
	{"https://1.2.3.4.5", "", ""},
	{"https://[::1%25eth0]", "", ""},
	{"https://[::1]x", "", ""},
	{"https://[::1", "", ""},
	{"https://[1:2:3:4:5:6:7:8:9]", "", ""},
	{"https://[::1.2.3.04]", "", ""},
	{"https://a.b:65536", "", ""},
	{"https://a.b:8o", "", ""},
	{"http:///", "", ""},
	{"https://", "", ""},
	{"https://:443", "", ""},
	{"hub.aigne.io", "", ""},
}

func TestParseAbsoluteAgreesWithNode(t *testing.T) {
	for _, tc := range nodeHosts {
		o, err := ParseAbsolute(tc.in)
		if tc.host == "" {
			if err == nil {
				t.Errorf("ParseAbsolute(%q) = %v; Node refuses it", tc.in, o)
			}
			continue
		}
		if err != nil || o.Host != tc.host || o.Scheme != tc.scheme {
			t.Errorf("ParseAbsolute(%q) = %q %q, %v; Node says %s://%s", tc.in, o.Scheme, o.Host, err, tc.scheme, tc.host)
		}
		if h, err := HostOf(tc.in); err != nil || h != tc.host {
			t.Errorf("HostOf(%q) = %q, %v; want %q", tc.in, h, err, tc.host)
		}
		// What a person types reads the same.
		if p, err := Parse(tc.in); err != nil || p != o {
			t.Errorf("Parse(%q) = %v, %v; ParseAbsolute gave %v", tc.in, p, err, o)
		}
	}
}

// TestWhereWeDifferFromNode lists every input we know of that Node v20
// reads as a hub and we refuse, with what Node made of it. None of them
// gets a different host from us: at worst we say no.
func TestWhereWeDifferFromNode(t *testing.T) {
	for _, tc := range []struct {
		in, node string
		kind     ErrorKind
	}{
		// Hub URLs carry no credentials.
		{"https://u@h", "h", ErrUserInfo},
		{"https://@h", "h", ErrUserInfo},
		// No server listens on port 0, and "h:" is a typo for something.
		{"https://h:0", "h:0", ErrBadPort},
		{"https://h:", "h", ErrBadPort},
		// Invisible characters, percent-encoded or not.
		{"https://hub%E2%80%8B.io", "hub.io", ErrInvisible},
		{"https://hub%C2%ADaigne.io", "hubaigne.io", ErrInvisible},
		{"https://hub\u200b.io", "hub.io", ErrInvisible},
		// The URL Standard skips any slashes after "https:"; we want "//".
		{"https:hub.io", "hub.io", ErrSyntax},
		{"https:/hub.io", "hub.io", ErrSyntax},
		{`https:\\hub.io\x`, "hub.io", ErrSyntax},
		{"https:///ai-kit", "ai-kit", ErrNoHost},
		{"https:////hub.io", "hub.io", ErrNoHost},
		// Punycode that decodes to plain ASCII: UTS #46 and Ada 3 refuse
		// it; Ada 2.9 (Node 20) does not.
		{"https://xn--abc-", "xn--abc-", ErrBadHost},
		{"https://xn--ls8h-.com", "xn--ls8h-.com", ErrBadHost},
		// More than 30 combining marks in a row: Go's NFC would break the
		// run with U+034F and so encode another label than Node.
		{"https://a" + strings.Repeat("\u0312", 31) + ".com", "xn--a-wcbaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", ErrBadHost},
		{"https://xn--000000-00daaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "xn--000000-00daaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", ErrBadHost},
		// A label starting with a combining mark newer than Unicode 13,
		// which Ada does not know to be one.
		{"https://\u0898a", "xn--a-ond", ErrBadHost},
		// Punycode starting with its delimiter, malformed per RFC 3492,
		// which every Ada release decodes anyway.
		{"https://xn---08h", "xn---08h", ErrBadHost},
		// What net/url, and so Go's HTTP client, refuses: "{", "}" and "`"
		// in a host (no DNS name has them), and a "%" that starts no
		// escape, which Node keeps as it is and Go cannot send.
		{"https://a{b.example", "a{b.example", ErrBadHost},
		{"https://a}b.example", "a}b.example", ErrBadHost},
		{"https://a`b.example", "a`b.example", ErrBadHost},
		{"https://a%7Bb.example", "a{b.example", ErrBadHost},
		{"https://h.example/%zz", "h.example", ErrSyntax},
		{"https://h.example/ai-kit%", "h.example", ErrSyntax},
		{"https://h.example/?x=%2", "h.example", ErrSyntax},
		{"https://h.example/#%zz", "h.example", ErrSyntax},
	} {
		_, err := ParseAbsolute(tc.in)
		if !errors.Is(err, tc.kind) {
			t.Errorf("ParseAbsolute(%q): %v, want %v (Node: %q)", tc.in, err, tc.kind, tc.node)
		}
	}
}

func TestParse(t *testing.T) {
	ok := map[string]string{
		"hub.aigne.io":           "https://hub.aigne.io",
		"  Hub.AIGNE.io/  ":      "https://hub.aigne.io",
		"hub.aigne.io/ai-kit":    "https://hub.aigne.io",
		"example.com:8443":       "https://example.com:8443",
		"example.com:443/ai-kit": "https://example.com",
		"localhost:3000":         "https://localhost:3000",
		"127.0.0.1:8080":         "https://127.0.0.1:8080",
		"[::1]:8080":             "https://[::1]:8080",
		"BÜCHER.example":         "https://xn--bcher-kva.example",
		"http://localhost:3000":  "http://localhost:3000",
		"https://[::1]:8443/":    "https://[::1]:8443",
		// Any URL on the hub names its origin.
		"https://hub.aigne.io/ai-kit/":      "https://hub.aigne.io",
		"HUB.aigne.io:8443/x?y=z":           "https://hub.aigne.io:8443",
		"http://127.0.0.1:3000/ai-kit#frag": "http://127.0.0.1:3000",
	}
	for in, want := range ok {
		o, err := Parse(in)
		if err != nil || o.String() != want {
			t.Errorf("Parse(%q) = %v, %v; want %s", in, o, err, want)
		}
	}
	for in, kind := range map[string]ErrorKind{
		"":                             ErrEmpty,
		"   ":                          ErrEmpty,
		"ftp://hub.aigne.io":           ErrScheme,
		"mailto:a@b":                   ErrScheme,
		"javascript:alert(1)":          ErrScheme,
		"file:///etc/passwd":           ErrScheme,
		"hub.io:":                      ErrScheme, // "hub.io" read as a scheme
		"https://":                     ErrNoHost,
		"://hub.io":                    ErrNoHost,
		"//hub.io":                     ErrNoHost,
		"https://user:pw@hub.io":       ErrUserInfo,
		"https://user:pw@hub.aigne.io": ErrUserInfo,
		"user@hub.io":                  ErrUserInfo,
		"https://hub.io:99999":         ErrBadPort,
		"https://hub.io:":              ErrBadPort,
		"https://hub.io:abc":           ErrBadPort,
		"https://hub.io:0":             ErrBadPort,
		"https://hub\x00.io":           ErrInvisible,
		"https://hub aigne.io":         ErrInvisible,
		"https://hub.io\x1b[31m":       ErrInvisible,
		"\u202ehttps://hub.aigne.io":   ErrInvisible,
		"https://hub\u202e.example":    ErrInvisible,
		"hub.example.com\u00ad":        ErrInvisible,
		"https://hub.example/\ufeff":   ErrInvisible,
		"https://%zz":                  ErrBadHost,
		"https://hub.aigne.io/%zz":     ErrSyntax,
		"hub.aigne.io/a%4":             ErrSyntax,
		"https://hub.aigne.io/?q=%":    ErrSyntax,
		"https://a{b.example":          ErrBadHost,
		"https://hub\xff.io":           ErrSyntax,
		"http:80":                      ErrSyntax, // a scheme without "//", not host "http"
	} {
		_, err := Parse(in)
		var e *Error
		if !errors.As(err, &e) || e.Kind != kind || e.Input != in {
			t.Errorf("Parse(%q): %#v, want kind %v", in, err, kind)
		}
	}
}

func TestParseAbsoluteWantsAScheme(t *testing.T) {
	for _, in := range []string{"hub.aigne.io", "localhost:3000", "[::1]:8080", "/ai-kit"} {
		if _, err := ParseAbsolute(in); !errors.Is(err, ErrNotAbsolute) {
			t.Errorf("ParseAbsolute(%q): %v, want ErrNotAbsolute", in, err)
		}
	}
	if _, err := ParseAbsolute("ftp://hub.aigne.io"); !errors.Is(err, ErrScheme) {
		t.Errorf("ftp: %v", err)
	}
	// The URL Standard strips C0 controls and spaces around a URL.
	if o, err := ParseAbsolute("\t https://hub.aigne.io/\n"); err != nil || o.Host != "hub.aigne.io" {
		t.Errorf("trim: %v %v", o, err)
	}
}

func TestErrorDetails(t *testing.T) {
	for _, tc := range []struct {
		in     string
		kind   ErrorKind
		detail string
	}{
		{"https://hub\u200b.io", ErrInvisible, "U+200B"},
		{"https://hub%E2%80%AE.io", ErrInvisible, "U+202E"},
		{"FTP://x", ErrScheme, "FTP"},
		{"https://x:70000", ErrBadPort, "70000"},
		{"https://a<b:8080/x", ErrBadHost, "a<b"},
		{"https:/hub.io", ErrSyntax, "https:/"},
		{"HTTP:hub.io", ErrSyntax, "HTTP:"},
	} {
		_, err := Parse(tc.in)
		var e *Error
		if !errors.As(err, &e) || e.Kind != tc.kind || e.Detail != tc.detail {
			t.Errorf("Parse(%q): %#v, want %v %q", tc.in, err, tc.kind, tc.detail)
			continue
		}
		if !strings.Contains(e.Error(), tc.detail) {
			t.Errorf("%q: message %q lacks %q", tc.in, e.Error(), tc.detail)
		}
	}
}

func TestOrigin(t *testing.T) {
	o, err := OriginOf("https://Hub.Example.com:8443/ai-kit/")
	if err != nil || o != (Origin{"https", "hub.example.com:8443"}) {
		t.Fatalf("OriginOf: %v %v", o, err)
	}
	if o.String() != "https://hub.example.com:8443" || o.Hostname() != "hub.example.com" || o.Port() != "8443" || o.IsZero() {
		t.Errorf("%#v: %s %s %s", o, o, o.Hostname(), o.Port())
	}
	v6 := Origin{"http", "[::1]:3000"}
	if v6.Hostname() != "[::1]" || v6.Port() != "3000" || !v6.Loopback() {
		t.Errorf("%#v: %s %s %v", v6, v6.Hostname(), v6.Port(), v6.Loopback())
	}
	if !(Origin{}).IsZero() || (Origin{}).String() != "" {
		t.Error("zero Origin")
	}
	if _, err := HostOf("hub.aigne.io"); !errors.Is(err, ErrNotAbsolute) {
		t.Errorf("HostOf bare host: %v", err)
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost":              true,
		"LOCALHOST:8080":         true,
		"127.0.0.1":              true,
		"127.1.2.3:443":          true,
		"127.255.255.255":        true,
		"[::1]:3000":             true,
		"[::1]":                  true,
		"::1":                    true,
		"[::ffff:7f00:1]:8080":   true, // how the URL Standard writes ::ffff:127.0.0.1
		"::ffff:127.0.0.1":       true,
		"localhost.":             false,
		"foo.localhost":          false,
		"localhost.evil.io":      false,
		"127.0.0.1.nip.io":       false,
		"127.1":                  false, // not canonical; an Origin never holds it
		"10.0.0.1":               false,
		"0.0.0.0":                false,
		"hub.aigne.io":           false,
		"[::2]:80":               false,
		"[::]":                   false,
		"[fe80::1%25eth0]":       false,
		"::1%lo":                 false,
		"":                       false,
		"[::ffff:10.0.0.1]:8080": false,
	} {
		if got := IsLoopback(host); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", host, got, want)
		}
	}
	// What Parse makes of the non-canonical forms is canonical, so the
	// check holds for what a person types.
	for _, in := range []string{"http://127.1:3000", "http://0x7f.1", "http://[0:0::1]", "http://LocalHost"} {
		o, err := Parse(in)
		if err != nil || !o.Loopback() {
			t.Errorf("Parse(%q) = %v, %v: not loopback", in, o, err)
		}
	}
}

// FuzzParse: Parse never panics, and what it returns is an origin whose
// String parses back to itself, with a host that has no upper case, space
// or control character.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"https://hub.aigne.io/ai-kit", "hub.aigne.io", "http://[::1]:3000", "example.com:8443",
		"ftp://x", "https://a:b@c", "%", "https://[::1", "a:1:2", "https://BÜCHER.example",
		"https://faß.de", "https://日本.jp", "https://example。com", "https://0x7f.1",
		"https://[::ffff:1.2.3.4]", "https://xn--bcher-kva.example", "https://%68ub.io",
		"https://hub.aigne.io.", "https://aא.com", "https://١.com", "https://1.2.3.4.",
		"https://a" + strings.Repeat("\u0301", 40) + ".com",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		o, err := Parse(s)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Kind == 0 || e.Input != s {
				t.Fatalf("Parse(%q): untyped error %#v", s, err)
			}
			return
		}
		if o.Scheme != "https" && o.Scheme != "http" || o.Host == "" {
			t.Fatalf("Parse(%q) = %#v", s, o)
		}
		for _, r := range o.Host {
			if unicode.IsUpper(r) || unicode.IsSpace(r) || unicode.IsControl(r) || r > unicode.MaxASCII {
				t.Fatalf("Parse(%q): host %q has %U", s, o.Host, r)
			}
		}
		again, err := Parse(o.String())
		if err != nil || again != o {
			t.Fatalf("Parse(%q) = %v, but Parse(%q) = %v, %v", s, o, o.String(), again, err)
		}
		abs, err := ParseAbsolute(o.String())
		if err != nil || abs != o {
			t.Fatalf("ParseAbsolute(%q) = %v, %v", o.String(), abs, err)
		}
	})
}

func TestURLPath(t *testing.T) {
	for in, want := range map[string]string{
		"https://h.example":                  "",
		"https://h.example/":                 "/",
		"https://h.example/ai-kit":           "/ai-kit",
		"https://h.example/ai-kit/":          "/ai-kit/",
		"https://h.example/ai-kit?x=1#y":     "/ai-kit",
		"https://h.example?x=1":              "",
		`https://h.example/a\b`:              "/a/b",
		"https://h.example/a/../b":           "/b",
		"https://h.example/../../b":          "/b",
		"https://h.example/a/./":             "/a/",
		"https://h.example/a/..":             "/",
		"https://h.example/a/%2e%2E/x":       "/x",
		"https://h.example/a/.%2e/x/%2e":     "/x/",
		"https://h.example/a..b/.c":          "/a..b/.c",
		"https://h.example/日本":               "/%E6%97%A5%E6%9C%AC",
		"https://h.example/a{b}\"<>^`|":      "/a%7Bb%7D%22%3C%3E%5E%60%7C",
		"https://h.example/a%2Fb":            "/a%2Fb",
		"https://h.example/!$&'()*+,;=:@[]~": "/!$&'()*+,;=:@[]~",
		"h.example:8443/ai-kit":              "/ai-kit",
	} {
		u, err := ParseURL(in)
		if err != nil || u.Path != want {
			t.Errorf("ParseURL(%q).Path = %q, %v; want %q", in, u.Path, err, want)
			continue
		}
		// The net/url form sends exactly that path, and is one net/url
		// reads back.
		n := u.NetURL()
		if n.EscapedPath() != want || n.String() != u.String() {
			t.Errorf("%q: NetURL %q (escaped path %q), want %q", in, n, n.EscapedPath(), u.String())
		}
		back, err := url.Parse(n.String())
		if err != nil || back.Host != u.Host || back.EscapedPath() != want {
			t.Errorf("%q: url.Parse(%q) = %v, %v", in, n, back, err)
		}
	}
}

// Every URL huburl accepts is one net/url and net/http accept, with the
// same host: whatever passes the check at the edge (the hub file, the
// keychain, the environment) passes every later step too.
func TestAcceptedIsSendable(t *testing.T) {
	var inputs []string
	for _, tc := range nodeHosts {
		inputs = append(inputs, tc.in)
	}
	for c := 0; c < 0x100; c++ {
		b := string([]byte{byte(c)})
		inputs = append(inputs, "https://a"+b+"b.example/", "https://h.example/p"+b+"q",
			"https://h.example/p%"+b+"0", "https://h.example:80"+b, "http://[::1"+b+"]/", "https://h.example/?"+b+"#"+b)
	}
	for _, in := range inputs {
		checkSendable(t, in)
	}
}

func FuzzAcceptedIsSendable(f *testing.F) {
	for _, tc := range nodeHosts {
		f.Add(tc.in)
	}
	for _, v := range ipv6Vectors(f) {
		f.Add("http://[" + v.in + "]/")
	}
	f.Add("https://h.example/%zz")
	f.Add("https://a{b.example/")
	f.Fuzz(func(t *testing.T, in string) {
		checkSendable(t, in)
		if u, err := ParseURL(in); err == nil {
			if _, err := url.Parse(u.NetURL().String()); err != nil {
				t.Errorf("ParseURL(%q) accepted; net/url: %v", in, err)
			}
		}
	})
}
