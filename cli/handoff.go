package cli

import (
	"bufio"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
)

// `aigne` is also the name of the Node.js CLI, @aigne/cli, whose commands
// (run, eval, test, create, serve-mcp, observe, …, and `aigne` alone,
// which is its `run`) must keep working once this binary is installed
// under the same name, possibly in front of it on PATH. Only the commands
// below are ours; every other command line is passed on to the Node CLI
// as it was typed.

// ourCommands are the first words that make a command line ours.
var ourCommands = []string{"hub", "completion", "version", "help", "__complete"}

// EnvNodeCLI names the Node CLI to pass other commands on to, overriding
// the search on PATH and in npm's global prefix.
const EnvNodeCLI = "AIGNE_NODE_CLI"

// EnvPassedOnBy lists (as PATH does) the aigne binaries that have already
// passed this run on. A copy of this binary that finds another copy first
// on PATH hands on to it; the list is what keeps the second from handing
// back to the first, and lets a Node tool that runs `aigne run` reach the
// Node CLI through any of them.
const EnvPassedOnBy = "AIGNE_PASSED_ON_BY"

// Route decides whose command line args is. It is ours when its first word
// (the first argument that is not a flag, nor the value of -o/--output) is
// one of ourCommands, or when it is --help, -h or --version alone. Then
// nodeArgs is nil. Otherwise nodeArgs is what to run the Node CLI with:
// args unchanged, except for `help COMMAND…` of a command of the Node
// CLI's, which asks it for `COMMAND… --help`.
//
// Our flags count only before our command: `aigne -o json run` is the
// Node CLI's `run` writing its output to a file named json.
func Route(args []string) (ours bool, nodeArgs []string) {
	if len(args) == 1 && (args[0] == "--help" || args[0] == "-h" || args[0] == "--version") {
		return true, nil
	}
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--":
			// Only the Node CLI takes positional arguments at the top.
			return false, args
		case a == "-o" || a == "--output":
			i++ // its value is not a word
		case len(a) > 1 && a[0] == '-':
			// Ours (--output=json, -ojson, --help, --version) or the
			// Node CLI's: a flag either way.
		case a == "help":
			if i+1 < len(args) && !isFlag(args[i+1]) && !slices.Contains(ourCommands, args[i+1]) {
				return false, append(slices.Clone(args[i+1:]), "--help")
			}
			return true, nil
		default:
			if slices.Contains(ourCommands, a) {
				return true, nil
			}
			return false, args
		}
	}
	return false, args
}

func isFlag(a string) bool { return len(a) > 1 && a[0] == '-' }

// NodeCLI is how to start the Node CLI: Path with Args, then the user's.
type NodeCLI struct {
	Path string
	Args []string
}

// nodeFinder finds the Node CLI without running anything (npm takes a
// good part of a second to start), in this order: $AIGNE_NODE_CLI; the
// first aigne on PATH that is not this binary nor one that passed this run
// on; the @aigne/cli package in npm's global prefix, which reaches it even
// when another program (Homebrew linking this binary) took the name
// aigne in npm's bin directory.
type nodeFinder struct {
	getenv func(string) string
	goos   string
	// self is this binary, symlinks resolved; "" when unknown.
	self string
	home string

	skip []fs.FileInfo // self and every binary in $AIGNE_PASSED_ON_BY
}

// nodeCLIUnusableError: $AIGNE_NODE_CLI names something that cannot be run.
type nodeCLIUnusableError struct {
	path string
	err  error
}

func (e *nodeCLIUnusableError) Error() string {
	return EnvNodeCLI + "=" + e.path + ": " + e.err.Error()
}
func (e *nodeCLIUnusableError) Unwrap() error { return e.err }

func newNodeFinder(getenv func(string) string, goos, self, home string) *nodeFinder {
	f := &nodeFinder{getenv: getenv, goos: goos, self: self, home: home}
	for _, p := range append([]string{self}, f.splitList(getenv(EnvPassedOnBy))...) {
		if p == "" {
			continue
		}
		if fi, err := os.Stat(p); err == nil {
			f.skip = append(f.skip, fi)
		}
	}
	return f
}

func (f *nodeFinder) splitList(s string) []string {
	if s == "" {
		return nil
	}
	sep := ":"
	if f.goos == "windows" {
		sep = ";"
	}
	return strings.Split(s, sep)
}

