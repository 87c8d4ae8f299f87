package cli

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient/hubtest"
	"github.com/aigne-io/aigne/internal/testenv"
)

// FuzzHostileValues feeds what other programs wrote — a hub file entry, a
// keychain item, the environment, a hub's answers — through every command
// that reads them, and asserts that none panics, each exits with a code
// of the contract, and nothing but what token and env exist to print
// reaches stdout or stderr as a control character or invalid UTF-8.
//
// mode's bits choose: 1 the file written as is rather than quoted, 2 a
// keychain "default" item naming apiURL, 4 AIGNE_HUB_API_URL=apiURL,
// 8 AIGNE_HUB_API_KEY=key, 16 Chinese, 32 the hub reporting itself
// unavailable with reason hubSays, 64 the hub redirecting every request
// to http://hubSays, 128 the hub accepting key.
//
// Every connection, whatever host it is for, goes to one fake hub on a
// loopback socket, so no iteration waits on the network. Run it for a
// while with
//
//	go test ./cli -run '^$' -fuzz '^FuzzHostileValues$' -fuzztime 60s -fuzzminimizetime 50x
func FuzzHostileValues(f *testing.F) {
	hub := hubtest.New()
	f.Cleanup(hub.Close)
	addr := hub.Host()
	dialer := &net.Dialer{Timeout: time.Second}
	client := &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			return dialer.DialContext(ctx, "tcp", addr)
		},
		TLSHandshakeTimeout:   time.Second,
		ResponseHeaderTimeout: 2 * time.Second,
	}}

	f.Fuzz(func(t *testing.T, name, apiURL, key, account, value, hubSays string, mode uint8) {
		path := filepath.Join(t.TempDir(), ".aigne", credentials.FileName)
		q := yamlQuote
		if mode&1 != 0 {
			q = func(s string) string { return s }
		}
		file := q(name) + ":\n  AIGNE_HUB_API_URL: " + q(apiURL) + "\n  AIGNE_HUB_API_KEY: " + q(key) +
			"\ndefault:\n  AIGNE_HUB_API_URL: " + q(apiURL) + "\n"
		testenv.WriteFile(t, path, file)

		keys := credentials.NewMemoryBackend()
		if account != "" {
			_ = keys.Set(account, value)
		}
		if mode&2 != 0 {
			_ = keys.Set(credentials.KeychainDefaultAccount, `{"AIGNE_HUB_API_URL":`+strconv.Quote(apiURL)+`}`)
		}

		env := map[string]string{EnvRequestTimeout: "2s"}
		if mode&4 != 0 {
			env[EnvAPIURL] = apiURL
		}
		if mode&8 != 0 {
			env[EnvAPIKey] = key
		}
		if mode&16 != 0 {
			env["LANG"] = "zh_CN.UTF-8"
		}

		hub.SetMode(hubtest.Normal)
		if mode&32 != 0 {
			hub.SetMode(hubtest.Unavailable)
			hub.SetUnavailableReason(hubSays, 503)
		}
		hub.SetRedirect("")
		if mode&64 != 0 {
			hub.SetRedirect("http://" + hubSays)
		}
		if mode&128 != 0 {
			hub.AddKey(key)
		}

		run := func(args ...string) (int, string, string) {
			app := &App{
				Ctx:         context.Background(),
				Getenv:      func(k string) string { return env[k] },
				Prompter:    &fakePrompter{},
				Path:        path,
				Keychain:    &credentials.Keychain{Backend: keys},
				HTTPClient:  client,
				Build:       func() Build { return Build{Version: "test"} },
				OpenBrowser: func(string) error { return nil },
			}
			return runMain(app, args...)
		}

		for _, args := range [][]string{
			{"hub", "list"},
			{"hub", "list", "--check", "--check-timeout=2s"},
			{"-o", "json", "hub", "list", "--check", "--check-timeout=2s"},
			{"hub", "status"},
			{"-o", "json", "hub", "status"},
			{"hub", "info"},
			{"hub", "info", name},
			{"-o", "json", "hub", "info", name},
			{"hub", "token"},
			{"hub", "token", name},
			{"-o", "json", "hub", "token"},
			{"hub", "env", "--shell=sh"},
			{"-o", "json", "hub", "env", "--shell=fish", name},
			{"__complete", "hubs"},
		} {
			code, out, errOut := run(args...)
			switch code {
			case ExitOK, ExitFailure, ExitUsage, ExitUnreachable, ExitAuth:
			default:
				t.Fatalf("%q: exit %d\nstdout %q\nstderr %q", args, code, out, errOut)
			}
			if bad, ok := unsafeText(errOut); ok {
				t.Fatalf("%q: stderr holds %q: %q", args, bad, errOut)
			}
			// Text mode token and env print the key as it is saved:
			// that is what they are for.
			if args[0] != "-o" && (args[1] == "token" || args[1] == "env") {
				continue
			}
			if bad, ok := unsafeText(out); ok {
				t.Fatalf("%q: stdout holds %q: %q", args, bad, out)
			}
		}
	})
}

// unsafeText finds what must not reach a terminal from a hub or a file:
// invalid UTF-8, or a C0 or C1 control other than a newline (DEL too).
func unsafeText(s string) (string, bool) {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\ufffd"):
			return s[i : i+1], true
		case r == '\n':
		case r < 0x20, 0x7f <= r && r < 0xa0:
			return string(r), true
		}
	}
	return "", false
}

// yamlQuote writes s as a YAML double-quoted scalar: every character that
// is not printable ASCII escaped, a byte that is not UTF-8 as the code
// point of the same number, which is as near as YAML text can get.
func yamlQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\ufffd"):
			b.WriteString(`\x` + strconv.FormatUint(uint64(s[i])|0x100, 16)[1:])
		case r == '"' || r == '\\':
			b.WriteString(`\` + string(r))
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r <= 0xffff:
			b.WriteString(`\u` + strconv.FormatUint(uint64(r)|0x10000, 16)[1:])
		default:
			b.WriteString(`\U` + strconv.FormatUint(uint64(r)|0x100000000, 16)[1:])
		}
	}
	b.WriteByte('"')
	return b.String()
}
