package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient/hubtest"
)

// The JSON documents keep their shape and exit code whichever place the
// hub and the key came from, hub states are reports, and a key that
// AIGNE_HUB_API_KEY gave is spoken of as the variable's.

// keySource is one way of giving a command its hub and key.
type keySource struct {
	name  string
	store any // info's credential_store: "file", "keyring" or nil
	// setup saves what this source needs of hub, key being a valid key.
	setup func(t *testing.T, hub *hubtest.Hub, key string) *harness
}

// hubEntry is the hub list entry of hub, with key when key is not "".
func hubEntry(hub *hubtest.Hub, key string, active bool) string {
	s := hub.Host() + ":\n  AIGNE_HUB_API_URL: " + hub.APIURL() + "\n"
	if key != "" {
		s += "  AIGNE_HUB_API_KEY: " + key + "\n"
	}
	if active {
		s += "default:\n  AIGNE_HUB_API_URL: " + hub.APIURL() + "\n"
	}
	return s
}

var keySources = []keySource{
	{name: SourceSaved + " (file)", store: "file", setup: func(t *testing.T, hub *hubtest.Hub, key string) *harness {
		return newHarness(t, hubEntry(hub, key, true))
	}},
	{name: SourceSaved + " (keyring)", store: "keyring", setup: func(t *testing.T, hub *hubtest.Hub, key string) *harness {
		h := newHarness(t, "")
		if code, _, errOut := h.run(key+"\n", "hub", "connect", "--with-token", "--store=keyring", hub.URL); code != 0 {
			t.Fatal(errOut)
		}
		return h
	}},
	// The variable names the hub; its key is the saved one. Nothing is
	// active.
	{name: EnvAPIURL, store: "file", setup: func(t *testing.T, hub *hubtest.Hub, key string) *harness {
		h := newHarness(t, hubEntry(hub, key, false))
		h.env[EnvAPIURL] = hub.URL + "/some/page"
		return h
	}},
	// The key goes with the active hub, saved without one.
	{name: EnvAPIKey, store: nil, setup: func(t *testing.T, hub *hubtest.Hub, key string) *harness {
		h := newHarness(t, hubEntry(hub, "", true))
		h.env[EnvAPIKey] = key
		return h
	}},
	// Both variables win over a saved key that no longer works.
	{name: EnvAPIURL + "+" + EnvAPIKey, store: nil, setup: func(t *testing.T, hub *hubtest.Hub, key string) *harness {
		stale := hub.IssueKey()
		hub.RevokeKey(stale)
		h := newHarness(t, hubEntry(hub, stale, false))
		h.env[EnvAPIURL], h.env[EnvAPIKey] = hub.URL, key
		return h
	}},
}

// jsonFields is the set of field paths of a JSON document ("user.name",
// "hubs[].url"), its shape whatever its values.
func jsonFields(t *testing.T, doc string) []string {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("not one JSON document: %v\n%s", err, doc)
	}
	set := map[string]bool{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, e := range v {
				set[prefix+k] = true
				walk(prefix+k+".", e)
			}
		case []any:
			for _, e := range v {
				walk(strings.TrimSuffix(prefix, ".")+"[].", e)
			}
		}
	}
	walk("", v)
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// contractRun is one command's answer under one source: its exit code,
// the fields of its document (stdout, or the error document on stderr)
// and the document itself.
type contractRun struct {
	code   int
	fields []string
	doc    map[string]any
}

