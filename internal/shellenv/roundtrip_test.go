package shellenv

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// nastyValues are values that break naive quoting in one shell or another.
var nastyValues = []string{
	"",
	"https://hub.aigne.io/ai-kit",
	"blocklet-0123456789abcdefABCDEF_-.~+/=",
	"'", "''", "'\\''", `\`, `\\`, `\'`, `\\'`, `'\`, "a'b'c",
	`"`, `"$HOME"`, "$HOME", "${HOME}", "$(id)", "`id`", "$'x'", `$"x"`,
	"!", "!!", "!$", "%PATH%", "^", "&", "|", ";", "<>", "(x)", "{x}", "[x]", "*", "?", "~", "#x", "x #y",
	" ", "  leading and trailing  ", "\t", "\n", "\n\n", "a\nb", "a\r\nb", "\r", "trailing newline\n",
	"-n", "-e", "--", "-", "%s", "%%", "%d%n", "\\n", "\\x41", "\\u0041", "\\c", "\\0",
	"\x01\x02\x1b[31m\x7f",
	"é", "中文", "😀", "\u00a0", "\ufeff", "\ufffd", "\u200b", "\u2028\u2029",
	"\u2018", "\u2019", "\u201a", "\u201b", "\u201c\u201d\u201e", "x\u2019; Remove-Item -Recurse ~; \u2018",
	"\u2013\u2014\u2015", // dashes PowerShell reads as '-'
	"\uf600\uf6ff\uf700", // fish encodes undecodable bytes in this private range
	"\ufdd0\ufdd1\ufdef", "\uffff\ufffe", "\U0010ffff", "\U000e0001",
	"\x80", "\xff", "\xc3", "\xc3(", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\xffb\xfec", "\xef\xbf", "\\\xff'",
	"$env:PATH", "'; Remove-Item -Recurse ~; '", "' + (Get-Date) + '",
	"set -e FOO; echo pwned", "'; echo pwned; '", "\\'; echo pwned; #",
}

// randomValues returns n values mixing random bytes, awkward characters and
// realistic keys, without NUL, which no shell can hold.
func randomValues(r *rand.Rand, n int) []string {
	pieces := []string{"'", `"`, `\`, "$", "`", "!", "%", "^", " ", "\t", "\n", "\r", "(", ")", ";", "&", "|", "#", "~", "*",
		"\u2018", "\u2019", "\u201a", "\u201b", "\u201c", "é", "中", "😀", "\u00a0", "\uf600", "\uf6ff", "\ufdd0", "\ufffd",
		"\x80", "\xff", "\xc3", "\xed\xa0\x80"}
	const keyChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_."
	values := make([]string, n)
	for i := range values {
		var b strings.Builder
		length := r.IntN(40)
		mode := r.IntN(3)
		for b.Len() < length {
			switch mode {
			case 0: // any byte but NUL
				b.WriteByte(byte(1 + r.IntN(255)))
			case 1: // awkward pieces among ordinary characters
				if r.IntN(2) == 0 {
					b.WriteString(pieces[r.IntN(len(pieces))])
				} else {
					b.WriteByte(keyChars[r.IntN(len(keyChars))])
				}
			default: // any Unicode character but NUL, surrogates excluded
				c := rune(1 + r.IntN(0x10FFFF))
				if c >= 0xD800 && c < 0xE000 {
					c = 0xFFFD
				}
				b.WriteRune(c)
			}
		}
		values[i] = b.String()
	}
	return values
}

type shellCase struct{ name, value string }

