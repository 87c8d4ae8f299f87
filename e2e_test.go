package main

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient/hubtest"
	"github.com/aigne-io/aigne/internal/testkeyring"
)

// The end-to-end tests run aigne as a separate process against fake hubs
// on loopback sockets. TestMain makes this test binary the aigne they run
// (the command aigne: main, with the version stamp e2eVersion) and the
// helper commands the scripts call.
func TestMain(m *testing.M) {
	// Under -race the aigne processes have the race detector too, which
	// otherwise sleeps a second on every exit.
	os.Setenv("GORACE", strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0"))
	testscript.Main(m, map[string]func(){
		"aigne": func() {
			version = e2eVersion
			main()
		},
		// browser-visit URL: what a person does in the browser — open the
		// approval page, which the fake hub takes as approval.
		"browser-visit": func() {
			resp, err := http.Get(os.Args[1])
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(1)
			}
			resp.Body.Close()
		},
	})
}

// Keys of a script's values: its fake hubs, and how long the last run
// of code took.
const (
	hubKey  = "hubs"
	tookKey = "took"
)

func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			// The aigne of AIGNE_TEST_BIN_DIR, or the test binary's copy
			// that testscript.Main put first on PATH.
			if dir := os.Getenv(binDirEnv); dir != "" {
				env.Setenv("PATH", dir+string(os.PathListSeparator)+env.Getenv("PATH"))
			}
			home := filepath.Join(env.WorkDir, "home")
			env.Setenv("HOME", home)
			env.Setenv("USERPROFILE", home)
			// No session bus: no keychain at all, as on a server.
			env.Setenv("DBUS_SESSION_BUS_ADDRESS", "")
			env.Setenv("XDG_RUNTIME_DIR", filepath.Join(env.WorkDir, "no-runtime-dir"))
			env.Setenv("AIGNE_HUB_CREDENTIAL_STORE", "")
			env.Setenv("AIGNE_HUB_REQUEST_TIMEOUT", "3s")
			env.Setenv("GORACE", os.Getenv("GORACE"))
			hubs := map[string]*hubtest.Hub{}
			for _, name := range []string{"HUB", "HUB2", "TLSHUB"} {
				opts := []hubtest.Option{hubtest.WithCredit("985000", "1000000")}
				if name == "TLSHUB" {
					// A certificate that no client here trusts.
					opts = append(opts, hubtest.WithTLS())
				}
				h := hubtest.New(opts...)
				hubs[name] = h
				env.Setenv(name, h.URL)
				env.Setenv(name+"HOST", h.Host())
				// The same machine under another name.
				env.Setenv(name+"BYNAME", strings.Replace(h.URL, "127.0.0.1", "localhost", 1))
				env.Defer(h.Close)
			}
			env.Values[hubKey] = hubs
			env.Values[tookKey] = new(time.Duration)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"hub":      cmdHub,
			"code":     cmdCode,
			"keychain": cmdKeychain,
			"expand":   cmdExpand,
			"took":     cmdTook,
			"esc":      cmdEsc,
			"write":    cmdWrite,
			"empty":    cmdEmpty,
		},
	})
}

// expand SRC DST: copy SRC to DST with $VARS replaced, for files that
// must name the script's fake hubs.
func cmdExpand(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: expand SRC DST")
	}
	data := ts.ReadFile(args[0])
	out := os.Expand(data, ts.Getenv)
	if err := os.WriteFile(ts.MkAbs(args[1]), []byte(out), 0o600); err != nil {
		ts.Fatalf("%v", err)
	}
}

// keychain: give the following commands a session bus with a Secret
// Service of the script's own (an unlocked gnome-keyring, as after a
// desktop login), so that no script touches the keychain of whoever runs
// the tests.
func cmdKeychain(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: keychain")
	}
	t := scriptT{ts}
	bus := testkeyring.StartBus(t)
	testkeyring.StartDaemon(t, bus, "script-password")
	ts.Setenv("DBUS_SESSION_BUS_ADDRESS", bus)
	// A loaded CI machine can make the daemon slower than the default.
	ts.Setenv("AIGNE_KEYCHAIN_TIMEOUT", "30s")
}

// scriptT lets the testkeyring helpers run inside a script. A script
// cannot skip from a command: it says [!exec:…] skip first.
type scriptT struct{ ts *testscript.TestScript }

func (s scriptT) Helper()                           {}
func (s scriptT) Fatalf(format string, args ...any) { s.ts.Fatalf(format, args...) }
func (s scriptT) Skip(args ...any)                  { s.ts.Fatalf("%s", fmt.Sprint(args...)) }
func (s scriptT) Cleanup(f func())                  { s.ts.Defer(f) }

