package credentials

import (
	"reflect"
	"strings"
	"testing"
)

// macSampleDump is `security dump-keychain` output in the shape the tool
// prints it (print_keychain_item_attributes and print_buffer in Apple's
// SecurityTool): a login keychain holding the service's items among others
// (another service, a service that only starts like ours, one whose name
// ends in a NUL byte, an internet password, a certificate, a key), accounts
// that need the hex form, attributes that are not set, an item cut short,
// and the System keychain repeating an account. Lines printed in pure hex
// end in a space, as the tool leaves them.
const macSampleDump = `keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="Chrome Safe Storage"
    0x00000008 <blob>=<NULL>
    "acct"<blob>="Chrome"
    "cdat"<timedate>=0x32303235303631313038343531325A00  "20250611084512Z\000"
    "crtr"<uint32>="aapl"
    "cusi"<sint32>=<NULL>
    "desc"<blob>=<NULL>
    "gena"<blob>=<NULL>
    "icmt"<blob>=<NULL>
    "invi"<sint32>=<NULL>
    "mdat"<timedate>=0x32303235303631313038343531325A00  "20250611084512Z\000"
    "nega"<sint32>=<NULL>
    "prot"<blob>=<NULL>
    "scrp"<sint32>=<NULL>
    "svce"<blob>="Chrome Safe Storage"
    "type"<uint32>=<NULL>
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key"
    0x00000008 <blob>=<NULL>
    "acct"<blob>="hub.aigne.io"
    "cdat"<timedate>=0x32303236303130323033303430355A00  "20260102030405Z\000"
    "crtr"<uint32>=<NULL>
    "cusi"<sint32>=<NULL>
    "desc"<blob>=<NULL>
    "gena"<blob>=<NULL>
    "icmt"<blob>=<NULL>
    "invi"<sint32>=<NULL>
    "mdat"<timedate>=0x32303236303130323033303430355A00  "20260102030405Z\000"
    "nega"<sint32>=<NULL>
    "prot"<blob>=<NULL>
    "scrp"<sint32>=<NULL>
    "svce"<blob>="aigne-hub-api-key"
    "type"<uint32>=<NULL>
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "inet"
attributes:
    0x00000007 <blob>="github.com"
    0x00000008 <blob>=<NULL>
    "acct"<blob>="alice"
    "atyp"<blob>="dflt"
    "cdat"<timedate>=0x32303235303631313038343531325A00  "20250611084512Z\000"
    "crtr"<uint32>=<NULL>
    "cusi"<sint32>=<NULL>
    "desc"<blob>=<NULL>
    "icmt"<blob>=<NULL>
    "invi"<sint32>=<NULL>
    "mdat"<timedate>=0x32303235303631313038343531325A00  "20250611084512Z\000"
    "nega"<sint32>=<NULL>
    "path"<blob>=<NULL>
    "port"<uint32>=0x00000000 
    "prot"<blob>=<NULL>
    "ptcl"<uint32>="htps"
    "scrp"<sint32>=<NULL>
    "sdmn"<blob>=<NULL>
    "srvr"<blob>="github.com"
    "type"<uint32>=<NULL>
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key"
    0x00000008 <blob>=<NULL>
    "acct"<blob>="default"
    "cdat"<timedate>=0x32303236303130323033303430355A00  "20260102030405Z\000"
    "crtr"<uint32>=<NULL>
    "desc"<blob>=<NULL>
    "gena"<blob>=<NULL>
    "mdat"<timedate>=0x32303236303130323033303430355A00  "20260102030405Z\000"
    "svce"<blob>="aigne-hub-api-key"
    "type"<uint32>=<NULL>
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: 0x80001000 
attributes:
    "alis"<blob>="alice@example.com"
    "cenc"<uint32>=0x00000003 
    "ctyp"<uint32>=0x00000001 
    "hpky"<blob>=0x3E8A1F0B5D2C7A9E4F61B1C2D3E4F5061728394A  ">\212\037\013],z\236Oa\261\302\323\344\365\006\027(9J"
    "issu"<blob>=0x3081A1310B3009060355040613025553  "0\201\2411\0130\011\006\003U\004\006\023\002US"
    "labl"<blob>="Apple Development: Alice Example (AB12CD34EF)"
    "skid"<blob>=0x3E8A1F0B5D2C7A9E4F61B1C2D3E4F5061728394A  ">\212\037\013],z\236Oa\261\302\323\344\365\006\027(9J"
    "snbr"<blob>=0x5E1D0C3B2A19F8E7  "^\035\014;*\031\370\347"
    "subj"<blob>=0x3081A1311A301806  "0\201\2411\0320\030\006"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: 0x00000010 
attributes:
    0x00000000 <uint32>=0x00000010 
    0x00000001 <blob>="Apple Development: Alice Example (AB12CD34EF)"
    0x00000002 <blob>=<NULL>
    0x00000003 <uint32>=0x00000001 
    0x00000004 <uint32>=0x00000000 
    0x00000005 <uint32>=0x00000000 
    0x00000006 <blob>=0x3E8A1F0B5D2C7A9E4F61B1C2D3E4F5061728394A  ">\212\037\013],z\236Oa\261\302\323\344\365\006\027(9J"
    0x00000007 <blob>=<NULL>
    0x00000008 <blob>=0x7B38373139316361322D306663392D313164342D383439612D3030303530326235323132327D00  "{87191ca2-0fc9-11d4-849a-000502b52122}\000"
    0x00000009 <uint32>=0x0000002A  "\000\000\000*"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key"
    0x00000008 <blob>=<NULL>
    "acct"<blob>="[::1]:8080"
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key-dev"
    "acct"<blob>="staging.example.com"
    "svce"<blob>="aigne-hub-api-key-dev"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key"
    "acct"<blob>="c-string.example.com"
    "svce"<blob>=0x6169676E652D6875622D6170692D6B657900  "aigne-hub-api-key\000"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key"
    "acct"<blob>=0x62C3BC636865722E6578616D706C65  "b\303\274cher.example"
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    "acct"<blob>=0x615C62  "a\134b"
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    "acct"<blob>="quo"ted"
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    "acct"<blob>=<NULL>
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    "acct"<blob>=
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    "svce"<blob>="aigne-hub-api-key"
    "acct"<blob>="example.com:8443"
keychain: "/Library/Keychains/System.keychain"
version: 256
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key"
    "acct"<blob>="hub.aigne.io"
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Library/Keychains/System.keychain"
version: 256
class: "genp"
attributes:
    0x00000007 <blob>="com.apple.wifi.password"
    "acct"<blob>="HomeNet"
    "svce"<blob>="AirPort"
`

