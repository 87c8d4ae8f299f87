// Command aignebench measures a built aigne binary as a user runs it: whole
// processes, started again and again (by cmd/spawn, which must sit next to
// it or be named with -spawn), timed from fork to exit, with the CPU time
// and peak resident memory the kernel reports for each. bench/run.sh builds
// both and calls it; it can also be run alone:
//
//	aignebench startup -bin ./aigne [-runs 50] [-hubs 1,100,1000] [-baseline PATH [-libs PATH] [-before PATH]] [-node PATH] [-node-runs 10]
//	aignebench network -bin ./aigne [-hubs 50] [-latency 300ms] [-runs 5]
//	aignebench handoff -bin ./aigne [-node PATH] [-baseline PATH] [-runs 50] [-node-runs 11]
//
// startup writes hub lists of each size into a fresh HOME and times
// `aigne hub list` and `aigne -o json hub list` on them (and, with -node,
// the Node.js CLI's `aigne hub list` on the same files). network starts
// fake hubs on 127.0.0.1 that each answer after -latency, times
// `aigne hub list --check` over all of them and `aigne hub status`, and
// counts the requests each hub saw. handoff times what passing a command
// of the Node.js CLI on to it costs (handoff.go).
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/aigne-io/aigne/bench"
	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient/hubtest"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "startup":
		err = startup(os.Args[2:])
	case "network":
		err = network(os.Args[2:])
	case "keychain":
		err = keychain(os.Args[2:])
	case "check-cpu":
		err = checkCPU(os.Args[2:])
	case "handoff":
		err = handoff(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "aignebench:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: aignebench startup|network|keychain|check-cpu|handoff -bin PATH [flags] (see -h)")
	os.Exit(2)
}

// sample is one finished run.
type sample struct {
	wall time.Duration
	cpu  time.Duration // user + system
	rss  int64         // bytes
}

type stats struct {
	median, p90, max time.Duration
	cpu              time.Duration // median user + system time
	maxRSS           int64
}

func summarize(s []sample) stats {
	d := make([]time.Duration, len(s))
	c := make([]time.Duration, len(s))
	var st stats
	for i, x := range s {
		d[i], c[i] = x.wall, x.cpu
		st.maxRSS = max(st.maxRSS, x.rss)
	}
	slices.Sort(d)
	slices.Sort(c)
	n := len(d)
	st.median, st.cpu = median(d), median(c)
	st.p90 = d[int(math.Ceil(0.9*float64(n)))-1] // nearest rank
	st.max = d[n-1]
	return st
}

func median(sorted []time.Duration) time.Duration {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func ms(d time.Duration) string { return strconv.FormatFloat(float64(d)/1e6, 'f', 1, 64) }
func mib(b int64) string        { return strconv.FormatFloat(float64(b)/(1<<20), 'f', 1, 64) }
func ratio(a, b time.Duration) string {
	if b == 0 {
		return "n/a"
	}
	return strconv.FormatFloat(float64(a)/float64(b), 'f', 2, 64)
}

// env is a clean environment for the measured processes: this HOME, no
// AIGNE_* settings from the caller, no colour, and no D-Bus so that nothing
// reaches for a keychain.
func env(home string) []string {
	out := []string{"HOME=" + home, "USERPROFILE=" + home, "LANG=C", "NO_COLOR=1",
		"XDG_RUNTIME_DIR=" + filepath.Join(home, "no-runtime-dir")}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "PATH", "TMPDIR", "SYSTEMROOT":
			out = append(out, kv)
		}
	}
	return out
}

// spawn is the small program that starts the measured ones (cmd/spawn),
// so that their peak memory is theirs and not ours.
var spawn string

func findSpawn(flagValue string) error {
	spawn = flagValue
	if spawn == "" {
		self, err := os.Executable()
		if err != nil {
			return err
		}
		spawn = filepath.Join(filepath.Dir(self), "spawn")
	}
	if _, err := os.Stat(spawn); err != nil {
		return fmt.Errorf("the spawn program (go build ./bench/cmd/spawn; -spawn PATH): %w", err)
	}
	return nil
}

// measure runs bin with args warmup + runs times through spawn, with this
// environment, and summarizes the timed runs.
func measure(bin string, args, environ []string, warmup, runs int) (stats, error) {
	return measureExit(bin, args, environ, warmup, runs, 0)
}

