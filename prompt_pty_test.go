//go:build linux

package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/mattn/go-runewidth"
)

// The prompts on a pseudo-terminal of the test's own, with aigne as the
// session leader whose controlling terminal it is, in huh's mode and on a
// dumb terminal: Ctrl-C, Esc and Ctrl-D cancel with exit 130 and change
// nothing; a wrong answer asks again; the prompt shows at once even where
// the terminal answers no colour query.
func TestPromptsOnATerminal(t *testing.T) {
	skipShort(t, "a dozen prompts on a terminal")
	const hubs = "a.example:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n  AIGNE_HUB_API_KEY: ka\n" +
		"b.example:\n  AIGNE_HUB_API_URL: https://b.example/ai-kit\n  AIGNE_HUB_API_KEY: kb\n"
	bin := aigneBin(t)
	if raceEnabled {
		// The race detector reports a race in a library under huh, not in
		// aigne: Bubble Tea closes muesli/cancelreader's file while its
		// reader still polls it. The prompts run in an ordinary build, as
		// a user runs them.
		bin = buildAigne(t)
	}
	cases := []struct {
		name, term string
		keys       []string // sent one at a time, each after the screen has the previous prompt
		code       int
		removed    string
	}{
		{"esc", "xterm-256color", []string{"\x1b"}, 130, ""},
		{"ctrl-d", "xterm-256color", []string{"\x04"}, 130, ""},
		{"ctrl-c", "xterm-256color", []string{"\x03"}, 130, ""},
		{"pick the second", "xterm-256color", []string{"\x1b[B", "\r"}, 0, "b.example"},
		{"dumb ctrl-d", "dumb", []string{"\x04"}, 130, ""},
		{"dumb ctrl-c", "dumb", []string{"\x03"}, 130, ""},
		{"dumb esc", "dumb", []string{"\x1b\n"}, 130, ""},
		{"dumb out of range, then ctrl-d", "dumb", []string{"7\n", "\x04"}, 130, ""},
		{"dumb out of range, then 2", "dumb", []string{"0\n", "2\n"}, 0, "b.example"},
		// A signal at the prompt is an interruption, not an answer.
		{"sigterm", "xterm-256color", []string{sigterm}, 143, ""},
		{"sigint from elsewhere", "xterm-256color", []string{sigint}, 130, ""},
		{"dumb sigterm", "dumb", []string{sigterm}, 143, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			home := t.TempDir()
			path := writeHubFile(t, home, []byte(hubs))
			cmd := exec.Command(bin, "hub", "remove")
			cmd.Env = append(aigneEnv(home), "TERM="+c.term)
			start := time.Now()
			tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 30, Cols: 100})
			if err != nil {
				t.Fatal(err)
			}
			screen := &syncBuffer{}
			read := copyTerminal(screen, tty)
			defer func() {
				_ = cmd.Process.Kill()
				tty.Close()
				<-read
			}()
			prompts := 0
			for _, k := range c.keys {
				// Wait for the (next) prompt before typing.
				want := prompts + 1
				for deadline := time.Now().Add(5 * time.Second); countPrompts(screen.String(), c.term) < want; time.Sleep(20 * time.Millisecond) {
					if time.Now().After(deadline) {
						t.Fatalf("no prompt %d after 5s:\n%q", want, screen.String())
					}
				}
				if prompts == 0 {
					if d := time.Since(start); d > 2*time.Second {
						t.Errorf("the prompt took %s to appear", d)
					}
				}
				prompts = want
				time.Sleep(50 * time.Millisecond)
				if sig, ok := signals[k]; ok {
					if err := cmd.Process.Signal(sig); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if _, err := tty.Write([]byte(k)); err != nil {
					t.Fatal(err)
				}
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err2 error
			select {
			case err2 = <-done:
			case <-time.After(10 * time.Second):
				t.Fatalf("still running:\n%q", screen.String())
			}
			// All it wrote: the terminal reads as closed once it has gone.
			select {
			case <-read:
			case <-time.After(5 * time.Second):
			}
			code := 0
			var ee *exec.ExitError
			if errors.As(err2, &ee) {
				code = ee.ExitCode()
			}
			out := screen.String()
			if code != c.code {
				t.Fatalf("exit %d, want %d:\n%q", code, c.code, out)
			}
			if strings.Contains(out, "panic") || strings.Contains(out, "goroutine ") {
				t.Fatalf("crashed:\n%s", out)
			}
			data, _ := os.ReadFile(path)
			switch {
			case c.removed == "" && string(data) != hubs:
				t.Fatalf("the file changed:\n%s", data)
			case c.removed != "" && strings.Contains(string(data), c.removed+":"):
				t.Fatalf("%s not removed:\n%s", c.removed, data)
			}
		})
	}
}