// TestJSONSameWhateverTheSource runs each command that reports a hub with
// the hub and key from each place, with the hub well, rejecting the key
// and gone: every source gives the same fields and the same exit code,
// and the text form exits as the JSON form does.
func TestJSONSameWhateverTheSource(t *testing.T) {
	commands := [][]string{
		{"hub", "status"}, {"hub", "info"}, {"hub", "token"}, {"hub", "env", "--shell", "sh"},
		{"hub", "list"}, {"hub", "list", "--check"}, {"hub", "use", "HUB"}, {"hub", "connect", "--with-token", "HUB"},
	}
	states := []struct {
		name  string
		apply func(hub *hubtest.Hub, key string)
		codes map[string]int // by command; 0 when not named
	}{
		{"online", func(*hubtest.Hub, string) {}, map[string]int{}},
		{"rejected", func(hub *hubtest.Hub, key string) { hub.RevokeKey(key) },
			map[string]int{"hub status": ExitAuth, "hub info": ExitAuth, "hub connect": ExitAuth}},
		{"offline", func(hub *hubtest.Hub, _ string) { hub.Close() },
			map[string]int{"hub status": ExitUnreachable, "hub info": ExitUnreachable, "hub connect": ExitUnreachable}},
	}
	for _, state := range states {
		for _, cmd := range commands {
			name := strings.Join(cmd[:2], " ")
			if state.name == "offline" && cmd[1] == "env" {
				// env must print the API URL, which only the hub gives
				// for a hub that a variable names: it fails then (the
				// saved hub's is at hand).
				continue
			}
			if cmd[1] == "list" && len(cmd) > 2 {
				// list --check checks the saved hubs with their saved
				// keys, as the variables do not choose a hub for it.
				continue
			}
			t.Run(state.name+"/"+strings.Join(cmd[1:], "_"), func(t *testing.T) {
				var first *contractRun
				firstName := ""
				for _, src := range keySources {
					hub := hubtest.NewT(t)
					key := hub.IssueKey()
					h := src.setup(t, hub, key)
					state.apply(hub, key)
					args := slices.Clone(cmd)
					for i, a := range args {
						if a == "HUB" {
							args[i] = hub.URL
						}
					}
					code, out, errOut := h.run(key+"\n", append([]string{"-o", "json"}, args...)...)
					doc := out
					if code != 0 {
						if out != "" && cmd[1] != "status" {
							t.Errorf("%s: exit %d with a document on stdout: %s", src.name, code, out)
						}
						if out == "" {
							doc = errOut
						}
					}
					r := &contractRun{code: code, fields: jsonFields(t, doc)}
					_ = json.Unmarshal([]byte(doc), &r.doc)
					if want := state.codes[name]; code != want {
						t.Errorf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", src.name, code, want, out, errOut)
					}
					if tcode, tout, terr := h.run(key+"\n", args...); tcode != code {
						t.Errorf("%s: text exits %d, JSON %d\n%s%s", src.name, tcode, code, tout, terr)
					}
					// The documents that carry a source name this one.
					if s, ok := r.doc["source"]; ok && s != strings.TrimSuffix(strings.TrimSuffix(src.name, " (file)"), " (keyring)") {
						t.Errorf("%s: source %v", src.name, s)
					}
					if name == "hub info" && code == 0 && r.doc["credential_store"] != src.store {
						t.Errorf("%s: credential_store %v, want %v", src.name, r.doc["credential_store"], src.store)
					}
					if first == nil {
						first, firstName = r, src.name
						continue
					}
					if r.code != first.code || !slices.Equal(r.fields, first.fields) {
						t.Errorf("%s: exit %d, fields %v\n%s: exit %d, fields %v", src.name, r.code, r.fields, firstName, first.code, first.fields)
					}
				}
			})
		}
	}
}

