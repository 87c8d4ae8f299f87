package credentials

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// fastParse must give yaml.v3's tree node for node whenever it answers,
// and must answer for the files the Node CLI and aigne write.
func checkFastParse(t *testing.T, data []byte) (answered bool) {
	t.Helper()
	fast, ok := fastParse(data)
	if !ok {
		return false
	}
	var root yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(data)).Decode(&root); err != nil {
		t.Fatalf("fastParse read %q, which yaml.v3 refuses: %v", data, err)
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
		t.Fatalf("yaml.v3 tree of %q: %+v", data, root)
	}
	if got, want := fast.tree(), root.Content[0]; !reflect.DeepEqual(got, want) {
		t.Fatalf("fastParse(%q):\n%s\nyaml.v3:\n%s", data, dump(got), dump(want))
	}
	checkFlatReadsAsTree(t, data, fast, root.Content[0])
	return true
}

// checkFlatReadsAsTree: a Doc read by the fast path answers every read
// (the check, Entries, ActiveURL, Key, has) as a Doc over yaml.v3's tree
// of the same file, and is still that tree once changed.
func checkFlatReadsAsTree(t *testing.T, data []byte, fast *flatDoc, top *yaml.Node) {
	t.Helper()
	flatErr, treeErr := fast.check("f.yaml"), checkTree("f.yaml", top)
	if !reflect.DeepEqual(flatErr, treeErr) {
		t.Fatalf("%q: the fast path's check says %v, the tree's %v", data, flatErr, treeErr)
	}
	flat, tree := &Doc{flat: fast}, &Doc{top: top}
	if got, want := flat.Entries(), tree.Entries(); !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: Entries %+v from the fast path, %+v from the tree", data, got, want)
	}
	if got, want := flat.ActiveURL(), tree.ActiveURL(); got != want {
		t.Fatalf("%q: ActiveURL %q from the fast path, %q from the tree", data, got, want)
	}
	hosts := []string{ActiveKey, "absent.example"}
	for i := 0; i < len(top.Content); i += 2 {
		hosts = append(hosts, top.Content[i].Value)
	}
	for _, h := range hosts {
		gk, gok := flat.Key(h)
		wk, wok := tree.Key(h)
		if gk != wk || gok != wok {
			t.Fatalf("%q: Key(%q) %q %v from the fast path, %q %v from the tree", data, h, gk, gok, wk, wok)
		}
		if got, want := flat.has(h), tree.has(h); got != want {
			t.Fatalf("%q: has(%q) %v from the fast path, %v from the tree", data, h, got, want)
		}
	}
	if flat.flat == nil {
		t.Fatalf("%q: a read built the tree", data)
	}
	flat.SetActiveURL("https://x.example/ai-kit")
	tree.SetActiveURL("https://x.example/ai-kit")
	if !reflect.DeepEqual(flat.top, tree.top) {
		t.Fatalf("%q: changed from the fast path:\n%s\nfrom the tree:\n%s", data, dump(flat.top), dump(tree.top))
	}
}

