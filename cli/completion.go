package cli

import (
	"embed"
	"fmt"
	"net/netip"
	"sort"
	"strings"
	"text/template"
	"time"

	"github.com/aigne-io/aigne/internal/shellenv"

	"github.com/aigne-io/aigne/internal/lazyre"
)

// The scripts are written by hand: the command tree is small and fixed by
// the product, and a hand-written script completes what a generator from the
// Kong model cannot see, the saved hubs, for which each one calls
// `aigne __complete hubs`. (kongplete, the Kong generator, answers through
// the binary on every TAB via posener/complete: it needs a hook in Main and
// is at home in bash only.) Descriptions come from the message catalog, so
// zsh, fish and PowerShell describe the commands in the user's language.
// TestCompletionScriptsCoverCommandTree keeps the scripts in step with the
// Kong model.
//
// The files are named one by one: a directory pattern would leave out
// _aigne, as embed skips names starting with "_".
//
//go:embed completions/aigne.bash completions/_aigne completions/aigne.fish completions/aigne.ps1
var completionFS embed.FS

var completionFiles = map[string]string{
	"bash":       "completions/aigne.bash",
	"zsh":        "completions/_aigne",
	"fish":       "completions/aigne.fish",
	"powershell": "completions/aigne.ps1",
}

// completionCmds is embedded in CLI: it adds both commands to the root.
type completionCmds struct {
	Completion completionCmd `cmd:"" help:"help.completion"`
	Complete   completeCmd   `cmd:"" name:"__complete" hidden:""`
}

// completionCmd is `aigne completion bash|zsh|fish|powershell`.
type completionCmd struct {
	Shell string `arg:"" enum:"bash,zsh,fish,powershell" help:"help.completion.shell"`
}

func (c *completionCmd) Run(out *Output) error {
	script, err := completionScript(c.Shell)
	if err != nil {
		return err
	}
	_, err = out.IO.Out.Write([]byte(script))
	return err
}

// completionScript is the script for shell. Its descriptions follow the
// locale at the moment of completion, not the one it was written under:
// it carries every language of the catalog, and picks by LC_ALL, then
// LC_MESSAGES, then LANG, as aigne itself does. (The release writes the
// scripts once, in no one's locale.)
func completionScript(shell string) (string, error) {
	langs := []string{"en"}
	for l := range catalogs {
		if l != "en" {
			langs = append(langs, l)
		}
	}
	sort.Strings(langs[1:])
	rendered := map[string]string{}
	for _, l := range langs {
		r, err := renderCompletion(shell, Printer{Lang: l})
		if err != nil {
			return "", err
		}
		rendered[l] = r
	}
	switch shell {
	case "zsh":
		return zshByLocale(langs, rendered), nil
	case "fish":
		return fishByLocale(langs, rendered), nil
	case "powershell":
		return renderCompletionPowerShell(langs)
	}
	return rendered["en"], nil
}

// renderCompletion renders the script for shell with descriptions in p's
// language.
func renderCompletion(shell string, p Printer) (string, error) {
	quote := map[string]func(string) (string, error){
		"bash": func(s string) (string, error) { return s, nil },
		"zsh":  func(s string) (string, error) { return zshQuote(s), nil },
		"fish": func(s string) (string, error) { return fishQuote(s), nil },
		// A whole expression, quotes included, of ASCII only.
		"powershell": func(s string) (string, error) { return shellenv.Quote(shellenv.PowerShell, "description", s) },
	}[shell]
	return executeCompletion(shell, func(key string) (string, error) {
		if _, ok := catalogs["en"][Msg(key)]; !ok {
			return "", fmt.Errorf("no message %q in the catalog", key)
		}
		return quote(p.T(Msg(key)))
	})
}

func executeCompletion(shell string, tr func(key string) (string, error)) (string, error) {
	others := []string{}
	for l := range catalogs {
		if l != "en" {
			others = append(others, l)
		}
	}
	sort.Strings(others)
	t, err := template.New(shell).Funcs(template.FuncMap{"T": tr, "Others": func() []string { return others }}).ParseFS(completionFS, completionFiles[shell])
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := t.ExecuteTemplate(&b, t.Templates()[0].Name(), nil); err != nil {
		return "", err
	}
	return b.String(), nil
}

