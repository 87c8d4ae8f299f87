//go:build unix

package cli

import "syscall"

// runNodeCLI replaces this process with the Node CLI: same process id, the
// terminal's signals reach it directly, and its exit status is the run's.
// It returns only when the exec failed.
func runNodeCLI(n NodeCLI, args, environ []string) (int, error) {
	argv := append(append([]string{n.Path}, n.Args...), args...)
	return ExitFailure, syscall.Exec(n.Path, argv, environ)
}
