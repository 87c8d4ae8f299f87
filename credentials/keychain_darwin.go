//go:build darwin

package credentials

import (
	"bytes"
	"errors"
	"os/exec"
)

func platformBackend() Backend { return macBackend{service: KeychainService, run: macExec} }

// macExec runs /usr/bin/security. Without stdin the tool reads /dev/null, so
// it can never sit waiting on the terminal; the dialogs it may bring up are
// macOS's own.
func macExec(stdin []byte, args ...string) (stdout, stderr []byte, exitCode int, err error) {
	cmd := exec.Command(macSecurityPath, args...)
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err = cmd.Run()
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) && exitErr.Exited() {
		return out.Bytes(), errOut.Bytes(), exitErr.ExitCode(), nil
	}
	if err != nil {
		return out.Bytes(), errOut.Bytes(), -1, err
	}
	return out.Bytes(), errOut.Bytes(), 0, nil
}
