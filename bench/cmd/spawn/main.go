// Command spawn runs a program N times and prints, for each run, its wall
// time, CPU time (user + system) and peak resident memory:
//
//	spawn [-n 50] [-warmup 3] [-exit 0] -- PROGRAM [ARGS...]
//
// A run that exits with another code than -exit stops it.
// One line per timed run on stdout: "wall_ns cpu_ns maxrss_bytes". The
// program's output goes to /dev/null, its environment is spawn's own.
//
// It exists to be small. A child's peak memory as Linux reports it is at
// least what its parent had resident when starting it (see bench.MaxRSS);
// this parent stays at about 2 MiB, so the figures are the child's own.
// aignebench runs its measurements through it.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/aigne-io/aigne/bench"
)

func main() {
	n := flag.Int("n", 50, "timed runs")
	warmup := flag.Int("warmup", 3, "untimed runs first")
	want := flag.Int("exit", 0, "the exit code every run must have")
	flag.Parse()
	if flag.NArg() == 0 || *n < 1 {
		fmt.Fprintln(os.Stderr, "usage: spawn [-n N] [-warmup W] [-exit CODE] -- PROGRAM [ARGS...]")
		os.Exit(2)
	}
	null, err := os.OpenFile(os.DevNull, os.O_RDWR, 0)
	if err != nil {
		fail(err)
	}
	for i := range *warmup + *n {
		cmd := exec.Command(flag.Arg(0), flag.Args()[1:]...)
		// Files, not pipes: no goroutine copies output while we time.
		cmd.Stdin, cmd.Stdout, cmd.Stderr = null, null, null
		start := time.Now()
		err := cmd.Run()
		wall := time.Since(start)
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code, err = ee.ExitCode(), nil
		}
		if err != nil {
			fail(err)
		}
		if code != *want {
			fail(fmt.Errorf("%v exited %d, want %d", flag.Args(), code, *want))
		}
		if i < *warmup {
			continue
		}
		ps := cmd.ProcessState
		fmt.Printf("%d %d %d\n", wall.Nanoseconds(), (ps.UserTime() + ps.SystemTime()).Nanoseconds(), bench.MaxRSS(ps))
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "spawn:", err)
	os.Exit(1)
}
