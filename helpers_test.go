package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aigne-io/aigne/bench"
	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient/hubtest"
	"github.com/aigne-io/aigne/internal/testenv"
)

// The helpers every test of this package shares: the aigne it runs, the
// homes and environments it runs it in, one way to run a process, and
// what strips colour from what it printed.

// binDirEnv names a directory holding an aigne binary to test instead of
// this test binary: under Wine (.ci/wine/run) the Windows binary is
// cross-compiled beforehand, with the same version stamp as e2eVersion.
const binDirEnv = "AIGNE_TEST_BIN_DIR"

// e2eVersion is the version the aigne under test says it is.
const e2eVersion = "e2e"

// exeName is the file name of the aigne binary on this OS.
func exeName() string {
	if runtime.GOOS == "windows" {
		return "aigne.exe"
	}
	return "aigne"
}

// aigneBin is the path of the aigne that the tests run as a separate
// process: this test binary, which TestMain has registered as the command
// aigne (testscript.Main puts a copy first on PATH, in a directory it
// removes when the tests end), or the one AIGNE_TEST_BIN_DIR names.
func aigneBin(t testing.TB) string {
	t.Helper()
	if dir := os.Getenv(binDirEnv); dir != "" {
		return filepath.Join(dir, exeName())
	}
	p, err := exec.LookPath("aigne")
	if err != nil {
		t.Fatalf("the aigne that TestMain puts on PATH: %v", err)
	}
	if first := filepath.SplitList(os.Getenv("PATH"))[0]; filepath.Dir(p) != first {
		t.Fatalf("aigne on PATH is %s, not the test binary's copy in %s", p, first)
	}
	return p
}

// aigneEnv is a clean environment: this HOME, English, no colour, no
// AIGNE_* settings from outside, no keychain (no D-Bus session bus), short
// requests. testkeyring.Without is the other way, for a test that wants
// the caller's environment less some variables.
func aigneEnv(home string) []string {
	env := []string{
		"HOME=" + home, "USERPROFILE=" + home, "LANG=C", "NO_COLOR=1",
		"XDG_RUNTIME_DIR=" + filepath.Join(home, "no-runtime-dir"),
		"AIGNE_HUB_REQUEST_TIMEOUT=5s",
	}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PATH", "TMPDIR", "SYSTEMROOT", "GORACE":
			env = append(env, kv)
		}
	}
	return env
}

// writeHubFile writes content as the hub list of home and returns its path.
func writeHubFile(t testing.TB, home string, content []byte) string {
	t.Helper()
	path := filepath.Join(home, credentials.DirName, credentials.FileName)
	testenv.WriteFile(t, path, string(content))
	return path
}

// seedHome makes a HOME whose hub list holds these hubs, active the one at
// index active, and returns it with the list's path.
func seedHome(t *testing.T, hubs []bench.Entry, active int) (string, string) {
	t.Helper()
	home := t.TempDir()
	return home, writeHubFile(t, home, bench.HubList(hubs, active))
}

func entryOf(h *hubtest.Hub, key string) bench.Entry {
	return bench.Entry{Host: h.Host(), APIURL: h.APIURL(), Key: key}
}

// fakeHubs starts n fake hubs, closed when the test ends.
func fakeHubs(t *testing.T, n int) []*hubtest.Hub {
	var hubs []*hubtest.Hub
	for range n {
		h := hubtest.New()
		t.Cleanup(h.Close)
		hubs = append(hubs, h)
	}
	return hubs
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// skipShort skips a test that -short leaves out: one that is slow for
// what it adds to a quick run (long tables, sleeps and timing, terminals,
// the Node CLI, a Secret Service of its own). The full suite runs it.
func skipShort(t testing.TB, what string) {
	t.Helper()
	if testing.Short() {
		t.Skipf("%s: not under -short", what)
	}
}

// result is one finished process.
type result struct {
	stdout, stderr string
	code, pid      int
	took           time.Duration
}

// complete runs cmd to the end, collecting what it printed unless cmd
// already has somewhere for it; the error is for a process that could
// not be started, not for an exit code. Safe from any goroutine.
func complete(cmd *exec.Cmd) (result, error) {
	var out, errb bytes.Buffer
	if cmd.Stdout == nil {
		cmd.Stdout = &out
	}
	if cmd.Stderr == nil {
		cmd.Stderr = &errb
	}
	start := time.Now()
	err := cmd.Run()
	r := result{stdout: out.String(), stderr: errb.String(), took: time.Since(start)}
	if cmd.Process != nil {
		r.pid = cmd.Process.Pid
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		r.code = ee.ExitCode()
	case err != nil:
		return r, fmt.Errorf("%s: %w", strings.Join(cmd.Args, " "), err)
	}
	return r, nil
}

// finish is complete where a failure to start is fatal.
func finish(t testing.TB, cmd *exec.Cmd) result {
	t.Helper()
	r, err := complete(cmd)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// aigneCmd is aigne with args in a clean environment (aigneEnv) of home,
// reading stdin.
func aigneCmd(t testing.TB, home, stdin string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(aigneBin(t), args...)
	cmd.Env = aigneEnv(home)
	cmd.Stdin = strings.NewReader(stdin)
	return cmd
}

// aigne runs aigneCmd to the end.
func aigne(t testing.TB, home, stdin string, args ...string) result {
	t.Helper()
	return finish(t, aigneCmd(t, home, stdin, args...))
}

func (r result) want(t testing.TB, code int, what string) {
	t.Helper()
	if r.code != code {
		t.Fatalf("%s: exit %d, want %d\nstdout: %s\nstderr: %s", what, r.code, code, r.stdout, r.stderr)
	}
}

// ansiColour is an SGR sequence, which chalk may write even when told not
// to colour.
var ansiColour = regexp.MustCompile("\x1b\\[[0-9;]*m")

func stripANSI(s string) string { return ansiColour.ReplaceAllString(s, "") }
