package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/kong"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/internal/testenv"
)

var shells = []string{"bash", "zsh", "fish", "powershell"}

// savedHubs is a hub list with an https and an http hub on a port, as
// origins: what the scripts must offer for `hub use`.
const savedHubs = `hub.aigne.io:
  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit
  AIGNE_HUB_API_KEY: key-one
localhost:8090:
  AIGNE_HUB_API_URL: http://localhost:8090/ai-kit
default:
  AIGNE_HUB_API_URL: https://hub.aigne.io/ai-kit
`

var savedOrigins = []string{"https://hub.aigne.io", "http://localhost:8090"}

// quietKeychain fails the test on any call that may show a prompt or read
// a secret: completion may list the keychain's accounts, nothing more.
type quietKeychain struct{ t *testing.T }

func (k quietKeychain) Accounts() ([]string, error) { return nil, nil }
func (k quietKeychain) Get(string) (string, error) {
	k.t.Error("keychain read during completion")
	return "", credentials.ErrNotFound
}
func (k quietKeychain) Set(string, string) error { k.t.Error("keychain write"); return nil }
func (k quietKeychain) Delete(string) error      { k.t.Error("keychain delete"); return nil }

// runWithFile runs the command line with the hub list file holding file
// ("" for no file at all) and no terminal.
func runWithFile(t *testing.T, file string, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), credentials.FileName)
	if file != "" {
		testenv.WriteFile(t, path, file)
	}
	return runMain(&App{
		Ctx:      context.Background(),
		Getenv:   func(k string) string { return env[k] },
		Path:     path,
		Keychain: &credentials.Keychain{Backend: quietKeychain{t}},
		Build:    func() Build { return Build{Version: "test"} },
	}, args...)
}

