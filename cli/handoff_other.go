//go:build !unix

package cli

import (
	"errors"
	"os"
	"os/exec"
	"os/signal"
)

// runNodeCLI runs the Node CLI as a child (Windows has no exec) on the
// same standard streams, and returns its exit code.
func runNodeCLI(n NodeCLI, args, environ []string) (int, error) {
	cmd := exec.Command(n.Path, append(append([]string{}, n.Args...), args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = environ
	// Ctrl-C reaches every process on the console; the child decides what
	// it means, and this one waits for its exit code instead of dying
	// first (a handler that is only ignoring lets the default end us).
	signal.Notify(make(chan os.Signal, 1), os.Interrupt)
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), nil
	}
	if err != nil {
		return ExitFailure, err
	}
	return ExitOK, nil
}
