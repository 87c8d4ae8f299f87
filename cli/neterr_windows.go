package cli

import (
	"syscall"

	"golang.org/x/sys/windows"
)

// The system's reasons for a failed connection, as errors.Is finds them. On
// Windows the socket calls fail with Winsock's codes (WSAECONNREFUSED,
// 10061), which are not syscall's ECONNREFUSED and the like: those exist
// there only for portable code, and no socket call returns them.
var (
	errsRefused     = []error{windows.WSAECONNREFUSED, syscall.ECONNREFUSED}
	errsReset       = []error{windows.WSAECONNRESET, syscall.ECONNRESET}
	errsUnreachable = []error{windows.WSAENETUNREACH, windows.WSAEHOSTUNREACH, syscall.ENETUNREACH, syscall.EHOSTUNREACH}
)