// zshLangCase is the zsh test of the locale, as LangFromEnv reads it.
const zshLocale = `${LC_ALL:-${LC_MESSAGES:-$LANG}}`

// zshByLocale puts one copy of the completion functions per language
// (_aigne_en, _aigne_zh, …) behind an _aigne that picks by locale.
var zshName = lazyre.New(`\b_aigne(_\w+)?\b`)

func zshByLocale(langs []string, rendered map[string]string) string {
	const trailer = "if [[ $funcstack[1] == _aigne ]]; then"
	const common = "# Flags every command takes"
	var b strings.Builder
	tail := ""
	for i, l := range langs {
		body := rendered[l]
		if j := strings.Index(body, trailer); j >= 0 {
			tail, body = body[j:], body[:j]
		}
		if i > 0 {
			body = body[strings.Index(body, common):] // the header once
		}
		b.WriteString(zshName().ReplaceAllString(body, "_aigne_"+l+"$1"))
	}
	b.WriteString("# Descriptions in the locale's language, as aigne's own output.\n_aigne() {\n\tcase " + zshLocale + " in\n")
	for _, l := range langs[1:] {
		b.WriteString("\t" + l + "*) _aigne_" + l + " \"$@\" ;;\n")
	}
	b.WriteString("\t*) _aigne_en \"$@\" ;;\n\tesac\n}\n\n")
	b.WriteString(tail)
	return b.String()
}

// fishByLocale keeps the functions once and every `complete` line once per
// language, each under a condition on the locale.
var fishCondition = lazyre.New(`^complete -c aigne -n '([^']*)'`)

func fishByLocale(langs []string, rendered map[string]string) string {
	en := rendered["en"]
	first := strings.Index(en, "\ncomplete -c aigne")
	var b strings.Builder
	b.WriteString(en[:first+1])
	b.WriteString(`# True when the locale (LC_ALL, then LC_MESSAGES, then LANG) is the
# language given, as aigne reads it; "en" for any other.
function __aigne_lang
    set -l l $LC_ALL
    test -n "$l"; or set l $LC_MESSAGES
    test -n "$l"; or set l $LANG
    set -l want $argv[1]
    if test $want = en
        for other in ` + strings.Join(langs[1:], " ") + `
            string match -q -- "$other*" "$l"; and return 1
        end
        return 0
    end
    string match -q -- "$want*" "$l"
end
`)
	for _, l := range langs {
		body := rendered[l]
		for _, line := range strings.Split(body[strings.Index(body, "\ncomplete -c aigne")+1:], "\n") {
			switch {
			case line == "complete -c aigne -f" && l != "en":
				continue // once is enough
			case fishCondition().MatchString(line):
				line = fishCondition().ReplaceAllString(line, "complete -c aigne -n '__aigne_lang "+l+"; and $1'")
			case strings.HasPrefix(line, "complete -c aigne ") && line != "complete -c aigne -f":
				line = "complete -c aigne -n '__aigne_lang " + l + "' " + strings.TrimPrefix(line, "complete -c aigne ")
			case strings.HasPrefix(line, "complete") || line == "" || strings.HasPrefix(line, "#"):
			default:
				if l != "en" {
					continue
				}
			}
			if l != "en" && (line == "" || strings.HasPrefix(line, "#")) {
				continue
			}
			b.WriteString(line + "\n")
		}
	}
	return b.String()
}