// Stand-ins for keys: send this signal instead of typing.
const (
	sigterm = "<SIGTERM>"
	sigint  = "<SIGINT>"
)

var signals = map[string]syscall.Signal{sigterm: syscall.SIGTERM, sigint: syscall.SIGINT}

// countPrompts counts the prompts the screen has shown so far.
func countPrompts(screen, term string) int {
	if term == "dumb" {
		return strings.Count(screen, "Enter a number")
	}
	if strings.Contains(screen, "b.example") {
		return 1 << 10 // huh's prompt stays up: type away
	}
	return 0
}

// buildAigne builds aigne as a user gets it (go build, without the race
// detector, the version stamped e2e) into a directory of the test's, for
// the one test that cannot run the test binary under -race.
func buildAigne(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), exeName())
	cmd := exec.Command("go", "build", "-o", bin, "-ldflags", "-X main.version="+e2eVersion, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// syncBuffer is a bytes.Buffer that one goroutine fills while another
// reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// copyTerminal copies what aigne writes to its terminal into out until the
// terminal reads as closed, which the returned channel then says.
func copyTerminal(out io.Writer, tty io.Reader) <-chan struct{} {
	done := make(chan struct{})
	go func() {
		defer close(done)
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			out.Write(buf[:n])
			if err != nil {
				return
			}
		}
	}()
	return done
}

// promptBin is the aigne that the prompt tests run on a terminal.
func promptBin(t *testing.T) string {
	if raceEnabled {
		// The race detector reports a race in a library under huh, not in
		// aigne: Bubble Tea closes muesli/cancelreader's file while its
		// reader still polls it. The prompts run in an ordinary build, as
		// a user runs them.
		return buildAigne(t)
	}
	return aigneBin(t)
}

// ptyRun is aigne running on a pseudo-terminal of the test's own, as
// the session leader whose controlling terminal it is.
type ptyRun struct {
	t          *testing.T
	cmd        *exec.Cmd
	tty        *os.File
	out        *syncBuffer
	read       <-chan struct{}
	rows, cols int
}

func startPTY(t *testing.T, bin string, env []string, rows, cols int, args ...string) *ptyRun {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: uint16(rows), Cols: uint16(cols)})
	if err != nil {
		t.Fatal(err)
	}
	r := &ptyRun{t: t, cmd: cmd, tty: tty, out: &syncBuffer{}, rows: rows, cols: cols}
	r.read = copyTerminal(r.out, tty)
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		tty.Close()
		<-r.read
	})
	return r
}

// screen is what the terminal shows now.
func (r *ptyRun) screen() *vtScreen { return render(r.out.String(), r.rows, r.cols) }