// measureExit is measure of a program that must exit with code exit.
func measureExit(bin string, args, environ []string, warmup, runs, exit int) (stats, error) {
	cmd := exec.Command(spawn, append([]string{"-n", strconv.Itoa(runs), "-warmup", strconv.Itoa(warmup), "-exit", strconv.Itoa(exit), "--", bin}, args...)...)
	cmd.Env = environ
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return stats{}, fmt.Errorf("%s %s: %v: %s", filepath.Base(bin), strings.Join(args, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	var s []sample
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		var wall, cpu, rss int64
		if _, err := fmt.Sscan(line, &wall, &cpu, &rss); err != nil {
			return stats{}, fmt.Errorf("spawn said %q: %v", line, err)
		}
		s = append(s, sample{wall: time.Duration(wall), cpu: time.Duration(cpu), rss: rss})
	}
	if len(s) != runs {
		return stats{}, fmt.Errorf("spawn reported %d runs, want %d", len(s), runs)
	}
	return summarize(s), nil
}

// output runs bin once and returns its stdout, for checking that what is
// timed really works.
func output(bin string, args, environ []string) ([]byte, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = environ
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w\n%s", filepath.Base(bin), strings.Join(args, " "), err, stderr.Bytes())
	}
	return out, nil
}

type listDoc struct {
	Active *string `json:"active"`
	Hubs   []struct {
		URL    string  `json:"url"`
		Status *string `json:"status"`
	} `json:"hubs"`
}

// home makes a HOME holding this hub list.
func home(list []byte) (string, error) {
	dir, err := os.MkdirTemp("", "aignebench-home")
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(filepath.Join(dir, credentials.DirName), 0o700); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, credentials.DirName, credentials.FileName), list, 0o600)
}

func parseSizes(s string) ([]int, error) {
	var out []int
	for _, f := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("bad hub count %q", f)
		}
		out = append(out, n)
	}
	return out, nil
}