// renderCompletionPowerShell writes each description as an expression that
// picks its language when completing: $__aigne_lang is set at the start of
// each completion from the locale.
func renderCompletionPowerShell(langs []string) (string, error) {
	script, err := executeCompletion("powershell", func(key string) (string, error) {
		if _, ok := catalogs["en"][Msg(key)]; !ok {
			return "", fmt.Errorf("no message %q in the catalog", key)
		}
		expr := ""
		for _, l := range langs { // English first: the fallback
			q, err := shellenv.Quote(shellenv.PowerShell, "description", Printer{Lang: l}.T(Msg(key)))
			if err != nil {
				return "", err
			}
			if expr == "" {
				expr = q
				continue
			}
			expr = "$(if ($__aigne_lang -eq '" + l + "') { " + q + " } else { " + expr + " })"
		}
		return expr, nil
	})
	return script, err
}

// zshQuote makes s safe inside a single-quoted _arguments spec: a
// description in [...] or a message between colons.
var zshQuote = strings.NewReplacer(`'`, `'\''`, `\`, `\\`, `[`, `\[`, `]`, `\]`, `:`, `\:`).Replace

// fishQuote makes s safe inside single quotes.
var fishQuote = strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace

// completeCmd is the hidden `aigne __complete hubs` the scripts call while
// the user presses TAB. It prints one saved hub origin per line. It reads
// the file and the keychain's accounts, never a secret (nothing can show
// a prompt), and fails silently: a broken file
// must not print errors into the middle of a command line.
type completeCmd struct {
	What string `arg:"" enum:"hubs"`
}

// It opens the hub list itself, rather than having it handed over, so that
// failing to is as silent as everything else here.
func (c *completeCmd) Run(out *Output, open registryOpener) error {
	reg, err := open()
	if err != nil {
		return nil
	}
	// A keychain that hangs must not hang the shell's TAB for long.
	if reg.Keychain != nil {
		reg.Keychain.Timeout = completionKeychainTimeout
	}
	st, err := reg.LoadQuiet()
	if err != nil {
		return nil
	}
	var b strings.Builder
	for _, h := range st.Valid() {
		if o := h.Origin(); completableOrigin(o) {
			b.WriteString(safeText(o) + "\n")
		}
	}
	_, _ = out.IO.Out.Write([]byte(b.String()))
	return nil
}

const completionKeychainTimeout = time.Second

// completableOrigin tells whether origin may be offered on a command line:
// http or https, then a host of letter-digit-hyphen labels (which covers
// punycode and IPv4) or a bracketed IPv6 address, and an optional port.
// The URL Standard lets a host hold $ ( ) ; ' ` ! & * , = { } and more, and
// the hub file and the keychain are written by other programs too; the
// scripts quote every candidate, and this keeps such names off the line
// in case one of them ever does not.
func completableOrigin(origin string) bool {
	rest, ok := strings.CutPrefix(origin, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(origin, "http://"); !ok {
			return false
		}
	}
	host, port := rest, ""
	if strings.HasPrefix(rest, "[") {
		end := strings.IndexByte(rest, ']')
		if end < 0 || !ipv6Literal(rest[1:end]) {
			return false
		}
		host, port = rest[:end+1], rest[end+1:]
	} else if i := strings.LastIndexByte(rest, ':'); i >= 0 {
		host, port = rest[:i], rest[i:]
	}
	if port != "" {
		digits, ok := strings.CutPrefix(port, ":")
		if !ok || digits == "" || len(digits) > 5 || strings.Trim(digits, "0123456789") != "" {
			return false
		}
	}
	return strings.HasPrefix(host, "[") || ldhHost(host)
}

// ldhHost: labels of ASCII letters, digits and hyphens, 1 to 63 long,
// joined by dots, with an optional final dot.
func ldhHost(host string) bool {
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	for _, l := range labels {
		if l == "" || len(l) > 63 {
			return false
		}
		for i := 0; i < len(l); i++ {
			c := l[i]
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	return true
}

// ipv6Literal: an IPv6 address as the URL Standard writes one, hex digits
// and colons (dots for an embedded IPv4 part), no zone.
func ipv6Literal(s string) bool {
	if s == "" || strings.Trim(s, "0123456789abcdefABCDEF:.") != "" {
		return false
	}
	a, err := netip.ParseAddr(s)
	return err == nil && a.Is6()
}
