//go:build unix

package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/creack/pty"
)

// The completion scripts in real bash, zsh and fish on a pseudo-terminal,
// as a person uses them: a hub saved under a name that a shell would run
// must never run, whatever TAB puts on the line, and the plain hubs must
// still complete.

// ptyHostile are hub names that the URL Standard takes as hosts, so that
// each is a valid entry of the hub file (its name is its URL's host); each
// runs `touch pwned` in bash, zsh and fish alike if put on a line unquoted.
var ptyHostile = []string{
	"a$({touch,pwned}).com",
	"wb`{touch,pwned}`.com",
	"wc;{touch,pwned};.com",
	"wd'$({touch,pwned})'.com",
	`we"$({touch,pwned})".com`,
	"wf&{touch,pwned}&.com",
	"wg!x*,=~+.com",
}

// ptyInvalid are names that no URL has as its host: entries the hub list
// already marks invalid, never offered.
var ptyInvalid = []string{
	"wq $({touch,pwned}) .com",
	"wy\n$({touch,pwned}).com",
	"wz%$({touch,pwned}).com",
	"wü$({touch,pwned}).com",
}

// ptyPlain are the plain hubs: API URL, and what `aigne __complete hubs`
// offers for it.
var ptyPlain = [][2]string{
	{"https://hub.aigne.io/ai-kit", "https://hub.aigne.io"},
	{"http://localhost:8090/ai-kit", "http://localhost:8090"},
	{"https://10.1.2.3:8443/ai-kit", "https://10.1.2.3:8443"},
	{"https://ü.example/ai-kit", "https://xn--tda.example"},
	{"http://[::1]:9000/ai-kit", "http://[::1]:9000"},
}

// ptyPlainCases: typed, and the word TAB must make of it.
var ptyPlainCases = [][2]string{
	{"https://hu", "https://hub.aigne.io"},
	{"http://lo", "http://localhost:8090"},
	{"https://10.1.2.3:84", "https://10.1.2.3:8443"},
	{"https://xn", "https://xn--tda.example"},
	{`http://\[::1`, "http://[::1]:9000"},
}

var ptyShells = []string{"bash", "zsh", "fish"}

// TestCompletionOnATerminalNeverRunsAHubName saves the hostile hubs in the
// hub file and completes with the real aigne: none of them is offered (the
// line stays as typed), nothing runs, and the plain hubs complete.
func TestCompletionOnATerminalNeverRunsAHubName(t *testing.T) {
	skipShort(t, "three shells on a terminal")
	bin := aigneBin(t)
	var file strings.Builder
	q := func(s string) string { b, _ := json.Marshal(s); return string(b) } // a YAML double-quoted scalar
	for _, p := range ptyPlain {
		host := strings.TrimSuffix(p[1][strings.Index(p[1], "//")+2:], "/")
		if strings.HasPrefix(p[0], "https://ü") {
			host = "xn--tda.example"
		}
		fmt.Fprintf(&file, "%s:\n  AIGNE_HUB_API_URL: %s\n", q(host), q(p[0]))
	}
	for _, h := range append(slices.Clone(ptyHostile), ptyInvalid...) {
		fmt.Fprintf(&file, "%s:\n  AIGNE_HUB_API_URL: %s\n", q(h), q("https://"+h+"/ai-kit"))
	}
	for _, sh := range ptyShells {
		t.Run(sh, func(t *testing.T) {
			t.Parallel()
			s := newPtyShell(t, sh, bin, file.String(), "")
			// The attack as it happens: TAB after a prefix of the hostile
			// name, then Enter, which runs aigne with whatever is there.
			s.tabEnter("aigne hub use https://a")
			s.noneRan()
			// Each by a prefix no plain hub has (fish falls back to
			// matching anywhere in a candidate): nothing is offered.
			for _, h := range append(slices.Clone(ptyHostile[1:]), ptyInvalid...) {
				typed := plainPrefix("https://" + h)
				s.check(typed, typed)
			}
			for _, c := range ptyPlainCases {
				s.check(c[0], c[1])
			}
			s.noneRan()
		})
	}
}

