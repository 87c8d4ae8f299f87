//go:build unix

package main

import (
	"context"
	"syscall"
	"testing"
	"time"
)

// Waiting on the run's context (here through a derived one, as a request
// does) is what starts catching signals; a SIGTERM then cancels it, with
// context.Canceled as the cause, and is reported as the run's signal.
func TestRunContextCatchesOnceWaitedOn(t *testing.T) {
	rc := newRunContext()
	if _, ok := rc.signal(); ok {
		t.Fatal("a signal before any")
	}
	ctx, cancel := context.WithTimeout(rc, time.Minute)
	defer cancel()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("SIGTERM did not cancel the run")
	}
	if err := context.Cause(ctx); err != context.Canceled {
		t.Fatalf("cause %v", err)
	}
	if rc.Err() != context.Canceled {
		t.Fatalf("run context: %v", rc.Err())
	}
	if s, ok := rc.signal(); !ok || s != syscall.SIGTERM {
		t.Fatalf("signal %v %v", s, ok)
	}
}
