// Command aigne manages connections to AIGNE Hub servers, and passes the
// other commands of the Node.js CLI of the same name on to it.
package main

import (
	"os"
	"syscall"

	"github.com/aigne-io/aigne/cli"
)

// Stamped by the release build (-ldflags "-X main.version=…"); without
// them, stamps asks the Go toolchain's build record instead.
var (
	version = "dev"
	commit  = "none"
	date    = "unknown"
)

func main() {
	// The Node CLI's commands go to it before anything of ours starts.
	if code, done := cli.HandOn(os.Args[1:]); done {
		os.Exit(code)
	}
	ctx := newRunContext()
	code := cli.Main(os.Args[1:], &cli.App{Ctx: ctx, Build: func() cli.Build { return stamps(version, commit, date, buildInfo()) }})
	if s, ok := ctx.signal(); ok {
		code = interruptedCode(code, s)
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
