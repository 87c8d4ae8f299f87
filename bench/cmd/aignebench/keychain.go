package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aigne-io/aigne/bench"
	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient/hubtest"
	"github.com/aigne-io/aigne/internal/testkeyring"
)

// keychain times `aigne hub list` of hubs held only in the OS keychain (as
// the Node CLI leaves them on a desktop) against the same hubs in the
// file, in one run, each against a Secret Service of its own.
func keychain(args []string) error {
	fs := flag.NewFlagSet("keychain", flag.ExitOnError)
	bin := fs.String("bin", "", "the aigne binary to measure")
	n := fs.Int("hubs", 20, "saved hubs")
	runs := fs.Int("runs", 30, "timed runs of each")
	spawnFlag := fs.String("spawn", "", "the spawn program (default: next to this one)")
	_ = fs.Parse(args)
	if *bin == "" || *n < 1 || *runs < 1 {
		return errors.New("keychain: -bin is required; -hubs and -runs must be at least 1")
	}
	if err := findSpawn(*spawnFlag); err != nil {
		return err
	}
	for _, p := range []string{"dbus-daemon", "gnome-keyring-daemon"} {
		if _, err := exec.LookPath(p); err != nil {
			fmt.Printf("skipped: %s is not installed (apt-get install dbus-daemon gnome-keyring)\n", p)
			return nil
		}
	}
	t := &benchT{}
	defer t.done()

	hubs := bench.Synthetic(*n)
	// In the file, with an empty keychain beside it (a desktop where only
	// aigne ran).
	fileBus := testkeyring.StartBus(t)
	testkeyring.StartDaemon(t, fileBus, "bench")
	fileHome, err := home(bench.HubList(hubs, 0))
	if err != nil {
		return err
	}
	defer os.RemoveAll(fileHome)
	// In the keychain only (a desktop where the Node CLI ran).
	kcBus := testkeyring.StartBus(t)
	testkeyring.StartDaemon(t, kcBus, "bench")
	kcHome, err := home(nil)
	if err != nil {
		return err
	}
	defer os.RemoveAll(kcHome)
	if err := os.Remove(filepath.Join(kcHome, credentials.DirName, credentials.FileName)); err != nil {
		return err
	}
	os.Setenv("DBUS_SESSION_BUS_ADDRESS", kcBus)
	kc := credentials.NewKeychain()
	kc.Timeout = 30 * time.Second
	for _, h := range hubs {
		if err := kc.Put(h.Host, h.APIURL, h.Key); err != nil {
			return fmt.Errorf("fill the keychain: %w", err)
		}
	}
	if err := kc.SetDefault(hubs[0].APIURL); err != nil {
		return err
	}

	withBus := func(home, bus string) []string {
		return append(env(home), "DBUS_SESSION_BUS_ADDRESS="+bus, "AIGNE_KEYCHAIN_TIMEOUT=30s")
	}
	cases := []struct {
		name string
		env  []string
	}{
		{fmt.Sprintf("%d hubs in the file", *n), withBus(fileHome, fileBus)},
		{fmt.Sprintf("%d hubs in the keychain only", *n), withBus(kcHome, kcBus)},
	}
	var st []stats
	for _, c := range cases {
		out, err := output(*bin, []string{"-o", "json", "hub", "list"}, c.env)
		if err != nil {
			return err
		}
		var doc listDoc
		if err := json.Unmarshal(out, &doc); err != nil || len(doc.Hubs) != *n || doc.Active == nil || *doc.Active != "https://"+hubs[0].Host {
			return fmt.Errorf("%s: hub list gave %d hubs (%v): %.300s", c.name, len(doc.Hubs), err, out)
		}
		s, err := measure(*bin, []string{"hub", "list"}, c.env, 3, *runs)
		if err != nil {
			return err
		}
		st = append(st, s)
	}
	fmt.Printf("\n`aigne hub list`, %d runs each after 3 warm-up, each against an unlocked gnome-keyring of its own\n\n", *runs)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "where the hubs are\tmedian ms\tp90 ms\tCPU ms\tmax RSS MiB\t")
	for i, c := range cases {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t\n", c.name, ms(st[i].median), ms(st[i].p90), ms(st[i].cpu), mib(st[i].maxRSS))
	}
	tw.Flush()
	fmt.Printf("\nkeychain / file median: %s (target: at most 3)\n", ratio(st[1].median, st[0].median))
	return nil
}

// checkCPU measures the CPU time of `aigne hub list --check` over many
// hubs that all answer at once: the work must grow linearly with the hubs.
func checkCPU(args []string) error {
	fs := flag.NewFlagSet("check-cpu", flag.ExitOnError)
	bin := fs.String("bin", "", "the aigne binary to measure")
	sizesFlag := fs.String("hubs", "200,1000", "hub counts")
	runs := fs.Int("runs", 3, "timed runs of each")
	spawnFlag := fs.String("spawn", "", "the spawn program (default: next to this one)")
	_ = fs.Parse(args)
	sizes, err := parseSizes(*sizesFlag)
	if err != nil || *bin == "" || *runs < 1 {
		return fmt.Errorf("check-cpu: -bin is required, -runs at least 1: %v", err)
	}
	if err := findSpawn(*spawnFlag); err != nil {
		return err
	}
	var cpu []time.Duration
	var wall []time.Duration
	for _, n := range sizes {
		entries := make([]bench.Entry, n)
		for i := range entries {
			h, err := hubtest.Start()
			if err != nil {
				return err
			}
			defer h.Close()
			entries[i] = bench.Entry{Host: h.Host(), APIURL: h.APIURL(), Key: h.IssueKey()}
		}
		dir, err := home(bench.HubList(entries, 0))
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		e := append(env(dir), "AIGNE_HUB_REQUEST_TIMEOUT=30s")
		args := []string{"hub", "list", "--check", "--check-timeout", "30s"}
		out, err := output(*bin, append([]string{"-o", "json"}, args...), e)
		if err != nil {
			return err
		}
		if c := strings.Count(string(out), `"status": "online"`); c != n {
			return fmt.Errorf("%d hubs: %d online", n, c)
		}
		s, err := measure(*bin, args, e, 0, *runs)
		if err != nil {
			return err
		}
		cpu, wall = append(cpu, s.cpu), append(wall, s.median)
	}
	fmt.Printf("\n`aigne hub list --check`, every hub a fake hub on 127.0.0.1 answering at once; %d runs each\n\n", *runs)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "hubs\tmedian wall ms\tmedian CPU ms\t")
	for i, n := range sizes {
		fmt.Fprintf(tw, "%d\t%s\t%s\t\n", n, ms(wall[i]), ms(cpu[i]))
	}
	tw.Flush()
	if len(sizes) == 2 {
		fmt.Printf("\nCPU at %d hubs / CPU at %d hubs: %s (%.0fx the hubs; linear is about that)\n",
			sizes[1], sizes[0], ratio(cpu[1], cpu[0]), float64(sizes[1])/float64(sizes[0]))
	}
	return nil
}

// benchT lets the testkeyring helpers run in this program.
type benchT struct{ cleanups []func() }

func (b *benchT) Helper()                           {}
func (b *benchT) Fatalf(format string, args ...any) { b.done(); log.Fatalf(format, args...) }
func (b *benchT) Skip(args ...any)                  { b.done(); log.Fatal(args...) }
func (b *benchT) Cleanup(f func())                  { b.cleanups = append(b.cleanups, f) }

func (b *benchT) done() {
	for i := len(b.cleanups) - 1; i >= 0; i-- {
		b.cleanups[i]()
	}
	b.cleanups = nil
}
