package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/huburl"
)

// syncBuffer lets the server goroutine write while the test reads.
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

func TestRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-credit", "-key", "aigne_fixed"}, pw, &stderr)
		pw.Close()
	}()

	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("reading the URL: %v (stderr: %s)", err, stderr.String())
	}
	origin := strings.TrimSpace(line)
	if !strings.HasPrefix(origin, "http://127.0.0.1:") {
		t.Fatalf("first line %q is not the hub URL", line)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()

	o, err := huburl.Parse(origin)
	if err != nil {
		t.Fatal(err)
	}
	c := hubclient.New(nil)
	api, err := c.Discover(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	info, err := c.UserInfo(ctx, api, "aigne_fixed")
	if err != nil || !info.EnableCredit {
		t.Fatalf("UserInfo = %+v, %v", info, err)
	}

	// A human sees an Approve button rather than an instant approval.
	sid, err := c.StartSession(ctx, o)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(hubclient.AuthorizeURL(o, sid, hubclient.AuthorizeParams{}))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "Approve</button>") {
		t.Errorf("approval page has no Approve button:\n%s", page)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("run did not stop when interrupted")
	}
	if !strings.Contains(stderr.String(), "aigne hub connect "+origin) {
		t.Errorf("no usage hint on stderr:\n%s", stderr.String())
	}
}

func TestRunRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{{"-mode", "bogus"}, {"extra"}, {"-nope"}} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%q) succeeded", args)
		}
	}
}
