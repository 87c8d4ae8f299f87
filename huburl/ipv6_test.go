package huburl

import (
	"net/netip"
	"testing"
)

// Every IPv6 literal in testdata/ipv6_node.txt is read as Node's new URL()
// reads it: refused where Node threw, else the same host, byte for byte.
func TestIPv6AgreesWithNode(t *testing.T) {
	for _, v := range ipv6Vectors(t) {
		in := "http://[" + v.in + "]/"
		o, err := ParseAbsolute(in)
		switch {
		case v.host == "!" && err == nil:
			t.Errorf("%q: host %q, but Node refuses it", in, o.Host)
		case v.host != "!" && err != nil:
			t.Errorf("%q: %v, but Node reads host [%s]", in, err, v.host)
		case v.host != "!" && o.Host != "["+v.host+"]":
			t.Errorf("%q: host %q, Node reads [%s]", in, o.Host, v.host)
		}
		if got := IsIPv6Literal(v.in); got != (v.host != "!") {
			t.Errorf("IsIPv6Literal(%q) = %v, Node says %q", v.in, got, v.host)
		}
	}
}

// An accepted literal is written as an address netip reads back to the
// same one, and writing it again changes nothing.
func FuzzIPv6(f *testing.F) {
	for _, v := range ipv6Vectors(f) {
		f.Add(v.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, ok := parseIPv6(s)
		if !ok {
			return
		}
		a, err1 := netip.ParseAddr(s)
		b, err2 := netip.ParseAddr(out)
		if err1 != nil || err2 != nil || a != b {
			t.Fatalf("%q written as %q: %v %v", s, out, err1, err2)
		}
		if again, ok := parseIPv6(out); !ok || again != out {
			t.Fatalf("%q written as %q, then as %q", s, out, again)
		}
	})
}