// roundTripCases is every nasty value and count random ones (logging the
// seed; AIGNE_SHELLENV_SEED replays a run), plus a few under a name that
// fish treats as a path variable.
func roundTripCases(t *testing.T, count int) []shellCase {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("AIGNE_SHELLENV_SEED"); s != "" {
		var err error
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("random values from AIGNE_SHELLENV_SEED=%d", seed)
	var cases []shellCase
	for _, v := range append(nastyValues, randomValues(rand.New(rand.NewPCG(seed, seed)), count)...) {
		cases = append(cases, shellCase{"AIGNE_HUB_API_KEY", v})
	}
	for _, v := range []string{"a:b", ":", "/usr/bin:/bin", "a b:c", "", "x\n:y"} {
		cases = append(cases, shellCase{"AIGNE_TEST_PATH", v})
	}
	return cases
}

type shellSpec struct {
	exe      string
	args     []string // before the script file
	required string   // the variable that makes a missing shell fail the test
	family   Shell
	ext      string
	// step is the script's text for case i: load gen.i as a user would,
	// then write the variable's bytes as the shell sees them to out.i and
	// as a child process sees them (printenv, which adds a newline) to
	// env.i.
	step func(dir string, i int, name string) string
}

func shQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func shStep(dir string, i int, name string) string {
	f := func(kind string) string { return shQuote(filepath.Join(dir, fmt.Sprintf("%s.%d", kind, i))) }
	return fmt.Sprintf("unset %[1]s\neval \"$(cat %[2]s)\"\nprintf %%s \"$%[1]s\" >%[3]s\nprintenv %[1]s >%[4]s\n",
		name, f("gen"), f("out"), f("env"))
}

var shellSpecs = []shellSpec{
	{exe: "bash", args: []string{"--norc", "--noprofile"}, required: "AIGNE_REQUIRE_SHELLS", family: SH, ext: "sh", step: shStep},
	{exe: "zsh", args: []string{"-f"}, required: "AIGNE_REQUIRE_SHELLS", family: SH, ext: "sh", step: shStep},
	{exe: "dash", family: SH, ext: "sh", step: shStep},
	{exe: "ksh", family: SH, ext: "sh", step: shStep},
	{exe: "fish", args: []string{"--no-config"}, required: "AIGNE_REQUIRE_SHELLS", family: Fish, ext: "fish",
		step: func(dir string, i int, name string) string {
			// fish's single quotes: \' and \\ are the only escapes, as in
			// Assign; shQuote's paths have neither.
			f := func(kind string) string { return "'" + filepath.Join(dir, fmt.Sprintf("%s.%d", kind, i)) + "'" }
			// printf %s $NAME: an unset variable is an empty list and
			// prints nothing; a value fish had split into a list would
			// lose its separators and fail the comparison.
			return fmt.Sprintf("set -e %[1]s 2>/dev/null\ncat %[2]s | source\nprintf %%s $%[1]s >%[3]s\nprintenv %[1]s >%[4]s\n",
				name, f("gen"), f("out"), f("env"))
		}},
	// PowerShell is not a Debian package and cannot be installed here; the
	// step is written for `pwsh` 7 and runs wherever it is on the PATH.
	{exe: "pwsh", args: []string{"-NoProfile", "-NonInteractive", "-File"}, required: "AIGNE_REQUIRE_PWSH", family: PowerShell, ext: "ps1",
		step: func(dir string, i int, name string) string {
			f := func(kind string) string {
				return "'" + strings.ReplaceAll(filepath.Join(dir, fmt.Sprintf("%s.%d", kind, i)), "'", "''") + "'"
			}
			// The assignment comes from a native command's output, as
			// with `aigne hub env | iex`; the bytes are written without
			// PowerShell's text redirection, which would re-encode them.
			// No double quotes in native arguments: PowerShell before
			// 7.3 drops them. (Temporary directories have no spaces.)
			return fmt.Sprintf("Remove-Item Env:%[1]s -ErrorAction SilentlyContinue\n"+
				"& /bin/cat %[2]s | Invoke-Expression\n"+
				"[IO.File]::WriteAllBytes(%[3]s, [Text.UTF8Encoding]::new($false).GetBytes([string]$env:%[1]s))\n"+
				"& /bin/sh -c 'printenv $1 >$2' sh %[1]s %[4]s\n",
				name, f("gen"), f("out"), f("env"))
		}},
}

// TestRoundTrip runs each installed shell on the lines Assign writes for
// the nasty values and a few hundred random ones, and compares what the
// shell then holds, and what it exports, with the value byte for byte.
// Under -short: bash alone, and the nasty values alone.
func TestRoundTrip(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the shells tested are POSIX programs")
	}
	for _, spec := range shellSpecs {
		t.Run(spec.exe, func(t *testing.T) {
			if testing.Short() && spec.exe != "bash" {
				t.Skip("-short round-trips through bash alone")
			}
			t.Parallel()
			exe, err := exec.LookPath(spec.exe)
			if err != nil {
				if spec.required != "" && os.Getenv(spec.required) == "1" {
					t.Fatalf("%s is not installed and %s=1", spec.exe, spec.required)
				}
				hint := ""
				if spec.required != "" {
					hint = fmt.Sprintf(" (set %s=1 to fail instead)", spec.required)
				}
				t.Skipf("%s is not installed%s", spec.exe, hint)
			}
			roundTrip(t, exe, spec)
		})
	}
}

