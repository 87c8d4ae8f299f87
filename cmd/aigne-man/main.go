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
	doc := roff.NewDocument()
	man.Build(&tagEveryOption{Document: doc, aliases: cli.SpacedAliases(app.Node)})
	writeSections(doc)
	return finish(doc.String(), version, date)
}

// tagEveryOption is the roff document mango writes to, with the .TP that
// mango leaves out before the first entry of a command's OPTIONS and
// COMMANDS blocks: without it the first option ran into its description
// on one line, unlike the others.
//
// It also writes a command's aliases as --help does, "(rm, logout)"
// rather than Kong's "(rm,logout)".
type tagEveryOption struct {
	*roff.Document
	aliases *strings.Replacer
	last    string // the last bold text written
	pending bool   // the next bold text opens a block's first entry
}

func (b *tagEveryOption) TextBold(text string) {
	if b.pending {
		b.pending = false
		b.Document.TaggedParagraph(-1)
	}
	b.last = text
	b.Document.TextBold(b.aliases.Replace(text))
}

func (b *tagEveryOption) Indent(n int) {
	b.Document.Indent(n)
	b.pending = b.last == "OPTIONS" || b.last == "COMMANDS"
	b.last = ""
}

// entry is one tagged paragraph of the sections after the commands: its
// tag (set in bold, each name apart) and its text.
type entry struct {
	tag  []string
	text string
}

