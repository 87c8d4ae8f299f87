//go:build darwin

package credentials

import "context"

func platformBackend() Backend { return macBackend{service: KeychainService, run: macExec} }

// macExec runs /usr/bin/security in a process group of its own, killed as a
// whole when ctx ends. Without stdin the tool reads /dev/null, so it can
// never sit waiting on the terminal; the dialogs it may bring up are
// macOS's own.
func macExec(ctx context.Context, stdin []byte, args ...string) (stdout, stderr []byte, exitCode int, err error) {
	return runGrouped(ctx, macSecurityPath, stdin, args...)
}
