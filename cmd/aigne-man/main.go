// Command aigne-man writes the man page aigne(1), in roff, to stdout.
//
//	go run ./cmd/aigne-man -version 1.2.3 > aigne.1
//	man -l aigne.1
//
// The commands, flags and their help come from the Kong model the CLI
// itself parses with (cli.Model), through mango-kong; the sections after
// them (environment, files, exit status, examples) are written here, in
// English. The release build runs it from scripts/manpages.sh, so the
// shipped aigne binary does not carry a man page generator.
//
// The page is dated by $SOURCE_DATE_EPOCH (the commit time, in a release),
// else today, so that the same commit always gives the same page.
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/alecthomas/kong"
	mangokong "github.com/alecthomas/mango-kong"
	"github.com/muesli/roff"

	"github.com/aigne-io/aigne/cli"
)

func main() {
	version := flag.String("version", "dev", "the version the page documents")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: aigne-man [-version VERSION] > aigne.1")
		os.Exit(2)
	}
	date, err := pageDate(os.Getenv("SOURCE_DATE_EPOCH"), time.Now())
	if err != nil {
		fmt.Fprintln(os.Stderr, "aigne-man:", err)
		os.Exit(1)
	}
	page, err := manPage(*version, date)
	if err != nil {
		fmt.Fprintln(os.Stderr, "aigne-man:", err)
		os.Exit(1)
	}
	if _, err := os.Stdout.WriteString(page); err != nil {
		fmt.Fprintln(os.Stderr, "aigne-man:", err)
		os.Exit(1)
	}
}

// pageDate is the day of epoch (seconds, as in SOURCE_DATE_EPOCH), in UTC,
// or now's when epoch is empty.
func pageDate(epoch string, now time.Time) (time.Time, error) {
	if epoch == "" {
		return now.UTC(), nil
	}
	s, err := strconv.ParseInt(epoch, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", epoch)
	}
	return time.Unix(s, 0).UTC(), nil
}

// manPage renders aigne(1) for version, dated date.
func manPage(version string, date time.Time) (string, error) {
	app, err := cli.Model("en")
	if err != nil {
		return "", err
	}
	dropHiddenFlags(app.Node)
	man := mangokong.NewManPage(1, app).WithLongDescription(description)
	for _, s := range sections {
		man = man.WithSection(s.name, s.text)
	}
	return finish(man.Build(roff.NewDocument()), version, date)
}

// dropHiddenFlags removes hidden flags from the model: mango-kong leaves
// out hidden commands but lists every flag.
func dropHiddenFlags(n *kong.Node) {
	flags := n.Flags[:0]
	for _, f := range n.Flags {
		if !f.Hidden {
			flags = append(flags, f)
		}
	}
	n.Flags = flags
	for _, c := range n.Children {
		dropHiddenFlags(c)
	}
}

// finish replaces mango's title line, which carries today's date and no
// version, turns hyphenation off, and escapes the hyphens in text lines as \-: a plain - may be
// set as a Unicode hyphen (groff 1.23), and a --flag copied from the page
// must still work.
func finish(page, version string, date time.Time) (string, error) {
	first, rest, ok := strings.Cut(page, "\n")
	if !ok || !strings.HasPrefix(first, ".TH ") {
		return "", fmt.Errorf("mango wrote no title line first: %q", first)
	}
	var b strings.Builder
	fmt.Fprintf(&b, ".TH AIGNE 1 %q %q %q\n", date.Format("2006-01-02"), "aigne "+version, "User Commands")
	b.WriteString(".nh\n") // no hyphenation: flags and URLs are not to be split
	for _, line := range strings.SplitAfter(rest, "\n") {
		if !strings.HasPrefix(line, ".") {
			if strings.HasPrefix(line, "'") {
				line = `\&` + line // a leading ' starts a request
			}
			line = strings.ReplaceAll(line, "-", `\-`)
		}
		b.WriteString(line)
	}
	return b.String(), nil
}

const description = `aigne manages your connections to AIGNE Hub servers: it logs in through the browser, switches between hubs, checks that a hub is up, and shows your account and credit balance. It reads and writes the same ~/.aigne/aigne-hub-connected.yaml as the Node.js @aigne/cli, so the two can be used in turn without logging in again.
A URL argument may be any URL on the hub (https://hub.aigne.io/ai-kit/) or a bare host (hub.aigne.io, meaning https). Hubs are known by their host and port. Plain http is accepted only for localhost and loopback hubs. On a terminal, use, remove, info and connect without a URL ask which hub; without a terminal they never wait for input: they exit 2 and say which argument to pass.
Every command takes -o json. On failure stdout stays empty and stderr gets {"error": {"code": N, "message": "..."}}; an API key is never printed. Text is in English, or in Simplified Chinese when the locale (LC_ALL, then LC_MESSAGES, then LANG) starts with zh.
The Node.js CLI is also called aigne. Only hub, completion, version and help (and --help, -h or --version alone) are this program's; every other command line (aigne run, eval, test, create, serve-mcp, observe, deploy, -v, and aigne alone) is passed on to the Node.js CLI unchanged: $AIGNE_NODE_CLI, else the first other aigne on PATH, else @aigne/cli in npm's global prefix. Without it, aigne alone prints this help and any other such command exits 2.`

var sections = []struct{ name, text string }{
	{"Environment", `* AIGNE_HUB_API_URL, AIGNE_HUB_API_KEY: the hub (and its key) that status and info use, ahead of the hub list file, as the AIGNE runtime honours them.
* AIGNE_HUB_CREDENTIAL_STORE: the default of connect --store, file or keyring.
* AIGNE_HUB_REQUEST_TIMEOUT: the bound on each request to a hub, as a Go duration (default 15s).
* BROWSER: the command that opens the approval page of connect.
* AIGNE_NODE_CLI: the Node.js CLI's aigne, to pass its commands on to.
* AIGNE_PASSED_ON_BY: set for what aigne passes a command on to: the copies of aigne it went through, which are not searched again.
* HTTPS_PROXY, NO_PROXY: proxies are honoured.
* NO_COLOR: no colour, even on a terminal.
* LC_ALL, LC_MESSAGES, LANG: the language of messages and help.`},
	{"Files", `~/.aigne/aigne-hub-connected.yaml: the saved hubs, their API keys (unless kept in the keychain with --store=keyring) and the active hub, in the format of the Node.js @aigne/cli. aigne creates the directory 0700 and the file 0600, replaces the file atomically and never overwrites a file it cannot parse.`},
	{"Exit Status", fmt.Sprintf(`* %d: success; for status, the hub is online.
* %d: any other failure: the hub list cannot be read, the keychain is unavailable, the login timed out.
* %d: usage: a bad flag, an invalid URL, a choice needed without a terminal, an unknown hub.
* %d: the hub is unreachable: a network error, a timeout, a 5xx answer, not an AIGNE Hub, unavailable.
* %d: authentication: no hub connected, the key missing or rejected.
* %d: interrupted (Ctrl-C); nothing half-written is left.`,
		cli.ExitOK, cli.ExitFailure, cli.ExitUsage, cli.ExitUnreachable, cli.ExitAuth, cli.ExitInterrupted)},
	{"Examples", `aigne hub connect https://hub.aigne.io
aigne hub list --check
aigne hub status && echo "hub is up"
aigne -o json hub list | jq -r .active
echo "$KEY" | aigne hub connect --with-token https://hub.aigne.io`},
	{"See Also", `The README at https://github.com/aigne-io/aigne, and aigne completion --help for shell completion (bash, zsh, fish, powershell).`},
}
