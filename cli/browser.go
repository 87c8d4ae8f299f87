package cli

import (
	"errors"
	"io"
	"io/fs"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/cli/browser"
)

// browserExitWait is how long openBrowser waits for a $BROWSER command to
// fail: a launcher that cannot open anything exits at once, while a
// browser that opened may stay in the foreground as long as its window.
const browserExitWait = time.Second

// browserError is a browser that could not show the login page.
type browserError struct {
	cmd  string // the $BROWSER command, "" for the platform's opener
	exit int    // its exit status; -1 when it did not run
	err  error
}

func (e *browserError) Error() string { return e.err.Error() }
func (e *browserError) Unwrap() error { return e.err }

// openBrowser opens url with $BROWSER when set (a command, possibly with
// arguments), else the platform's opener. The browser's own chatter goes to
// errOut: stdout belongs to the command's result. A $BROWSER that cannot
// be started, or exits with a failure within browserExitWait, is an error.
func openBrowser(getenv func(string) string, errOut io.Writer, url string) error {
	if b := strings.Fields(getenv("BROWSER")); len(b) > 0 {
		cmd := exec.Command(b[0], append(b[1:], url)...)
		cmd.Stdout, cmd.Stderr = errOut, errOut
		if err := cmd.Start(); err != nil {
			return &browserError{cmd: getenv("BROWSER"), exit: -1, err: err}
		}
		// A GUI browser may stay in the foreground for as long as the
		// window is open; reap it without waiting for it.
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				return &browserError{cmd: getenv("BROWSER"), exit: ee.ExitCode(), err: err}
			}
			return err
		case <-time.After(browserExitWait):
			return nil
		}
	}
	browser.Stdout, browser.Stderr = errOut, errOut
	if err := browser.OpenURL(url); err != nil {
		return &browserError{exit: -1, err: err}
	}
	return nil
}

// browserFailure words why the browser did not show the login page.
func browserFailure(p Printer, err error) string {
	var be *browserError
	switch {
	case !errors.As(err, &be):
		return p.T(MsgWarnBrowserOpen, strconv.Quote(err.Error()))
	case be.cmd != "" && be.exit >= 0:
		return p.T(MsgWarnBrowserExit, be.cmd, be.exit)
	case be.cmd != "" && (errors.Is(be.err, fs.ErrNotExist) || errors.Is(be.err, exec.ErrNotFound)):
		return p.T(MsgWarnBrowserRun, be.cmd, p.T(MsgFileNotExist))
	case be.cmd != "":
		return p.T(MsgWarnBrowserRun, be.cmd, strconv.Quote(be.err.Error()))
	}
	return p.T(MsgWarnBrowserOpen, strconv.Quote(be.err.Error()))
}

// canOpenBrowser is false where a browser would open on some other screen
// or nowhere: an SSH session without a forwarded display, or a Linux box
// without any display.
func canOpenBrowser(getenv func(string) string) bool {
	if getenv("BROWSER") != "" {
		return true
	}
	display := getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
	if getenv("SSH_CONNECTION") != "" || getenv("SSH_TTY") != "" || getenv("SSH_CLIENT") != "" {
		return display
	}
	switch runtime.GOOS {
	case "darwin", "windows":
		return true
	}
	return display || getenv("WSL_DISTRO_NAME") != ""
}
