//go:build !unix

package cli

import (
	"os"
	"os/signal"
)

// runNodeCLI runs the Node CLI as a child (Windows has no exec) and
// returns its exit code.
func runNodeCLI(n NodeCLI, args, environ []string) (int, error) {
	// Ctrl-C reaches every process on the console; the child decides what
	// it means, and this one waits for its exit code instead of dying
	// first (a handler that is only ignoring lets the default end us).
	signal.Notify(make(chan os.Signal, 1), os.Interrupt)
	return runChild(n, args, environ)
}
