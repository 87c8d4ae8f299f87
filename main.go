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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl-C asks for a clean stop; a second one kills at once.
	go func() {
		<-ctx.Done()
		stop()
	}()
	code := cli.Main(os.Args[1:], &cli.App{Ctx: ctx, Version: versionLine(version, commit, date, buildInfo())})
	stop()
	os.Exit(code)
}