func dump(n *yaml.Node) string {
	var b bytes.Buffer
	var walk func(n *yaml.Node, depth int)
	walk = func(n *yaml.Node, depth int) {
		fmt.Fprintf(&b, "%*s%v %q %q style=%v at %d:%d\n", 2*depth, "", n.Kind, n.Tag, n.Value, n.Style, n.Line, n.Column)
		for _, c := range n.Content {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return b.String()
}

func TestFastParseReadsWhatWeWrite(t *testing.T) {
	for _, data := range []string{
		nodeFileSimple,
		"hub.aigne.io:\n  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit\n",
		"example.com:8443:\n  AIGNE_HUB_API_URL: https://example.com:8443/ai-kit\n  AIGNE_HUB_API_KEY: aigne_3f9a.b-C+=~\ndefault:\n  AIGNE_HUB_API_URL: https://example.com:8443/ai-kit\n",
		// A key written twice (refused), fields written twice, few and many.
		"a.example:\n  AIGNE_HUB_API_URL: https://a.example\nb.example:\n  AIGNE_HUB_API_URL: https://b.example\na.example:\n  AIGNE_HUB_API_URL: https://a.example\n",
		"a.example:\n  AIGNE_HUB_API_URL: https://a.example\n  AIGNE_HUB_API_KEY: k1\n  AIGNE_HUB_API_URL: https://b.example\n",
		"a.example:\n  A: x\n  B: x\n  C: x\n  D: x\n  E: x\n  F: x\n  B: x\n  G: x\n  A: x\n",
		"a.example:\n  A: x\n  B: x\n  C: x\n  D: x\n  E: x\n  F: x\n  B: x\n  G: x\n  H: x\n  A: x\n  AIGNE_HUB_API_KEY: true_x\n",
		"a.example:\n  AIGNE_HUB_API_KEY: f1\ndefault:\n  X_Y: a:b\n  AIGNE_HUB_API_URL: t.x\n",
	} {
		if !checkFastParse(t, []byte(data)) {
			t.Errorf("the fast path refused %q", data)
		}
	}
	// What it leaves to yaml.v3 (each would be read differently, or is
	// not the plain layout).
	for _, data := range []string{
		"", "a.example:\n", "a.example:\n  K_EY: 12345\n", "a.example:\n  K_EY: true\n", "a.example:\n  K_EY: 'q'\n", "a.example:\n  K_EY: yes\n", "a.example:\n  K_EY: Off\n", "a.example:\n  K_EY: NULL\n", "y:\n  K_EY: v\n",
		"a.example:\n  K_EY: x # c\n", "# c\na.example:\n  K_EY: v.x\n", "a.example:\n\n  K_EY: v.x\n", "a.example:\n    K_EY: v.x\n",
		"a.example:\n  K_EY: v.x", "127.0.0.1:\n  K_EY: v.x\n", "true:\n  K_EY: v.x\n", "a.example: v.x\n", "a.example:\n  K_EY: v.x:\n",
		"a.example:\n  K_EY: null\n", "a.example:\n  K_EY: v.x\r\n", "a.example:\n\tK_EY: v.x\n", "a.example:\n  K_EY: v x.y\n",
	} {
		if checkFastParse(t, []byte(data)) {
			t.Errorf("the fast path read %q", data)
		}
	}
}

const nodeFileSimple = `hub.aigne.io:
  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit
  AIGNE_HUB_API_KEY: aigne_key_1
example.com:8443:
  AIGNE_HUB_API_URL: https://example.com:8443/ai-kit
  AIGNE_HUB_API_KEY: aigne_key_2
default:
  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit
`

func FuzzFastParse(f *testing.F) {
	for _, s := range []string{nodeFileSimple, "a.b:\n  C_D: e.f\n", "default:\n  X_Y: a:b\n", "a.b:\n  C_D: e:\n", "a.b:\n  C_D: e: f\n", "yes_.x:\n  y.n: on_\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkFastParse(t, data)
		// And Parse as a whole reads every file the same either way.
		doc, err := Parse("f.yaml", data)
		if err != nil {
			return
		}
		if _, ok := fastParse(data); ok {
			if _, err := doc.Bytes(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

// Random files from pieces that YAML gives meanings to: whatever the fast
// path reads, it reads as yaml.v3 does.
func TestFastParseAgainstYAMLOnTrickyPieces(t *testing.T) {
	safe := []string{"a", "Z", "y", "n", "yes", "No", "on", "OFF", "true", "False", "null", "NULL", "~", "0", "1", "1e3", "0x1F", "0o7",
		".inf", ".NaN", "2001-12-14", "12:30:45", "=", "+", "-", ".", "_", ":", "/", "::", "a:b", "x.y", "https://h/p", "default", "Infinity"}
	odd := []string{"<<", "%", "@", "!", "&", "*", "#", " ", "'", "\"", "\\", "é", "\t", "[", "{", ",", "|", ">", "?", "`"}
	rng := newRand(7)
	first := []string{"a", "Z", "y", "n", "yes", "No", "on", "OFF", "true", "False", "null", "NULL", "default", "Infinity", "x.y", "a:b", "https://h/p", "e1", "Y", "N", "nO", "oN", "tRUE", "Null", "nan", "inf", "NaN", "yEs"}
	word := func() string {
		var b bytes.Buffer
		if rng.IntN(5) > 0 {
			b.WriteString(first[rng.IntN(len(first))])
		}
		for n := rng.IntN(3); n > 0; n-- {
			if rng.IntN(20) == 0 {
				b.WriteString(odd[rng.IntN(len(odd))])
			} else {
				b.WriteString(safe[rng.IntN(len(safe))])
			}
		}
		return b.String()
	}
	answered := 0
	rounds := 200000
	if testing.Short() {
		rounds = 20000
	}
	for range rounds {
		var b bytes.Buffer
		for k := 1 + rng.IntN(3); k > 0; k-- {
			b.WriteString(word() + ":\n")
			for f := 1 + rng.IntN(3); f > 0; f-- {
				b.WriteString("  " + word() + ": " + word() + "\n")
			}
		}
		if checkFastParse(t, b.Bytes()) {
			answered++
		}
	}
	if answered < 300 {
		t.Fatalf("only %d of the random files took the fast path: the test says little", answered)
	}
	t.Logf("%d of %d random files took the fast path", answered, rounds)
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed)) }

// TestPlainBytes holds plainString's table to the characters it stands
// for: letters, digits and "+-./=_~", and a colon with no space after it.
func TestPlainBytes(t *testing.T) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		want := 'a' <= b|0x20 && b|0x20 <= 'z' || '0' <= b && b <= '9' || strings.IndexByte("+-./=_~:", b) >= 0
		s := "a" + string([]byte{b}) + "a"
		if got := plainString(s); got != want {
			t.Errorf("plainString(%q) = %v, want %v", s, got, want)
		}
	}
}