// code N cmd args...: run cmd and require exit code N (testscript's exec
// only tells success from failure, and our codes mean different things).
func cmdCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: code N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("code: %v", err)
	}
	start := time.Now()
	err = ts.Exec(args[1], args[2:]...)
	*ts.Value(tookKey).(*time.Duration) = time.Since(start)
	got := 0
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		got = ee.ExitCode()
	case err != nil:
		ts.Fatalf("code: %v", err)
	}
	if got != want {
		ts.Fatalf("%s exited %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

// took <D | >D: the last command run by code took less (more) than D.
func cmdTook(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 || len(args[0]) < 2 || (args[0][0] != '<' && args[0][0] != '>') {
		ts.Fatalf("usage: took <DURATION | >DURATION")
	}
	limit, err := time.ParseDuration(args[0][1:])
	if err != nil {
		ts.Fatalf("took: %v", err)
	}
	took := *ts.Value(tookKey).(*time.Duration)
	if (args[0][0] == '<') != (took < limit) {
		ts.Fatalf("the last command took %s, want %s", took, args[0])
	}
}

// unescape reads Go's escapes (\x1b, \u202e, \n, \\ …) in s, so that a
// script can name bytes it cannot hold as text.
func unescape(ts *testscript.TestScript, s string) string {
	u, err := strconv.Unquote(`"` + strings.ReplaceAll(s, `"`, `\"`) + `"`)
	if err != nil {
		ts.Fatalf("%q: %v", s, err)
	}
	return u
}

// esc VAR TEXT: set VAR to TEXT with Go's escapes read (\x1b and the like).
func cmdEsc(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: esc VAR TEXT")
	}
	ts.Setenv(args[0], unescape(ts, args[1]))
}

// write FILE PIECE...: write the pieces one after another to FILE (mode
// 0600). A piece is TEXT with Go's escapes read, N*TEXT for N times TEXT,
// or random:N for N random bytes (the same ones on every run).
func cmdWrite(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 {
		ts.Fatalf("usage: write FILE PIECE...")
	}
	var b strings.Builder
	for _, piece := range args[1:] {
		if n, ok := strings.CutPrefix(piece, "random:"); ok {
			size, err := strconv.Atoi(n)
			if err != nil {
				ts.Fatalf("write: %v", err)
			}
			rng := rand.New(rand.NewPCG(1, 2))
			for range size {
				b.WriteByte(byte(rng.UintN(256)))
			}
			continue
		}
		times := 1
		if n, text, ok := strings.Cut(piece, "*"); ok {
			if k, err := strconv.Atoi(n); err == nil {
				times, piece = k, text
			}
		}
		b.WriteString(strings.Repeat(unescape(ts, piece), times))
	}
	if err := os.WriteFile(ts.MkAbs(args[0]), []byte(b.String()), 0o600); err != nil {
		ts.Fatalf("%v", err)
	}
}

// empty DIR: DIR is a directory with nothing in it.
func cmdEmpty(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: empty DIR")
	}
	ents, err := os.ReadDir(ts.MkAbs(args[0]))
	if err != nil {
		ts.Fatalf("%v", err)
	}
	if len(ents) != 0 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		ts.Fatalf("%s holds %q", args[0], names)
	}
}

// hub NAME VERB args...: act on a fake hub or check what it saw.
//
//	hub HUB mode normal|not-a-hub|down-5xx|garbage|huge|hang|unavailable
//	hub HUB issue VAR [FILE]  mint a valid key into $VAR (and FILE)
//	hub HUB revoke VAR      make the key in $VAR invalid
//	hub HUB credit on|off
//	hub HUB sessions-deleted   every login session was closed
//	hub HUB sessions N         N login sessions were started
//	hub HUB no-key-sent        no request carried an Authorization header
//	hub HUB requests N         the hub saw N requests
//	hub HUB redirect URL       answer every request with a redirect to URL
//	hub HUB add-key VAR        take the key in $VAR as valid too
func cmdHub(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: hub NAME VERB [args]")
	}
	h := ts.Value(hubKey).(map[string]*hubtest.Hub)[args[0]]
	if h == nil {
		ts.Fatalf("no hub %s", args[0])
	}
	check := func(ok bool, format string, a ...any) {
		if ok == neg {
			ts.Fatalf(format, a...)
		}
	}
	switch args[1] {
	case "mode":
		modes := map[string]hubtest.Mode{"normal": hubtest.Normal, "not-a-hub": hubtest.NotAHub, "down-5xx": hubtest.Down5xx, "garbage": hubtest.Garbage, "huge": hubtest.Huge, "hang": hubtest.Hang, "unavailable": hubtest.Unavailable}
		m, ok := modes[args[2]]
		if !ok {
			ts.Fatalf("unknown mode %s", args[2])
		}
		h.SetMode(m)
	case "issue":
		key := h.IssueKey()
		ts.Setenv(args[2], key)
		if len(args) > 3 {
			if err := os.WriteFile(ts.MkAbs(args[3]), []byte(key+"\n"), 0o600); err != nil {
				ts.Fatalf("%v", err)
			}
		}
	case "revoke":
		h.RevokeKey(ts.Getenv(args[2]))
	case "credit":
		h.SetCredit(args[2] == "on", "985000", "1000000")
	case "sessions-deleted":
		all := h.Sessions()
		deleted := len(all) > 0
		for _, s := range all {
			deleted = deleted && s.Deleted
		}
		check(deleted, "sessions: %+v", all)
	case "sessions":
		n, _ := strconv.Atoi(args[2])
		check(len(h.Sessions()) == n, "%d sessions, want %d", len(h.Sessions()), n)
	case "requests":
		n, _ := strconv.Atoi(args[2])
		check(len(h.Requests()) == n, "%d requests, want %d", len(h.Requests()), n)
	case "redirect":
		h.SetRedirect(args[2])
	case "add-key":
		h.AddKey(ts.Getenv(args[2]))
	case "no-key-sent":
		sent := false
		for _, r := range h.Requests() {
			sent = sent || r.Authorization
		}
		check(!sent, "a request carried a key")
	default:
		ts.Fatalf("unknown hub verb %s", args[1])
	}
}