func TestMacParseDump(t *testing.T) {
	if !strings.Contains(macSampleDump, "class: 0x80001000 \n") {
		t.Fatal("the sample lost the trailing space of its hex lines")
	}
	got := macParseDump([]byte(macSampleDump), KeychainService)
	want := []string{"hub.aigne.io", "default", "[::1]:8080", "bücher.example", `a\b`, `quo"ted`, "example.com:8443"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("accounts:\n got %q\nwant %q", got, want)
	}
}

func TestMacParseDumpOtherService(t *testing.T) {
	got := macParseDump([]byte(macSampleDump), "aigne-hub-api-key-dev")
	if want := []string{"staging.example.com"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestMacParseDumpEmptyAndCRLF(t *testing.T) {
	if got := macParseDump(nil, KeychainService); len(got) != 0 {
		t.Fatalf("empty dump: %q", got)
	}
	crlf := strings.ReplaceAll(macSampleDump, "\n", "\r\n")
	if got := macParseDump([]byte(crlf), KeychainService); len(got) != 7 {
		t.Fatalf("CRLF dump: %q", got)
	}
}

func TestMacDecodeBuffer(t *testing.T) {
	cases := []struct {
		in     string
		want   string
		isNull bool
		bad    bool
	}{
		{in: `"hub.aigne.io"`, want: "hub.aigne.io"},
		{in: `"{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit","AIGNE_HUB_API_KEY":"k"}"`, want: `{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit","AIGNE_HUB_API_KEY":"k"}`},
		{in: `"c0ffee"`, want: "c0ffee"}, // printable: never read as hex
		{in: `0x0A0B `, want: "\n\v"},
		{in: `0x0A0B`, want: "\n\v"},
		{in: `0x615C62  "a\134b"`, want: `a\b`},
		{in: `0x62C3BC636865722E6578616D706C65  "b\303\274cher.example"`, want: "bücher.example"},
		{in: ``, want: ""},
		{in: `<NULL>`, isNull: true},
		{in: `"<NULL>"`, want: "<NULL>"},
		{in: `0xZZ `, bad: true},
		{in: `0x0A0 `, bad: true},
		{in: `plain`, bad: true},
		{in: `"a\134b"`, bad: true},
	}
	for _, c := range cases {
		got, isNull, err := macDecodeBuffer(c.in)
		if c.bad {
			if err == nil {
				t.Errorf("%q: no error", c.in)
			}
			continue
		}
		if err != nil || isNull != c.isNull || string(got) != c.want {
			t.Errorf("%q: got %q null=%v err=%v, want %q null=%v", c.in, got, isNull, err, c.want, c.isNull)
		}
	}
}
