// Command aigne manages connections to AIGNE Hub servers.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/aigne-io/aigne/cli"
)

// Stamped by the release build (-ldflags "-X main.version=…"); without
// them, versionLine asks the Go toolchain's build record instead.
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

func main() {
	// The first Ctrl-C or SIGTERM asks for a clean stop; a second signal
	// kills at once.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	ctx, cancel := context.WithCancelCause(context.Background())
	got := make(chan os.Signal, 1)
	go func() {
		s := <-signals
		got <- s
		cancel(context.Canceled)
		signal.Reset(os.Interrupt, syscall.SIGTERM)
	}()
	code := cli.Main(os.Args[1:], &cli.App{Ctx: ctx, Version: versionLine(version, commit, date, buildInfo())})
	select {
	case s := <-got:
		code = interruptedCode(code, s)
	default:
	}
	os.Exit(code)
}

// interruptedCode is the exit code of a run stopped by signal s: 128 + the
// signal's number, as a shell reports a process killed by it (130 for
// Ctrl-C, 143 for SIGTERM). A run that finished all the same keeps its own.
func interruptedCode(code int, s os.Signal) int {
	if code != cli.ExitInterrupted {
		return code
	}
	if n, ok := s.(syscall.Signal); ok {
		return 128 + int(n)
	}
	return code
}
