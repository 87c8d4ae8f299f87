package credentials

import (
	"bytes"
	"strings"
)

// macParseDump returns the accounts of the generic-password items of
// service in the output of `security dump-keychain` (without -d), in the
// order printed, each once, empty accounts left out.
//
// The dump is a sequence of items, each opening with a "keychain:" line:
//
//	keychain: "/Users/me/Library/Keychains/login.keychain-db"
//	version: 512
//	class: "genp"
//	attributes:
//	    0x00000007 <blob>="aigne-hub-api-key"
//	    0x00000008 <blob>=<NULL>
//	    "acct"<blob>="hub.aigne.io"
//	    "cdat"<timedate>=0x32303236303130323033303430355A00  "20260102030405Z\000"
//	    ...
//	    "svce"<blob>="aigne-hub-api-key"
//
// The class is a four-byte code printed like any buffer: "genp" for generic
// passwords, "inet" for internet passwords, hex for certificates and keys.
// Attribute names are four-byte codes too, quoted when printable ("acct",
// "svce"), hex when not (0x00000007 is the label). Values use the forms of
// macDecodeBuffer; "acct" comes before "svce", so an item is judged only
// once all its lines are read. The dump covers every keychain of the search
// list, as find-generic-password does, so an account may appear twice.
func macParseDump(out []byte, service string) []string {
	var accounts []string
	seen := map[string]bool{}
	var class string
	var acct, svce []byte
	var haveAcct, haveSvce bool
	flush := func() {
		if class == "genp" && haveAcct && haveSvce && string(svce) == service && len(acct) > 0 && !seen[string(acct)] {
			seen[string(acct)] = true
			accounts = append(accounts, string(acct))
		}
		class, acct, svce, haveAcct, haveSvce = "", nil, nil, false, false
	}
	for _, raw := range bytes.Split(out, []byte("\n")) {
		line := strings.TrimSuffix(string(raw), "\r")
		switch {
		case strings.HasPrefix(line, "keychain: "):
			flush()
		case strings.HasPrefix(line, "class: "):
			if v, isNull, err := macDecodeBuffer(line[len("class: "):]); err == nil && !isNull {
				class = string(v)
			}
		case strings.HasPrefix(line, " "):
			name, value, ok := macAttribute(strings.TrimLeft(line, " "))
			if !ok || (name != "acct" && name != "svce") {
				continue
			}
			v, isNull, err := macDecodeBuffer(value)
			if err != nil || isNull {
				continue
			}
			if name == "acct" {
				acct, haveAcct = v, true
			} else {
				svce, haveSvce = v, true
			}
		}
	}
	flush()
	return accounts
}

// macAttribute splits one attribute line, leading spaces removed, into its
// name (when printed quoted, as "acct" is) and its printed value: the line
// is the name, the format in angle brackets, "=", the value.
func macAttribute(line string) (name, value string, ok bool) {
	if len(line) < 6 || line[0] != '"' || line[5] != '"' {
		return "", "", false // a name printed as hex: not one we read
	}
	name, rest := line[1:5], line[6:]
	if !strings.HasPrefix(rest, "<") {
		return "", "", false
	}
	i := strings.Index(rest, ">=")
	if i < 0 {
		return "", "", false
	}
	return name, rest[i+2:], true
}