func startup(args []string) error {
	fs := flag.NewFlagSet("startup", flag.ExitOnError)
	bin := fs.String("bin", "", "the aigne binary to measure")
	runs := fs.Int("runs", 50, "timed runs per command and size")
	warmup := fs.Int("warmup", 3, "untimed runs first")
	sizesFlag := fs.String("hubs", "1,100,1000", "hub list sizes")
	node := fs.String("node", "", "the Node.js CLI's aigne executable, to compare (optional)")
	spawnFlag := fs.String("spawn", "", "the spawn program (default: next to this one)")
	nodeRuns := fs.Int("node-runs", 10, "timed runs of the Node.js CLI per size")
	baseline := fs.String("baseline", "", "an empty Go program, timed the same way as the floor of this machine (optional)")
	libs := fs.String("libs", "", "a program that links aigne's packages and runs nothing but their initialisers, timed beside the others (optional; needs -baseline)")
	before := fs.String("before", "", "another aigne binary (an earlier build), its hub list of 100 hubs timed in the same interleaved rounds (optional; needs -baseline)")
	_ = fs.Parse(args)
	if *bin == "" || *runs < 1 {
		return errors.New("startup: -bin is required and -runs must be at least 1")
	}
	sizes, err := parseSizes(*sizesFlag)
	if err != nil {
		return err
	}
	if err := findSpawn(*spawnFlag); err != nil {
		return err
	}
	commands := [][]string{{"hub", "list"}, {"-o", "json", "hub", "list"}}

	type row struct {
		hubs int
		cmd  string
		st   stats
	}
	var rows, nodeRows []row
	medians := map[string]map[int]time.Duration{}
	var base *stats
	if *baseline != "" {
		st, err := measure(*baseline, nil, env(os.TempDir()), *warmup, *runs)
		if err != nil {
			return err
		}
		base = &st
	}
	for _, n := range sizes {
		hubs := bench.Synthetic(n)
		dir, err := home(bench.HubList(hubs, 0))
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		e := env(dir)

		// What is timed must be right: every hub listed, the first active.
		out, err := output(*bin, commands[1], e)
		if err != nil {
			return err
		}
		var doc listDoc
		if err := json.Unmarshal(out, &doc); err != nil || len(doc.Hubs) != n || doc.Active == nil || *doc.Active != "https://"+hubs[0].Host {
			return fmt.Errorf("%d hubs: -o json hub list gave %d hubs (%v): %.200s", n, len(doc.Hubs), err, out)
		}
		for _, c := range commands {
			st, err := measure(*bin, c, e, *warmup, *runs)
			if err != nil {
				return err
			}
			name := strings.Join(c, " ")
			rows = append(rows, row{n, name, st})
			if medians[name] == nil {
				medians[name] = map[int]time.Duration{}
			}
			medians[name][n] = st.median
			fmt.Fprintf(os.Stderr, "  %4d hubs  aigne %-18s median %s ms\n", n, name, ms(st.median))
		}

		if *node != "" {
			out, err := output(*node, commands[0], e)
			if err != nil {
				return fmt.Errorf("node CLI: %w", err)
			}
			if !bytes.Contains(out, []byte(hubs[n-1].Host)) {
				return fmt.Errorf("node CLI: hub list with %d hubs does not show %s", n, hubs[n-1].Host)
			}
			st, err := measure(*node, commands[0], e, 1, *nodeRuns)
			if err != nil {
				return fmt.Errorf("node CLI: %w", err)
			}
			nodeRows = append(nodeRows, row{n, "hub list", st})
			fmt.Fprintf(os.Stderr, "  %4d hubs  node aigne hub list  median %s ms\n", n, ms(st.median))
		}
	}

	fmt.Printf("\nStart-up, whole process, %d runs each after %d warm-up (wall: fork to exit; CPU: median user+system; output to /dev/null)\n\n", *runs, *warmup)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "hubs\tcommand\tmedian ms\tp90 ms\tmax ms\tCPU ms\tmax RSS MiB\t")
	if base != nil {
		fmt.Fprintf(tw, "-\tempty Go program (floor)\t%s\t%s\t%s\t%s\t%s\t\n", ms(base.median), ms(base.p90), ms(base.max), ms(base.cpu), mib(base.maxRSS))
	}
	for _, r := range rows {
		fmt.Fprintf(tw, "%d\taigne %s\t%s\t%s\t%s\t%s\t%s\t\n", r.hubs, r.cmd, ms(r.st.median), ms(r.st.p90), ms(r.st.max), ms(r.st.cpu), mib(r.st.maxRSS))
	}
	tw.Flush()
	if slices.Contains(sizes, 100) && slices.Contains(sizes, 1000) {
		fmt.Println()
		for _, c := range commands {
			name := strings.Join(c, " ")
			fmt.Printf("growth, aigne %s: median at 1000 hubs / median at 100 hubs = %s (10x the hubs; <= 10 is linear or better)\n",
				name, ratio(medians[name][1000], medians[name][100]))
		}
	}
	if *baseline != "" && slices.Contains(sizes, 100) {
		dir, err := home(bench.HubList(bench.Synthetic(100), 0))
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		cmds := [][]string{{*baseline}, {*bin, "hub", "list"}}
		if *libs != "" {
			cmds = append(cmds, []string{*libs})
		}
		if *before != "" {
			cmds = append(cmds, []string{*before, "hub", "list"})
		}
		st, err := interleave(env(dir), *runs, 0, cmds...)
		if err != nil {
			return err
		}
		r := float64(st[1].median) / float64(st[0].median)
		verdict := "met"
		if r > startupTarget {
			verdict = "NOT met"
		}
		fmt.Printf("\ninterleaved, %d rounds (empty program, then aigne hub list of 100 hubs, in turn): medians %s ms and %s ms (CPU %s and %s ms); ratio %s (target: at most %.1f: %s)\n",
			*runs, ms(st[0].median), ms(st[1].median), ms(st[0].cpu), ms(st[1].cpu), ratio(st[1].median, st[0].median), startupTarget, verdict)
		if *libs != "" {
			fmt.Printf("in the same rounds, a program that only links aigne's packages (their initialisers, no command): median %s ms (CPU %s ms); ratio %s to the empty program\n",
				ms(st[2].median), ms(st[2].cpu), ratio(st[2].median, st[0].median))
		}
		if *before != "" {
			b := st[len(st)-1]
			fmt.Printf("in the same rounds, %s hub list of 100 hubs: median %s ms (CPU %s ms); ratio %s to the empty program\n",
				*before, ms(b.median), ms(b.cpu), ratio(b.median, st[0].median))
		}
		fmt.Printf("load average at the end: %s\n", loadAverage())
	}
	if len(nodeRows) > 0 {
		fmt.Printf("\nNode.js @aigne/cli `aigne hub list` on the same files, %d runs each after 1 warm-up\n\n", *nodeRuns)
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "hubs\tmedian ms\tp90 ms\tCPU ms\tmax RSS MiB\tNode/Go median\tNode/Go RSS\t")
		for _, r := range nodeRows {
			var goRSS int64
			for _, g := range rows {
				if g.hubs == r.hubs && g.cmd == "hub list" {
					goRSS = g.st.maxRSS
				}
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", r.hubs, ms(r.st.median), ms(r.st.p90), ms(r.st.cpu), mib(r.st.maxRSS),
				ratio(r.st.median, medians["hub list"][r.hubs]), ratio(time.Duration(r.st.maxRSS), time.Duration(goRSS)))
		}
		tw.Flush()
	}
	return nil
}

