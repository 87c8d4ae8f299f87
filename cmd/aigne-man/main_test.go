package main

import (
	"bytes"
	"context"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/kong"

	"github.com/aigne-io/aigne/cli"
	"github.com/aigne-io/aigne/credentials"
)

var testDate = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// help runs `aigne args... --help` as a user would and returns its output.
func help(t *testing.T, args ...string) string {
	t.Helper()
	io, out, errOut := cli.TestStreams("")
	code := cli.Main(append(args, "--help"), &cli.App{
		Ctx:    context.Background(),
		IO:     io,
		Getenv: func(string) string { return "" },
		Build:  func() cli.Build { return cli.Build{Version: "test"} },
	})
	if code != 0 || errOut.Len() > 0 {
		t.Fatalf("aigne %s --help: exit %d, stderr %q", strings.Join(args, " "), code, errOut)
	}
	return out.String()
}

// plain is the page's text as man shows it, near enough to search: no
// requests, no font changes, escapes undone.
func plain(page string) string {
	var b strings.Builder
	for _, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(line, ".") {
			b.WriteString("\n")
			continue
		}
		b.WriteString(line + "\n")
	}
	return strings.NewReplacer(`\fB`, "", `\fI`, "", `\fP`, "", `\-`, "-", `\&`, "", `\e`, `\`).Replace(b.String())
}

// section returns the lines of a help section ("Commands:") up to the
// next blank line that is followed by a line not indented.
func section(help, title string) []string {
	var lines []string
	in := false
	for _, l := range strings.Split(help, "\n") {
		switch {
		case l == title:
			in = true
		case in && l != "" && !strings.HasPrefix(l, " "):
			return lines
		case in && l != "":
			lines = append(lines, l)
		}
	}
	return lines
}

var (
	helpCommand = regexp.MustCompile(`^  (\S+(?: [^\s(]+)*(?: \([^)]+\))?)  `)
	helpFlag    = regexp.MustCompile(`^\s+(?:(-\w), )?(--[\w-]+)`)
	helpArg     = regexp.MustCompile(`^  (\[?<[\w-]+>\]?)`)
)

// TestModelMatchesHelp checks that every command, alias, flag and
// argument that `aigne --help` and each command's --help show is in the
// man page, so that the page (built from cli.Model) and the CLI (built in
// cli.Main) cannot drift apart, and that nothing hidden is.
func TestModelMatchesHelp(t *testing.T) {
	page, err := manPage("1.2.3", testDate)
	if err != nil {
		t.Fatal(err)
	}
	text := plain(page)
	has := func(what, s string) {
		t.Helper()
		if !regexp.MustCompile(`(^|[\s(\[,])` + regexp.QuoteMeta(s) + `($|[\s)\],=.])`).MatchString(text) {
			t.Errorf("the man page lacks %s %q", what, s)
		}
	}

	root := help(t)
	var commands [][]string // each without its alias, e.g. [hub list]
	for _, l := range section(root, "Commands:") {
		m := helpCommand.FindStringSubmatch(l)
		if m == nil && strings.HasPrefix(l, "        ") {
			continue // the continuation of a long description
		}
		if m == nil {
			t.Fatalf("cannot read the command in %q", l)
		}
		has("the command", m[1]) // "hub list (ls)", alias and all
		commands = append(commands, strings.Fields(strings.Split(m[1], " (")[0]))
	}
	if len(commands) < 7 {
		t.Fatalf("found %d commands in aigne --help:\n%s", len(commands), root)
	}

	checked := map[string]bool{}
	for _, args := range append([][]string{nil, {"hub"}}, commands...) {
		h := help(t, args...)
		flags := section(h, "Flags:")
		if len(flags) == 0 {
			t.Errorf("aigne %s --help shows no flags", strings.Join(args, " "))
		}
		for _, l := range flags {
			m := helpFlag.FindStringSubmatch(l)
			if m == nil {
				continue // the continuation of a long description
			}
			if checked[m[0]] {
				continue
			}
			checked[m[0]] = true
			if m[1] != "" {
				has("the flag", m[1]+", "+m[2])
			} else {
				has("the flag", m[2])
			}
		}
		for _, l := range section(h, "Arguments:") {
			if m := helpArg.FindStringSubmatch(l); m != nil {
				has("the argument of "+strings.Join(args, " "), m[1])
			}
		}
	}
	for _, want := range []string{"--check-timeout", "--with-token", "-o, --output", "hub status (st)", "completion"} {
		if !checked[want] && !strings.Contains(text, want) {
			t.Errorf("%q is missing", want)
		}
	}
	if strings.Contains(page, "__complete") {
		t.Error("the hidden __complete command is in the man page")
	}
}

func TestManPageFormat(t *testing.T) {
	page, err := manPage("1.2.3", testDate)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := manPage("1.2.3", testDate); again != page {
		t.Error("two pages for the same version and date differ")
	}
	if first, _, _ := strings.Cut(page, "\n"); first != `.TH AIGNE 1 "2026-01-02" "aigne 1.2.3" "User Commands"` {
		t.Errorf("title line %q", first)
	}
	for i, line := range strings.Split(page, "\n") {
		if strings.HasPrefix(line, ".") {
			continue
		}
		if strings.HasPrefix(line, "'") || regexp.MustCompile(`(^|[^\\])-`).MatchString(line) {
			t.Errorf("line %d is not escaped: %q", i+1, line)
		}
	}
	for _, s := range []string{".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS", ".SH COMMANDS",
		".SH ENVIRONMENT", ".SH FILES", ".SH EXIT STATUS", ".SH EXAMPLES", ".SH SEE ALSO"} {
		if !strings.Contains(page, "\n"+s+"\n") {
			t.Errorf("no %s", s)
		}
	}
	text := plain(page)
	for _, s := range []string{"AIGNE_HUB_API_KEY", "~/.aigne/aigne-hub-connected.yaml", "Interrupted by Ctrl-C"} {
		if !strings.Contains(text, s) {
			t.Errorf("the page does not mention %q", s)
		}
	}

	if strings.Contains(page, "%!") {
		t.Error("a text went through a format string (muesli/roff writes text with Fprintf): avoid % in it")
	}

	// groff and mandoc, where installed, must set it without a warning
	// (.ci/run installs both, and fails on mandoc's style messages too;
	// here, other versions of mandoc, macOS's, may have other opinions).
	for _, lint := range [][]string{{"groff", "-man", "-Tutf8", "-ww", "-z"}, {"mandoc", "-Tlint", "-W", "warning"}} {
		if _, err := exec.LookPath(lint[0]); err != nil {
			t.Logf("%s is not installed: the page was not checked with it", lint[0])
			continue
		}
		cmd := exec.Command(lint[0], lint[1:]...)
		cmd.Stdin = strings.NewReader(page)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil || out.Len() > 0 {
			t.Errorf("%s: %v\n%s", strings.Join(lint, " "), err, out.Bytes())
		}
	}
}

// TestEveryOptionHasItsTag: every flag of every command the page shows is
// the tag of a paragraph of its own (.TP), as in the Kong model.
func TestEveryOptionHasItsTag(t *testing.T) {
	page, err := manPage("1.2.3", testDate)
	if err != nil {
		t.Fatal(err)
	}
	app, err := cli.Model("en")
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]int{}
	for _, tag := range tags(page) {
		if strings.HasPrefix(tag, "-") {
			have[tag]++
		}
	}
	want := map[string]int{}
	flags := 0
	var walk func(n *kong.Node, path string)
	walk = func(n *kong.Node, path string) {
		for _, f := range n.Flags {
			if f.Hidden {
				continue
			}
			tag := f.Summary()
			if f.Short != 0 {
				tag = "-" + string(f.Short) + ", " + tag
			}
			want[tag]++
			flags++
			if have[tag] < want[tag] {
				t.Errorf("aigne%s: the option %s has no .TP of its own", path, tag)
			}
		}
		for _, c := range n.Children {
			if !c.Hidden {
				walk(c, path+" "+c.Name)
			}
		}
	}
	walk(app.Node, "")
	if flags < 10 {
		t.Fatalf("the model has only %d flags", flags)
	}
	for tag, n := range have {
		if n > want[tag] {
			t.Errorf("the page has %d paragraphs for %s, the model %d", n, tag, want[tag])
		}
	}
}

// TestExitStatusAndFiles: EXIT STATUS has every code the commands and a
// signal may end with, FILES the hub file and the keychain item of each OS.
func TestExitStatusAndFiles(t *testing.T) {
	page, err := manPage("1.2.3", testDate)
	if err != nil {
		t.Fatal(err)
	}
	codes := tags(pageSection(page, "EXIT STATUS"))
	want := []string{"0", "1", "2", "3", "4", "130", "143"}
	if strings.Join(codes, " ") != strings.Join(want, " ") {
		t.Errorf("EXIT STATUS tags %q, want %q", codes, want)
	}
	for _, c := range []int{cli.ExitOK, cli.ExitFailure, cli.ExitUsage, cli.ExitUnreachable, cli.ExitAuth, cli.ExitInterrupted, 128 + 15} {
		if !slices.Contains(codes, strconv.Itoa(c)) {
			t.Errorf("EXIT STATUS lacks %d", c)
		}
	}

	files := pageSection(page, "FILES")
	ft := tags(files)
	text := strings.Join(strings.Fields(plain(files)), " ")
	for _, tag := range []string{"~/" + credentials.DirName + "/" + credentials.FileName, credentials.KeychainService, "macOS", "Windows", "Linux, BSD"} {
		if !slices.Contains(ft, tag) {
			t.Errorf("FILES has no paragraph for %q (tags %q)", tag, ft)
		}
	}
	for _, s := range []string{
		"account " + credentials.KeychainDefaultAccount,
		"generic password", "Credential Manager", "Secret Service",
		credentials.KeychainService + "/HOST", // the Windows target and the Secret Service label
		"service=" + credentials.KeychainService, "account=HOST",
	} {
		if !strings.Contains(text, s) {
			t.Errorf("FILES does not say %q", s)
		}
	}
}

func TestPageDate(t *testing.T) {
	now := time.Date(2030, 5, 6, 23, 0, 0, 0, time.FixedZone("x", -5*3600))
	if d, err := pageDate("", now); err != nil || d.Format("2006-01-02") != "2030-05-07" {
		t.Errorf("no SOURCE_DATE_EPOCH: %v, %v", d, err)
	}
	if d, err := pageDate("1767323045", now); err != nil || d.Format("2006-01-02") != "2026-01-02" {
		t.Errorf("SOURCE_DATE_EPOCH: %v, %v", d, err)
	}
	if _, err := pageDate("yesterday", now); err == nil {
		t.Error("a bad SOURCE_DATE_EPOCH was accepted")
	}
}

// TestManPageWords: the page says what is true of keys (token and env
// print them, on stdout only), and writes aliases as --help does.
func TestManPageWords(t *testing.T) {
	page, err := manPage("1.2.3", testDate)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(plain(page)), " ")
	if strings.Contains(text, "never printed") {
		t.Error(`the page says an API key is "never printed", but token and env print one`)
	}
	if !strings.Contains(text, "Only token and env ever print an API key, and only on stdout") {
		t.Error("the page does not say which commands print a key, nor where")
	}
	if !strings.Contains(text, "hub remove (rm, logout) [<url>]") || strings.Contains(text, "rm,logout") {
		t.Error("the aliases of hub remove are not written (rm, logout)")
	}
	if got := help(t, "hub"); !strings.Contains(got, "hub remove (rm, logout) ") {
		t.Errorf("aigne hub --help writes the aliases otherwise than the page:\n%s", got)
	}
}
