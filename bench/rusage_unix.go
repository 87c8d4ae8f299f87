//go:build unix

package bench

import (
	"os"
	"runtime"
	"syscall"
)

// MaxRSS is the peak resident set of a process that ended, in bytes, as
// wait4 reported it.
//
// On Linux that figure is never below what the parent had resident when it
// started the child: Go starts children with vfork, so the child shares the
// parent's memory until exec, and exec records that memory's peak as the
// child's. Measure from a small parent (cmd/spawn) to keep that floor low.
func MaxRSS(ps *os.ProcessState) int64 {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0
	}
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		return int64(ru.Maxrss) // bytes there
	}
	return int64(ru.Maxrss) * 1024 // KiB on Linux and the BSDs
}
