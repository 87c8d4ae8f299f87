package cli

import (
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/aigne-io/aigne/internal/testenv"
)

func TestRoute(t *testing.T) {
	for _, c := range []struct {
		args []string
		ours bool
		node []string // what the Node CLI gets; nil: args unchanged
	}{
		// ours
		{args: []string{"hub"}, ours: true},
		{args: []string{"hub", "list"}, ours: true},
		{args: []string{"--version"}, ours: true},
		{args: []string{"-h"}, ours: true},
		{args: []string{"--help"}, ours: true},
		{args: []string{"-o", "json", "hub", "list"}, ours: true},
		{args: []string{"--output", "json", "hub", "status"}, ours: true},
		{args: []string{"--output=json", "hub", "list"}, ours: true},
		{args: []string{"-ojson", "hub", "list"}, ours: true},
		{args: []string{"--help", "hub"}, ours: true},
		{args: []string{"completion", "zsh"}, ours: true},
		{args: []string{"__complete", "hubs"}, ours: true},
		{args: []string{"version"}, ours: true},
		{args: []string{"help"}, ours: true},
		{args: []string{"help", "hub", "list"}, ours: true},
		{args: []string{"help", "--output", "json"}, ours: true},
		// the Node CLI's
		{args: nil},
		{args: []string{"run", "x"}},
		{args: []string{"-v"}},
		{args: []string{"-o", "out.txt"}},
		{args: []string{"--output", "out.txt"}},
		{args: []string{"./agent.yaml"}},
		{args: []string{"eval", "--help"}},
		{args: []string{"--help", "run"}},
		{args: []string{"--version", "run"}},
		{args: []string{"--verbose"}},
		{args: []string{"-h", "-v"}},
		{args: []string{"--", "hub"}},
		// Our flags count only before our commands: this is `run` with
		// its output in a file named json.
		{args: []string{"-o", "json", "run"}},
		// -o takes the next word as its value, whatever it is.
		{args: []string{"-o", "hub", "list"}},
		// help for one of its commands is its own help.
		{args: []string{"help", "run"}, node: []string{"run", "--help"}},
		{args: []string{"help", "deploy", "x"}, node: []string{"deploy", "x", "--help"}},
	} {
		ours, node := Route(c.args)
		want := c.node
		if !c.ours && want == nil {
			want = c.args
		}
		if ours != c.ours || (!ours && !reflect.DeepEqual(node, want)) || (ours && node != nil) {
			t.Errorf("Route(%q) = %v, %q; want %v, %q", c.args, ours, node, c.ours, want)
		}
	}
}