func (f *nodeFinder) listSep() string {
	if f.goos == "windows" {
		return ";"
	}
	return ":"
}

// skipped reports whether fi is this binary or one that passed this run on.
func (f *nodeFinder) skipped(fi fs.FileInfo) bool {
	for _, s := range f.skip {
		if os.SameFile(fi, s) {
			return true
		}
	}
	return false
}

// find returns the Node CLI; found is false when there is none. An error
// means $AIGNE_NODE_CLI is set but unusable: the person asked for that one.
func (f *nodeFinder) find() (n NodeCLI, found bool, err error) {
	if p := f.getenv(EnvNodeCLI); p != "" {
		n, found, err := f.fromEnv(p)
		if err != nil || found {
			return n, found, err
		}
		// It is this binary (or one that passed the run on): look on.
	}
	if f.self != "" {
		if n, ok := f.onPath(); ok {
			return n, true, nil
		}
	}
	for _, prefix := range f.npmPrefixes() {
		if n, ok := f.inPrefix(prefix); ok {
			return n, true, nil
		}
	}
	return NodeCLI{}, false, nil
}

func (f *nodeFinder) fromEnv(p string) (NodeCLI, bool, error) {
	if !strings.ContainsAny(p, `/\`) {
		// A bare name, as a shell would take it: from PATH.
		if found := f.lookPath(p); found != "" {
			p = found
		}
	}
	fi, err := os.Stat(p)
	if err == nil && fi.IsDir() {
		err = errors.New("is a directory")
	}
	if err != nil {
		return NodeCLI{}, false, &nodeCLIUnusableError{p, err}
	}
	if f.skipped(fi) {
		return NodeCLI{}, false, nil
	}
	switch strings.ToLower(filepath.Ext(p)) {
	case ".js", ".mjs", ".cjs":
		if n, ok := f.withNode(p, ""); ok {
			return n, true, nil
		}
		return NodeCLI{}, false, &nodeCLIUnusableError{p, errors.New("node is not on PATH")}
	case ".cmd", ".bat", ".ps1":
		// npm's Windows shims: run what they run.
		if n, ok := f.shimTarget(filepath.Dir(p)); ok {
			return n, true, nil
		}
	}
	return NodeCLI{Path: p}, true, nil
}

// onPath is the first aigne on PATH that is not skipped. On Windows npm
// puts a .cmd shim there; cmd.exe would re-parse the arguments, so it runs
// the script the shim would.
func (f *nodeFinder) onPath() (NodeCLI, bool) {
	for _, dir := range f.splitList(f.getenv("PATH")) {
		if !filepath.IsAbs(dir) {
			continue // as exec.LookPath: never what the current directory holds
		}
		if f.goos != "windows" {
			p := filepath.Join(dir, "aigne")
			if fi, ok := executable(p); ok && !f.skipped(fi) {
				return NodeCLI{Path: p}, true
			}
			continue
		}
		for _, ext := range []string{".com", ".exe"} {
			p := filepath.Join(dir, "aigne"+ext)
			if fi, ok := regular(p); ok && !f.skipped(fi) {
				return NodeCLI{Path: p}, true
			}
		}
		for _, ext := range []string{".cmd", ".bat", ".ps1", ""} {
			if _, ok := regular(filepath.Join(dir, "aigne"+ext)); ok {
				if n, ok := f.shimTarget(dir); ok {
					return n, true
				}
			}
		}
	}
	return NodeCLI{}, false
}

// shimTarget is the Node CLI that npm's shim in bin dir runs on Windows:
// the package sits beside it.
func (f *nodeFinder) shimTarget(dir string) (NodeCLI, bool) {
	js := filepath.Join(dir, "node_modules", "@aigne", "cli", "dist", "cli.js")
	if fi, ok := regular(js); !ok || f.skipped(fi) {
		return NodeCLI{}, false
	}
	return f.withNode(js, dir)
}

// npmPrefixes are where `npm install -g` may have put @aigne/cli, most
// likely first: $NPM_CONFIG_PREFIX, the prefix in the user's .npmrc,
// %APPDATA%\npm (the Windows installer's), and the prefix of the node on
// PATH, as written and with symlinks resolved (Homebrew's node lives in
// its Cellar; its npm installs into Homebrew's prefix).
func (f *nodeFinder) npmPrefixes() []string {
	var out []string
	add := func(p string) {
		if p != "" && filepath.IsAbs(p) && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	add(f.envAny("NPM_CONFIG_PREFIX", "npm_config_prefix"))
	add(f.npmrcPrefix())
	if f.goos == "windows" && f.getenv("APPDATA") != "" {
		add(filepath.Join(f.getenv("APPDATA"), "npm"))
	}
	if node := f.lookPath("node"); node != "" {
		for _, p := range []string{node, resolve(node)} {
			dir := filepath.Dir(p)
			if f.goos != "windows" {
				dir = filepath.Dir(dir) // PREFIX/bin/node
			}
			add(dir)
		}
	}
	return out
}

func (f *nodeFinder) envAny(names ...string) string {
	for _, n := range names {
		if v := f.getenv(n); v != "" {
			return v
		}
	}
	return ""
}

// npmrcPrefix is the prefix= line of the user's npm configuration
// ($NPM_CONFIG_USERCONFIG, else ~/.npmrc), with ${VAR} and a leading ~
// expanded as npm does.
func (f *nodeFinder) npmrcPrefix() string {
	path := f.envAny("NPM_CONFIG_USERCONFIG", "npm_config_userconfig")
	if path == "" {
		if f.home == "" {
			return ""
		}
		path = filepath.Join(f.home, ".npmrc")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	prefix := ""
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		key, val, ok := strings.Cut(line, "=")
		if !ok || strings.TrimSpace(key) != "prefix" {
			continue
		}
		val = strings.TrimSpace(val)
		if len(val) >= 2 && (val[0] == '"' || val[0] == '\'') && val[len(val)-1] == val[0] {
			val = val[1 : len(val)-1]
		}
		prefix = val // the last one wins, as in an ini file
	}
	prefix = os.Expand(prefix, func(k string) string {
		if v := f.getenv(k); v != "" {
			return v
		}
		return "${" + k + "}" // npm leaves an unset variable as written
	})
	if f.home != "" && (prefix == "~" || strings.HasPrefix(prefix, "~/") || strings.HasPrefix(prefix, `~\`)) {
		prefix = filepath.Join(f.home, prefix[1:])
	}
	return prefix
}

// inPrefix is @aigne/cli in npm prefix p: PREFIX/lib/node_modules on Unix,
// PREFIX\node_modules on Windows. It is run with node rather than through
// PREFIX/bin/aigne, which may be this binary now.
func (f *nodeFinder) inPrefix(prefix string) (NodeCLI, bool) {
	modules := filepath.Join(prefix, "lib", "node_modules")
	if f.goos == "windows" {
		modules = filepath.Join(prefix, "node_modules")
	}
	js := filepath.Join(modules, "@aigne", "cli", "dist", "cli.js")
	if fi, ok := regular(js); !ok || f.skipped(fi) {
		return NodeCLI{}, false
	}
	binDir := filepath.Join(prefix, "bin")
	if f.goos == "windows" {
		binDir = prefix
	}
	return f.withNode(js, binDir)
}

// withNode runs script js with the node on PATH (the one npm's shims and
// the script's #! line would use), else the one in dir.
func (f *nodeFinder) withNode(js, dir string) (NodeCLI, bool) {
	node := f.lookPath("node")
	if node == "" && dir != "" {
		name := "node"
		if f.goos == "windows" {
			name = "node.exe"
		}
		if fi, ok := regular(filepath.Join(dir, name)); ok && (f.goos == "windows" || fi.Mode()&0o111 != 0) {
			node = filepath.Join(dir, name)
		}
	}
	if node == "" {
		return NodeCLI{}, false
	}
	return NodeCLI{Path: node, Args: []string{js}}, true
}

// lookPath finds an executable on PATH as the shell would, never in the
// current directory.
func (f *nodeFinder) lookPath(name string) string {
	exts := []string{""}
	if f.goos == "windows" {
		exts = []string{".com", ".exe"}
	}
	for _, dir := range f.splitList(f.getenv("PATH")) {
		if !filepath.IsAbs(dir) {
			continue
		}
		for _, ext := range exts {
			p := filepath.Join(dir, name+ext)
			if f.goos == "windows" {
				if _, ok := regular(p); ok {
					return p
				}
			} else if _, ok := executable(p); ok {
				return p
			}
		}
	}
	return ""
}

func regular(p string) (fs.FileInfo, bool) {
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() {
		return nil, false
	}
	return fi, true
}

func executable(p string) (fs.FileInfo, bool) {
	fi, ok := regular(p)
	return fi, ok && fi.Mode()&0o111 != 0
}

func resolve(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	return p
}

// passedOnEnv is environ with this binary added to $AIGNE_PASSED_ON_BY.
func (f *nodeFinder) passedOnEnv(environ []string) []string {
	if f.self == "" {
		return environ
	}
	out := make([]string, 0, len(environ)+1)
	list := f.self
	for _, kv := range environ {
		if v, ok := strings.CutPrefix(kv, EnvPassedOnBy+"="); ok {
			if v != "" {
				list = v + f.listSep() + f.self
			}
			continue
		}
		out = append(out, kv)
	}
	return append(out, EnvPassedOnBy+"="+list)
}

// selfPath is this binary, symlinks resolved, or "" when the OS cannot say.
func selfPath() string {
	p, err := os.Executable()
	if err != nil {
		return ""
	}
	return resolve(p)
}

// HandOn passes a command line that is not ours (see Route) on to the Node
// CLI, which then owns the standard streams, the signals and the exit
// status; done is true when it did, or when it said why it could not, and
// code is then the exit code. When done is false, Main runs args: they are
// ours, or they are `aigne` alone and there is no Node CLI, which shows our
// help.
func HandOn(args []string) (code int, done bool) {
	ours, nodeArgs := Route(args)
	if ours {
		return 0, false
	}
	home, _ := os.UserHomeDir()
	f := newNodeFinder(os.Getenv, runtime.GOOS, selfPath(), home)
	n, found, err := f.find()
	if err == nil && !found && len(args) == 0 {
		return 0, false
	}
	out := &Output{IO: System(os.Getenv), p: Printer{Lang: LangFromEnv(os.Getenv)}, format: FormatText}
	var unusable *nodeCLIUnusableError
	switch {
	case errors.As(err, &unusable):
		return out.fail(exitErr(ExitUsage, err, out.p.T(MsgErrNodeCLIUnusable, EnvNodeCLI, unusable.path, unusable.err.Error()))), true
	case !found:
		if i := helpWord(args); i >= 0 && wantsJSON(args[:i]) {
			out.format = FormatJSON // -o json before help is ours
		}
		return out.fail(noNodeCLI(out.p, args)), true
	}
	code, err = runNodeCLI(n, nodeArgs, f.passedOnEnv(os.Environ()))
	if err != nil {
		return out.fail(exitErr(ExitFailure, err, out.p.T(MsgErrNodeCLIRun, n.Path, err.Error()))), true
	}
	return code, true
}

// nodeCommands are the Node CLI's commands (@aigne/cli 1.59.0), but for
// hub, which is ours.
var nodeCommands = []string{"run", "run-skill", "eval", "test", "create", "serve-mcp", "observe", "doc-smith", "web-smith", "deploy"}

// noNodeCLI is the usage error for a command line of the Node CLI's when
// there is none. `aigne help WORD…` (which Route passes on as `WORD…
// --help`) was asked of help, which is ours, about WORD: it names `aigne
// WORD` when that is a command of the Node CLI's, and otherwise says that
// WORD is no command at all, as help does of an unknown command of ours.
func noNodeCLI(p Printer, args []string) error {
	if i := helpWord(args); i >= 0 && i+1 < len(args) {
		word := args[i+1]
		if !slices.Contains(nodeCommands, word) {
			return usageErr(p, MsgErrUsage, p.T(MsgErrHelpUnknown, word, "aigne")+p.T(MsgSeeHelp, "aigne"))
		}
		return exitErr(ExitUsage, nil, p.T(MsgErrNoNodeCLI, "aigne "+word))
	}
	return exitErr(ExitUsage, nil, p.T(MsgErrNoNodeCLI, commandWord(args)))
}

// helpWord is the index of help in args when it is their first word (as
// Route reads them), else -1.
func helpWord(args []string) int {
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--":
			return -1
		case a == "-o" || a == "--output":
			i++
		case isFlag(a):
		case a == "help":
			return i
		default:
			return -1
		}
	}
	return -1
}

// commandWord is what the person asked the Node CLI for, to name it: the
// first word, or the whole line when it has none.
func commandWord(args []string) string {
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--":
			i = len(args)
		case a == "-o" || a == "--output":
			i++
		case !isFlag(a):
			return "aigne " + a
		}
	}
	return strings.Join(append([]string{"aigne"}, args...), " ")
}