// TestCompletionOnATerminalQuotesEveryCandidate is the same with an aigne
// that offers every name, as if `__complete hubs` let them all through:
// each script's quoting alone must put each on the line as the one word it
// is, and nothing must run.
func TestCompletionOnATerminalQuotesEveryCandidate(t *testing.T) {
	skipShort(t, "three shells on a terminal")
	var cands []string
	for _, h := range ptyHostile {
		cands = append(cands, "https://"+h)
	}
	// Not hosts at all, but the quoting must not depend on that either.
	cands = append(cands,
		"https://wh $({touch,pwned}) .com",
		"https://wi%$({touch,pwned})%.com",
		"https://wü$({touch,pwned}).com",
		`https://wk\$({touch,pwned}).com`,
		"https://wm<{touch,pwned}>.com",
		"https://wn|{touch,pwned}|[x]?.com",
	)
	for _, p := range ptyPlain {
		cands = append(cands, p[1])
	}
	for _, sh := range ptyShells {
		t.Run(sh, func(t *testing.T) {
			t.Parallel()
			s := newPtyShell(t, sh, "", "", strings.Join(cands, "\n")+"\n")
			s.tabEnter("aigne hub use https://a")
			s.noneRan()
			for _, c := range cands[:len(cands)-len(ptyPlain)] {
				s.check(plainPrefix(c), c)
			}
			for _, c := range ptyPlainCases {
				s.check(c[0], c[1])
			}
			s.noneRan()
		})
	}
}

// plainPrefix is the scheme of candidate and up to two letters after it.
func plainPrefix(candidate string) string {
	scheme, rest, _ := strings.Cut(candidate, "//")
	var typed []rune
	for _, r := range rest {
		if len(typed) == 2 || !unicode.IsLetter(r) {
			break
		}
		typed = append(typed, r)
	}
	return scheme + "//" + string(typed)
}

// ptyShell is an interactive shell on a pseudo-terminal with the aigne
// completion loaded.
type ptyShell struct {
	t     *testing.T
	name  string
	f     *os.File
	work  string // the shell's working directory: nothing may appear in it
	count string // a line per `aigne` run

	mu  sync.Mutex
	out []byte
}

// newPtyShell starts shell with the aigne at bin (the real one: its own
// completion script, the hub file hubFile) or, with bin "", an aigne that
// offers the lines of offer as the saved hubs.
func newPtyShell(t *testing.T, shell, bin, hubFile, offer string) *ptyShell {
	t.Helper()
	if _, err := exec.LookPath(shell); err != nil {
		if os.Getenv("AIGNE_REQUIRE_SHELLS") == "1" {
			t.Fatalf("%s is not installed and AIGNE_REQUIRE_SHELLS=1", shell)
		}
		t.Skipf("%s is not installed (set AIGNE_REQUIRE_SHELLS=1 to fail instead)", shell)
	}
	dir := t.TempDir()
	home, binDir, work := filepath.Join(dir, "home"), filepath.Join(dir, "bin"), filepath.Join(dir, "work")
	for _, d := range []string{binDir, work} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	writeHubFile(t, home, []byte(hubFile))
	count := filepath.Join(dir, "count")
	sq := func(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
	// The aigne on the PATH counts its runs, so that the test knows when
	// TAB's has ended.
	var wrapper string
	if bin != "" {
		wrapper = fmt.Sprintf("#!/bin/sh\n%s \"$@\"\ns=$?\necho >>%s\nexit $s\n", sq(bin), sq(count))
	} else {
		offered := filepath.Join(dir, "offered")
		if err := os.WriteFile(offered, []byte(offer), 0o644); err != nil {
			t.Fatal(err)
		}
		wrapper = fmt.Sprintf("#!/bin/sh\n[ \"$1\" = __complete ] && cat %s\necho >>%s\n", sq(offered), sq(count))
	}
	if err := os.WriteFile(filepath.Join(binDir, "aigne"), []byte(wrapper), 0o755); err != nil {
		t.Fatal(err)
	}
	installName := map[string]string{"bash": "aigne.bash", "zsh": "_aigne", "fish": "aigne.fish"}[shell]
	script := filepath.Join(dir, installName)
	gen := exec.Command(aigneBin(t), "completion", shell)
	gen.Env = aigneEnv(home)
	out, err := gen.Output()
	if err != nil {
		t.Fatalf("aigne completion %s: %v", shell, err)
	}
	if err := os.WriteFile(script, out, 0o644); err != nil {
		t.Fatal(err)
	}

	var cmd *exec.Cmd
	var setup string
	switch shell {
	case "bash":
		cmd = exec.Command("bash", "--norc", "--noprofile", "-i")
		setup = "PS1='@@''P@@ '; source " + sq(script)
	case "zsh":
		cmd = exec.Command("zsh", "-f", "-i")
		setup = "PS1='@@''P@@ '; autoload -U compinit; compinit -u -D; source " + sq(script)
	case "fish":
		cmd = exec.Command("fish", "--no-config", "-i", "-C",
			"set -g fish_autosuggestion_enabled 0; function fish_prompt; printf '@@%s@@ ' P; end; source "+sq(script))
	}
	cmd.Dir = work
	cmd.Env = append(aigneEnv(home),
		"PATH="+binDir+string(os.PathListSeparator)+os.Getenv("PATH"),
		"TERM=dumb", "LANG=C.UTF-8", "XDG_CONFIG_HOME="+filepath.Join(home, ".config"),
		"XDG_DATA_HOME="+filepath.Join(home, ".local", "share"))
	f, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 50, Cols: 250})
	if err != nil {
		t.Fatal(err)
	}
	s := &ptyShell{t: t, name: shell, f: f, work: work, count: count}
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 4096)
		for {
			n, err := f.Read(buf)
			s.mu.Lock()
			s.out = append(s.out, buf[:n]...)
			s.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		f.Close()
		<-done
	})
	if setup != "" {
		s.send(setup + "\r")
	}
	// zsh's compinit reads every function on its path: seconds on a busy
	// machine.
	s.waitForWithin(time.Minute, 0, regexp.MustCompile(`@@P@@`), "the first prompt")
	return s
}

