// Package shellenv writes environment assignments that a shell evaluates,
// for `aigne hub env`: `eval "$(aigne hub env)"` in sh, bash, zsh, dash and
// ksh, `aigne hub env --shell fish | source`, `aigne hub env --shell
// powershell | Invoke-Expression`, and `set` lines for cmd.exe.
//
// The value must reach the shell unchanged, whatever it holds: an API key
// comes from a file or a server, and a quoting mistake would run part of it
// as a command. So the rule is that every value is either carried exactly or
// refused with an error; nothing is ever changed silently.
//
// What each shell can carry:
//
//   - sh, fish: every byte but NUL, including newlines, quotes, backslashes,
//     $, ` and bytes that are not UTF-8.
//   - powershell: every valid UTF-8 string without NUL. PowerShell strings
//     are UTF-16, so bytes that are not UTF-8 cannot survive and are refused.
//   - cmd: no % ! " ^, no control character but TAB, valid UTF-8 only. The
//     first three are expanded or stripped even inside quotes at the cmd
//     prompt and cannot be escaped there reliably, and a line break ends the
//     command.
//
// NUL is refused for every shell: no environment can hold it. An empty
// value sets an empty variable in sh and fish, but removes the variable in
// PowerShell and cmd, which is as close as they come.
package shellenv

