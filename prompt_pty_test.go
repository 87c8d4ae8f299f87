//go:build linux

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aigne-io/aigne/credentials"
)

// The prompts on a real pseudo-terminal (util-linux's script makes one),
// in huh's mode and on a dumb terminal: Ctrl-C, Esc and Ctrl-D cancel with
// exit 130 and change nothing; a wrong answer asks again; the prompt shows
// at once even where the terminal answers no colour query.
func TestPromptsOnATerminal(t *testing.T) {
	if _, err := exec.LookPath("script"); err != nil {
		t.Skip("script (util-linux) is not installed")
	}
	const hubs = "a.example:\n  AIGNE_HUB_API_URL: https://a.example/ai-kit\n  AIGNE_HUB_API_KEY: ka\n" +
		"b.example:\n  AIGNE_HUB_API_URL: https://b.example/ai-kit\n  AIGNE_HUB_API_KEY: kb\n"
	bin := filepath.Join(aigneBinary(t), "aigne")
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
			path := filepath.Join(home, ".aigne", credentials.FileName)
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(hubs), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("script", "-qfec", "stty rows 30 cols 100; exec "+bin+" hub remove", "/dev/null")
			cmd.Env = append(aigneEnv(home), "TERM="+c.term)
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			screen := &syncBuffer{}
			cmd.Stdout, cmd.Stderr = screen, screen
			start := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Process.Kill()
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
					// To aigne itself, which script runs under a shell.
					pid := childNamed(t, cmd.Process.Pid, "aigne")
					if err := syscall.Kill(pid, sig); err != nil {
						t.Fatal(err)
					}
					continue
				}
				if _, err := stdin.Write([]byte(k)); err != nil {
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

// childNamed finds the process called name among the descendants of pid.
func childNamed(t *testing.T, pid int, name string) int {
	t.Helper()
	type proc struct {
		comm string
		ppid int
	}
	procs := map[int]proc{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces, so from the last ')'.
		i, j := bytes.LastIndexByte(stat, ')'), bytes.IndexByte(stat, '(')
		if i < 0 || j < 0 || j > i {
			continue
		}
		fields := strings.Fields(string(stat[i+1:]))
		if len(fields) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		procs[p] = proc{comm: string(stat[j+1 : i]), ppid: ppid}
	}
	for p, pr := range procs {
		if pr.comm != name {
			continue
		}
		for q := pr.ppid; q > 1; q = procs[q].ppid {
			if q == pid {
				return p
			}
		}
	}
	t.Fatalf("no process %q under %d", name, pid)
	return 0
}

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
