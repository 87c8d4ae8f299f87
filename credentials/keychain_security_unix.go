//go:build unix

package credentials

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"syscall"
	"time"
)

// runGrouped runs path with args, stdin as its standard input (nil: none),
// in a process group of its own. A non-zero exit is reported in exitCode
// with err nil. When ctx ends first, the whole group is killed (the tool
// and whatever it started, which a kill of the tool alone would leave
// running and able to finish a write), and runGrouped returns only once
// the group is gone, or after groupGoneWait at most.
//
// It serves macOS (keychain_security_darwin.go); it is built on every Unix so that
// its tests run with real processes where no Mac is at hand.
func runGrouped(ctx context.Context, path string, stdin []byte, args ...string) (stdout, stderr []byte, exitCode int, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, -1, err
	}
	cmd := exec.Command(path, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if stdin != nil {
		cmd.Stdin = bytes.NewReader(stdin)
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	// A process that left the group and kept our pipes open must not hold
	// Wait for ever once the tool itself has exited.
	cmd.WaitDelay = time.Second
	if err := cmd.Start(); err != nil {
		return nil, nil, -1, err
	}
	pgid := cmd.Process.Pid // Setpgid with Pgid 0: the group is named after the tool
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	select {
	case err = <-done:
	case <-ctx.Done():
		select {
		case err = <-done: // it finished as time ran out: its answer stands
		default:
			// Wait has not returned: the tool still runs, or was reaped
			// only a moment ago while its output is still read (held
			// open, as a rule, by members of its group); either way the
			// id still names this group.
			killErr := syscall.Kill(-pgid, syscall.SIGKILL)
			<-done
			waitGroupGone(pgid, groupGoneWait)
			if killErr != nil && !errors.Is(killErr, syscall.ESRCH) {
				return nil, nil, -1, fmt.Errorf("%w; killing its process group: %v", ctx.Err(), killErr)
			}
			return nil, nil, -1, fmt.Errorf("%w: %s killed with its process group", ctx.Err(), path)
		}
	}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return out.Bytes(), errOut.Bytes(), 0, nil
	case errors.As(err, &exitErr) && exitErr.Exited():
		return out.Bytes(), errOut.Bytes(), exitErr.ExitCode(), nil
	}
	return out.Bytes(), errOut.Bytes(), -1, err
}

// groupGoneWait bounds the wait for a killed group's last members: SIGKILL
// cannot be caught, but each member dies when the kernel next runs it.
// Members left as zombies (their new parent has yet to reap them) count
// as present to kill(2) although they can do nothing more.
const groupGoneWait = 500 * time.Millisecond

func waitGroupGone(pgid int, limit time.Duration) {
	deadline := time.Now().Add(limit)
	for syscall.Kill(-pgid, 0) == nil && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
}
