//go:build !windows

package cli

import "syscall"

// The system's reasons for a failed connection, as errors.Is finds them.
var (
	errsRefused     = []error{syscall.ECONNREFUSED}
	errsReset       = []error{syscall.ECONNRESET}
	errsUnreachable = []error{syscall.ENETUNREACH, syscall.EHOSTUNREACH}
)