// TestConnectInterrupted presses Ctrl-C (and sends SIGTERM) while connect
// waits for the browser: exit 130 (143), the login session is closed,
// nothing is saved.
func TestConnectInterrupted(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGINT")
	}
	for sig, want := range map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143} {
		t.Run(sig.String(), func(t *testing.T) { connectInterrupted(t, sig, want) })
	}
}

func connectInterrupted(t *testing.T, sig syscall.Signal, want int) {
	hub := hubtest.New()
	defer hub.Close()
	home := t.TempDir()
	cmd := exec.Command(aigneBin(t), "hub", "connect", "--no-browser", hub.URL)
	cmd.Env = append(os.Environ(), "HOME="+home, "LANG=C")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until it shows the approval URL, i.e. it is polling.
	sc := bufio.NewScanner(stderr)
	var seen strings.Builder
	for sc.Scan() {
		seen.WriteString(sc.Text() + "\n")
		if strings.Contains(sc.Text(), "gen-simple-access-key") {
			break
		}
	}
	time.Sleep(200 * time.Millisecond)
	start := time.Now()
	_ = cmd.Process.Signal(sig)
	go func() {
		for sc.Scan() {
			seen.WriteString(sc.Text() + "\n")
		}
	}()
	err := cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != want {
		t.Fatalf("exit: %v\n%s", err, seen.String())
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %s to stop after Ctrl-C", d)
	}
	sessions := hub.Sessions()
	if len(sessions) != 1 || !sessions[0].Deleted {
		t.Fatalf("sessions: %+v", sessions)
	}
	if _, err := os.Stat(filepath.Join(home, ".aigne", credentials.FileName)); err == nil {
		t.Fatal("interrupted connect wrote the hub list")
	}
}

// TestNodeCLIReadsOurFile: the Node.js @aigne/cli (AIGNE_NODE_CLI, the path
// of its `aigne`) lists a file that we wrote exactly as we list it. Skipped
// when the Node CLI is not installed; .ci/run installs it.
func TestNodeCLIReadsOurFile(t *testing.T) {
	skipShort(t, "the Node CLI")
	if runtime.GOOS != "linux" {
		// Outside a Linux desktop session it would move the file into
		// this machine's keychain first; interop_test.go tests that.
		t.Skip("on macOS and Windows the Node CLI always moves the file into the keychain (interop_test.go)")
	}
	node := os.Getenv("AIGNE_NODE_CLI")
	if node == "" {
		t.Skip("AIGNE_NODE_CLI is not set (path of the Node.js @aigne/cli's aigne)")
	}
	home := t.TempDir()
	// Run it as a user's shell would, without a keychain.
	env := nodeCLIEnv(home)
	run := func(stdin string, name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Env = env
		cmd.Stdin = strings.NewReader(stdin)
		r := finish(t, cmd)
		if r.code != 0 {
			t.Fatalf("%s %v: exit %d\n%s", name, args, r.code, r.stderr)
		}
		return r.stdout
	}
	aigne := aigneBin(t)
	var hubs []*hubtest.Hub
	for i := 0; i < 3; i++ {
		h := hubtest.New()
		defer h.Close()
		hubs = append(hubs, h)
		run(h.IssueKey()+"\n", aigne, "hub", "connect", "--with-token", h.URL)
	}
	run("", aigne, "hub", "use", hubs[1].URL)
	run("", aigne, "hub", "remove", hubs[2].URL)

	ours := run("", aigne, "hub", "list")
	theirs := run("", node, "hub", "list")
	// chalk may still colour when told not to; compare the text.
	theirs = stripANSI(theirs)
	if ours != theirs {
		t.Fatalf("the Node CLI lists our file differently.\nours:\n%s\ntheirs:\n%s", ours, theirs)
	}
	if !strings.Contains(theirs, hubs[1].URL) || !strings.Contains(theirs, "YES") {
		t.Fatalf("Node CLI output:\n%s", theirs)
	}
}

