package credentials

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// On Windows a file that one process has open cannot be replaced by
// another (MoveFileEx answers ERROR_ACCESS_DENIED), and a file being
// replaced cannot be opened for a moment (ERROR_SHARING_VIOLATION). Our
// readers take no lock, so two aigne commands at once meet both; each side
// holds the file for a moment only, so both wait it out.

// shareWait bounds the wait: far more than a read or a rename takes.
const shareWait = 3 * time.Second

// retryShared runs f until it succeeds, fails otherwise than by retry's
// errors, or shareWait has passed.
func retryShared(f func() error, retry ...error) error {
	deadline := time.Now().Add(shareWait)
	for pause := time.Millisecond; ; pause = min(2*pause, 50*time.Millisecond) {
		err := f()
		if err == nil || time.Now().After(deadline) || !isAnyErr(err, retry) {
			return err
		}
		time.Sleep(pause)
	}
}

func isAnyErr(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

// readShared is os.ReadFile, waiting out a replacement under way.
func readShared(path string) (data []byte, err error) {
	err = retryShared(func() error {
		data, err = os.ReadFile(path)
		return err
	}, windows.ERROR_SHARING_VIOLATION)
	return data, err
}

// replaceShared is os.Rename over an existing file, waiting out readers.
func replaceShared(from, to string) error {
	return retryShared(func() error { return os.Rename(from, to) },
		windows.ERROR_ACCESS_DENIED, windows.ERROR_SHARING_VIOLATION)
}