// tree makes files under root: a path ending in "@" is a symlink to the
// value, an executable is written with mode 0755.
func tree(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(strings.TrimSuffix(p, "@")), 0o755); err != nil {
			t.Fatal(err)
		}
		if link, ok := strings.CutSuffix(p, "@"); ok {
			if err := os.Symlink(content, link); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(content), 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func TestFindNodeCLI(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("Unix layouts; the Windows ones are TestFindNodeCLIWindows")
	}
	root := t.TempDir()
	j := func(p ...string) string { return filepath.Join(append([]string{root}, p...)...) }
	tree(t, root, map[string]string{
		"self/aigne":     "our binary",
		"linkbin/aigne@": j("self", "aigne"),
		"copy/aigne":     "another copy of it",
		"nodebin/aigne":  "#!/bin/sh\n",
		"plain/aigne":    "not executable",
		"env/node-aigne": "#!/bin/sh\n",
		"envjs/cli.js":   "",
		"usr/bin/node":   "#!/bin/sh\n",
		"usr/lib/node_modules/@aigne/cli/dist/cli.js":  "",
		"npmg/lib/node_modules/@aigne/cli/dist/cli.js": "",
		"home/.npmrc": "; comment\nprefix = ~/npmrc-global\n",
		"home/npmrc-global/lib/node_modules/@aigne/cli/dist/cli.js": "",
		"cellar/node/22/bin/node":                                   "#!/bin/sh\n",
		"brew/bin/node@":                                            j("cellar", "node", "22", "bin", "node"),
		"brew/lib/node_modules/@aigne/cli/dist/cli.js":              "",
	})
	if err := os.Chmod(j("plain", "aigne"), 0o644); err != nil {
		t.Fatal(err)
	}
	self := j("self", "aigne")
	path := func(dirs ...string) string {
		for i, d := range dirs {
			dirs[i] = j(d)
		}
		return strings.Join(dirs, ":")
	}
	node := j("usr", "bin", "node")

	for _, c := range []struct {
		name string
		env  map[string]string
		want NodeCLI
	}{
		{"AIGNE_NODE_CLI first", map[string]string{EnvNodeCLI: j("env", "node-aigne"), "PATH": path("nodebin")},
			NodeCLI{Path: j("env", "node-aigne")}},
		{"AIGNE_NODE_CLI naming a script runs it with node", map[string]string{EnvNodeCLI: j("envjs", "cli.js"), "PATH": path("usr/bin")},
			NodeCLI{Path: node, Args: []string{j("envjs", "cli.js")}}},
		{"AIGNE_NODE_CLI naming this binary is passed over", map[string]string{EnvNodeCLI: j("linkbin", "aigne"), "PATH": path("nodebin")},
			NodeCLI{Path: j("nodebin", "aigne")}},
		{"PATH: this binary and a link to it are not the Node CLI", map[string]string{"PATH": path("self", "linkbin", "nodebin")},
			NodeCLI{Path: j("nodebin", "aigne")}},
		{"PATH: a file that cannot be run is passed over", map[string]string{"PATH": path("plain", "nodebin")},
			NodeCLI{Path: j("nodebin", "aigne")}},
		{"PATH: another copy is handed on to", map[string]string{"PATH": path("copy", "nodebin")},
			NodeCLI{Path: j("copy", "aigne")}},
		{"PATH: a copy that passed this run on is not", map[string]string{"PATH": path("copy", "nodebin"), EnvPassedOnBy: "/nonexistent:" + j("copy", "aigne")},
			NodeCLI{Path: j("nodebin", "aigne")}},
		{"PATH before npm's prefix", map[string]string{"PATH": path("nodebin", "usr/bin"), "NPM_CONFIG_PREFIX": j("npmg")},
			NodeCLI{Path: j("nodebin", "aigne")}},
		{"NPM_CONFIG_PREFIX", map[string]string{"PATH": path("self", "usr/bin"), "NPM_CONFIG_PREFIX": j("npmg")},
			NodeCLI{Path: node, Args: []string{j("npmg", "lib", "node_modules", "@aigne", "cli", "dist", "cli.js")}}},
		{"the prefix in ~/.npmrc", map[string]string{"PATH": path("self", "usr/bin")},
			NodeCLI{Path: node, Args: []string{j("home", "npmrc-global", "lib", "node_modules", "@aigne", "cli", "dist", "cli.js")}}},
		{"the prefix of the node on PATH", map[string]string{"PATH": path("usr/bin"), "NPM_CONFIG_USERCONFIG": j("nonexistent")},
			NodeCLI{Path: node, Args: []string{j("usr", "lib", "node_modules", "@aigne", "cli", "dist", "cli.js")}}},
		{"the prefix of a node linked into another bin directory", map[string]string{"PATH": path("brew/bin"), "NPM_CONFIG_USERCONFIG": j("nonexistent")},
			NodeCLI{Path: j("brew", "bin", "node"), Args: []string{j("brew", "lib", "node_modules", "@aigne", "cli", "dist", "cli.js")}}},
	} {
		f := newNodeFinder(testenv.Getenv(c.env), "linux", self, j("home"))
		got, found, err := f.find()
		if err != nil || !found || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v, %v, %v; want %+v", c.name, got, found, err, c.want)
		}
	}

	// Nothing but this binary: none.
	f := newNodeFinder(testenv.Getenv(map[string]string{"PATH": path("self", "linkbin"), "NPM_CONFIG_USERCONFIG": j("nonexistent")}), "linux", self, j("home"))
	if got, found, err := f.find(); found || err != nil {
		t.Errorf("only this binary: found %+v, %v", got, err)
	}
	// The prefix of a node is known, but nothing is installed there; a
	// relative PATH entry is never searched.
	f = newNodeFinder(testenv.Getenv(map[string]string{"PATH": "nodebin:" + path("cellar/node/22/bin"), "NPM_CONFIG_USERCONFIG": j("nonexistent")}), "linux", self, j("home"))
	if got, found, err := f.find(); found || err != nil {
		t.Errorf("nothing installed: found %+v, %v", got, err)
	}
	// AIGNE_NODE_CLI that does not exist is an error, not a search.
	f = newNodeFinder(testenv.Getenv(map[string]string{EnvNodeCLI: j("nonexistent"), "PATH": path("nodebin")}), "linux", self, j("home"))
	if got, found, err := f.find(); found || err == nil {
		t.Errorf("AIGNE_NODE_CLI missing: %+v, %v, %v", got, found, err)
	}
}

