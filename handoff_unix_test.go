//go:build unix

package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aigne-io/aigne/internal/testkeyring"
)

// The commands of the Node.js CLI, which is also called aigne, are passed
// on to it by aigne (aigneBin). Its stand-in here is a shell script that
// says who it is, its process id, its arguments, what it read on stdin and
// the binaries the run was passed on by, and exits with $FAKE_EXIT.

const fakeNodeCLI = `#!/bin/sh
echo "node-cli $FAKE_NAME pid=$$"
for a in "$@"; do echo "arg=$a"; done
while IFS= read -r line; do echo "stdin=$line"; done
echo "passed-on-by=$AIGNE_PASSED_ON_BY"
# A Node tool that runs aigne itself, through whichever aigne is first on PATH.
if [ "$1" = nested ] && [ -z "$NESTED" ]; then
	NESTED=1 aigne run inner </dev/null || exit 99
fi
exit "${FAKE_EXIT:-0}"
`

type handOff struct {
	t    *testing.T
	root string
	bin  string // the aigne under test (aigneBin)
	env  []string
}

func newHandOff(t *testing.T) *handOff {
	t.Helper()
	root := t.TempDir()
	h := &handOff{t: t, root: root, bin: aigneBin(t)}
	// Nothing of the machine's: no Node CLI, npm configuration or node
	// that the test did not put there.
	h.env = append(testkeyring.Without(os.Environ(), "PATH", "HOME", "AIGNE_NODE_CLI", "AIGNE_PASSED_ON_BY", "NPM_CONFIG_PREFIX",
		"npm_config_prefix", "NPM_CONFIG_USERCONFIG", "npm_config_userconfig", "LANG", "LC_ALL", "LC_MESSAGES", "FAKE_EXIT", "FAKE_NAME", "NESTED"),
		"HOME="+h.dir("home"), "LANG=C")
	return h
}

// dir makes (once) and returns a directory under the test's root.
func (h *handOff) dir(name string) string {
	h.t.Helper()
	d := filepath.Join(h.root, name)
	if err := os.MkdirAll(d, 0o755); err != nil {
		h.t.Fatal(err)
	}
	return d
}

// fake writes the stand-in Node CLI at dir/name (name "aigne" by default).
func (h *handOff) fake(path string) string {
	h.t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		h.t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(fakeNodeCLI), 0o755); err != nil {
		h.t.Fatal(err)
	}
	return path
}

// copyOf puts a copy of the aigne under test at dir/aigne.
func (h *handOff) copyOf(dir string) string {
	h.t.Helper()
	data, err := os.ReadFile(h.bin)
	if err != nil {
		h.t.Fatal(err)
	}
	p := filepath.Join(h.dir(dir), "aigne")
	if err := os.WriteFile(p, data, 0o755); err != nil {
		h.t.Fatal(err)
	}
	return p
}

func (h *handOff) link(dir, target string) string {
	h.t.Helper()
	p := filepath.Join(h.dir(dir), "aigne")
	if err := os.Symlink(target, p); err != nil {
		h.t.Fatal(err)
	}
	return p
}

func (h *handOff) path(dirs ...string) string {
	for i, d := range dirs {
		if !filepath.IsAbs(d) {
			dirs[i] = h.dir(d)
		}
	}
	return "PATH=" + strings.Join(dirs, string(os.PathListSeparator))
}

// run runs the program with args, stdin and extra environment; a run that
// does not end (a loop) fails the test.
func (h *handOff) run(prog string, stdin string, extra []string, args ...string) result {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, prog, args...)
	cmd.Env = append(append([]string{}, h.env...), extra...)
	cmd.Stdin = strings.NewReader(stdin)
	r, err := complete(cmd)
	if ctx.Err() != nil {
		h.t.Fatalf("%s %q did not end (a loop?)\nstdout: %.2000s\nstderr: %.2000s", prog, args, r.stdout, r.stderr)
	}
	if err != nil {
		h.t.Fatal(err)
	}
	return r
}

