//go:build linux

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
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
			read := make(chan struct{})
			go func() {
				defer close(read)
				buf := make([]byte, 4096)
				for {
					n, err := tty.Read(buf)
					screen.Write(buf[:n])
					if err != nil {
						return
					}
				}
			}()
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