// TestStatusWithoutKeyIsAReport: a saved hub without a key is
// unauthorized, a state of the hub: status reports it on stdout, as text
// and JSON, with exit 4. A keychain that cannot be read is no state of
// the hub: the error document, exit 1.
func TestStatusWithoutKeyIsAReport(t *testing.T) {
	hub := hubtest.NewT(t)
	h := newHarness(t, hubEntry(hub, "", true))
	code, out, errOut := h.run("", "-o", "json", "hub", "status")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != ExitAuth || errOut != "" {
		t.Fatalf("exit %d, want 4 and the report\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	reason, _ := doc["error"].(string)
	if doc["status"] != "unauthorized" || doc["url"] != hub.URL || doc["api_url"] != hub.APIURL() ||
		doc["source"] != SourceSaved || !strings.Contains(reason, "no API key saved for "+hub.URL) {
		t.Errorf("%s", out)
	}
	code, out, errOut = h.run("", "hub", "status")
	if code != ExitAuth || out != "Active hub: "+hub.URL+" - unauthorized\n" || !strings.Contains(errOut, "aigne hub connect") || strings.Contains(errOut, "Error") {
		t.Errorf("text: exit %d\nstdout: %q\nstderr: %q", code, out, errOut)
	}
	h.env["LANG"] = "zh_CN.UTF-8"
	if code, out, _ = h.run("", "hub", "status"); code != ExitAuth || out != "活动 Hub："+hub.URL+" - 未授权\n" {
		t.Errorf("zh: exit %d %q", code, out)
	}
	delete(h.env, "LANG")

	// A hub named by AIGNE_HUB_API_URL, saved nowhere: the same report.
	other := hubtest.NewT(t)
	h.env[EnvAPIURL] = other.URL
	code, out, _ = h.run("", "-o", "json", "hub", "status")
	doc = nil
	if err := json.Unmarshal([]byte(out), &doc); err != nil || code != ExitAuth || doc["status"] != "unauthorized" || doc["source"] != EnvAPIURL || doc["api_url"] != nil {
		t.Errorf("variable: exit %d %s", code, out)
	}
	delete(h.env, EnvAPIURL)

	// The key is in a keychain that is locked: a failure.
	h.keys.Err = lockedKeychain()
	code, out, errOut = h.run("", "-o", "json", "hub", "status")
	if code != ExitFailure || out != "" || !strings.Contains(errOut, `"code": 1`) || !strings.Contains(errOut, "locked") {
		t.Errorf("locked keychain: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
}

// TestTokenJSONWithKeyVariableOnly: the key alone needs no hub, so token
// -o json succeeds where token does, even when the hub the key goes with
// cannot be asked for its API URL.
func TestTokenJSONWithKeyVariableOnly(t *testing.T) {
	for _, file := range []string{"", "hub.example.com:\n  AIGNE_HUB_API_URL: https://hub.example.com/ai-kit\n  AIGNE_HUB_API_KEY: saved\n"} {
		h := newHarness(t, file)
		h.env[EnvAPIKey] = "from-env"
		run := func(args ...string) (int, string, string) {
			io, _, _ := TestStreams("")
			app := &App{IO: io, Getenv: func(k string) string { return h.env[k] }, Path: h.path,
				Keychain: &credentials.Keychain{Backend: h.keys}, Prompter: failingPrompter{t},
				// No network in tests: every request fails, as it would
				// on a machine offline.
				HTTPClient: &http.Client{Transport: roundTrip(func(*http.Request) (*http.Response, error) {
					return nil, errors.New("offline")
				})}}
			return runMain(app, args...)
		}
		code, out, errOut := run("hub", "token")
		if code != 0 || out != "from-env\n" {
			t.Fatalf("text: %d %q %q", code, out, errOut)
		}
		code, out, errOut = run("-o", "json", "hub", "token")
		var doc map[string]any
		if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 0 {
			t.Fatalf("file %q: exit %d, text 0\nstdout: %s\nstderr: %s", file, code, out, errOut)
		}
		want := map[string]any{"url": "https://hub.aigne.io", "api_url": nil, "key": "from-env", "source": EnvAPIKey}
		if fmt.Sprint(doc) != fmt.Sprint(want) {
			t.Errorf("file %q: %v, want %v", file, doc, want)
		}
	}
}

type roundTrip func(*http.Request) (*http.Response, error)

func (f roundTrip) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// lockedKeychain is the error of a keychain that stays locked.
func lockedKeychain() error {
	return &credentials.UnavailableError{Reason: credentials.ReasonLocked, Err: errors.New("locked")}
}

// TestEnvKeyRejectedNamesTheVariable: logging in again cannot help when
// the key the hub rejects is AIGNE_HUB_API_KEY's; the advice names the
// variable, in both languages. A saved key keeps the login advice.
func TestEnvKeyRejectedNamesTheVariable(t *testing.T) {
	hub := hubtest.NewT(t)
	saved, revoked := hub.IssueKey(), hub.IssueKey()
	hub.RevokeKey(revoked)
	h := newHarness(t, hubEntry(hub, saved, true))
	h.env[EnvAPIKey] = revoked
	for _, c := range []struct{ lang, hint, err string }{
		{"", "The key in AIGNE_HUB_API_KEY was rejected; set it to a valid key, or unset it.\n",
			hub.URL + " rejected the key in AIGNE_HUB_API_KEY; set it to a valid key, or unset it"},
		{"zh_CN.UTF-8", "AIGNE_HUB_API_KEY 中的密钥被拒绝；请将其设为有效的密钥，或取消设置该变量。\n",
			hub.URL + " 拒绝了 AIGNE_HUB_API_KEY 中的密钥；请将其设为有效的密钥，或取消设置该变量"},
	} {
		h.env["LANG"] = c.lang
		code, out, errOut := h.run("", "hub", "status")
		if code != ExitAuth || errOut != c.hint || strings.Contains(out+errOut, "connect") {
			t.Errorf("%q status: exit %d\nstdout: %q\nstderr: %q", c.lang, code, out, errOut)
		}
		code, out, errOut = h.run("", "hub", "info")
		if code != ExitAuth || out != "" || !strings.Contains(errOut, c.err) || strings.Contains(errOut, "connect") {
			t.Errorf("%q info: exit %d\nstdout: %q\nstderr: %q", c.lang, code, out, errOut)
		}
		code, _, errOut = h.run("", "-o", "json", "hub", "info")
		if code != ExitAuth || !strings.Contains(errOut, `"message": "`+c.err+`"`) {
			t.Errorf("%q info -o json: exit %d %s", c.lang, code, errOut)
		}
	}
	// The saved key, rejected: log in again.
	delete(h.env, EnvAPIKey)
	delete(h.env, "LANG")
	hub.RevokeKey(saved)
	if code, _, errOut := h.run("", "hub", "status"); code != ExitAuth || !strings.Contains(errOut, "aigne hub connect --force "+hub.URL) {
		t.Errorf("saved key: exit %d %q", code, errOut)
	}
	if code, _, errOut := h.run("", "hub", "info"); code != ExitAuth || !strings.Contains(errOut, "aigne hub connect --force "+hub.URL) {
		t.Errorf("saved key, info: exit %d %q", code, errOut)
	}
}

// TestInfoScreen compares the whole info screen, in both languages, for a
// key in the file, in the keychain and in the environment: the reference
// block, with a line that says where the key is, every label ending in
// an ASCII colon and every value in one column.
func TestInfoScreen(t *testing.T) {
	hub := hubtest.NewT(t, hubtest.WithCredit("985000", "1000000"))
	key := hub.IssueKey()
	u := hub.URL
	const rule = "──────────────────────────────────────────────\n"
	en := func(keyLine, env string) string {
		return "AIGNE Hub Connection\n" + rule +
			"Hub:        " + u + "\n" +
			"Status:     Connected ✅\n" +
			"Key:        " + keyLine + "\n" + env +
			"\n" +
			"User:\n" +
			"  Name:     John Doe\n" +
			"  DID:      z2qaFakeUserDidForTestsOnlyp9Y\n" +
			"  Email:    john.doe@example.com\n" +
			"\n" +
			"Credits:\n" +
			"  Used:     15,000\n" +
			"  Total:    1,000,000\n" +
			"  Available: 985,000\n" +
			"\n" +
			"Links:\n" +
			"  Payment:  " + u + "/billing\n" +
			"  Profile:  " + u + "/profile\n"
	}
	zh := func(keyLine, env string) string {
		return "AIGNE Hub 连接\n" + rule +
			"Hub:        " + u + "\n" +
			"状态:       已连接 ✅\n" +
			"密钥:       " + keyLine + "\n" + env +
			"\n" +
			"用户:\n" +
			"  姓名:     John Doe\n" +
			"  DID:      z2qaFakeUserDidForTestsOnlyp9Y\n" +
			"  邮箱:     john.doe@example.com\n" +
			"\n" +
			"积分:\n" +
			"  已用:     15,000\n" +
			"  总计:     1,000,000\n" +
			"  可用:     985,000\n" +
			"\n" +
			"链接:\n" +
			"  支付:     " + u + "/billing\n" +
			"  个人资料: " + u + "/profile\n"
	}
	cases := []struct {
		name   string
		h      *harness
		store  any
		en, zh string
	}{
		{"file", keySources[0].setup(t, hub, key), "file",
			en("saved in the hub list file", ""), zh("保存在 Hub 列表文件中", "")},
		{"keyring", keySources[1].setup(t, hub, key), "keyring",
			en("saved in the OS keychain", ""), zh("保存在操作系统钥匙串中", "")},
		{"environment", keySources[3].setup(t, hub, key), nil,
			en("from AIGNE_HUB_API_KEY", "(key from AIGNE_HUB_API_KEY)\n"),
			zh("来自 AIGNE_HUB_API_KEY", "（密钥来自 AIGNE_HUB_API_KEY）\n")},
	}
	for _, c := range cases {
		if code, out, errOut := c.h.run("", "hub", "info"); code != 0 || out != c.en {
			t.Errorf("%s, English: exit %d %s\n got:\n%s\nwant:\n%s", c.name, code, errOut, out, c.en)
		}
		c.h.env["LANG"] = "zh_CN.UTF-8"
		if code, out, errOut := c.h.run("", "hub", "info"); code != 0 || out != c.zh {
			t.Errorf("%s, Chinese: exit %d %s\n got:\n%s\nwant:\n%s", c.name, code, errOut, out, c.zh)
		}
		code, out, _ := c.h.run("", "-o", "json", "hub", "info")
		var doc map[string]any
		if err := json.Unmarshal([]byte(out), &doc); err != nil || code != 0 {
			t.Fatalf("%s: exit %d %s", c.name, code, out)
		}
		if v, ok := doc["credential_store"]; !ok || v != c.store {
			t.Errorf("%s: credential_store %v (present: %v), want %v", c.name, v, ok, c.store)
		}
	}
}