// waitScreen waits until the terminal shows exactly want.
func (r *ptyRun) waitScreen(want string) {
	r.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s := r.screen()
		if s.String() == want {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("the screen after 5s:\n%s\n\nwant:\n%s\n\noutput: %q", s, want, r.out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (r *ptyRun) send(keys string) {
	r.t.Helper()
	if _, err := r.tty.Write([]byte(keys)); err != nil {
		r.t.Fatal(err)
	}
}

// exit waits for aigne to end and returns its exit code, once the
// terminal has all it wrote.
func (r *ptyRun) exit() int {
	r.t.Helper()
	done := make(chan error, 1)
	go func() { done <- r.cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		r.t.Fatalf("still running:\n%s", r.screen())
	}
	select {
	case <-r.read:
	case <-time.After(5 * time.Second):
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return 0
}

// promptWords are the words of the prompts' screens in one language.
type promptWords struct {
	lang                                 string // LANG
	use, remove, info, connect           string // titles
	official, custom, urlAsk             string
	active                               string // the active hub's suffix
	invalid                              string // an invalid file entry's suffix
	hints, filterHints, inputHints       string
	interrupted                          string // how the error line after a cancel starts
	switched, removed, plainHTTP, scheme string // formats, %s the hub
	emptyURL                             string
	numberDefault                        string // the plain prompt's question, 2 choices, 1 the default
	number                               string // the same, with no default
}

var promptLanguages = []promptWords{{
	lang:          "C",
	use:           "Choose a hub to switch to:",
	remove:        "Choose a hub to remove:",
	info:          "Choose a hub to view info:",
	connect:       "Choose a hub to connect:",
	official:      "Official Hub (https://hub.aigne.io)",
	custom:        "Custom Hub URL",
	urlAsk:        "Enter the URL of your AIGNE Hub:",
	active:        " (active)",
	invalid:       " (invalid entry)",
	hints:         "↑ up • ↓ down • / filter • enter submit • esc cancel",
	filterHints:   "↑ up • ↓ down • esc clear filter • enter submit • ctrl+c cancel",
	inputHints:    "enter submit • esc cancel",
	interrupted:   "Error: interrupted",
	switched:      "✓ Switched active hub to %s",
	removed:       "✓ Hub %s removed",
	plainHTTP:     "%s uses plain http: the API key would travel unencrypted; use https (plain http is only allowed to localhost)",
	scheme:        `unsupported scheme %q (use http or https)`,
	emptyURL:      "empty URL",
	numberDefault: "Enter a number from 1 to 2, or nothing for 1 (Ctrl-D to cancel):",
	number:        "Enter a number from 1 to 2 (Ctrl-D to cancel):",
}, {
	lang:          "zh_CN.UTF-8",
	use:           "选择要切换到的 Hub：",
	remove:        "选择要移除的 Hub：",
	info:          "选择要查看信息的 Hub：",
	connect:       "选择要连接的 Hub：",
	official:      "官方 Hub (https://hub.aigne.io)",
	custom:        "自定义 Hub URL",
	urlAsk:        "输入您的 AIGNE Hub URL：",
	active:        " (活动)", // after a URL, as the official hub's label has it: ASCII space and brackets
	invalid:       " (无效条目)",
	hints:         "↑ 上 • ↓ 下 • / 筛选 • enter 提交 • esc 取消",
	filterHints:   "↑ 上 • ↓ 下 • esc 清除筛选 • enter 提交 • ctrl+c 取消",
	inputHints:    "enter 提交 • esc 取消",
	interrupted:   "错误：已中断",
	switched:      "✓ 已将活动 Hub 切换到 %s",
	removed:       "✓ Hub %s 已移除",
	plainHTTP:     "%s 使用明文 http：API 密钥将以未加密方式传输；请使用 https（仅 localhost 允许明文 http）",
	scheme:        `不支持的协议 %q（请使用 http 或 https）`,
	emptyURL:      "URL 为空",
	numberDefault: "请输入 1 到 2 之间的数字，直接回车选 1（Ctrl-D 取消）：",
	number:        "请输入 1 到 2 之间的数字（Ctrl-D 取消）：",
}}

// cutCells is s as a terminal cols wide shows it: cut into rows of cols
// cells, a wide character that does not fit going to the next row.
func cutCells(s string, cols int) string {
	var b strings.Builder
	width := 0
	for _, r := range s {
		w := runewidth.RuneWidth(r)
		if width+w > cols {
			b.WriteByte('\n')
			width = 0
		}
		b.WriteRune(r)
		width += w
	}
	return b.String()
}

func ptr(s string) *string { return &s }

// picker is the screen of a selection prompt: its title (or the filter
// being typed), the options with the cursor on one, and the key hints.
func picker(title string, options []string, cursor int, hints string) string {
	lines := []string{"┃ " + title}
	for i, o := range options {
		mark := "┃   "
		switch {
		case i == cursor:
			mark = "┃ > "
		case o == "":
			mark = "┃"
		}
		lines = append(lines, mark+o)
	}
	return strings.Join(append(lines, "", hints), "\n")
}

// input is the screen of a text prompt: its title, the answer typed so
// far, and below them the reason the last answer was refused, if any,
// then the key hints.
func input(title, typed, reason, hints string, cols int) string {
	lines := []string{"┃ " + title, "┃ > " + typed, ""}
	if reason != "" {
		lines = append(lines, wrapCells(" * "+reason, cols)...)
	}
	return strings.Join(append(lines, hints), "\n")
}

// wrapCells cuts s into lines of at most cols cells, at spaces where it
// can, as the prompt library wraps its error lines.
func wrapCells(s string, cols int) []string {
	var lines []string
	line, width := "", 0
	for _, w := range strings.SplitAfter(s, " ") {
		ww := runewidth.StringWidth(strings.TrimRight(w, " "))
		if width+ww > cols && line != "" {
			lines = append(lines, strings.TrimRight(line, " "))
			line, width = "", 0
		}
		line += w
		width += runewidth.StringWidth(w)
	}
	return append(lines, strings.TrimRight(line, " "))
}

// The prompts' whole screens in both languages: the reference's titles,
// key hints that name the cancel key, Esc in a filter clearing it while
// Esc elsewhere cancels, nothing of a prompt left on the screen after an
// answer or a cancel, a custom URL asked again until it can be used, and
// a long list whose title stays in view.
func TestPromptScreens(t *testing.T) {
	skipShort(t, "prompts on a terminal, in two languages")
	bin := promptBin(t)
	const two = "a.example:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n  AIGNE_HUB_API_KEY: ka\n" +
		"b.example:\n  AIGNE_HUB_API_URL: https://b.example/ai-kit\n  AIGNE_HUB_API_KEY: kb\n" +
		"default:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n"
	const one = "a.example:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n  AIGNE_HUB_API_KEY: ka\n"
	// An entry whose name is not its URL's host, in upper case: no host
	// argument names it, so the picker is the way to it.
	const withInvalid = one + "Bad.Example:\n  AIGNE_HUB_API_URL: https://other.example/ai-kit\n" +
		"default:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n"
	var fifty strings.Builder
	var fiftyHubs []string
	for i := range 50 {
		host := fmt.Sprintf("hub%02d.example", i)
		fmt.Fprintf(&fifty, "%s:\n  AIGNE_HUB_API_URL: https://%s/ai-kit\n  AIGNE_HUB_API_KEY: k\n", host, host)
		fiftyHubs = append(fiftyHubs, "https://"+host)
	}
	type step struct {
		screen, keys string // wait for the screen, then type the keys
	}
	type scene struct {
		name  string
		term  string // "" for xterm-256color
		args  []string
		hubs  string
		rows  int
		steps []step
		code  int
		final string  // the whole screen at the end ("" for the line of an interruption)
		file  *string // the hub list at the end (nil: unchanged)
	}
	const cols = 80
	for _, w := range promptLanguages {
		a, b := "https://a.example", "https://b.example"
		scenes := []scene{{
			name: "remove: esc clears a filter, then cancels",
			args: []string{"hub", "remove"}, hubs: two, rows: 24,
			steps: []step{
				{picker(w.remove, []string{a + w.active, b}, 0, w.hints), "/"},
				{picker("/", []string{a + w.active, b}, 0, w.filterHints), "b"},
				// (huh keeps the list's height, drawing the rows the
				// filter took away as blank.)
				{picker("/b", []string{b, ""}, 0, w.filterHints), "\x1b"},
				{picker(w.remove, []string{a + w.active, b}, 0, w.hints), "\x1b"},
			},
			code: 130,
		}, {
			name: "use: the second",
			args: []string{"hub", "use"}, hubs: two, rows: 24,
			steps: []step{
				{picker(w.use, []string{a + w.active, b}, 0, w.hints), "\x1b[B"},
				{picker(w.use, []string{a + w.active, b}, 1, w.hints), "\r"},
			},
			code: 0, final: fmt.Sprintf(w.switched, b),
			file: ptr(strings.Replace(two, "default:\n  AIGNE_HUB_API_URL: https://a.example", "default:\n  AIGNE_HUB_API_URL: https://b.example", 1)),
		}, {
			name: "info: ctrl-c",
			args: []string{"hub", "info"}, hubs: two, rows: 24,
			steps: []step{{picker(w.info, []string{a + w.active, b}, 0, w.hints), "\x03"}},
			code:  130,
		}, {
			name: "remove: ctrl-d",
			args: []string{"hub", "remove"}, hubs: two, rows: 24,
			steps: []step{{picker(w.remove, []string{a + w.active, b}, 0, w.hints), "\x04"}},
			code:  130,
		}, {
			name: "remove: the one hub is still asked for",
			args: []string{"hub", "remove"}, hubs: one, rows: 24,
			steps: []step{{picker(w.remove, []string{a}, 0, w.hints), "\r"}},
			code:  0, final: fmt.Sprintf(w.removed, a), file: ptr(""),
		}, {
			name: "remove: an invalid entry is offered, marked, and removed alone",
			args: []string{"hub", "remove"}, hubs: withInvalid, rows: 24,
			steps: []step{
				{picker(w.remove, []string{a + w.active, "Bad.Example" + w.invalid}, 0, w.hints), "\x1b[B"},
				{picker(w.remove, []string{a + w.active, "Bad.Example" + w.invalid}, 1, w.hints), "\r"},
			},
			code: 0, final: fmt.Sprintf(w.removed, "Bad.Example"),
			file: ptr(one + "default:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n"),
		}, {
			name: "dumb terminal: remove, an invalid entry",
			term: "dumb", args: []string{"hub", "remove"}, hubs: withInvalid, rows: 24,
			steps: []step{
				{strings.Join([]string{w.remove, "  1. " + a + w.active, "  2. Bad.Example" + w.invalid, w.number}, "\n"), "2\n"},
			},
			code: 0, final: "-",
			file: ptr(one + "default:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n"),
		}, {
			name: "use: the one hub, without asking",
			args: []string{"hub", "use"}, hubs: one, rows: 24,
			code: 0, final: fmt.Sprintf(w.switched, a),
			file: ptr(one + "default:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n"),
		}, {
			name: "connect: a custom URL is asked again until it can be used",
			args: []string{"hub", "connect"}, rows: 24,
			steps: []step{
				{picker(w.connect, []string{w.official, w.custom}, 0, w.hints), "\x1b[B"},
				{picker(w.connect, []string{w.official, w.custom}, 1, w.hints), "\r"},
				{input(w.urlAsk, "https://", "", w.inputHints, cols), "http://example.com"},
				{input(w.urlAsk, "http://example.com", "", w.inputHints, cols), "\r"},
				{input(w.urlAsk, "http://example.com", fmt.Sprintf(w.plainHTTP, "http://example.com"), w.inputHints, cols), "\x15ftp://x\r"},
				{input(w.urlAsk, "ftp://x", fmt.Sprintf(w.scheme, "ftp"), w.inputHints, cols), "\x15\r"},
				{input(w.urlAsk, "https://", w.emptyURL, w.inputHints, cols), "\x1b"},
			},
			code: 130,
		}, {
			name: "dumb terminal: connect, a custom URL asked again",
			term: "dumb", args: []string{"hub", "connect"}, rows: 24,
			steps: []step{
				{strings.Join([]string{w.connect, "  1. " + w.official, "  2. " + w.custom, w.numberDefault}, "\n"), "2\n"},
				{strings.Join([]string{w.connect, "  1. " + w.official, "  2. " + w.custom, w.numberDefault + " 2", w.urlAsk}, "\n"), "http://example.com\n"},
				{strings.Join([]string{w.connect, "  1. " + w.official, "  2. " + w.custom, w.numberDefault + " 2", w.urlAsk + " http://example.com",
					cutCells(fmt.Sprintf(w.plainHTTP, "http://example.com"), cols), w.urlAsk}, "\n"), "\x04"},
			},
			code: 130, final: "-",
		}, {
			name: "use: fifty hubs, the title in view",
			args: []string{"hub", "use"}, hubs: fifty.String(), rows: 24,
			steps: []step{
				// 24 rows: the title, 20 hubs, a blank line, the hints,
				// and the line the cursor rests on.
				{picker(w.use, fiftyHubs[:20], 0, w.hints), "\x1b[B"},
				// (huh scrolls the list to keep the cursor on its first row.)
				{picker(w.use, fiftyHubs[1:21], 0, w.hints), "\x03"},
			},
			code: 130,
		}}
		for _, sc := range scenes {
			t.Run(w.lang+"/"+sc.name, func(t *testing.T) {
				home := t.TempDir()
				var path string
				if sc.hubs != "" {
					path = writeHubFile(t, home, []byte(sc.hubs))
				}
				term := sc.term
				if term == "" {
					term = "xterm-256color"
				}
				env := append(aigneEnv(home), "TERM="+term, "LANG="+w.lang)
				r := startPTY(t, bin, env, sc.rows, cols, sc.args...)
				for _, s := range sc.steps {
					r.waitScreen(s.screen)
					time.Sleep(30 * time.Millisecond) // a lone Esc is read as Esc
					r.send(s.keys)
				}
				code := r.exit()
				s := r.screen()
				if code != sc.code {
					t.Fatalf("exit %d, want %d:\n%s", code, sc.code, s)
				}
				if len(s.leaks) > 0 {
					t.Errorf("on the terminal: %q", s.leaks)
				}
				if s.scrolled > 0 {
					t.Errorf("%d lines scrolled off the terminal", s.scrolled)
				}
				switch got := s.String(); {
				case sc.final == "-": // plain lines: they stay
				case sc.final == "" && (strings.Contains(got, "\n") || !strings.HasPrefix(got, w.interrupted)):
					t.Errorf("the screen after the prompt:\n%s\nwant only the line %q…", got, w.interrupted)
				case sc.final != "" && got != sc.final:
					t.Errorf("the screen after the prompt:\n%s\nwant:\n%s", got, sc.final)
				}
				if path == "" {
					return
				}
				want := sc.hubs
				if sc.file != nil {
					want = *sc.file
				}
				if data, _ := os.ReadFile(path); string(data) != want {
					t.Errorf("the hub list:\n%s\nwant:\n%s", data, want)
				}
			})
		}
	}
}
