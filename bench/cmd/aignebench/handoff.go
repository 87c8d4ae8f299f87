package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
)

// handoff times what aigne adds to a command of the Node.js CLI, which it
// passes on to it (exec on Unix), against that CLI started directly:
//
//   - with -node, `aigne run --help` through aigne (AIGNE_NODE_CLI set)
//     against the Node CLI's own `aigne run --help`, alternately, in an
//     empty directory (where the Node CLI answers that it finds no
//     aigne.yaml: exit 1, the same both ways, checked first);
//   - with -baseline, the same through aigne to an empty Go program
//     standing in for the Node CLI, against that program alone: the cost
//     of the hand-on itself, without the Node CLI's start-up and its
//     variance, which is far larger than it.
func handoff(args []string) error {
	fs := flag.NewFlagSet("handoff", flag.ExitOnError)
	bin := fs.String("bin", "", "the aigne binary to measure")
	node := fs.String("node", "", "the Node.js CLI's aigne executable (optional)")
	baseline := fs.String("baseline", "", "an empty Go program, as a Node CLI that costs nothing (optional)")
	runs := fs.Int("runs", 50, "interleaved pairs with the empty program")
	nodeRuns := fs.Int("node-runs", 11, "interleaved pairs with the Node CLI")
	spawnFlag := fs.String("spawn", "", "the spawn program (default: next to this one)")
	_ = fs.Parse(args)
	if *bin == "" || *runs < 1 || *nodeRuns < 1 || (*node == "" && *baseline == "") {
		return errors.New("handoff: -bin and -node or -baseline are required; -runs and -node-runs must be at least 1")
	}
	if err := findSpawn(*spawnFlag); err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "aignebench-handoff")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	// An empty project directory, for both.
	if err := os.Chdir(dir); err != nil {
		return err
	}
	cmd := []string{"run", "--help"}

	fmt.Printf("\nHand-on: `aigne %s` through aigne (exec) against the program it hands on to, started directly; interleaved, medians\n\n", "run --help")
	if *baseline != "" {
		// Our own start-up, --version, in the same turns: what the
		// hand-on costs beyond it is the exec.
		e := append(env(dir), "AIGNE_NODE_CLI="+*baseline)
		st, err := interleave(e, *runs, 0, []string{*baseline}, append([]string{*bin}, cmd...), []string{*bin, "--version"})
		if err != nil {
			return err
		}
		direct, through, version := st[0], st[1], st[2]
		fmt.Printf("empty Go program as the Node CLI, %d rounds: directly %s ms (CPU %s), through aigne %s ms (CPU %s): aigne adds %s ms (CPU %s); aigne --version alone: %s ms (CPU %s)\n",
			*runs, ms(direct.median), ms(direct.cpu), ms(through.median), ms(through.cpu), ms(through.median-direct.median), ms(through.cpu-direct.cpu), ms(version.median), ms(version.cpu))
	}
	if *node != "" {
		e := append(env(dir), "AIGNE_NODE_CLI="+*node)
		// Both must say the same: the Node CLI's answer, reached.
		a, codeA := run(*node, cmd, e)
		b, codeB := run(*bin, cmd, e)
		if codeA != codeB || !bytes.Equal(a, b) || len(a) == 0 {
			return fmt.Errorf("the Node CLI directly (exit %d) and through aigne (exit %d) differ:\n%s\n---\n%s", codeA, codeB, a, b)
		}
		st, err := interleave(e, *nodeRuns, codeA, append([]string{*node}, cmd...), append([]string{*bin}, cmd...))
		if err != nil {
			return err
		}
		direct, through := st[0], st[1]
		fmt.Printf("Node.js @aigne/cli, %d pairs (exit %d both ways): directly %s ms (CPU %s), through aigne %s ms (CPU %s): difference %s ms (CPU %s; target: at most 10 ms)\n",
			*nodeRuns, codeA, ms(direct.median), ms(direct.cpu), ms(through.median), ms(through.cpu), ms(through.median-direct.median), ms(through.cpu-direct.cpu))
	}
	return nil
}

// run runs bin once and returns its output (stdout and stderr together)
// and its exit code.
func run(bin string, args, environ []string) ([]byte, int) {
	cmd := exec.Command(bin, args...)
	cmd.Env = environ
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return out, ee.ExitCode()
	}
	if err != nil {
		return []byte(err.Error()), -1
	}
	return out, 0
}

// interleave times each command line (program and arguments) in turn, n
// rounds after one that warms the caches, each run exiting with code exit,
// and returns the wall and CPU medians of each.
func interleave(environ []string, n, exit int, cmds ...[]string) ([]stats, error) {
	samples := make([][]sample, len(cmds))
	for round := range n + 1 {
		for i, c := range cmds {
			st, err := measureExit(c[0], c[1:], environ, 0, 1, exit)
			if err != nil {
				return nil, err
			}
			if round > 0 {
				samples[i] = append(samples[i], sample{wall: st.median, cpu: st.cpu})
			}
		}
	}
	out := make([]stats, len(cmds))
	for i, s := range samples {
		out[i] = summarize(s)
	}
	return out, nil
}
