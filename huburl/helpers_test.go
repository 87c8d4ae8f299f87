// The helpers of the huburl tests: the sendability check and the IPv6
// vectors Node wrote.

package huburl

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
)

// checkSendable fails t if in is accepted but net/url or net/http would
// refuse it, or read another host or path from it.
func checkSendable(t *testing.T, in string) {
	t.Helper()
	u, err := ParseAbsoluteURL(in)
	if err != nil {
		return
	}
	if o, err := ParseAbsolute(in); err != nil || o != u.Origin {
		t.Errorf("%q: ParseAbsolute %v, %v; ParseAbsoluteURL %v", in, o, err, u)
	}
	s := u.NetURL().String()
	back, err := url.Parse(s)
	if err != nil {
		t.Errorf("%q accepted, but net/url refuses %q: %v", in, s, err)
		return
	}
	if back.Scheme != u.Scheme || back.Host != u.Host || back.EscapedPath() != u.Path {
		t.Errorf("%q: net/url reads %q as %s %s %s; we read %s %s %s", in, s, back.Scheme, back.Host, back.EscapedPath(), u.Scheme, u.Host, u.Path)
	}
	if _, err := http.NewRequest(http.MethodGet, s+"/api/user/info", nil); err != nil {
		t.Errorf("%q accepted, but net/http refuses it: %v", in, err)
	}
}

// ipv6Vector is one line of testdata/ipv6_node.txt: the text between the
// brackets of "http://[...]/" and the host Node's new URL() made of it,
// without brackets, or "!" when it threw.
type ipv6Vector struct{ in, host string }

// ipv6Vectors reads testdata/ipv6_node.txt.
func ipv6Vectors(tb testing.TB) []ipv6Vector {
	tb.Helper()
	f, err := os.Open("testdata/ipv6_node.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var vs []ipv6Vector
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		in, host, ok := strings.Cut(line, "\t")
		var v ipv6Vector
		if !ok || json.Unmarshal([]byte(in), &v.in) != nil || json.Unmarshal([]byte(host), &v.host) != nil {
			tb.Fatalf("testdata/ipv6_node.txt:%d: not two JSON strings with a tab between: %q", n, line)
		}
		vs = append(vs, v)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(vs) == 0 {
		tb.Fatal("testdata/ipv6_node.txt holds no vectors")
	}
	return vs
}