func TestFindNodeCLIWindows(t *testing.T) {
	root := t.TempDir()
	j := func(p ...string) string { return filepath.Join(append([]string{root}, p...)...) }
	tree(t, root, map[string]string{
		"self/aigne.exe": "our binary",
		// npm's global bin on Windows: the shims and the package beside them.
		"appdata/npm/aigne.cmd":                           "@node ...",
		"appdata/npm/aigne.ps1":                           "",
		"appdata/npm/node_modules/@aigne/cli/dist/cli.js": "",
		"nodejs/node.exe":                                 "",
		"prefix/node_modules/@aigne/cli/dist/cli.js":      "",
		"other/aigne.cmd":                                 "a shim of something else",
		"nvm/node.exe":                                    "",
		"nvm/node_modules/@aigne/cli/dist/cli.js":         "",
		"env/aigne.cmd":                                   "",
		"env/node_modules/@aigne/cli/dist/cli.js":         "",
	})
	self := j("self", "aigne.exe")
	js := func(dir ...string) string {
		return filepath.Join(append(append([]string{root}, dir...), "node_modules", "@aigne", "cli", "dist", "cli.js")...)
	}
	node := j("nodejs", "node.exe")
	for _, c := range []struct {
		name string
		env  map[string]string
		want NodeCLI
	}{
		{"npm's shim on PATH: node and the script it runs", map[string]string{"PATH": j("self") + ";" + j("other") + ";" + j("appdata", "npm") + ";" + j("nodejs")},
			NodeCLI{Path: node, Args: []string{js("appdata", "npm")}}},
		{"AIGNE_NODE_CLI naming the shim", map[string]string{EnvNodeCLI: j("env", "aigne.cmd"), "PATH": j("nodejs")},
			NodeCLI{Path: node, Args: []string{js("env")}}},
		{"%APPDATA%\\npm", map[string]string{"PATH": j("nodejs"), "APPDATA": j("appdata")},
			NodeCLI{Path: node, Args: []string{js("appdata", "npm")}}},
		{"NPM_CONFIG_PREFIX", map[string]string{"PATH": j("nodejs"), "APPDATA": j("appdata"), "NPM_CONFIG_PREFIX": j("prefix")},
			NodeCLI{Path: node, Args: []string{js("prefix")}}},
		{"the prefix of node, the directory it is in", map[string]string{"PATH": j("nvm")},
			NodeCLI{Path: j("nvm", "node.exe"), Args: []string{js("nvm")}}},
	} {
		f := newNodeFinder(testenv.Getenv(c.env), "windows", self, j("home"))
		got, found, err := f.find()
		if err != nil || !found || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %+v, %v, %v; want %+v", c.name, got, found, err, c.want)
		}
	}
}