// reached checks that the fake called name got exactly args.
func (r result) reached(t *testing.T, name string, args ...string) {
	t.Helper()
	var want strings.Builder
	for _, a := range args {
		fmt.Fprintf(&want, "arg=%s\n", a)
	}
	if !strings.HasPrefix(r.stdout, "node-cli "+name+" ") || !strings.Contains(r.stdout, want.String()) {
		t.Errorf("the Node CLI %q was not reached with %q:\nstdout: %s\nstderr: %s", name, args, r.stdout, r.stderr)
	}
}

// TestHandOnArgsStreamsExitStatus: `aigne run …` reaches the Node CLI with
// its arguments unchanged, stdin, stdout and its exit status, in the same
// process (exec), so that signals reach it directly.
func TestHandOnArgsStreamsExitStatus(t *testing.T) {
	h := newHandOff(t)
	fake := h.fake(filepath.Join(h.dir("node"), "aigne"))
	for _, c := range []struct {
		args []string
		exit string
	}{
		{[]string{"run", "x", "--model", "a b", "", "-o", "json"}, "7"},
		{[]string{"-v"}, "0"},
		{[]string{"-o", "out.txt"}, "3"},
		{[]string{"./agent.yaml"}, "0"},
		{[]string{"-o", "json", "run"}, "0"},
		{[]string{"--version", "run"}, "0"},
		{[]string{"-h", "eval"}, "0"},
		{nil, "0"},
	} {
		r := h.run(h.bin, "line one\nline two\n", []string{"AIGNE_NODE_CLI=" + fake, "FAKE_NAME=env", "FAKE_EXIT=" + c.exit, h.path("home")}, c.args...)
		r.reached(t, "env", c.args...)
		if want, _ := strconv.Atoi(c.exit); r.code != want {
			t.Errorf("%q: exit %d, want %s", c.args, r.code, c.exit)
		}
		if !strings.Contains(r.stdout, "stdin=line one\nstdin=line two\n") {
			t.Errorf("%q: stdin did not reach it:\n%s", c.args, r.stdout)
		}
		if !strings.Contains(r.stdout, fmt.Sprintf("pid=%d\n", r.pid)) {
			t.Errorf("%q: not the same process (pid %d):\n%s", c.args, r.pid, r.stdout)
		}
		if r.stderr != "" {
			t.Errorf("%q: stderr %q", c.args, r.stderr)
		}
	}
	// help for one of its commands is its help.
	h.run(h.bin, "", []string{"AIGNE_NODE_CLI=" + fake, "FAKE_NAME=env", h.path("home")}, "help", "run").reached(t, "env", "run", "--help")
}

// TestOursStayOurs: our commands and flags never reach the Node CLI.
func TestOursStayOurs(t *testing.T) {
	h := newHandOff(t)
	fake := h.fake(filepath.Join(h.dir("node"), "aigne"))
	extra := []string{"AIGNE_NODE_CLI=" + fake, "FAKE_NAME=env", h.path("home")}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--version"}, "aigne " + e2eVersion},
		{[]string{"version"}, "aigne " + e2eVersion},
		{[]string{"--help"}, "passed on to the Node.js CLI"},
		{[]string{"-h"}, "passed on to the Node.js CLI"},
		{[]string{"help"}, "passed on to the Node.js CLI"},
		{[]string{"hub"}, "hub connect"},
		{[]string{"-o", "json", "hub", "list"}, `"hubs"`},
		{[]string{"completion", "bash"}, "complete"},
	} {
		r := h.run(h.bin, "", extra, c.args...)
		if r.code != 0 || strings.Contains(r.stdout, "node-cli") || !strings.Contains(r.stdout, c.want) {
			t.Errorf("%q: exit %d\n%s%s", c.args, r.code, r.stdout, r.stderr)
		}
	}
}