func (s *ptyShell) send(keys string) {
	s.t.Helper()
	if _, err := s.f.Write([]byte(keys)); err != nil {
		s.t.Fatal(err)
	}
}

func (s *ptyShell) screen(from int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.out[from:])
}

func (s *ptyShell) mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.out)
}

// waitFor waits up to 15 s for re in the output from offset from on.
func (s *ptyShell) waitFor(from int, re *regexp.Regexp, what string) string {
	s.t.Helper()
	return s.waitForWithin(15*time.Second, from, re, what)
}

func (s *ptyShell) waitForWithin(limit time.Duration, from int, re *regexp.Regexp, what string) string {
	s.t.Helper()
	for deadline := time.Now().Add(limit); ; time.Sleep(10 * time.Millisecond) {
		if out := s.screen(from); re.MatchString(out) {
			return out
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: no %s after %s:\n%q", s.name, what, limit, s.screen(0))
		}
	}
}

func (s *ptyShell) runs() int {
	data, _ := os.ReadFile(s.count)
	return bytes.Count(data, []byte("\n"))
}

// tab types line and TAB, and returns once the shell has done with it:
// the aigne that TAB runs has ended and the shell has written nothing for
// a moment. (Typing on while a shell still completes changes what zsh
// does with the keys.)
func (s *ptyShell) tab(line string) {
	s.t.Helper()
	before := s.runs()
	s.send(line + "\t")
	for deadline := time.Now().Add(15 * time.Second); s.runs() == before; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			s.t.Fatalf("%s: %q<TAB> ran no aigne after 15s:\n%q", s.name, line, s.screen(0))
		}
	}
	for last, since := s.mark(), time.Now(); time.Since(since) < 150*time.Millisecond; time.Sleep(10 * time.Millisecond) {
		if m := s.mark(); m != last {
			last, since = m, time.Now()
		}
	}
}

// tabEnter types line, TAB and Enter, and waits for the next prompt.
func (s *ptyShell) tabEnter(line string) {
	s.t.Helper()
	from := s.mark()
	s.tab(line)
	s.send("\r")
	s.waitFor(from, regexp.MustCompile(`\n[^\n]*@@P@@`), "prompt after "+line)
}

var wordOut = regexp.MustCompile(`@@W\[(.*?)\]W@@`)

// check types `aigne hub use ` typed and TAB, then runs the line with a
// printf in front, which shows the words the shell made of it: the last
// must be want.
func (s *ptyShell) check(typed, want string) {
	s.t.Helper()
	line := "aigne hub use " + typed
	from := s.mark()
	s.tab(line)
	// Ctrl-A, to the start of the line, then Enter.
	s.send("\x01printf '@@''W[%s]W@@\\n' \r")
	out := s.waitFor(from, regexp.MustCompile(`(?s)@@W\[.*\n[^\n]*@@P@@`), "words of "+line)
	var words []string
	for _, m := range wordOut.FindAllStringSubmatch(out, -1) {
		words = append(words, m[1])
	}
	if len(words) != 4 || words[3] != want {
		s.t.Errorf("%s: %q<TAB> makes the words %q, want the last %q\n%q", s.name, line, words, want, out)
	}
}

// noneRan fails the test if anything appeared in the shell's directory:
// the hostile names create a file pwned there when run.
func (s *ptyShell) noneRan() {
	s.t.Helper()
	ents, _ := os.ReadDir(s.work)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if len(names) > 0 {
		s.t.Errorf("%s: a hub name ran: %q appeared", s.name, names)
	}
}
