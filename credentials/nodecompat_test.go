package credentials

import (
	"testing"
)

// Unquoted scalars are read as the Node CLI reads them (yaml 2, YAML 1.2's
// core schema) and turned into strings as JavaScript's String() does. The
// expectations were printed by Node with the yaml package @aigne/cli
// 1.59.0 ships.
func TestScalarsAsTheNodeCLIReadsThem(t *testing.T) {
	for in, want := range map[string]string{
		"012": "12", "1_000": "1_000", "0b11": "0b11", "12345678901234567890": "12345678901234567000",
		"0x1F": "31", "0o17": "15", "1e3": "1000", ".5": "0.5", "+12": "12", ".inf": "Infinity", "-.Inf": "-Infinity",
		".NaN": "NaN", "True": "true", "FALSE": "false", "yes": "yes", "1.50": "1.5", "-0": "0", "007": "7", "1.": "1",
		"0x": "0x", "12:30": "12:30", "2001-12-14": "2001-12-14", "'012'": "012", `"True"`: "True", "aigne_k3y": "aigne_k3y",
	} {
		doc, err := Parse("f.yaml", []byte("a.example:\n  AIGNE_HUB_API_URL: https://a.example/x\n  AIGNE_HUB_API_KEY: "+in+"\n"))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got, _ := doc.Key("a.example"); got != want {
			t.Errorf("%s: %q, want %q", in, got, want)
		}
	}
}

func TestEncodeEntryIsJSONStringify(t *testing.T) {
	for e, want := range map[Entry]string{
		{APIURL: "https://h/x", Key: "k"}: `{"AIGNE_HUB_API_URL":"https://h/x","AIGNE_HUB_API_KEY":"k"}`,
		{APIURL: "https://h/x"}:           `{"AIGNE_HUB_API_URL":"https://h/x"}`,
		{}:                                `{}`,
		{APIURL: "u", Key: "\x00\x1f\n\t\"\\</script>\u2028é"}: `{"AIGNE_HUB_API_URL":"u","AIGNE_HUB_API_KEY":"\u0000\u001f\n\t\"\\</script>` + "\u2028é" + `"}`,
	} {
		if got := encodeEntry(e); got != want {
			t.Errorf("encodeEntry(%+v) = %s, want %s", e, got, want)
		}
		if back := decodeEntry(want); back != e {
			t.Errorf("decodeEntry(%s) = %+v", want, back)
		}
	}
	for v, want := range map[string]Entry{
		`{"AIGNE_HUB_API_URL":"u","AIGNE_HUB_API_KEY":12345}`: {APIURL: "u", Key: "12345"},
		`{"AIGNE_HUB_API_URL":"u","AIGNE_HUB_API_KEY":1.5e3}`: {APIURL: "u", Key: "1500"},
		`not json`: {},
		`[1,2]`:    {},
	} {
		if got := decodeEntry(v); got != want {
			t.Errorf("decodeEntry(%s) = %+v, want %+v", v, got, want)
		}
	}
}