// TestHandOnFindsNodeCLI: AIGNE_NODE_CLI first, then the first aigne on
// PATH that is not this binary, then @aigne/cli in npm's global prefix.
func TestHandOnFindsNodeCLI(t *testing.T) {
	h := newHandOff(t)
	envFake := h.fake(filepath.Join(h.dir("env"), "aigne"))
	h.fake(filepath.Join(h.dir("pathnode"), "aigne"))
	self := h.copyOf("self")

	r := h.run(self, "", []string{"AIGNE_NODE_CLI=" + envFake, "FAKE_NAME=x", h.path("self", "pathnode")}, "run")
	r.reached(t, "x", "run")
	if !strings.Contains(r.stdout, "passed-on-by="+self+"\n") {
		t.Errorf("the run does not say it was passed on by %s:\n%s", self, r.stdout)
	}
	if !strings.HasPrefix(h.run(self, "", []string{"AIGNE_NODE_CLI=" + envFake, "FAKE_NAME=env", h.path("self", "pathnode")}, "run").stdout, "node-cli env") {
		t.Error("AIGNE_NODE_CLI is not first")
	}
	// A link to this binary first on PATH is this binary.
	link := h.link("link", self)
	h.run(link, "", []string{"FAKE_NAME=path", h.path("link", "self", "pathnode")}, "eval", "y").reached(t, "path", "eval", "y")

	// npm's global prefix, found without npm: the package is run with
	// node, even when npm's bin/aigne is now this binary (Homebrew took
	// the name).
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node is not on PATH in CI")
		}
		t.Skip("node is not on PATH: the npm prefix cases need it")
	}
	nodeDir := h.dir("nodebin")
	if err := os.Symlink(node, filepath.Join(nodeDir, "node")); err != nil {
		t.Fatal(err)
	}
	script := `const fs = require("fs");
console.log("node-cli " + process.env.FAKE_NAME + " pid=" + process.pid);
for (const a of process.argv.slice(2)) console.log("arg=" + a);
for (const l of fs.readFileSync(0, "utf8").split("\n").filter(Boolean)) console.log("stdin=" + l);
process.exitCode = Number(process.env.FAKE_EXIT || 0);
`
	install := func(prefix string) {
		js := filepath.Join(prefix, "lib", "node_modules", "@aigne", "cli", "dist", "cli.js")
		if err := os.MkdirAll(filepath.Dir(js), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(js, []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
		// npm's bin link, taken over by this binary.
		h.link(filepath.Join(filepath.Base(prefix), "bin"), self)
	}
	install(h.dir("npm-env"))
	install(h.dir("npm-rc"))
	noRC := "NPM_CONFIG_USERCONFIG=" + filepath.Join(h.root, "no-npmrc")

	r = h.run(self, "in\n", []string{"FAKE_NAME=npm-env", "FAKE_EXIT=5", noRC, "NPM_CONFIG_PREFIX=" + h.dir("npm-env"), h.path("npm-env/bin", "self", nodeDir)}, "run", "z")
	r.reached(t, "npm-env", "run", "z")
	if r.code != 5 || !strings.Contains(r.stdout, "stdin=in\n") || !strings.Contains(r.stdout, fmt.Sprintf("pid=%d\n", r.pid)) {
		t.Errorf("NPM_CONFIG_PREFIX: exit %d (pid %d)\n%s%s", r.code, r.pid, r.stdout, r.stderr)
	}
	// PATH before the npm prefix.
	h.run(self, "", []string{"FAKE_NAME=path", noRC, "NPM_CONFIG_PREFIX=" + h.dir("npm-env"), h.path("self", "pathnode", nodeDir)}, "run").reached(t, "path", "run")

	// The user's ~/.npmrc.
	if err := os.WriteFile(filepath.Join(h.dir("home"), ".npmrc"), []byte("fund=false\nprefix=~/../npm-rc\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h.run(self, "", []string{"FAKE_NAME=npmrc", h.path("npm-rc/bin", "self", nodeDir)}, "test").reached(t, "npmrc", "test")

	// The prefix of the node on PATH: PREFIX/bin/node.
	nodePrefix := h.dir("node-prefix")
	install(nodePrefix)
	if err := os.Symlink(node, filepath.Join(nodePrefix, "bin", "node")); err != nil {
		t.Fatal(err)
	}
	h.run(self, "", []string{"FAKE_NAME=node-prefix", noRC, h.path("self", filepath.Join(nodePrefix, "bin"))}, "create").reached(t, "node-prefix", "create")
}

// TestHandOnNoLoop: copies of this binary and links to them, each first on
// PATH in turn, hand on to one another at most once each and reach the
// Node CLI; a Node tool that runs `aigne run` reaches it again.
func TestHandOnNoLoop(t *testing.T) {
	h := newHandOff(t)
	h.fake(filepath.Join(h.dir("node"), "aigne"))
	a := h.copyOf("a")
	b := h.copyOf("b")
	h.link("link-b", b)
	h.link("link-a", a)
	for _, order := range [][]string{{"a", "b", "link-b", "node"}, {"b", "link-a", "a", "node"}, {"link-b", "a", "b", "link-a", "node"}} {
		first := filepath.Join(h.dir(order[0]), "aigne")
		r := h.run(first, "", []string{"FAKE_NAME=node", h.path(order...)}, "nested", "x")
		r.reached(t, "node", "nested", "x")
		if r.code != 0 || strings.Count(r.stdout, "node-cli node") != 2 || !strings.Contains(r.stdout, "arg=run\narg=inner\n") {
			t.Errorf("PATH %v: exit %d\n%s%s", order, r.code, r.stdout, r.stderr)
		}
	}
	// Without the Node CLI the copies give up, and say why, once.
	r := h.run(a, "", []string{h.path("a", "b", "link-a"), "NPM_CONFIG_USERCONFIG=/nonexistent"}, "run")
	if r.code != 2 || strings.Count(r.stderr, "npm install -g @aigne/cli") != 1 {
		t.Errorf("no Node CLI behind two copies: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestNoNodeCLI: a command of the Node CLI's without it exits 2 and says
// where it comes from, in the person's language; `aigne` alone is our help.
func TestNoNodeCLI(t *testing.T) {
	h := newHandOff(t)
	self := h.copyOf("self")
	extra := []string{h.path("self"), "NPM_CONFIG_USERCONFIG=/nonexistent"}
	for _, c := range []struct {
		lang, want string
	}{
		{"C", "'aigne run' is a command of the Node.js CLI for AIGNE, which was not found; it comes with 'npm install -g @aigne/cli'"},
		{"zh_CN.UTF-8", "'aigne run' 是 AIGNE 的 Node.js CLI 的命令，但未找到该 CLI；它随以下命令安装：'npm install -g @aigne/cli'"},
	} {
		r := h.run(self, "", append(extra, "LANG="+c.lang), "run", "x")
		if r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, c.want) {
			t.Errorf("LANG=%s: exit %d\n%s%s", c.lang, r.code, r.stdout, r.stderr)
		}
	}
	for _, args := range [][]string{{"-v"}, {"-o", "out.txt"}, {"./agent.yaml"}} {
		if r := h.run(self, "", extra, args...); r.code != 2 || !strings.Contains(r.stderr, "npm install -g @aigne/cli") {
			t.Errorf("%q: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	r := h.run(self, "", extra)
	if r.code != 0 || !strings.Contains(r.stdout, "Usage: aigne") || !strings.Contains(r.stdout, "passed on to the Node.js CLI") || r.stderr != "" {
		t.Errorf("aigne alone: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// An AIGNE_NODE_CLI that is not there is named, not searched around.
	h.fake(filepath.Join(h.dir("node"), "aigne"))
	r = h.run(self, "", append(extra, "AIGNE_NODE_CLI=/nonexistent/aigne", h.path("self", "node")), "run")
	if r.code != 2 || !strings.Contains(r.stderr, "AIGNE_NODE_CLI=/nonexistent/aigne") || strings.Contains(r.stdout, "node-cli") {
		t.Errorf("AIGNE_NODE_CLI missing: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestNoNodeCLIHelp: without the Node CLI, `aigne help WORD` is help
// (ours) asked about WORD. For a command of the Node CLI's it names that
// command, not help; for a word that is nobody's command it says so, as
// `aigne hub help WORD` does. Help of our own commands is unchanged.
func TestNoNodeCLIHelp(t *testing.T) {
	h := newHandOff(t)
	self := h.copyOf("self")
	extra := []string{h.path("self"), "NPM_CONFIG_USERCONFIG=/nonexistent"}
	for _, c := range []struct {
		lang string
		args []string
		want string
	}{
		{"C", []string{"help", "run"}, "Error: 'aigne run' is a command of the Node.js CLI for AIGNE, which was not found; it comes with 'npm install -g @aigne/cli'\n"},
		{"C", []string{"help", "serve-mcp", "x"}, "Error: 'aigne serve-mcp' is a command of the Node.js CLI for AIGNE, which was not found; it comes with 'npm install -g @aigne/cli'\n"},
		{"C", []string{"help", "nosuch"}, "Error: unknown command \"nosuch\" for 'aigne' (see 'aigne --help')\n"},
		{"zh_CN.UTF-8", []string{"help", "run"}, "错误：'aigne run' 是 AIGNE 的 Node.js CLI 的命令，但未找到该 CLI；它随以下命令安装：'npm install -g @aigne/cli'\n"},
		{"zh_CN.UTF-8", []string{"help", "nosuch"}, "错误：未知命令 \"nosuch\"：'aigne' 没有此命令（参见 'aigne --help'）\n"},
		{"C", []string{"-o", "json", "help", "nosuch"}, "{\n  \"error\": {\n    \"code\": 2,\n    \"message\": \"unknown command \\\"nosuch\\\" for 'aigne' (see 'aigne --help')\"\n  }\n}\n"},
	} {
		r := h.run(self, "", append(extra, "LANG="+c.lang), c.args...)
		if r.code != 2 || r.stdout != "" || r.stderr != c.want {
			t.Errorf("LANG=%s %q: exit %d, stdout %q, stderr %q; want %q", c.lang, c.args, r.code, r.stdout, r.stderr, c.want)
		}
	}
	for _, args := range [][]string{{"help"}, {"help", "hub"}, {"help", "hub", "list"}} {
		if r := h.run(self, "", extra, args...); r.code != 0 || !strings.HasPrefix(r.stdout, "Usage: aigne") || r.stderr != "" {
			t.Errorf("%q: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
}

// TestRealNodeCLIVersion: `aigne -v` through this binary is the Node
// CLI's version (1.59.0). AIGNE_NODE_CLI is the path of its aigne; .ci/run
// installs it, and under CI it must be there.
func TestRealNodeCLIVersion(t *testing.T) {
	skipShort(t, "the Node CLI")
	node := os.Getenv("AIGNE_NODE_CLI")
	if node == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("AIGNE_NODE_CLI is not set in CI: .ci/run installs @aigne/cli 1.59.0")
		}
		t.Skip("AIGNE_NODE_CLI is not set (path of the Node.js @aigne/cli's aigne)")
	}
	h := newHandOff(t)
	// Its -v reads no CI or NODE_ENV, but keep it to what a user's shell has.
	h.env = append(testkeyring.Without(h.env, "CI", "NODE_ENV"), "NO_COLOR=1")
	self := h.copyOf("self")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	for _, args := range [][]string{{"-v"}} {
		cmd := exec.CommandContext(ctx, self, args...)
		// node from the caller's PATH, as its #! line wants.
		cmd.Env = append(append([]string{}, h.env...), "AIGNE_NODE_CLI="+node, h.path("self")+string(os.PathListSeparator)+os.Getenv("PATH"))
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		out, err := cmd.Output()
		if err != nil || strings.TrimSpace(string(out)) != "1.59.0" {
			t.Errorf("aigne %q: %v: %q\n%s", args, err, out, errOut.String())
		}
	}
	// Ours is ours.
	if out, err := exec.Command(self, "--version").Output(); err != nil || !strings.Contains(string(out), e2eVersion) {
		t.Errorf("aigne --version: %v: %q", err, out)
	}
}