func roundTrip(t *testing.T, exe string, spec shellSpec) {
	dir := t.TempDir()
	var script strings.Builder
	type tried struct {
		shellCase
		i int
	}
	var all []tried
	// Under -short, the nasty values alone: each value is a few processes.
	random := 300
	if testing.Short() {
		random = 0
	}
	for i, c := range roundTripCases(t, random) {
		line, err := Assign(spec.family, c.name, c.value)
		if err != nil {
			if refusal(spec.family, c.value) == nil {
				t.Errorf("Assign(%s, %q): %v", spec.family, c.value, err)
			}
			continue
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("gen.%d", i)), []byte(line), 0o600); err != nil {
			t.Fatal(err)
		}
		script.WriteString(spec.step(dir, i, c.name))
		all = append(all, tried{c, i})
	}
	scriptPath := filepath.Join(dir, "roundtrip."+spec.ext)
	if err := os.WriteFile(scriptPath, []byte(script.String()), 0o600); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, append(spec.args, scriptPath)...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "LANG=C.UTF-8", "TERM=dumb"}
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	start := time.Now()
	runErr := cmd.Run()
	t.Logf("%s: %d values in %v", spec.exe, len(all), time.Since(start).Round(time.Millisecond))
	if ctx.Err() != nil {
		t.Fatalf("%s timed out", spec.exe)
	}

	failures := 0
	for _, c := range all {
		out, _ := os.ReadFile(filepath.Join(dir, fmt.Sprintf("out.%d", c.i)))
		env, _ := os.ReadFile(filepath.Join(dir, fmt.Sprintf("env.%d", c.i)))
		wantEnv := c.value + "\n"
		if c.value == "" && spec.family == PowerShell && len(env) == 0 {
			wantEnv = "" // $env:X = '' removes X
		}
		if string(out) != c.value || string(env) != wantEnv {
			failures++
			if failures <= 10 {
				line, _ := Assign(spec.family, c.name, c.value)
				t.Errorf("%s %s=%q\n  line    %q\n  shell   %q\n  printenv %q", spec.exe, c.name, c.value, line, out, env)
			}
		}
	}
	if failures > 10 {
		t.Errorf("... and %d more", failures-10)
	}
	if runErr != nil || (failures > 0 && stderr.Len() > 0) {
		t.Errorf("%s: %v\n%s", spec.exe, runErr, stderr.Bytes())
	}
}

// TestPowerShellParses parses the PowerShell lines for the nasty and the
// random values with the PowerShell grammar of .ci/ps-parse
// (AIGNE_PS_PARSER, which .ci/run sets), since PowerShell itself cannot be
// installed there: a check of the syntax, where FuzzAssign's reader checks
// the meaning.
func TestPowerShellParses(t *testing.T) {
	parser := os.Getenv("AIGNE_PS_PARSER")
	if parser == "" {
		t.Skip("AIGNE_PS_PARSER is not set (AIGNE_PS_PARSER=$PWD/.ci/ps-parse checks the syntax with a PowerShell grammar from npm)")
	}
	var script strings.Builder
	n := 0
	for _, c := range roundTripCases(t, 300) {
		if line, err := Assign(PowerShell, c.name, c.value); err == nil {
			script.WriteString(line)
			n++
		}
	}
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "assign.ps1"), filepath.Join(dir, "broken.ps1")
	if err := os.WriteFile(good, []byte(script.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// What naive quoting writes for it's: the parser must reject it.
	if err := os.WriteFile(bad, []byte("$env:K = 'it's'\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(parser, good).CombinedOutput(); err != nil {
		t.Errorf("%s on %d lines: %v\n%s", parser, n, err, out)
	}
	if err := exec.Command(parser, bad).Run(); err == nil {
		t.Errorf("%s accepted $env:K = 'it's'", parser)
	}
}