// The messages of a command passed on are in the person's language.
func TestNodeCLIMessagesInChinese(t *testing.T) {
	zh := Printer{Lang: "zh"}
	for _, msg := range []string{
		zh.T(MsgErrNoNodeCLI, "aigne run"),
		// The cause is the OS's, in its own words: here a stand-in.
		zh.T(MsgErrNodeCLIUnusable, EnvNodeCLI, "/opt/x/aigne", "ENOENT"),
		zh.T(MsgErrNodeCLIRun, "/opt/x/aigne", "ENOEXEC"),
		zh.T(MsgHelpPassedOn),
	} {
		if words := englishLeft(msg); len(words) > 0 {
			t.Errorf("English left %v in %q", words, msg)
		}
		if !hasHan(msg) {
			t.Errorf("not in Chinese: %q", msg)
		}
	}
	if msg := zh.T(MsgErrNoNodeCLI, "aigne run"); !strings.Contains(msg, "npm install -g @aigne/cli") {
		t.Errorf("no way out: %q", msg)
	}
}

func TestPassedOnEnv(t *testing.T) {
	f := &nodeFinder{goos: "linux", self: "/b/aigne"}
	got := f.passedOnEnv([]string{"A=1", EnvPassedOnBy + "=/a/aigne", "B=2"})
	want := []string{"A=1", "B=2", EnvPassedOnBy + "=/a/aigne:/b/aigne"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := f.passedOnEnv([]string{"A=1"}); !reflect.DeepEqual(got, []string{"A=1", EnvPassedOnBy + "=/b/aigne"}) {
		t.Errorf("first: %q", got)
	}
}

// `aigne --help` says where the other commands went; `aigne version` is
// --version, in text or JSON.
func TestHelpNamesPassedOnCommands(t *testing.T) {
	h := newHarness(t, "")
	for lang, want := range map[string]string{"C": "passed on to the Node.js CLI", "zh_CN.UTF-8": "交给 Node.js CLI"} {
		h.env["LANG"] = lang
		code, out, _ := h.run("", "--help")
		if code != 0 || !strings.Contains(out, want) || !strings.Contains(out, "serve-mcp") {
			t.Errorf("LANG=%s: exit %d\n%s", lang, code, out)
		}
		if _, out, _ := h.run("", "hub", "--help"); strings.Contains(out, want) {
			t.Errorf("LANG=%s: hub --help names the Node CLI's commands:\n%s", lang, out)
		}
	}
	delete(h.env, "LANG")
	for _, args := range [][]string{{"version"}, {"--version"}} {
		if code, out, errOut := h.run("", args...); code != 0 || out != "aigne test\n" || errOut != "" {
			t.Errorf("%q: exit %d, %q %q", args, code, out, errOut)
		}
	}
	// With -o json, its parts.
	want := "{\n  \"version\": \"test\",\n  \"commit\": \"\",\n  \"date\": \"\"\n}\n"
	for _, args := range [][]string{{"-o", "json", "version"}, {"version", "-o", "json"}, {"hub", "--version", "-o", "json"}} {
		if code, out, errOut := h.run("", args...); code != 0 || out != want || errOut != "" {
			t.Errorf("%q: exit %d, %q %q", args, code, out, errOut)
		}
	}
}

// runChild, the hand-on where there is no exec: the child's arguments,
// environment and exit code are passed through.
func TestRunChild(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("a shell script stands in for the Node CLI")
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "out")
	script := filepath.Join(dir, "cli.sh")
	if err := os.WriteFile(script, []byte("#!/bin/sh\nprintf '%s|' \"$@\" \"$X\" > \""+out+"\"\nexit 7\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	code, err := runChild(NodeCLI{Path: "/bin/sh", Args: []string{script}}, []string{"run", "a b", ""}, []string{"X=y"})
	data, _ := os.ReadFile(out)
	if code != 7 || err != nil || string(data) != "run|a b||y|" {
		t.Errorf("exit %d, %v, %q", code, err, data)
	}
	if code, err := runChild(NodeCLI{Path: filepath.Join(dir, "missing")}, nil, nil); err == nil || code != ExitFailure {
		t.Errorf("a missing program: exit %d, %v", code, err)
	}
}
