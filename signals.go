package main

import (
	"context"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"syscall"
	"time"
)

// runContext is the context of one run: the first Ctrl-C or SIGTERM cancels
// it, so that whatever waits (a hub, the browser approval, a prompt, the
// file lock) stops cleanly and the run exits 130 or 143; a second signal
// kills at once.
//
// Signals are caught from the first time anything waits on the context,
// that is calls Done (every wait does: a request, a select, a derived
// context). Catching them costs a goroutine parked in the runtime's signal
// loop and an OS thread for it, a good part of the start-up of a command
// that never waits, such as `hub list`. Until then a signal ends the
// process as it would any program, which the shell reports as the same 130
// or 143; such a command changes the hub file only by renaming a complete
// new file over it, so what is on disk is the old list or the new one.
// Windows has no such convention (a process ended by Ctrl-C exits with
// 0xC000013A), so there signals are caught from the start.
type runContext struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	once   sync.Once
	got    chan os.Signal // the signal that cancelled the run
}

func newRunContext() *runContext {
	ctx, cancel := context.WithCancelCause(context.Background())
	c := &runContext{ctx: ctx, cancel: cancel, got: make(chan os.Signal, 1)}
	if runtime.GOOS == "windows" {
		c.catch()
	}
	return c
}

func (c *runContext) catch() {
	c.once.Do(func() {
		signals := make(chan os.Signal, 1)
		signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
		go func() {
			s := <-signals
			c.got <- s
			c.cancel(context.Canceled)
			signal.Reset(os.Interrupt, syscall.SIGTERM)
		}()
	})
}

func (c *runContext) Done() <-chan struct{} {
	c.catch()
	return c.ctx.Done()
}

// Err, Deadline and Value need no signals: nothing can have been caught
// before anything waited. Value hands out the inner context's own, so that
// contexts derived from this one hang on it directly, as on any cancelable
// context.
func (c *runContext) Err() error                  { return c.ctx.Err() }
func (c *runContext) Deadline() (time.Time, bool) { return c.ctx.Deadline() }
func (c *runContext) Value(key any) any           { return c.ctx.Value(key) }

// signal is the signal that stopped the run, if one did.
func (c *runContext) signal() (os.Signal, bool) {
	select {
	case s := <-c.got:
		return s, true
	default:
		return nil, false
	}
}
