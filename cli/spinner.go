package cli

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// spinner shows that the command is alive while it waits, with the time
// spent so far, on one self-rewriting stderr line. huh's spinner cannot
// change its title while it runs, and the elapsed time is the point here.
type spinner struct {
	w     io.Writer
	title string
	stop  chan struct{}
	done  sync.WaitGroup
}

var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

func startSpinner(w io.Writer, title string) *spinner {
	s := &spinner{w: w, title: title, stop: make(chan struct{})}
	start := time.Now()
	s.done.Add(1)
	go func() {
		defer s.done.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for i := 0; ; i++ {
			fmt.Fprintf(s.w, "\r\x1b[K%s %s… %s", spinnerFrames[i%len(spinnerFrames)], s.title, time.Since(start).Truncate(time.Second))
			select {
			case <-s.stop:
				fmt.Fprint(s.w, "\r\x1b[K")
				return
			case <-t.C:
			}
		}
	}()
	return s
}

// Stop clears the line; safe on a nil spinner.
func (s *spinner) Stop() {
	if s == nil {
		return
	}
	close(s.stop)
	s.done.Wait()
}

// waiting shows the spinner on stderr while a command waits on the
// network, when a person can see it: stderr is a terminal that can move
// back along a line (not TERM=dumb). It goes whether the answer is text or
// JSON, which is on stdout either way, and Stop erases it before the
// answer is printed. Titles stay short so that the line never wraps:
// erasing it must leave nothing behind. Nil when nothing is shown.
func (o *Output) waiting(env Env, title Msg) *spinner {
	if !o.IO.ErrTTY || env("TERM") == "dumb" {
		return nil
	}
	return startSpinner(o.IO.ErrOut, o.p.T(title))
}