func TestCompletionCommandPrintsScript(t *testing.T) {
	for _, sh := range shells {
		code, out, errOut := runWithFile(t, "", nil, "completion", sh)
		want, err := completionScript(sh)
		if err != nil {
			t.Fatal(err)
		}
		if code != 0 || errOut != "" || out != want {
			t.Errorf("completion %s: code %d, stderr %q, script matches: %v", sh, code, errOut, out == want)
		}
	}
	// The script carries every language and picks at completion time,
	// so it is the same whatever the locale it is written under.
	fish, _ := completionScript("fish")
	if code, out, _ := runWithFile(t, "", map[string]string{"LANG": "zh_CN.UTF-8"}, "completion", "fish"); code != 0 || out != fish || !strings.Contains(out, "切换活动 Hub") || !strings.Contains(out, "Switch the active hub") {
		t.Errorf("the script does not carry both languages:\n%s", out)
	}
	if code, out, errOut := runWithFile(t, "", nil, "completion", "pwsh"); code != ExitUsage || out != "" || !strings.Contains(errOut, "powershell") {
		t.Errorf("unknown shell: code %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestCompletionScriptsCoverCommandTree walks the Kong model, so a command,
// alias, flag or enum value added to the CLI without its completion fails
// here.
func TestCompletionScriptsCoverCommandTree(t *testing.T) {
	var root CLI
	parser, err := kong.New(&root, modelOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	var names, flags, shorts, values []string
	var walk func(n *kong.Node)
	walk = func(n *kong.Node) {
		for _, f := range n.Flags {
			if f.Hidden {
				continue
			}
			flags = append(flags, f.Name)
			if f.Short != 0 {
				shorts = append(shorts, string(f.Short))
			}
			values = append(values, nonEmpty(f.EnumSlice())...)
		}
		for _, p := range n.Positional {
			values = append(values, nonEmpty(p.EnumSlice())...)
		}
		for _, c := range n.Children {
			if c.Hidden {
				continue
			}
			names = append(names, c.Name)
			names = append(names, c.Aliases...)
			walk(c)
		}
	}
	walk(parser.Model.Node)
	if !slices.Contains(names, "completion") || !slices.Contains(names, "use") {
		t.Fatalf("the walk found no commands: %v", names)
	}

	word := func(w string) *regexp.Regexp {
		return regexp.MustCompile(`(^|[\s'"(|])` + regexp.QuoteMeta(w) + `([\s'"):|]|$)`)
	}
	for _, sh := range shells {
		for _, lang := range []string{"en", "zh"} {
			script, err := completionScript(sh)
			if err != nil {
				t.Fatalf("%s/%s: %v", sh, lang, err)
			}
			if lang != "en" {
				continue
			}
			for _, n := range append(names, values...) {
				if !word(n).MatchString(script) {
					t.Errorf("%s script does not complete %q", sh, n)
				}
			}
			for _, f := range flags {
				re := regexp.MustCompile(`--` + regexp.QuoteMeta(f) + `\b`)
				if sh == "fish" {
					re = regexp.MustCompile(`-l ` + regexp.QuoteMeta(f) + `\b`)
				}
				if !re.MatchString(script) {
					t.Errorf("%s script does not complete flag --%s", sh, f)
				}
			}
			for _, s := range shorts {
				re := regexp.MustCompile(`(^|[\s'{,(|])-` + s + `\b`)
				if sh == "fish" {
					re = regexp.MustCompile(`-s ` + s + `\b`)
				}
				if !re.MatchString(script) {
					t.Errorf("%s script does not complete flag -%s", sh, s)
				}
			}
			if !strings.Contains(script, "__complete hubs") {
				t.Errorf("%s script does not ask aigne for the saved hubs", sh)
			}
		}
	}
}

func nonEmpty(ss []string) []string {
	return slices.DeleteFunc(ss, func(s string) bool { return s == "" })
}

func TestCompletionQuoting(t *testing.T) {
	if got := zshQuote(`it's [a]: \x`); got != `it'\''s \[a\]\: \\x` {
		t.Errorf("zshQuote = %s", got)
	}
	if got := fishQuote(`it's \x`); got != `it\'s \\x` {
		t.Errorf("fishQuote = %s", got)
	}
}

func TestCompleteHubs(t *testing.T) {
	code, out, errOut := runWithFile(t, savedHubs, nil, "__complete", "hubs")
	if code != 0 || errOut != "" || out != strings.Join(savedOrigins, "\n")+"\n" {
		t.Errorf("code %d, stdout %q, stderr %q", code, out, errOut)
	}
	// No file, an empty one, a broken one: nothing to offer, and no noise
	// in the middle of the user's command line.
	for _, file := range []string{"", "\n", "hub.aigne.io: [\n", "- a list\n"} {
		if code, out, errOut := runWithFile(t, file, nil, "__complete", "hubs"); code != 0 || out != "" || errOut != "" {
			t.Errorf("file %q: code %d, stdout %q, stderr %q", file, code, out, errOut)
		}
	}
	code, out, _ = runWithFile(t, savedHubs, nil, "--help")
	if code != 0 || strings.Contains(out, "__complete") {
		t.Errorf("__complete shows in --help:\n%s", out)
	}
}

// TestCompletionHelperProcess is the `aigne` the shells run in the tests
// below: the test binary itself, through a wrapper script, running Main.
func TestCompletionHelperProcess(t *testing.T) {
	if os.Getenv("AIGNE_COMPLETION_HELPER") != "1" {
		return
	}
	args := os.Args
	if i := slices.Index(args, "--"); i >= 0 {
		args = args[i+1:]
	}
	os.Exit(Main(args, &App{Build: func() Build { return Build{Version: "test"} }}))
}

// requireShell skips the test when shell is not installed, or fails it when
// AIGNE_REQUIRE_SHELLS=1 (CI installs every shell and must not skip).
func requireShell(t *testing.T, shell string) {
	t.Helper()
	if _, err := exec.LookPath(shell); err != nil {
		if os.Getenv("AIGNE_REQUIRE_SHELLS") == "1" {
			t.Fatalf("%s is not installed and AIGNE_REQUIRE_SHELLS=1", shell)
		}
		t.Skipf("%s is not installed (set AIGNE_REQUIRE_SHELLS=1 to fail instead)", shell)
	}
}

// shellEnv is a home with saved hubs and an `aigne` on the PATH, for
// running a real shell. It returns the environment and a scratch directory.
func shellEnv(t *testing.T, shell string) ([]string, string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("the shell tests need a POSIX system")
	}
	requireShell(t, shell)
	dir := t.TempDir()
	home := filepath.Join(dir, "home")
	bin := filepath.Join(dir, "bin")
	for _, d := range []string{filepath.Join(home, credentials.DirName), bin} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(home, credentials.DirName, credentials.FileName), []byte(savedHubs), 0o600); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// GORACE: under -race, a process sleeps a second before exiting unless
	// told not to, and every TAB runs one.
	wrapper := fmt.Sprintf("#!/bin/sh\nAIGNE_COMPLETION_HELPER=1 GORACE=atexit_sleep_ms=0 exec '%s' -test.run='^TestCompletionHelperProcess$' -- \"$@\"\n", self)
	if err := os.WriteFile(filepath.Join(bin, "aigne"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	env := []string{
		"HOME=" + home,
		"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"),
		"TERM=dumb",
		"LANG=C.UTF-8",
	}
	return env, dir
}

// writeScript saves the shell's script in dir under its installed name.
func writeScript(t *testing.T, dir, shell string) string {
	t.Helper()
	script, err := completionScript(shell)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, filepath.Base(completionFiles[shell]))
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runShell(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ctx.Err() != nil {
			t.Fatalf("%s: %v\n%s", name, err, out)
		}
		t.Fatalf("%s exited %d:\n%s", name, ee.ExitCode(), out)
	}
	return string(out)
}

func checkCandidates(t *testing.T, line string, got, want []string) {
	t.Helper()
	slices.Sort(got)
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%q<TAB> offers %q, want %q", line, got, want)
	}
}

type completionCase struct {
	line string
	want []string
}

// checkBatches checks the candidates of each case, in out as one batch per
// case, each ending in a line "@@".
func checkBatches(t *testing.T, cases []completionCase, out string, parse func(string) []string) {
	t.Helper()
	batches := strings.Split(out, "@@\n")
	if len(batches) != len(cases)+1 {
		t.Fatalf("%d answers for %d lines:\n%s", len(batches)-1, len(cases), out)
	}
	for i, c := range cases {
		checkCandidates(t, c.line, parse(batches[i]), c.want)
	}
}

func TestCompletionBash(t *testing.T) {
	env, dir := shellEnv(t, "bash")
	script := writeScript(t, dir, "bash")
	cases := []completionCase{
		{"aigne hub use ", savedOrigins},
		{"aigne -o json hub rm ", savedOrigins},
		{"aigne hub i http", savedOrigins},
		{"aigne hub info https://h", []string{"//hub.aigne.io"}}, // bash replaces what follows the ':'
		{"aigne ", []string{"hub", "completion"}},
		{"aigne hub s", []string{"status", "st"}},
		{"aigne hub connect --s", []string{"--store"}},
		{"aigne hub connect --store ", []string{"file", "keyring"}},
		{"aigne hub connect --store=k", []string{"keyring"}},
		{"aigne hub list --c", []string{"--check", "--check-timeout"}},
		{"aigne --output ", []string{"text", "json"}},
		{"aigne completion ", []string{"bash", "zsh", "fish", "powershell"}},
		{"aigne hub connect ", []string{"https://hub.aigne.io"}}, // the official hub
		{"aigne hub use https://hub.aigne.io ", nil},
		{"aigne hub t", []string{"token"}},
		{"aigne hub env --shell ", []string{"sh", "fish", "powershell", "cmd"}},
		{"aigne hub token ", savedOrigins},
	}
	completeInBash(t, env, script, cases)
}

// completeInBash completes each case's line with the bash script at path
// and checks the candidates. It calls the completion function as bash's
// `complete -F` does; bash's own COMP_WORDBREAKS is in effect, so URLs are
// split at ':' as on a terminal and the candidates must account for it.
func completeInBash(t *testing.T, env []string, path string, cases []completionCase) {
	t.Helper()
	const complete = `source "$1"; shift
for line; do
	COMP_LINE=$line COMP_POINT=${#line}
	_aigne
	printf '%s\n' "${COMPREPLY[@]}" @@
done`
	args := []string{"--norc", "--noprofile", "-c", complete, "bash", path}
	for _, c := range cases {
		args = append(args, c.line)
	}
	checkBatches(t, cases, runShell(t, env, "bash", args...), strings.Fields)
}

// zptyBash types each line and TAB into an interactive bash on a pseudo
// terminal (zsh's zpty module drives it), then turns the edited line into
// `echo @@X<line>` and runs it, so the line readline built can be read back.
const zptyBash = `
zmodload zsh/zpty || exit 3
zpty b bash --norc --noprofile -i
zpty -w b "unset HISTFILE; PS1='@@''PROMPT@@ '; source ${(q)1}"
zpty -r b out '*@@PROMPT@@*' || exit 4
all=
for line in $argv[2,-1]; do
	zpty -w -n b "$line"$'\t'
	zpty -w b $'\C-a'"echo @@''X"
	# Wait for the answer before typing on: on a loaded machine typeahead
	# can otherwise overtake the completion.
	zpty -r b out '*@@X*@@PROMPT@@*' || exit 6
	all+=$out
done
zpty -w b "echo @@''END"
zpty -r b out '*@@END*' || exit 5
print -r -- "$all$out"
zpty -d b
`

// TestCompletionBashReadline checks what a person sees: the line on a real
// terminal after TAB.
func TestCompletionBashReadline(t *testing.T) {
	env, dir := shellEnv(t, "bash")
	requireShell(t, "zsh") // its zpty module plays the terminal
	script := writeScript(t, dir, "bash")
	cases := []struct{ line, want string }{
		{"aigne hub rm http://loc", "aigne hub rm http://localhost:8090"},
		{"aigne hub use https:", "aigne hub use https://hub.aigne.io"},
		{"aigne hub connect --store=k", "aigne hub connect --store=keyring"},
		{"aigne hub con", "aigne hub connect"},
	}
	args := []string{"-f", "-c", zptyBash, "zsh", script}
	for _, c := range cases {
		args = append(args, c.line)
	}
	out := runShell(t, env, "zsh", args...)
	lines := regexp.MustCompile(`@@X([^\r\n]*?) *\r?\n`).FindAllStringSubmatch(out, -1)
	if len(lines) != len(cases) {
		t.Fatalf("%d lines back for %d typed:\n%s", len(lines), len(cases), out)
	}
	for i, c := range cases {
		if lines[i][1] != c.want {
			t.Errorf("%q<TAB> on a terminal: got %q, want %q", c.line, lines[i][1], c.want)
		}
	}
}

// zptyZsh runs an interactive zsh on a pseudo terminal with the completion
// system loaded and compadd wrapped to record the candidates it is given,
// then types each line and TAB. The candidates of the Nth line go to
// RECORD.N. An argument "run: CMD" runs CMD instead.
const zptyZsh = `
zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z "PS1='@@''PROMPT@@ '; fpath=(${(q)1} \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z "compadd() { if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd \"\$@\"; return; fi; local -a hits; builtin compadd -A hits \"\$@\"; print -rl -- \$hits >> \$REC; builtin compadd \"\$@\"; }"
zpty -r z out '*@@PROMPT@@*' || exit 4
integer i
for line in $argv[3,-1]; do
	if [[ $line == 'run: '* ]]; then
		zpty -w z "${line#run: }"
		continue
	fi
	# Each step waits for zsh to answer before the next is typed: on a
	# loaded machine, keys that arrive while zsh is still busy (typeahead)
	# change how completion behaves.
	zpty -w z "REC=${(q)2}.$((++i)); print @@''REC$i@@"
	zpty -r z out "*@@REC$i@@*@@PROMPT@@*" || exit 7
	zpty -w -n z "$line"$'\t'$'\C-u'
	zpty -w z "print @@''ACK$i@@"
	zpty -r z out "*@@ACK$i@@*" || exit 6
done
zpty -w z "print @@''DONE@@"
zpty -r z out '*@@DONE@@*' || exit 5
zpty -d z
`

func TestCompletionZsh(t *testing.T) {
	if testing.Short() {
		t.Skip("real zsh and fish take seconds: not under -short")
	}
	env, dir := shellEnv(t, "zsh")
	fpathDir := filepath.Join(dir, "functions")
	if err := os.Mkdir(fpathDir, 0o755); err != nil {
		t.Fatal(err)
	}
	script := writeScript(t, fpathDir, "zsh")
	cases := []completionCase{
		// As installed by Homebrew: autoloaded from $fpath.
		{"aigne hub use ", savedOrigins},
		{"aigne -o json hub rm http://", []string{"http://localhost:8090"}},
		{"aigne ", []string{"hub", "completion"}},
		{"aigne hub connect --s", []string{"--store"}},
		{"aigne hub connect --store=", []string{"file", "keyring"}},
		{"aigne hub list --check-", []string{"--check-timeout"}},
		{"aigne hub connect ", []string{"https://hub.aigne.io"}},
		// As loaded by `source <(aigne completion zsh)`.
		{"run: source " + script, nil},
		{"aigne hub info ", savedOrigins},
		{"aigne completion ", []string{"bash", "zsh", "fish", "powershell"}},
	}
	record := filepath.Join(dir, "candidates")
	args := []string{"-f", "-c", zptyZsh, "zsh", fpathDir, record}
	for _, c := range cases {
		args = append(args, c.line)
	}
	runShell(t, env, "zsh", args...)
	n := 0
	for _, c := range cases {
		if strings.HasPrefix(c.line, "run: ") {
			continue
		}
		n++
		data, _ := os.ReadFile(fmt.Sprintf("%s.%d", record, n))
		checkCandidates(t, c.line, strings.Fields(string(data)), c.want)
	}
}

func TestCompletionFish(t *testing.T) {
	env, dir := shellEnv(t, "fish")
	script := writeScript(t, dir, "fish")
	cases := []completionCase{
		{"aigne hub use ", savedOrigins},
		{"aigne -o json hub rm http://", []string{"http://localhost:8090"}},
		{"aigne hub i ", savedOrigins},
		{"aigne ", []string{"hub", "completion"}},
		{"aigne hub st", []string{"status", "st"}},
		{"aigne hub connect --s", []string{"--store"}},
		{"aigne hub connect --store=", []string{"--store=file", "--store=keyring"}},
		{"aigne hub list --c", []string{"--check", "--check-timeout"}},
		{"aigne -o ", []string{"text", "json"}},
		{"aigne hub connect ", []string{"https://hub.aigne.io"}},
		{"aigne hub use https://hub.aigne.io ", nil},
		{"aigne hub token ", savedOrigins},
		{"aigne hub env --shell ", []string{"sh", "fish", "powershell", "cmd"}},
	}
	completeInFish(t, env, script, cases)
}

// completeInFish completes each case's line with the fish script at path
// and checks the candidates.
func completeInFish(t *testing.T, env []string, path string, cases []completionCase) {
	t.Helper()
	args := []string{"--no-config", "-c", "source $argv[1]; for l in $argv[2..-1]; complete -C $l; echo @@; end", path}
	for _, c := range cases {
		args = append(args, c.line)
	}
	// fish prints "candidate<TAB>description" lines.
	checkBatches(t, cases, runShell(t, env, "fish", args...), func(batch string) []string {
		var got []string
		for _, l := range strings.Split(batch, "\n") {
			if l != "" {
				got = append(got, strings.SplitN(l, "\t", 2)[0])
			}
		}
		return got
	})
}

// TestCompletionPowerShellScript checks what can be checked without
// PowerShell (not a Debian package, so CI has none): the script is ASCII
// (PowerShell reads a native command's output in the console's code page),
// every description became a PowerShell expression, its quotes and
// brackets balance, and it registers a native completer for aigne that asks
// `aigne __complete hubs`.
func TestCompletionPowerShellScript(t *testing.T) {
	for _, lang := range []string{"en", "zh"} {
		script, err := completionScript("powershell")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(script); i++ {
			if c := script[i]; c >= 0x7F || (c < 0x20 && c != '\n') {
				t.Fatalf("%s: byte 0x%02X at %d is not printable ASCII", lang, c, i)
			}
		}
		for _, want := range []string{
			"\nRegister-ArgumentCompleter -Native -CommandName 'aigne', 'aigne.exe' -ScriptBlock {\n",
			"& $self __complete hubs 2>$null",
			"[System.Management.Automation.CompletionResult]::new(",
		} {
			if !strings.Contains(script, want) {
				t.Errorf("%s: the script lacks %q", lang, want)
			}
		}
		if strings.Contains(script, "{{") || strings.Contains(script, `"`) {
			t.Errorf("%s: a template action or a double-quoted string is left", lang)
		}
		if err := psBalanced(script); err != nil {
			t.Errorf("%s: %v", lang, err)
		}
	}
	zh, _ := completionScript("powershell")
	// 切换活动 Hub: help.use in Chinese, spelled in [char] codes.
	if !strings.Contains(zh, "([char]0x5207) + ([char]0x6362) + ([char]0x6D3B) + ([char]0x52A8) + ' Hub") {
		t.Errorf("the Chinese descriptions are not there")
	}
}

// psBalanced checks that, outside single-quoted strings (in which two
// quotes in a row stand for one) and # comments, every (, { and [ is
// closed in order.
func psBalanced(s string) error {
	var stack []byte
	line := 1
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\n':
			line++
		case '#':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			line++
		case '\'':
			for i++; ; i++ {
				if i >= len(s) {
					return fmt.Errorf("unterminated string")
				}
				if s[i] == '\n' {
					line++
				}
				if s[i] == '\'' {
					if i+1 < len(s) && s[i+1] == '\'' {
						i++
						continue
					}
					break
				}
			}
		case '(', '{', '[':
			stack = append(stack, c)
		case ')', '}', ']':
			open := map[byte]byte{')': '(', '}': '{', ']': '['}[c]
			if len(stack) == 0 || stack[len(stack)-1] != open {
				return fmt.Errorf("line %d: unbalanced %c", line, c)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) > 0 {
		return fmt.Errorf("%d brackets left open", len(stack))
	}
	return nil
}

// TestCompletionPowerShell asks a real PowerShell (TabExpansion2, what TAB
// calls) for the candidates. PowerShell is not a Debian package, so it
// runs only where pwsh is on the PATH; AIGNE_REQUIRE_PWSH=1 makes a missing
// pwsh fail the test instead.
func TestCompletionPowerShell(t *testing.T) {
	if _, err := exec.LookPath("pwsh"); err != nil {
		if os.Getenv("AIGNE_REQUIRE_PWSH") == "1" {
			t.Fatal("pwsh is not installed and AIGNE_REQUIRE_PWSH=1")
		}
		t.Skip("pwsh is not installed (set AIGNE_REQUIRE_PWSH=1 to fail instead); TestCompletionPowerShellScript checks the script without it")
	}
	env, dir := shellEnv(t, "pwsh")
	script := writeScript(t, dir, "powershell")
	cases := []completionCase{
		{"aigne hub use ", savedOrigins},
		{"aigne -o json hub rm http://", []string{"http://localhost:8090"}},
		{"aigne hub i ", savedOrigins},
		{"aigne ", []string{"hub", "completion"}},
		{"aigne hub st", []string{"status", "st"}},
		{"aigne hub connect --s", []string{"--store"}},
		{"aigne hub connect --store=", []string{"--store=file", "--store=keyring"}},
		{"aigne hub list --c", []string{"--check", "--check-timeout"}},
		{"aigne -o ", []string{"text", "json"}},
		{"aigne hub connect ", []string{"https://hub.aigne.io"}},
		{"aigne completion ", []string{"bash", "zsh", "fish", "powershell"}},
		{"aigne hub list --check-timeout ", nil},
		{"aigne hub use https://hub.aigne.io ", nil},
		// As the words completed before went on the line: quoted.
		{"aigne 'hub' 'use' 'https://h", []string{"https://hub.aigne.io"}},
		{"aigne '-o' 'json' 'hub' 'rm' ", savedOrigins},
	}
	driver := filepath.Join(dir, "driver.ps1")
	const complete = `. $args[0]
foreach ($line in $args[1..($args.Count - 1)]) {
    $r = TabExpansion2 -inputScript $line -cursorColumn $line.Length
    foreach ($m in $r.CompletionMatches) { $m.CompletionText }
    '@@'
}
`
	if err := os.WriteFile(driver, []byte(complete), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-NoProfile", "-NonInteractive", "-File", driver, script}
	for _, c := range cases {
		args = append(args, c.line)
	}
	// Each completion text must be a single-quoted literal; its value is
	// the candidate.
	checkBatches(t, cases, strings.ReplaceAll(runShell(t, env, "pwsh", args...), "\r\n", "\n"), func(batch string) []string {
		var got []string
		for _, f := range strings.Fields(batch) {
			v, ok := psSingleQuoted(f)
			if !ok {
				v = "not a literal: " + f
			}
			got = append(got, v)
		}
		return got
	})
}

// TestCompletionPowerShellParses parses the script, in both languages,
// with the PowerShell grammar of .ci/ps-parse (AIGNE_PS_PARSER, which
// .ci/run sets): a syntax check where PowerShell itself cannot be run.
func TestCompletionPowerShellParses(t *testing.T) {
	parser := os.Getenv("AIGNE_PS_PARSER")
	if parser == "" {
		t.Skip("AIGNE_PS_PARSER is not set (AIGNE_PS_PARSER=$PWD/.ci/ps-parse checks the syntax with a PowerShell grammar from npm)")
	}
	dir := t.TempDir()
	var files []string
	for _, lang := range []string{"en", "zh"} {
		script, err := completionScript("powershell")
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, lang+".ps1")
		if err := os.WriteFile(f, []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if out, err := exec.Command(parser, files...).CombinedOutput(); err != nil {
		t.Errorf("%s: %v\n%s", parser, err, out)
	}
	// The parser must be able to fail: a script with a quote too many.
	broken := filepath.Join(dir, "broken.ps1")
	script, _ := completionScript("powershell")
	if err := os.WriteFile(broken, []byte(strings.Replace(script, "'hub'", "'hub''", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := exec.Command(parser, broken).Run(); err == nil {
		t.Errorf("%s accepted a script with an unbalanced quote", parser)
	}
}

// The descriptions follow the locale at the moment of completion, from
// one and the same script: the release writes it once for everyone.
func TestCompletionDescriptionsFollowTheLocale(t *testing.T) {
	if testing.Short() {
		t.Skip("real zsh and fish take seconds: not under -short")
	}
	env, dir := shellEnv(t, "fish")
	script := writeScript(t, dir, "fish")
	out := runShell(t, env, "fish", "--no-config", "-c",
		"source $argv[1]; complete -C 'aigne hub us'; echo @@; set -gx LANG zh_CN.UTF-8; complete -C 'aigne hub us'; echo @@; set -gx LC_ALL C; complete -C 'aigne hub us'", script)
	batches := strings.Split(out, "@@")
	if len(batches) != 3 || !strings.Contains(batches[0], "use\tSwitch the active hub") ||
		!strings.Contains(batches[1], "use\t切换活动 Hub") || !strings.Contains(batches[2], "use\tSwitch the active hub") {
		t.Fatalf("fish:\n%s", out)
	}
	// zsh picks the functions of the locale's language at each completion.
	env, dir = shellEnv(t, "zsh")
	script = writeScript(t, dir, "zsh")
	out = runShell(t, env, "zsh", "-f", "-c", `autoload -U compinit; compinit -u; source $1
		compdef() { :; }
		whence -w _aigne_en _aigne_zh _aigne_en_hub _aigne_zh_hub
		print -r -- ${_aigne_en_common[2]}
		print -r -- ${_aigne_zh_common[2]}`, "zsh", script)
	for _, want := range []string{"_aigne_en: function", "_aigne_zh: function", "_aigne_zh_hub: function", "[Output format\\: text or json.]", "[输出格式：text 或 json。]"} {
		if !strings.Contains(out, want) {
			t.Errorf("zsh: %q missing in:\n%s", want, out)
		}
	}
}

// hostileHosts are hub names that the URL Standard accepts as hosts, each
// of which runs `touch pwned` if a shell parses it unquoted.
var hostileHosts = []string{
	"a$({touch,pwned}).com",
	"b`{touch,pwned}`.com",
	"c;{touch,pwned};.com",
	"d'$({touch,pwned})'.com",
	`e"$({touch,pwned})".com`,
	"f&{touch,pwned}&.com",
	"g!x*,=~+.com",
}

func TestCompletableOrigin(t *testing.T) {
	for o, want := range map[string]bool{
		"https://hub.aigne.io":                        true,
		"http://localhost:8090":                       true,
		"https://xn--tda.example":                     true,
		"https://r3---sn-abc.example":                 true,
		"https://10.1.2.3:8443":                       true,
		"http://[::1]:9000":                           true,
		"https://[2001:db8::1]":                       true,
		"https://[::ffff:1.2.3.4]":                    true,
		"https://example.com.":                        true,
		"https://a_b.com":                             false, // a host, but not letters, digits and hyphens
		"https://a..b":                                false,
		"https://.a":                                  false,
		"https://a.com:":                              false,
		"https://a.com:123456":                        false,
		"https://a.com:80x":                           false,
		"https://[::1":                                false,
		"https://[::1]x":                              false,
		"https://[fe80::1%25eth0]":                    false,
		"https://[g::1]":                              false,
		"https://[1.2.3.4]":                           false,
		"ftp://a.com":                                 false,
		"https://":                                    false,
		"https://ü.example":                           false,
		"https://a b.com":                             false,
		"https://a.com/x":                             false,
		"https://" + strings.Repeat("a", 64) + ".com": false,
	} {
		if got := completableOrigin(o); got != want {
			t.Errorf("strings.HasPrefix(%q) = %v, want %v", o, got, want)
		}
	}
	for _, h := range hostileHosts {
		if completableOrigin("https://" + h) {
			t.Errorf("%q is offered", h)
		}
	}
}

// TestCompleteHubsOffersOnlyPlainHosts: saved names that the URL Standard
// accepts but that hold characters a shell acts on are not offered, whether
// from the file (valid entries: each name is its URL's host) or from the
// keychain's accounts; the plain ones are.
func TestCompleteHubsOffersOnlyPlainHosts(t *testing.T) {
	var file strings.Builder
	file.WriteString(savedHubs)
	for _, h := range hostileHosts {
		fmt.Fprintf(&file, "%q:\n  AIGNE_HUB_API_URL: %q\n", h, "https://"+h+"/ai-kit")
	}
	file.WriteString("xn--tda.example:\n  AIGNE_HUB_API_URL: https://ü.example/ai-kit\n")
	path := filepath.Join(t.TempDir(), credentials.FileName)
	testenv.WriteFile(t, path, file.String())
	kc, backend := credentials.NewMemoryKeychain()
	for _, a := range []string{"k$({touch,pwned}).com", "kc.example:8443"} {
		if err := backend.Set(a, `{"AIGNE_HUB_API_URL":"https://`+a+`/ai-kit","AIGNE_HUB_API_KEY":"k"}`); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runMain(&App{
		Ctx: context.Background(), Getenv: func(string) string { return "" },
		Path: path, Keychain: kc, Build: func() Build { return Build{Version: "test"} },
	}, "__complete", "hubs")
	got := strings.Fields(out)
	want := append(slices.Clone(savedOrigins), "https://xn--tda.example", "https://kc.example:8443")
	if code != 0 || errOut != "" {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
	checkCandidates(t, "aigne hub use ", got, want)
}

// hostileCandidates are what `aigne __complete hubs` would print if it
// offered every name: the scripts must put each on the line quoted even
// then. Some could not even come from a URL (a space, a %, a backslash).
var hostileCandidates = append(func() []string {
	var c []string
	for _, h := range hostileHosts {
		c = append(c, "https://"+h)
	}
	return c
}(),
	"https://h $({touch,pwned}) .com",
	"https://i%$({touch,pwned})%.com",
	"https://jü$({touch,pwned}).com",
	`https://k\$({touch,pwned}).com`,
	"https://m<{touch,pwned}>.com",
	"https://n|{touch,pwned}|[x]?.com",
)

// TestCompletionBashQuotesCandidates calls the bash completion function
// with candidates that would run a command if put on the line as they are,
// then has bash parse the line it would make: each must come back as the
// one word it was, and nothing must have run.
func TestCompletionBashQuotesCandidates(t *testing.T) {
	env, dir := shellEnv(t, "bash")
	script := writeScript(t, dir, "bash")
	hubs := filepath.Join(dir, "hubs")
	cands := append(slices.Clone(hostileCandidates), "http://[::1]:9000", "https://10.1.2.3:8443")
	if err := os.WriteFile(hubs, []byte(strings.Join(cands, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// An aigne that offers whatever the file holds: the scripts' quoting
	// must hold without the filter of `aigne __complete hubs`.
	stub := "#!/bin/sh\n[ \"$1\" = __complete ] && cat " + shellSingleQuote(hubs) + "\n"
	if err := os.WriteFile(filepath.Join(dir, "bin", "aigne"), []byte(stub), 0o755); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "work")
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	// Each typed prefix, then each candidate's prefix as the line: the word
	// bash would complete it to is the typed text up to the last word break
	// plus the reply, parsed by bash as the line would be.
	var typed []string
	for _, c := range cands {
		typed = append(typed, c[:strings.Index(c, "//")+3])
	}
	typed = append(typed, "http://[::1", "https://10.1.2.3:84", `https://k\\`, "https://a$")
	const complete = `source "$1"; shift
for cur; do
	line="aigne hub use $cur"
	COMP_LINE=$line COMP_POINT=${#line}
	_aigne
	breaks=${COMP_WORDBREAKS//[^:=]/}
	head=""
	[[ $cur == *["$breaks"]* ]] && head=${cur%"${cur##*["$breaks"]}"}
	for r in "${COMPREPLY[@]}"; do
		eval "set -- $head$r"
		printf '%s\0' "$cur" "$#" "$1"
	done
done`
	cmd := exec.Command("bash", append([]string{"--norc", "--noprofile", "-c", complete, "bash", script}, typed...)...)
	cmd.Env, cmd.Dir = env, work
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	fields := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if len(fields)%3 != 0 {
		t.Fatalf("bash printed %q", out)
	}
	got := map[string][]string{}
	for i := 0; i < len(fields); i += 3 {
		if fields[i+1] != "1" {
			t.Errorf("%q: a reply became %s words: %q", fields[i], fields[i+1], fields[i+2])
		}
		got[fields[i]] = append(got[fields[i]], fields[i+2])
	}
	for _, c := range cands {
		cur := c[:strings.Index(c, "//")+3]
		if !slices.Contains(got[cur], c) {
			t.Errorf("%q<TAB> does not give %q: %q", cur, c, got[cur])
		}
	}
	for cur, want := range map[string]string{
		"http://[::1":         "http://[::1]:9000",
		"https://10.1.2.3:84": "https://10.1.2.3:8443",
		`https://k\\`:         `https://k\$({touch,pwned}).com`,
		"https://a$":          "", // typed raw: bash would read it as a substitution
	} {
		if want == "" {
			if len(got[cur]) != 0 {
				t.Errorf("%q<TAB> gives %q", cur, got[cur])
			}
			continue
		}
		if !slices.Equal(got[cur], []string{want}) {
			t.Errorf("%q<TAB> gives %q, want %q", cur, got[cur], want)
		}
	}
	if ents, _ := os.ReadDir(work); len(ents) != 0 {
		t.Errorf("a candidate ran: %v", ents)
	}
}

func shellSingleQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// TestCompletionPowerShellLiterals: every CompletionResult the PowerShell
// script makes puts its candidate on the line through __aigne_literal, and
// that function, evaluated here as PowerShell would, makes a single-quoted
// literal ('...' with each ' doubled) whose value is the candidate.
func TestCompletionPowerShellLiterals(t *testing.T) {
	script, err := completionScript("powershell")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(script, "CompletionResult]::new("); n != 1 {
		t.Fatalf("%d places make a CompletionResult, want the one checked here", n)
	}
	if !regexp.MustCompile(`CompletionResult\]::new\(\(__aigne_literal \$c\[0\]\), \$c\[0\], `).MatchString(script) {
		t.Fatal("the CompletionResult's completionText is not __aigne_literal of the candidate")
	}
	m := regexp.MustCompile(`(?m)^\s*function __aigne_literal\(\[string\]\$s\) \{ return (.*) \}$`).FindStringSubmatch(script)
	if m == nil {
		t.Fatal("no one-line function __aigne_literal([string]$s) in the script")
	}
	for _, c := range append(slices.Clone(hostileCandidates), "https://hub.aigne.io", "it's", "''", "'", "", "--output=json") {
		lit, err := evalPSExpr(m[1], c)
		if err != nil {
			t.Fatalf("%s: %v", m[1], err)
		}
		if v, ok := psSingleQuoted(lit); !ok || v != c {
			t.Errorf("%q goes on the line as %q, not a single-quoted literal of it", c, lit)
		}
	}
}

// psSingleQuoted reads s as one PowerShell single-quoted string, in which
// ” stands for '; ok is false when s is anything else.
func psSingleQuoted(s string) (string, bool) {
	if len(s) < 2 || s[0] != '\'' || s[len(s)-1] != '\'' {
		return "", false
	}
	inner := s[1 : len(s)-1]
	if strings.Count(strings.ReplaceAll(inner, "''", ""), "'") != 0 {
		return "", false
	}
	return strings.ReplaceAll(inner, "''", "'"), true
}

// evalPSExpr evaluates the few PowerShell forms a quoting expression is made
// of: single-quoted strings, $s (set to s), $s.Replace(a, b) and +.
func evalPSExpr(expr, s string) (string, error) {
	p := 0
	literal := func() (string, error) {
		if p >= len(expr) || expr[p] != '\'' {
			return "", fmt.Errorf("a string expected at %d", p)
		}
		var b strings.Builder
		for p++; ; p++ {
			if p >= len(expr) {
				return "", fmt.Errorf("unterminated string")
			}
			if expr[p] == '\'' {
				if p+1 < len(expr) && expr[p+1] == '\'' {
					b.WriteByte('\'')
					p++
					continue
				}
				p++
				return b.String(), nil
			}
			b.WriteByte(expr[p])
		}
	}
	eat := func(tok string) bool {
		if strings.HasPrefix(expr[p:], tok) {
			p += len(tok)
			return true
		}
		return false
	}
	var out strings.Builder
	for {
		switch {
		case eat("$s.Replace("):
			from, err := literal()
			if err != nil {
				return "", err
			}
			if !eat(", ") {
				return "", fmt.Errorf("', ' expected at %d", p)
			}
			to, err := literal()
			if err != nil {
				return "", err
			}
			if !eat(")") {
				return "", fmt.Errorf("')' expected at %d", p)
			}
			out.WriteString(strings.ReplaceAll(s, from, to))
		case eat("$s"):
			out.WriteString(s)
		default:
			l, err := literal()
			if err != nil {
				return "", err
			}
			out.WriteString(l)
		}
		if p == len(expr) {
			return out.String(), nil
		}
		if !eat(" + ") {
			return "", fmt.Errorf("' + ' expected at %d in %s", p, expr)
		}
	}
}

// toyCLI is a command tree other than aigne's, to show that the scripts
// follow the model: a command with an alias, an enum flag and a hub
// argument appear in every shell with no more than one hint.
type toyCLI struct {
	Output  string      `short:"o" enum:"text,json" default:"text" help:"help.output"`
	Version versionFlag `help:"help.version"`
	Hub     struct {
		Use  hubUseCmd `cmd:"" help:"help.use"`
		Move struct {
			Mode string `enum:"fast,slow" default:"fast" help:"help.store"`
			URL  string `arg:"" optional:"" help:"help.use.url"`
		} `cmd:"" aliases:"mv" help:"help.remove"`
	} `cmd:"" help:"help.hub"`
}

var toyHints = map[string]compHint{
	"--help":         {exits: true},
	"--version":      {exits: true, rootOnly: true},
	"hub use <url>":  {hubs: true},
	"hub move <url>": {hubs: true},
}

func toyTree(t *testing.T, hints map[string]compHint) (*compTree, error) {
	t.Helper()
	var root toyCLI
	parser, err := kong.New(&root, modelOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	return completionTree(parser.Model, hints)
}

func TestCompletionFollowsTheModel(t *testing.T) {
	tree, err := toyTree(t, toyHints)
	if err != nil {
		t.Fatal(err)
	}
	scripts := map[string]string{}
	for _, sh := range shells {
		script, err := renderCompletion(sh, tree)
		if err != nil {
			t.Fatalf("%s: %v", sh, err)
		}
		scripts[sh] = script
		for _, w := range []string{"move", "mv", "mode", "fast", "slow", "__complete hubs"} {
			if !strings.Contains(script, w) {
				t.Errorf("%s script lacks %q", sh, w)
			}
		}
		for _, w := range []string{"with-token", "check-timeout"} {
			if strings.Contains(script, w) {
				t.Errorf("%s script has %q, which the model does not", sh, w)
			}
		}
	}
	if runtime.GOOS == "windows" {
		return
	}
	cases := []completionCase{
		{"aigne hub m", []string{"move", "mv"}},
		{"aigne hub mv --m", []string{"--mode"}},
		{"aigne hub move --mode ", []string{"fast", "slow"}},
		{"aigne hub mv ", savedOrigins},
	}
	env, dir := shellEnv(t, "bash")
	path := filepath.Join(dir, "toy.bash")
	if err := os.WriteFile(path, []byte(scripts["bash"]), 0o644); err != nil {
		t.Fatal(err)
	}
	completeInBash(t, env, path, cases)

	env, dir = shellEnv(t, "fish")
	path = filepath.Join(dir, "toy.fish")
	if err := os.WriteFile(path, []byte(scripts["fish"]), 0o644); err != nil {
		t.Fatal(err)
	}
	completeInFish(t, env, path, cases)
}

// TestCompletionTreeChecks: a hint that names nothing in the model, and a
// value a script could not write as it is, are errors, not scripts.
func TestCompletionTreeChecks(t *testing.T) {
	for name, hints := range map[string]map[string]compHint{
		"a hint for no flag":     {"hub move --speed": {values: []string{"a"}}},
		"a hint for no argument": {"hub use <name>": {hubs: true}},
		"a value to quote":       {"hub move <url>": {values: []string{"a b"}}},
		"a value with a quote":   {"hub move <url>": {values: []string{"it's"}}},
	} {
		for k, v := range toyHints {
			if _, ok := hints[k]; !ok {
				hints[k] = v
			}
		}
		if _, err := toyTree(t, hints); err == nil {
			t.Errorf("%s: no error", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
	if _, err := completionScript("tcsh"); err == nil {
		t.Error("a script for tcsh")
	}
}
