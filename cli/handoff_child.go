package cli

import (
	"errors"
	"os"
	"os/exec"
)

// runChild runs the Node CLI as a child process on this process's standard
// streams and returns its exit code; an error means it could not be
// started. Where there is no exec (Windows) this is how a command is
// passed on.
func runChild(n NodeCLI, args, environ []string) (int, error) {
	cmd := exec.Command(n.Path, append(append([]string{}, n.Args...), args...)...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	cmd.Env = environ
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
