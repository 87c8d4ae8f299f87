package cli

import (
	"io"
	"os/exec"
	"runtime"
	"strings"

	"github.com/cli/browser"
)

// openBrowser opens url with $BROWSER when set (a command, possibly with
// arguments), else the platform's opener. The browser's own chatter goes to
// errOut: stdout belongs to the command's result.
func openBrowser(getenv func(string) string, errOut io.Writer, url string) error {
	if b := strings.Fields(getenv("BROWSER")); len(b) > 0 {
		cmd := exec.Command(b[0], append(b[1:], url)...)
		cmd.Stdout, cmd.Stderr = errOut, errOut
		if err := cmd.Start(); err != nil {
			return err
		}
		// A GUI browser may stay in the foreground for as long as the
		// window is open; reap it without waiting for it.
		go func() { _ = cmd.Wait() }()
		return nil
	}
	browser.Stdout, browser.Stderr = errOut, errOut
	return browser.OpenURL(url)
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