import (
	"errors"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// Shell is a family of shells that share one assignment syntax.
type Shell string

// The shells Assign writes for.
const (
	SH         Shell = "sh"         // POSIX shells: sh, bash, zsh, dash, ksh
	Fish       Shell = "fish"       // fish 3
	PowerShell Shell = "powershell" // Windows PowerShell 5.1 and PowerShell 7 (pwsh)
	Cmd        Shell = "cmd"        // cmd.exe
)

// Shells lists the shells in the order to show them, e.g. as the values of
// a --shell flag.
var Shells = []Shell{SH, Fish, PowerShell, Cmd}

var (
	// ErrUnknownShell is returned by Parse for a name it does not know.
	ErrUnknownShell = errors.New("unknown shell")
	// ErrBadName is returned by Assign for a variable name that is not
	// letters, digits and underscores starting with a letter or underscore.
	ErrBadName = errors.New("invalid environment variable name")
	// ErrUnquotable is returned (wrapped in an *UnquotableError, which says
	// which character) by Assign for a value the shell cannot be given
	// exactly.
	ErrUnquotable = errors.New("value cannot be quoted safely for this shell")
)

// UnquotableError names the first character of a value that a shell cannot
// be given. It never holds the value itself: the value is usually a secret.
type UnquotableError struct {
	Shell Shell
	Name  string // the variable
	// Offset is the position of the character in the value, in bytes.
	Offset int
	// Char is the character, or for a byte that does not begin valid UTF-8
	// (Invalid is true) the byte's value.
	Char    rune
	Invalid bool
}

func (e *UnquotableError) Error() string {
	what := fmt.Sprintf("%U", e.Char)
	if e.Invalid {
		what = fmt.Sprintf("the byte 0x%02X, which is not UTF-8", e.Char)
	} else if e.Char >= 0x20 && e.Char < 0x7F {
		what = fmt.Sprintf("%q", e.Char)
	}
	return fmt.Sprintf("cannot set %s for %s: the value contains %s at byte %d, which %s cannot be given exactly",
		e.Name, e.Shell, what, e.Offset, e.Shell)
}

// Unwrap makes errors.Is(err, ErrUnquotable) true.
func (e *UnquotableError) Unwrap() error { return ErrUnquotable }

// Parse maps a shell's name to its family: sh, bash, zsh, dash and ksh are
// SH; pwsh is PowerShell. Case does not matter.
func Parse(name string) (Shell, error) {
	switch strings.ToLower(name) {
	case "sh", "bash", "zsh", "dash", "ksh":
		return SH, nil
	case "fish":
		return Fish, nil
	case "powershell", "pwsh":
		return PowerShell, nil
	case "cmd":
		return Cmd, nil
	}
	return "", fmt.Errorf("%w %q (want sh, bash, zsh, dash, ksh, fish, powershell, pwsh or cmd)", ErrUnknownShell, name)
}

// Detect guesses the user's shell from the base name of $SHELL: fish is
// Fish, pwsh and powershell are PowerShell, anything else or nothing is SH.
// On Windows (goos "windows") it is PowerShell, unless $SHELL names a POSIX
// shell or fish: Git Bash, MSYS2 and Cygwin set it, and their users eval
// sh syntax. cmd is never guessed; it has to be asked for.
func Detect(getenv func(string) string, goos string) Shell {
	shell := getenv("SHELL")
	// Both separators: a Windows $SHELL may be C:\msys64\usr\bin\bash.exe.
	base := path.Base(strings.ReplaceAll(shell, `\`, "/"))
	base = strings.TrimSuffix(strings.ToLower(base), ".exe")
	switch {
	case shell == "":
	case base == "fish":
		return Fish
	case base == "pwsh" || base == "powershell" || strings.HasPrefix(base, "pwsh-"):
		return PowerShell
	case goos == "windows":
		if sh, err := Parse(base); err == nil && sh != Cmd {
			return sh
		}
	}
	if goos == "windows" {
		return PowerShell
	}
	return SH
}

// Assign returns the command that sets the environment variable name to
// value in shell sh (and exports it to child processes), ending in "\n".
// It is one command; for sh and fish a value holding a line break spans
// several lines, for PowerShell and cmd it is always one line.
//
// For the value it'sé (cmd: value):
//
//	sh:         export NAME='it'\''sé'
//	fish:       set -gx NAME 'it\'sé'
//	powershell: $env:NAME = 'it''s' + ([char]0x00E9)
//	cmd:        set "NAME=value"
//
// The error is an *UnquotableError (errors.Is ErrUnquotable) for a value
// the shell cannot be given exactly, and wraps ErrBadName or
// ErrUnknownShell for a bad name or shell.
func Assign(sh Shell, name, value string) (string, error) {
	if !validName(name) {
		return "", fmt.Errorf("%w: %q", ErrBadName, name)
	}
	switch sh {
	case SH, Fish, PowerShell:
		q, err := quote(sh, name, value)
		if err != nil {
			return "", err
		}
		switch sh {
		case SH:
			return "export " + name + "=" + q + "\n", nil
		case Fish:
			// fish splits variables whose name ends in PATH at colons;
			// --unpath (fish 3.1) keeps the value whole. Only there, so
			// that other names work with older fish too.
			if strings.HasSuffix(name, "PATH") {
				return "set -gx --unpath " + name + " " + q + "\n", nil
			}
			return "set -gx " + name + " " + q + "\n", nil
		default:
			return "$env:" + name + " = " + q + "\n", nil
		}
	case Cmd:
		if err := checkCmd(name, value); err != nil {
			return "", err
		}
		// The quotes around NAME=value keep & | < > ( ) literal and leave
		// trailing spaces in the value rather than eating them.
		return `set "` + name + "=" + value + `"` + "\n", nil
	}
	return "", fmt.Errorf("%w %q", ErrUnknownShell, string(sh))
}

// Quote returns value as one word (sh, fish) or one expression (powershell)
// that evaluates to value, with the same rules as Assign. cmd has no such
// form and gets an error wrapping ErrUnknownShell. name is only used in
// errors.
func Quote(sh Shell, name, value string) (string, error) {
	if sh == Cmd {
		return "", fmt.Errorf("%w: cmd has no quoting of a single word", ErrUnknownShell)
	}
	return quote(sh, name, value)
}

func quote(sh Shell, name, value string) (string, error) {
	if sh == SH || sh == Fish {
		if i := strings.IndexByte(value, 0); i >= 0 {
			return "", &UnquotableError{Shell: sh, Name: name, Offset: i, Char: 0}
		}
	}
	switch sh {
	case SH:
		// Inside '…' every byte is literal; a ' ends the string, so it is
		// written as '\'' (end, escaped quote, start again).
		return "'" + strings.ReplaceAll(value, "'", `'\''`) + "'", nil
	case Fish:
		// Unlike sh, fish reads two escapes inside '…': \' and \\. Any
		// other backslash is literal, but escaping every one is simplest.
		return "'" + fishReplacer.Replace(value) + "'", nil
	case PowerShell:
		return quotePowerShell(name, value)
	}
	return "", fmt.Errorf("%w %q", ErrUnknownShell, string(sh))
}

var fishReplacer = strings.NewReplacer(`\`, `\\`, `'`, `\'`)

// quotePowerShell writes value as an expression of ASCII only: runs of
// printable ASCII in '…' with ' doubled, and every other character as
// ([char]0xXXXX), joined with +; it always starts with a string so that +
// concatenates. ASCII only, because PowerShell decodes a native command's
// output (`aigne hub env | iex`) with the console's code page, which is not
// UTF-8 on most Windows systems; and one line only, because it hands iex
// the output line by line. This also keeps out the typographic quotes
// U+2018..U+201B, which PowerShell takes as single quotes too: they are
// never inside the literal. A string that is not valid UTF-8 cannot become
// a UTF-16 string and is refused.
func quotePowerShell(name, value string) (string, error) {
	var b strings.Builder
	b.WriteByte('\'')
	open := true
	for i := 0; i < len(value); {
		r, size := utf8.DecodeRuneInString(value[i:])
		if r == utf8.RuneError && size <= 1 {
			return "", &UnquotableError{Shell: PowerShell, Name: name, Offset: i, Char: rune(value[i]), Invalid: true}
		}
		if r == 0 {
			return "", &UnquotableError{Shell: PowerShell, Name: name, Offset: i, Char: 0}
		}
		if r >= 0x20 && r < 0x7F {
			if !open {
				b.WriteString(" + '")
				open = true
			}
			if r == '\'' {
				b.WriteByte('\'')
			}
			b.WriteRune(r)
		} else {
			if open {
				b.WriteByte('\'')
				open = false
			}
			if r > 0xFFFF {
				hi, lo := utf16Pair(r)
				fmt.Fprintf(&b, " + ([char]0x%04X) + ([char]0x%04X)", hi, lo)
			} else {
				fmt.Fprintf(&b, " + ([char]0x%04X)", r)
			}
		}
		i += size
	}
	if open {
		b.WriteByte('\'')
	}
	return b.String(), nil
}

func utf16Pair(r rune) (rune, rune) {
	r -= 0x10000
	return 0xD800 + (r>>10)&0x3FF, 0xDC00 + r&0x3FF
}

func checkCmd(name, value string) error {
	for i := 0; i < len(value); {
		r, size := utf8.DecodeRuneInString(value[i:])
		bad := false
		switch {
		case r == utf8.RuneError && size <= 1:
			return &UnquotableError{Shell: Cmd, Name: name, Offset: i, Char: rune(value[i]), Invalid: true}
		case r == '%', r == '!', r == '"', r == '^':
			bad = true
		case r < 0x20 && r != '\t', r == 0x7F:
			bad = true
		}
		if bad {
			return &UnquotableError{Shell: Cmd, Name: name, Offset: i, Char: r}
		}
		i += size
	}
	return nil
}

// validName accepts the names every one of the shells takes unquoted.
func validName(name string) bool {
	if name == "" {
		return false
	}
	for i, c := range []byte(name) {
		switch {
		case c == '_', c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}