// writeSections writes the sections after the commands, each entry a
// tagged paragraph of its own.
func writeSections(doc *roff.Document) {
	for _, s := range sections {
		doc.Section(s.name)
		if s.intro != "" {
			doc.Text(s.intro)
			doc.EndSection()
		}
		for _, e := range s.entries {
			doc.TaggedParagraph(-1)
			for i, t := range e.tag {
				if i > 0 {
					doc.Text(", ")
				}
				doc.TextBold(t)
			}
			doc.EndSection()
			doc.Text(e.text)
			doc.EndSection()
		}
	}
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
// version, turns hyphenation off, escapes the text lines (textLine) and
// wraps them at 80 bytes.
func finish(page, version string, date time.Time) (string, error) {
	first, rest, ok := strings.Cut(page, "\n")
	if !ok || !strings.HasPrefix(first, ".TH ") {
		return "", fmt.Errorf("mango wrote no title line first: %q", first)
	}
	var b strings.Builder
	fmt.Fprintf(&b, ".TH AIGNE 1 %q %q %q\n", date.Format("2006-01-02"), "aigne "+version, "User Commands")
	b.WriteString(".nh\n") // no hyphenation: flags and URLs are not to be split
	prev := ""
	for _, line := range strings.Split(strings.TrimSuffix(rest, "\n"), "\n") {
		switch {
		case strings.HasPrefix(line, "."):
			b.WriteString(line + "\n")
		case prev == ".TP":
			// A tag is one line: the next one is its paragraph.
			b.WriteString(textLine(line) + "\n")
		default:
			for _, l := range wrap(line, 80) {
				b.WriteString(textLine(l) + "\n")
			}
		}
		prev = line
	}
	return b.String(), nil
}

// textLine is a line of text as roff must see it: a leading ' or . would
// start a request, and a plain - may be set as a Unicode hyphen (groff
// 1.23), while a --flag copied from the page must still work.
func textLine(line string) string {
	if strings.HasPrefix(line, "'") || strings.HasPrefix(line, ".") {
		line = `\&` + line
	}
	return strings.ReplaceAll(line, "-", `\-`)
}

// wrap breaks a line of text at spaces into lines of at most width bytes
// once escaped (a word longer than that stays whole), so that the source
// reads well and mandoc -Tlint has nothing to say; roff joins them again.
func wrap(line string, width int) []string {
	var out []string
	cur := ""
	for _, w := range strings.Split(line, " ") {
		switch {
		case cur == "":
			cur = w
		case len(textLine(cur+" "+w)) <= width:
			cur += " " + w
		default:
			out = append(out, cur)
			cur = w
		}
	}
	return append(out, cur)
}

const description = `aigne manages your connections to AIGNE Hub servers: it logs in through the browser, switches between hubs, checks that a hub is up, and shows your account and credit balance. It reads and writes the same ~/.aigne/aigne-hub-connected.yaml as the Node.js @aigne/cli, so the two can be used in turn without logging in again.
A URL argument may be any URL on the hub (https://hub.aigne.io/ai-kit/) or a bare host (hub.aigne.io, meaning https). Hubs are known by their host and port. Plain http is accepted only for localhost and loopback hubs. On a terminal, use, remove, info and connect without a URL ask which hub; without a terminal they never wait for input: they exit 2 and say which argument to pass.
Every command takes -o json. On failure stdout stays empty and stderr gets {"error": {"code": N, "message": "..."}}. Only token and env ever print an API key, and only on stdout; no error holds one. Text is in English, or in Simplified Chinese when the locale (LC_ALL, then LC_MESSAGES, then LANG) starts with zh.
The Node.js CLI is also called aigne. Only hub, completion, version and help (and --help, -h or --version alone) are this program's; every other command line (aigne run, eval, test, create, serve-mcp, observe, deploy, -v, and aigne alone) is passed on to the Node.js CLI unchanged: $AIGNE_NODE_CLI, else the first other aigne on PATH, else @aigne/cli in npm's global prefix. Without it, aigne alone prints this help and any other such command exits 2.`

// sections are the sections after the commands. ENVIRONMENT names every
// variable aigne reads (TestEnvironmentIsComplete holds it to the code).
var sections = []struct {
	name    string
	intro   string
	entries []entry
}{
	{name: "Environment", entries: []entry{
		{[]string{"AIGNE_HUB_API_URL"}, "The hub that status, info, token and env use instead of the active hub, as the AIGNE runtime does; its API URL is discovered from it."},
		{[]string{"AIGNE_HUB_API_KEY"}, "The API key those commands use, for the hub of AIGNE_HUB_API_URL, else for the active hub (else the official one)."},
		{[]string{"BLOCKLET_AIGNE_API_URL"}, "Inside a Blocklet Server, the hub the runtime uses; it comes before AIGNE_HUB_API_URL."},
		{[]string{"AIGNE_HUB_CREDENTIAL_STORE"}, "Where connect keeps a new API key when --store is not given: file (the default) or keyring. A saved hub's key stays where it is."},
		{[]string{"AIGNE_HUB_REQUEST_TIMEOUT"}, "The bound on each request to a hub, as a Go duration such as 30s (default 15s)."},
		{[]string{"AIGNE_KEYCHAIN_TIMEOUT"}, "The bound on each call to the OS keychain, as a Go duration (default 3s; 60s when a person at the terminal may have to unlock it or allow access)."},
		{[]string{"AIGNE_NODE_CLI"}, "The Node.js CLI's aigne, to pass its commands on to, instead of the one found on PATH or in npm's global prefix."},
		{[]string{"PATH"}, "Where the Node.js CLI's aigne, and node, are looked for; this aigne itself is skipped."},
		{[]string{"NPM_CONFIG_PREFIX", "npm_config_prefix"}, "npm's global prefix, where @aigne/cli is looked for next."},
		{[]string{"NPM_CONFIG_USERCONFIG", "npm_config_userconfig"}, "The npm configuration file whose prefix= is looked at (default ~/.npmrc)."},
		{[]string{"APPDATA"}, "On Windows, the npm folder in it is looked at for @aigne/cli too."},
		{[]string{"AIGNE_PASSED_ON_BY"}, "Set by aigne for what it passes a command on to: the copies of aigne the command went through, which are not searched again."},
		{[]string{"BROWSER"}, "The command that opens the login page of connect."},
		{[]string{"DISPLAY", "WAYLAND_DISPLAY", "WSL_DISTRO_NAME"}, "Without BROWSER, whether there is a desktop to open the login page on; without one connect prints the URL."},
		{[]string{"SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"}, "In an SSH session connect prints the login URL rather than open a browser on the remote machine."},
		{[]string{"DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR"}, "On Linux and BSD, the D-Bus session bus of the Secret Service (the keychain); without one, aigne uses the hub list file alone."},
		{[]string{"SHELL"}, "The default of env --shell (PowerShell on Windows)."},
		{[]string{"TERM"}, "dumb: prompts are numbered lines to answer (for screen readers), and there is no colour."},
		{[]string{"NO_COLOR"}, "Set to anything: no colour, even on a terminal."},
		{[]string{"CLICOLOR_FORCE"}, "Set to anything but 0: colour even when the output is not a terminal."},
		{[]string{"COLORFGBG"}, "Whether the terminal's background is light or dark, for the prompts' colours."},
		{[]string{"LC_ALL", "LC_MESSAGES", "LANG"}, "The language of messages and help, the first one set deciding: Simplified Chinese when it starts with zh, else English."},
		{[]string{"HOME", "USERPROFILE"}, "Where ~/.aigne is: in HOME, or on Windows in USERPROFILE."},
		{[]string{"HTTPS_PROXY", "HTTP_PROXY", "NO_PROXY"}, "The proxy for requests to hubs, and the hosts reached without it."},
	}},
	{name: "Files", entries: []entry{
		{[]string{"~/.aigne/aigne-hub-connected.yaml"}, "The saved hubs, their API keys (unless kept in the keychain with --store=keyring) and the active hub, in the format of the Node.js @aigne/cli. aigne creates the directory 0700 and the file 0600, replaces the file atomically and never overwrites a file it cannot parse."},
		{[]string{"~/.aigne/aigne-hub-connected.yaml.lock"}, "The lock that writers of the file take, one at a time."},
		{[]string{"aigne-hub-api-key"}, "The keychain service of a key kept with --store=keyring, shared with the Node.js @aigne/cli: one item per hub, its account the hub's host (with the port), its value {\"AIGNE_HUB_API_URL\":\"...\",\"AIGNE_HUB_API_KEY\":\"...\"}. The account default holds the active hub's API URL."},
		{[]string{"macOS"}, "A generic password in the login keychain, service aigne-hub-api-key, account the host: security find-generic-password -s aigne-hub-api-key -a HOST."},
		{[]string{"Windows"}, "A generic credential in the Credential Manager, named aigne-hub-api-key/HOST, its user name the host."},
		{[]string{"Linux, BSD"}, "An item of the Secret Service's default collection, labelled aigne-hub-api-key/HOST, with the attributes service=aigne-hub-api-key and account=HOST: secret-tool search service aigne-hub-api-key."},
	}},
	{name: "Exit Status", entries: []entry{
		{[]string{strconv.Itoa(cli.ExitOK)}, "Success; for status, the hub is online."},
		{[]string{strconv.Itoa(cli.ExitFailure)}, "Any other failure: the hub list cannot be read, the keychain is needed but unavailable, the login was not approved in time."},
		{[]string{strconv.Itoa(cli.ExitUsage)}, "Usage: a bad flag, an invalid URL, a choice needed without a terminal, an unknown hub or command."},
		{[]string{strconv.Itoa(cli.ExitUnreachable)}, "The hub failed: a network error or timeout, a 5xx or otherwise wrong answer, not an AIGNE Hub, or it says it is unavailable."},
		{[]string{strconv.Itoa(cli.ExitAuth)}, "Authentication: no hub connected, the key missing or rejected."},
		{[]string{strconv.Itoa(cli.ExitInterrupted)}, "Interrupted by Ctrl-C, or a prompt cancelled (Ctrl-C, Esc, Ctrl-D); nothing half-written is left."},
		{[]string{"143"}, "Stopped by SIGTERM; nothing half-written is left."},
	}},
	{name: "Examples", intro: `aigne hub connect https://hub.aigne.io
aigne hub list --check
aigne hub status && echo "hub is up"
aigne -o json hub list | jq -r .active
echo "$KEY" | aigne hub connect --with-token https://hub.aigne.io
eval "$(aigne hub env)"`},
	{name: "See Also", intro: `The README at https://github.com/aigne-io/aigne, and aigne completion --help for shell completion (bash, zsh, fish, powershell).`},
}