func network(args []string) error {
	fs := flag.NewFlagSet("network", flag.ExitOnError)
	bin := fs.String("bin", "", "the aigne binary to measure")
	n := fs.Int("hubs", 50, "fake hubs to start")
	latency := fs.Duration("latency", 300*time.Millisecond, "delay of every answer of every hub")
	runs := fs.Int("runs", 5, "timed runs of each command")
	spawnFlag := fs.String("spawn", "", "the spawn program (default: next to this one)")
	_ = fs.Parse(args)
	if *bin == "" || *n < 1 || *runs < 1 {
		return errors.New("network: -bin is required; -hubs and -runs must be at least 1")
	}
	if err := findSpawn(*spawnFlag); err != nil {
		return err
	}

	hubs := make([]*hubtest.Hub, *n)
	entries := make([]bench.Entry, *n)
	for i := range hubs {
		h, err := hubtest.Start(hubtest.WithLatency(*latency))
		if err != nil {
			return err
		}
		defer h.Close()
		hubs[i] = h
		entries[i] = bench.Entry{Host: h.Host(), APIURL: h.APIURL(), Key: h.IssueKey()}
	}
	dir, err := home(bench.HubList(entries, 0))
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	e := env(dir)
	requests := func() []int {
		c := make([]int, len(hubs))
		for i, h := range hubs {
			c[i] = len(h.Requests())
		}
		return c
	}

	// list --check: every hub online, each asked exactly once per run.
	check := []string{"-o", "json", "hub", "list", "--check"}
	before := requests()
	out, err := output(*bin, check, e)
	if err != nil {
		return err
	}
	var doc listDoc
	if err := json.Unmarshal(out, &doc); err != nil || len(doc.Hubs) != *n {
		return fmt.Errorf("list --check: %v: %.300s", err, out)
	}
	for _, h := range doc.Hubs {
		if h.Status == nil || *h.Status != "online" {
			return fmt.Errorf("list --check: %s is not online: %.300s", h.URL, out)
		}
	}
	for i, c := range requests() {
		if c-before[i] != 1 {
			return fmt.Errorf("list --check: hub %d saw %d requests, want 1", i, c-before[i])
		}
	}
	checkSt, err := measure(*bin, check, e, 0, *runs)
	if err != nil {
		return err
	}

	// status: the active hub, one round trip, nobody else asked.
	before = requests()
	statusSt, err := measure(*bin, []string{"hub", "status"}, e, 0, *runs)
	if err != nil {
		return err
	}
	after := requests()
	for i := range hubs {
		want := 0
		if i == 0 {
			want = *runs
		}
		if got := after[i] - before[i]; got != want {
			return fmt.Errorf("hub status: hub %d saw %d requests in %d runs, want %d", i, got, *runs, want)
		}
	}

	fmt.Printf("\nNetwork: %d fake hubs on 127.0.0.1, each answering every request after %s; %d runs each\n\n", *n, *latency, *runs)
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "command\tmedian ms\tmax ms\tmax RSS MiB\trequests per run\tone hub after another would take\t")
	fmt.Fprintf(tw, "aigne hub list --check (%d hubs)\t%s\t%s\t%s\t%d (1 per hub)\t>= %s ms\t\n", *n, ms(checkSt.median), ms(checkSt.max), mib(checkSt.maxRSS), *n, ms(time.Duration(*n)**latency))
	fmt.Fprintf(tw, "aigne hub status\t%s\t%s\t%s\t1\t\t\n", ms(statusSt.median), ms(statusSt.max), mib(statusSt.maxRSS))
	tw.Flush()
	fmt.Printf("\nlist --check overhead over one hub's latency: %s ms (median)\n", ms(checkSt.median-*latency))
	return nil
}

// startupTarget is the most `aigne hub list` of 100 hubs may take against
// an empty Go program, both release builds, timed in turn.
const startupTarget = 2.6

// loadAverage is the machine's 1, 5 and 15 minute load, where the OS says.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Join(strings.Fields(string(b))[:3], " ")
}
