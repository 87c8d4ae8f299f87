//go:build linux

package main

import (
	"bytes"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"

	"github.com/aigne-io/aigne/bench"
	"github.com/aigne-io/aigne/hubclient/hubtest"
)

// While status, info and list --check wait on a slow hub, a spinner turns
// on stderr when it is a terminal, in the person's language, also with
// -o json (the document is on stdout); it is erased before the answer, so
// that the screen ends as it would without it. Without a terminal on
// stderr, or on TERM=dumb, nothing of it is written.
func TestSpinnerWhileWaiting(t *testing.T) {
	skipShort(t, "a slow hub, on a terminal")
	hub := hubtest.NewT(t, hubtest.WithLatency(700*time.Millisecond))
	home, _ := seedHome(t, []bench.Entry{entryOf(hub, hub.IssueKey())}, 0)
	const zh = "zh_CN.UTF-8"
	cases := []struct {
		args        []string
		lang, title string
	}{
		{[]string{"hub", "status"}, "C", "Checking the hub"},
		{[]string{"hub", "status"}, zh, "正在检查 Hub"},
		{[]string{"-o", "json", "hub", "status"}, "C", "Checking the hub"},
		{[]string{"hub", "info", hub.URL}, "C", "Getting the account from the hub"},
		{[]string{"hub", "info", hub.URL}, zh, "正在从 Hub 获取账户信息"},
		{[]string{"hub", "list", "--check"}, "C", "Checking the hubs"},
		{[]string{"hub", "list", "--check"}, zh, "正在检查各个 Hub"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " ")+" "+c.lang, func(t *testing.T) {
			env := append(aigneEnv(home), "LANG="+c.lang)
			// Without a terminal: the answer alone, nothing on stderr.
			cmd := aigneCmd(t, home, "", c.args...)
			cmd.Env = env
			plain := finish(t, cmd)
			plain.want(t, 0, "without a terminal")
			if plain.stderr != "" {
				t.Fatalf("without a terminal, stderr has %q", plain.stderr)
			}

			raw, code := onTerminal(t, env, "xterm-256color", c.args, nil)
			if code != 0 {
				t.Fatalf("exit %d:\n%q", code, raw)
			}
			if !strings.Contains(raw, "⠋ "+c.title+"…") {
				t.Errorf("no spinner titled %q:\n%q", c.title, raw)
			}
			if got, want := screen(t, raw), strings.TrimSuffix(plain.stdout, "\n"); got != want {
				t.Errorf("the screen ends as\n%s\nwant\n%s\n(all written: %q)", got, want, raw)
			}
		})
	}

	// stdout a terminal, stderr a file; and a dumb terminal.
	var stderr bytes.Buffer
	raw, code := onTerminal(t, aigneEnv(home), "xterm-256color", []string{"hub", "status"}, &stderr)
	if code != 0 || stderr.Len() != 0 || !strings.Contains(raw, "online") {
		t.Errorf("stderr not a terminal: exit %d, stderr %q, stdout %q", code, stderr.String(), raw)
	}
	raw, code = onTerminal(t, aigneEnv(home), "dumb", []string{"hub", "list", "--check"}, nil)
	if code != 0 || strings.Contains(strings.ReplaceAll(raw, "\r\n", "\n"), "\r") || strings.Contains(raw, "⠋") || strings.Contains(raw, "\x1b[K") || strings.Contains(raw, "Checking") {
		t.Errorf("TERM=dumb: exit %d, %q", code, raw)
	}
}

// onTerminal runs aigne with args on a pseudo-terminal of 100 columns (its
// stdin, stdout and, unless stderr is given, stderr) and returns all it
// wrote there and its exit code.
func onTerminal(t *testing.T, env []string, term string, args []string, stderr *bytes.Buffer) (string, int) {
	t.Helper()
	cmd := exec.Command(aigneBin(t), args...)
	cmd.Env = append(env, "TERM="+term)
	if stderr != nil {
		cmd.Stderr = stderr
	}
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 100})
	if err != nil {
		t.Fatal(err)
	}
	defer tty.Close()
	out := &syncBuffer{}
	read := copyTerminal(out, tty)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(20 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("still running:\n%q", out.String())
	}
	select {
	case <-read: // the terminal reads as closed once aigne has gone
	case <-time.After(5 * time.Second):
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	}
	return out.String(), code
}

// screen plays what was written on a terminal as the terminal would
// show it (carriage returns, line feeds, erasing to the end of the line,
// colours ignored) and returns its lines, without trailing empty ones.
func screen(t *testing.T, raw string) string {
	t.Helper()
	lines := [][]rune{nil}
	row, col := 0, 0
	rs := []rune(raw)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; r {
		case '\r':
			col = 0
		case '\n':
			row++
			if row == len(lines) {
				lines = append(lines, nil)
			}
		case '\x1b':
			if i+1 >= len(rs) || rs[i+1] != '[' {
				t.Fatalf("an escape the test cannot play at %d: %q", i, raw)
			}
			j := i + 2
			for j < len(rs) && (rs[j] < 0x40 || rs[j] > 0x7e) {
				j++
			}
			if j == len(rs) {
				t.Fatalf("a cut escape: %q", raw)
			}
			switch seq := string(rs[i+2 : j+1]); seq {
			case "K", "0K":
				if col < len(lines[row]) {
					lines[row] = lines[row][:col]
				}
			default:
				if !strings.HasSuffix(seq, "m") {
					t.Fatalf("an escape the test cannot play: %q in %q", seq, raw)
				}
			}
			i = j
		default:
			for len(lines[row]) < col {
				lines[row] = append(lines[row], ' ')
			}
			if col < len(lines[row]) {
				lines[row][col] = r
			} else {
				lines[row] = append(lines[row], r)
			}
			col++
		}
	}
	var b strings.Builder
	for i, l := range lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(string(l))
	}
	return strings.TrimRight(b.String(), "\n")
}
