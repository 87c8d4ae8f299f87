package hubtest_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/aigne-io/aigne/hubclient/hubtest"
)

func TestLatency(t *testing.T) {
	const d = 150 * time.Millisecond
	h := hubtest.New(hubtest.WithLatency(d))
	defer h.Close()

	start := time.Now()
	if code, _ := get(t, h.URL+hubtest.BlockletPath+"?type=json"); code != 200 {
		t.Fatalf("blocklet: %d", code)
	}
	if took := time.Since(start); took < d {
		t.Errorf("answered after %s, want at least %s", took, d)
	}
	// Recorded on arrival, not when the answer goes out.
	if n := len(h.Requests()); n != 1 {
		t.Errorf("%d requests recorded, want 1", n)
	}

	h.SetLatency(0)
	start = time.Now()
	get(t, h.URL+hubtest.BlockletPath+"?type=json")
	if took := time.Since(start); took >= d {
		t.Errorf("SetLatency(0): answered after %s", took)
	}
}

// A client that gives up, or Close, ends the wait at once.
func TestLatencyReleasedByClientAndClose(t *testing.T) {
	h := hubtest.New(hubtest.WithLatency(time.Hour))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, h.URL+hubtest.BlockletPath, nil)
	start := time.Now()
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("answered despite an hour of latency")
	}
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("client gave up after %s", took)
	}

	go func() { _, _ = http.Get(h.URL + hubtest.BlockletPath) }()
	deadline := time.Now().Add(2 * time.Second)
	for len(h.Requests()) < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	done := make(chan struct{})
	go func() { h.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("Close waited for a delayed request")
	}
}