// TestNodeCLIListsTheSameFiles: on hand-written files, with and without a
// usable default, the Node CLI and aigne mark the same hub active and
// print the same bytes.
func TestNodeCLIListsTheSameFiles(t *testing.T) {
	skipShort(t, "the Node CLI")
	if runtime.GOOS != "linux" {
		// Outside a Linux desktop session it would move the file into
		// this machine's keychain first; interop_test.go tests that.
		t.Skip("on macOS and Windows the Node CLI always moves the file into the keychain (interop_test.go)")
	}
	node := os.Getenv("AIGNE_NODE_CLI")
	if node == "" {
		t.Skip("AIGNE_NODE_CLI is not set (path of the Node.js @aigne/cli's aigne)")
	}
	aigne := aigneBin(t)
	const (
		a   = "a.example:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n  AIGNE_HUB_API_KEY: ka\n"
		off = "hub.aigne.io:\n  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit\n  AIGNE_HUB_API_KEY: 12345\n"
		p   = "example.com:8443:\n  AIGNE_HUB_API_URL: https://example.com:8443/ai-kit\n  AIGNE_HUB_API_KEY: kp\n"
	)
	files := map[string]string{
		"no default, official hub saved":   a + off + p,
		"no default, official hub missing": a + p,
		"default names a removed hub":      a + off + "default:\n  AIGNE_HUB_API_URL: https://gone.example/ai-kit\n",
		"default names a hub with a port":  a + off + p + "default:\n  AIGNE_HUB_API_URL: https://example.com:8443/ai-kit\n",
		"default names the first":          a + off + "default:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n",
		"empty":                            "",
		// cli-table3 cuts a URL wider than its column with "…".
		"a host longer than the column": "averyveryveryverylonghostnamethatgoesonandonandon.subdomain.example-company.com:\n  AIGNE_HUB_API_URL: https://averyveryveryverylonghostnamethatgoesonandonandon.subdomain.example-company.com/ai-kit\n  AIGNE_HUB_API_KEY: kl\n" + a,
		"a URL as wide as the column":   "abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-ab.io:\n  AIGNE_HUB_API_URL: https://abcdefghij-abcdefghij-abcdefghij-abcdefghij-abcdefghij-ab.io/ai-kit\n  AIGNE_HUB_API_KEY: kw\n" + a,
	}
	for name, content := range files {
		t.Run(name, func(t *testing.T) {
			home := t.TempDir()
			writeHubFile(t, home, []byte(content))
			env := nodeCLIEnv(home)
			list := func(bin string) string {
				cmd := exec.Command(bin, "hub", "list")
				cmd.Env = env
				r := finish(t, cmd)
				if r.code != 0 {
					t.Fatalf("%s hub list: exit %d\n%s", bin, r.code, r.stderr)
				}
				return stripANSI(r.stdout)
			}
			if ours, theirs := list(aigne), list(node); ours != theirs {
				t.Fatalf("ours:\n%s\ntheirs:\n%s", ours, theirs)
			}
		})
	}
}

// nodeCLIEnv is the caller's environment as a user's shell without a
// keychain has it, for aigne and the Node CLI alike. The Node CLI reads
// another file (test-aigne-hub-connected.yaml) when CI or NODE_ENV=test is
// set, and when it finds a Secret Service it moves the whole file into the
// keychain and deletes it.
func nodeCLIEnv(home string) []string {
	return append(testkeyring.Without(os.Environ(), "CI", "NODE_ENV", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR"),
		"HOME="+home, "NO_COLOR=1", "FORCE_COLOR=0", "LANG=C", "LC_ALL=", "XDG_RUNTIME_DIR="+filepath.Join(home, "run"))
}

// TestWithTokenInterruptedWhileReading: Ctrl-C ends a --with-token that
// waits on a pipe nobody writes to (docker run -i, a stuck CI step).
func TestWithTokenInterruptedWhileReading(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("SIGINT")
	}
	hub := hubtest.New()
	defer hub.Close()
	cmd := exec.Command(aigneBin(t), "hub", "connect", "--with-token", hub.URL)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	w, err := cmd.StdinPipe() // held open, never written
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	_ = cmd.Process.Signal(syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 130 {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("Ctrl-C did not end the wait for standard input")
	}
}
