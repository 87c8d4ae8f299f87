// Command fakehub runs the fake AIGNE Hub of package hubtest as a
// standalone server, for trying the CLI by hand or from scripts:
//
//	go run ./cmd/fakehub [-addr 127.0.0.1:0] [-credit] [-auto-approve]
//
// The first line on stdout is the hub's URL; hints and the request log go
// to stderr. It serves until interrupted.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/aigne-io/aigne/hubclient/hubtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "fakehub:", err)
		os.Exit(1)
	}
}

var modes = map[string]hubtest.Mode{}

func init() {
	for m := hubtest.Normal; m <= hubtest.Unavailable; m++ {
		modes[m.String()] = m
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("fakehub", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		addr        = fs.String("addr", "127.0.0.1:0", "listen address")
		credit      = fs.Bool("credit", false, "report credit billing (see -balance, -total)")
		balance     = fs.String("balance", "985000", "available credits, with -credit")
		total       = fs.String("total", "1000000", "total credits, with -credit")
		autoApprove = fs.Bool("auto-approve", false, "approve every login at once, without the browser page")
		mount       = fs.String("mount", "/ai-kit", "mount point of the hub component")
		modeName    = fs.String("mode", "normal", "failure mode: "+modeNames())
		quiet       = fs.Bool("quiet", false, "do not log requests to stderr")
		keys        []string
	)
	fs.Func("key", "accept this API key, e.g. for connect --with-token (repeatable)", func(s string) error {
		if strings.TrimSpace(s) == "" {
			return errors.New("empty key")
		}
		keys = append(keys, s)
		return nil
	})
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: fakehub [flags]\n\nRuns a fake AIGNE Hub on a local port until interrupted.\n\nFlags:")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	mode, ok := modes[*modeName]
	if !ok {
		return fmt.Errorf("unknown -mode %q; one of %s", *modeName, modeNames())
	}

	opts := []hubtest.Option{
		hubtest.WithAddr(*addr),
		hubtest.WithMountPoint(*mount),
		hubtest.WithKeys(keys...),
		// A person in a real browser should see the approval step, not
		// have it happen behind their back.
		hubtest.WithApproveOnGET(*autoApprove),
		hubtest.WithAutoApprove(*autoApprove),
	}
	if *credit {
		opts = append(opts, hubtest.WithCredit(*balance, *total))
	}
	if !*quiet {
		opts = append(opts, hubtest.WithLog(stderr))
	}
	hub, err := hubtest.Start(opts...)
	if err != nil {
		return err
	}
	defer hub.Close()
	hub.SetMode(mode)

	// The URL alone on the first line, flushed at once, so a script can
	// read it while the server keeps running.
	w := bufio.NewWriter(stdout)
	fmt.Fprintln(w, hub.URL)
	if err := w.Flush(); err != nil {
		return err
	}

	fmt.Fprintf(stderr, "Fake AIGNE Hub running (mode %s).\n", mode)
	fmt.Fprintf(stderr, "  API URL:  %s\n", hub.APIURL())
	fmt.Fprintf(stderr, "  Connect:  aigne hub connect %s\n", hub.URL)
	if *autoApprove {
		fmt.Fprintln(stderr, "  Logins are approved automatically.")
	} else {
		fmt.Fprintln(stderr, "  Open the login URL the CLI prints and press Approve.")
	}
	if len(keys) > 0 {
		fmt.Fprintf(stderr, "  Token:    echo KEY | aigne hub connect --with-token %s  (accepts the -key values)\n", hub.URL)
	}
	fmt.Fprintln(stderr, "Press Ctrl-C to stop.")

	<-ctx.Done()
	fmt.Fprintln(stderr, "fakehub: stopping")
	return nil
}

func modeNames() string {
	names := make([]string, 0, len(modes))
	for m := hubtest.Normal; m <= hubtest.Unavailable; m++ {
		names = append(names, m.String())
	}
	return strings.Join(names, ", ")
}
