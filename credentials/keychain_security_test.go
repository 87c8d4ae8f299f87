package credentials

import (
	"context"
	"encoding/hex"
	"errors"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// macFakeCall is one run of the fake security.
type macFakeCall struct {
	stdin []byte
	args  []string
}

type macReply struct {
	stdout, stderr string
	code           int
	err            error
}

// macFake answers each run with reply(args) and records it.
type macFake struct {
	calls []macFakeCall
	reply func(args []string) macReply
}

func (f *macFake) run(_ context.Context, stdin []byte, args ...string) ([]byte, []byte, int, error) {
	f.calls = append(f.calls, macFakeCall{stdin: stdin, args: args})
	r := f.reply(args)
	return []byte(r.stdout), []byte(r.stderr), r.code, r.err
}

func macTestBackend(reply func(args []string) macReply) (macBackend, *macFake) {
	f := &macFake{reply: reply}
	return macBackend{service: KeychainService, run: f.run}, f
}

// macAttrs is what find-generic-password prints on stdout before the data.
const macAttrs = `keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key"
    "acct"<blob>="hub.aigne.io"
    "svce"<blob>="aigne-hub-api-key"
`

func TestMacGet(t *testing.T) {
	cases := []struct {
		name, printed, want string
	}{
		{"json", `"{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit","AIGNE_HUB_API_KEY":"k"}"`,
			`{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit","AIGNE_HUB_API_KEY":"k"}`},
		{"looks like hex", `"c0ffee"`, "c0ffee"},
		{"utf-8", `0x7B2263223A22C3A9227D  "{"c":"\303\251"}"`, `{"c":"é"}`},
		{"backslash", `0x7B2261223A22615C5C62227D  "{"a":"a\134\134b"}"`, `{"a":"a\\b"}`},
		{"control bytes only", `0x0A09 `, "\n\t"},
		{"empty", ``, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, f := macTestBackend(func([]string) macReply {
				return macReply{stdout: macAttrs, stderr: "password: " + c.printed + "\n"}
			})
			got, err := b.Get("hub.aigne.io")
			if err != nil || got != c.want {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
			want := []string{"find-generic-password", "-s", KeychainService, "-a", "hub.aigne.io", "-g"}
			if len(f.calls) != 1 || !reflect.DeepEqual(f.calls[0].args, want) || f.calls[0].stdin != nil {
				t.Fatalf("calls: %+v", f.calls)
			}
		})
	}
}

func TestMacGetNoPasswordLine(t *testing.T) {
	b, _ := macTestBackend(func([]string) macReply { return macReply{stdout: macAttrs} })
	_, err := b.Get("hub.aigne.io")
	err = unavailable(err) // as the Keychain reports it
	var ue *UnavailableError
	if !errors.As(err, &ue) || ue.Reason != ReasonFailed {
		t.Fatalf("got %v", err)
	}
}

func TestMacGetErrors(t *testing.T) {
	cases := []struct {
		name     string
		reply    macReply
		notFound bool
		noKC     bool
		reason   Reason
	}{
		{name: "not found", notFound: true, reply: macReply{code: 44,
			stderr: "security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n"}},
		{name: "locked, no dialog", reason: ReasonLocked, reply: macReply{code: 36}},
		{name: "interaction required", reason: ReasonLocked, reply: macReply{code: 29}},
		{name: "denied", reason: ReasonDenied, reply: macReply{code: 51}},
		{name: "cancelled", reason: ReasonDenied, reply: macReply{code: 128}},
		{name: "no default keychain", noKC: true, reply: macReply{code: 37}},
		{name: "no keychain available", noKC: true, reply: macReply{code: 53}},
		{name: "generic status, English text", reason: ReasonLocked, reply: macReply{code: 1,
			stderr: "security: SecKeychainSearchCopyNext: User interaction is not allowed.\n"}},
		{name: "generic status, other language", reason: ReasonFailed, reply: macReply{code: 1,
			stderr: "security: SecKeychainSearchCopyNext: Benutzerinteraktion ist nicht erlaubt.\n"}},
		{name: "usage", reason: ReasonFailed, reply: macReply{code: 2, stderr: "Usage: find-generic-password ...\n"}},
		{name: "not run", reason: ReasonFailed, reply: macReply{code: -1, err: errors.New("fork/exec /usr/bin/security: no such file or directory")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, _ := macTestBackend(func([]string) macReply { return c.reply })
			_, err := b.Get("hub.aigne.io")
			err = unavailable(err) // as the Keychain reports it
			var ue *UnavailableError
			switch {
			case c.notFound:
				if !errors.Is(err, ErrNotFound) || errors.As(err, &ue) {
					t.Fatalf("got %v, want ErrNotFound", err)
				}
			case c.noKC:
				if !errors.Is(err, ErrNoKeychain) {
					t.Fatalf("got %v, want ErrNoKeychain", err)
				}
			default:
				if !errors.As(err, &ue) || ue.Reason != c.reason {
					t.Fatalf("got %#v (%v), want reason %d", err, err, c.reason)
				}
				if errors.Is(err, ErrNotFound) || errors.Is(err, ErrNoKeychain) {
					t.Fatalf("%v also matches a sentinel", err)
				}
			}
		})
	}
}

func TestMacExitStatus(t *testing.T) {
	for status, code := range map[int]int{
		macErrSecItemNotFound: 44, macErrSecInteractionNotAllowed: 36, macErrSecAuthFailed: 51,
		macErrSecUserCanceled: 128, macErrSecDuplicateItem: 45, macErrSecNoDefaultKeychain: 37,
		macErrSecInteractionRequired: 29, macErrSecNoSuchKeychain: 50, macErrSecNotAvailable: 53,
	} {
		if got := macExitStatus(status); got != code {
			t.Errorf("status %d: exit %d, want %d", status, got, code)
		}
	}
}

// macSplitCommands is how `security -i` cuts its standard input into
// commands and arguments (readline with a 4096-byte buffer, then
// split_line), restated in Go from Apple's SecurityTool so that the lines
// Set writes can be checked without a Mac.
func macSplitCommands(stdin []byte) [][]string {
	const bufSize = 4096
	var cmds [][]string
	in := stdin
	for len(in) > 0 {
		var line []byte
		eof := true
		for i := 0; ; i++ {
			if i == bufSize-1 {
				eof = false
				break
			}
			if len(in) == 0 {
				break
			}
			c := in[0]
			in = in[1:]
			if c == '\n' {
				eof = false
				break
			}
			line = append(line, c)
		}
		if eof {
			break // the tool drops a last line without its newline
		}
		if args := macSplitLine(line); len(args) > 0 {
			cmds = append(cmds, args)
		} else {
			cmds = append(cmds, nil) // an empty command, which resets the status to 0
		}
	}
	return cmds
}

func macSplitLine(line []byte) []string {
	const (
		skipWS = iota
		readArg
		readArgEscaped
		quotedArg
		quotedArgEscaped
	)
	var args []string
	var cur []byte
	state, quote := skipWS, byte(0)
	isSpace := func(c byte) bool { return c == ' ' || (c >= '\t' && c <= '\r') }
	for _, c := range line {
		if c == 0 {
			break
		}
		switch state {
		case skipWS:
			if isSpace(c) {
				continue
			}
			if c == '"' || c == '\'' {
				quote, state, cur = c, quotedArg, []byte{}
				continue
			}
			state, cur = readArg, []byte{}
			fallthrough
		case readArg:
			switch {
			case c == '\\':
				state = readArgEscaped
			case isSpace(c):
				args, state = append(args, string(cur)), skipWS
			default:
				cur = append(cur, c)
			}
		case quotedArg:
			switch c {
			case '\\':
				state = quotedArgEscaped
			case quote:
				args, state = append(args, string(cur)), skipWS
			default:
				cur = append(cur, c)
			}
		case readArgEscaped:
			cur, state = append(cur, c), readArg
		case quotedArgEscaped:
			cur, state = append(cur, c), quotedArg
		}
	}
	if state != skipWS {
		args = append(args, string(cur))
	}
	return args
}

func TestMacSplitLineModel(t *testing.T) {
	got := macSplitLine([]byte(`add -a "x \"y\" \\z" 'q' plain\ arg ""`))
	want := []string{"add", "-a", `x "y" \z`, "q", "plain arg", ""}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q", got)
	}
}

func TestMacSet(t *testing.T) {
	value := `{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit","AIGNE_HUB_API_KEY":"k é \" \\ '"}`
	for _, account := range []string{"hub.aigne.io", "example.com:8443", "[::1]:8080", "default", `we"ird\ acc ount`, "bücher.example", "-a"} {
		b, f := macTestBackend(func([]string) macReply { return macReply{} })
		if err := b.Set(account, value); err != nil {
			t.Fatalf("%q: %v", account, err)
		}
		if len(f.calls) != 1 || !reflect.DeepEqual(f.calls[0].args, []string{"-i"}) {
			t.Fatalf("%q: calls %+v", account, f.calls)
		}
		if strings.Contains(strings.Join(f.calls[0].args, " "), "AIGNE") {
			t.Fatal("the value is on the command line")
		}
		cmds := macSplitCommands(f.calls[0].stdin)
		want := []string{"add-generic-password", "-U", "-s", KeychainService, "-a", account, "-l", KeychainService, "-X", hex.EncodeToString([]byte(value))}
		if len(cmds) != 1 || !reflect.DeepEqual(cmds[0], want) {
			t.Fatalf("%q: security would run %q, want %q", account, cmds, want)
		}
	}
}

func TestMacSetEmptyValue(t *testing.T) {
	b, f := macTestBackend(func([]string) macReply { return macReply{} })
	if err := b.Set("hub.aigne.io", ""); err != nil {
		t.Fatal(err)
	}
	cmds := macSplitCommands(f.calls[0].stdin)
	if len(cmds) != 1 || cmds[0][len(cmds[0])-2] != "-X" || cmds[0][len(cmds[0])-1] != "" {
		t.Fatalf("got %q", cmds)
	}
}

func TestMacSetSizeLimit(t *testing.T) {
	account := "hub.aigne.io"
	head, err := macAddCommand(KeychainService, account, "")
	if err != nil {
		t.Fatal(err)
	}
	fit := (macMaxCommandLine - len(head)) / 2 // head already holds the two quotes
	b, f := macTestBackend(func([]string) macReply { return macReply{} })
	if err := b.Set(account, strings.Repeat("x", fit)); err != nil {
		t.Fatalf("%d bytes: %v", fit, err)
	}
	stdin := f.calls[0].stdin
	if n := len(stdin) - 1; n > macMaxCommandLine || stdin[n] != '\n' {
		t.Fatalf("line of %d bytes", n)
	}
	if cmds := macSplitCommands(stdin); len(cmds) != 1 || len(cmds[0]) != 10 {
		t.Fatalf("the longest line splits into %d commands", len(cmds))
	}

	err = b.Set(account, strings.Repeat("x", fit+1))
	var ue *UnavailableError
	if !errors.As(err, &ue) || ue.Reason != ReasonTooLarge {
		t.Fatalf("%d bytes: %v", fit+1, err)
	}
	if len(f.calls) != 1 {
		t.Fatal("security was run for a value that does not fit")
	}
	if fit < 1500 {
		t.Fatalf("only %d bytes fit", fit)
	}
}

// A line of 4095 bytes or more is cut by the tool, and what is left runs as
// a second command whose status hides the first one's: the model used by
// the tests above must show that, or it proves nothing.
func TestMacSplitCommandsCutsLongLines(t *testing.T) {
	line := "add-generic-password " + strings.Repeat("A", 4095-len("add-generic-password "))
	if cmds := macSplitCommands([]byte(line + "\n")); len(cmds) != 2 || cmds[1] != nil {
		t.Fatalf("a 4095-byte line: %d commands", len(cmds))
	}
	if cmds := macSplitCommands([]byte(line[:4094] + "\n")); len(cmds) != 1 {
		t.Fatalf("a 4094-byte line: %d commands", len(cmds))
	}
}

func TestMacSetRefusesLineBreaks(t *testing.T) {
	b, f := macTestBackend(func([]string) macReply { return macReply{} })
	for _, account := range []string{"a\nadd-generic-password -s x -a y", "a\x00b"} {
		var ue *UnavailableError
		if err := unavailable(b.Set(account, "v")); !errors.As(err, &ue) || ue.Reason != ReasonFailed {
			t.Fatalf("%q: %v", account, err)
		}
	}
	if len(f.calls) != 0 {
		t.Fatal("security was run")
	}
}

func TestMacSetErrors(t *testing.T) {
	value := `{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit","AIGNE_HUB_API_KEY":"sekrit-key"}`
	hexValue := hex.EncodeToString([]byte(value))
	cases := []struct {
		name   string
		reply  macReply
		reason Reason
		noKC   bool
	}{
		{name: "update refused", reason: ReasonDenied, reply: macReply{code: 45, stderr: "security: SecKeychainItemModifyContent: The user name or passphrase you entered is not correct.\n" +
			"security: SecKeychainItemCreateFromContent (<default>): The specified item already exists in the keychain.\n" +
			"add-generic-password: returned -25299\n"}},
		{name: "update needed a dialog", reason: ReasonNoDialog, reply: macReply{code: 45, stderr: "security: SecKeychainItemModifyContent: User interaction is not allowed.\n" +
			"security: SecKeychainItemCreateFromContent (<default>): The specified item already exists in the keychain.\n" +
			"add-generic-password: returned -25299\n"}},
		{name: "update refused, other language", reason: ReasonDenied, reply: macReply{code: 45, stderr: "security: SecKeychainItemModifyContent: Benutzerinteraktion ist nicht erlaubt.\n" +
			"security: SecKeychainItemCreateFromContent (<default>): Das angegebene Objekt ist bereits im Schlüsselbund vorhanden.\n" +
			"add-generic-password: returned -25299\n"}},
		{name: "locked", reason: ReasonLocked, reply: macReply{code: 36, stderr: "security: SecKeychainItemCreateFromContent (<default>): User interaction is not allowed.\nadd-generic-password: returned -25308\n"}},
		{name: "locked, exit status only", reason: ReasonLocked, reply: macReply{code: 36}},
		{name: "cancelled", reason: ReasonDenied, reply: macReply{code: 128, stderr: "add-generic-password: returned -128\n"}},
		{name: "no default keychain", noKC: true, reply: macReply{code: 37, stderr: "add-generic-password: returned -25307\n"}},
		{name: "bad hex echoed back", reason: ReasonFailed, reply: macReply{code: 2, stderr: "security: could not use " + hexValue + " or " + value + "\nadd-generic-password: returned 2\n"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, _ := macTestBackend(func([]string) macReply { return c.reply })
			err := unavailable(b.Set("hub.aigne.io", value))
			if c.noKC {
				if !errors.Is(err, ErrNoKeychain) {
					t.Fatalf("got %v", err)
				}
			} else {
				var ue *UnavailableError
				if !errors.As(err, &ue) || ue.Reason != c.reason {
					t.Fatalf("got %v, want reason %d", err, c.reason)
				}
			}
			if msg := err.Error(); strings.Contains(msg, "sekrit") || strings.Contains(msg, hexValue) {
				t.Fatalf("the value leaked into %q", msg)
			}
		})
	}
}

func TestMacDelete(t *testing.T) {
	cases := []struct {
		reply macReply
		ok    bool
	}{
		{macReply{stdout: macAttrs, stderr: "password has been deleted.\n"}, true},
		{macReply{code: 44, stderr: "security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n"}, true},
		{macReply{code: 51}, false},
		{macReply{code: 36}, false},
	}
	for _, c := range cases {
		b, f := macTestBackend(func([]string) macReply { return c.reply })
		err := b.Delete("hub.aigne.io")
		if (err == nil) != c.ok {
			t.Fatalf("%+v: %v", c.reply, err)
		}
		want := []string{"delete-generic-password", "-s", KeychainService, "-a", "hub.aigne.io"}
		if !reflect.DeepEqual(f.calls[0].args, want) {
			t.Fatalf("args %q", f.calls[0].args)
		}
	}
}

func TestMacList(t *testing.T) {
	values := map[string]string{
		"hub.aigne.io": `{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit","AIGNE_HUB_API_KEY":"k"}`,
		"default":      `{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit"}`,
	}
	reply := func(args []string) macReply {
		switch args[0] {
		case "dump-keychain":
			return macReply{stdout: macSampleDump}
		case "find-generic-password":
			if v, ok := values[args[4]]; ok {
				return macReply{stdout: macAttrs, stderr: `password: "` + v + "\"\n"}
			}
			return macReply{code: 44}
		}
		return macReply{code: 2}
	}

	b, f := macTestBackend(reply)
	accounts, err := b.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	if len(f.calls) != 1 || !reflect.DeepEqual(f.calls[0].args, []string{"dump-keychain"}) {
		t.Fatalf("calls %+v", f.calls)
	}
	if len(accounts) != 7 || accounts[0] != "hub.aigne.io" {
		t.Fatalf("accounts %q", accounts)
	}

	b, _ = macTestBackend(reply)
	items, err := b.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []RawItem{
		{Account: "hub.aigne.io", Value: values["hub.aigne.io"], Read: true},
		{Account: "default", Value: values["default"], Read: true},
	}
	if !reflect.DeepEqual(items, want) {
		t.Fatalf("items %+v", items) // the others went between dump and read
	}
}

func TestMacListErrors(t *testing.T) {
	b, _ := macTestBackend(func(args []string) macReply {
		return macReply{code: 1, stderr: "security: SecKeychainSearchCopyNext: User interaction is not allowed.\n"}
	})
	var ue *UnavailableError
	if _, err := b.Accounts(); !errors.As(err, &ue) || ue.Reason != ReasonLocked {
		t.Fatalf("got %v", err)
	}
}

// Recorded stderr of `security show-keychain-info` (keychain_show_info.c in
// Apple's SecurityTool): the settings of an unlocked default keychain, or
// the failure of SecKeychainCopySettings on a locked one that no dialog can
// unlock (exit 36, errSecInteractionNotAllowed in its low byte).
const (
	macInfoUnlocked        = "Keychain \"<NULL>\" no-timeout\n"
	macInfoUnlockedSleep   = "Keychain \"<NULL>\" lock-on-sleep use-lock-interval timeout=300s\n"
	macInfoLocked          = "security: SecKeychainCopySettings <NULL>: User interaction is not allowed.\n"
	macFindNoInteraction   = "security: SecKeychainSearchCopyNext: User interaction is not allowed.\n"
	macFindItemNotFound    = "security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n"
	macAddNoInteraction    = "security: SecKeychainItemCreateFromContent (<default>): User interaction is not allowed.\nadd-generic-password: returned -25308\n"
	macDeleteNoInteraction = "security: SecKeychainItemDelete: User interaction is not allowed.\n"
)

// One item that cannot be read (access refused at its dialog, no dialog
// possible, a value printed in a form we do not know) is listed with its
// error, and every other item is read.
func TestMacListOneBadItem(t *testing.T) {
	values := map[string]string{
		"hub.aigne.io":     `{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit","AIGNE_HUB_API_KEY":"k"}`,
		"default":          `{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit"}`,
		"example.com:8443": `{"AIGNE_HUB_API_URL":"https://example.com:8443/ai-kit","AIGNE_HUB_API_KEY":"k2"}`,
	}
	b, f := macTestBackend(func(args []string) macReply {
		switch args[0] {
		case "dump-keychain":
			return macReply{stdout: macSampleDump}
		case "show-keychain-info":
			return macReply{stderr: macInfoUnlocked}
		case "find-generic-password":
			switch a := args[4]; a {
			case "[::1]:8080":
				return macReply{code: 51, stderr: "security: SecKeychainSearchCopyNext: The user name or passphrase you entered is not correct.\n"}
			case "bücher.example":
				return macReply{stdout: macAttrs, stderr: "password: 0xZZ \n"}
			case `a\b`:
				return macReply{code: 36, stderr: macFindNoInteraction}
			case `quo"ted`:
				return macReply{code: 44, stderr: macFindItemNotFound}
			default:
				return macReply{stdout: macAttrs, stderr: `password: "` + values[a] + "\"\n"}
			}
		}
		return macReply{code: 2}
	})
	items, err := b.ReadAll()
	if err != nil {
		t.Fatalf("one bad item failed the list: %v", err)
	}
	want := []struct {
		account string
		reason  Reason // for an item with an error
		bad     bool
	}{
		{account: "hub.aigne.io"}, {account: "default"},
		{account: "[::1]:8080", bad: true, reason: ReasonDenied},
		{account: "bücher.example", bad: true, reason: ReasonFailed},
		{account: `a\b`, bad: true, reason: ReasonNoDialog},
		{account: "example.com:8443"},
	}
	if len(items) != len(want) {
		t.Fatalf("items %+v", items)
	}
	for i, w := range want {
		it := items[i]
		if it.Account != w.account {
			t.Fatalf("item %d is %q, want %q", i, it.Account, w.account)
		}
		if !w.bad {
			if it.Err != nil || !it.Read || it.Value != values[w.account] {
				t.Errorf("%s: %+v", w.account, it)
			}
			continue
		}
		var ue *UnavailableError
		if it.Read || it.Value != "" || !errors.As(unavailable(it.Err), &ue) || ue.Reason != w.reason {
			t.Errorf("%s: %+v, want an error of reason %d", w.account, it, w.reason)
		}
	}
	probes := 0
	for _, c := range f.calls {
		if c.args[0] == "show-keychain-info" {
			probes++
		}
	}
	if probes != 1 {
		t.Errorf("show-keychain-info ran %d times", probes)
	}
}

// A locked keychain fails the whole list, at the first item that finds it
// locked: reading the next one cannot go better.
func TestMacListLockedFailsTheList(t *testing.T) {
	b, f := macTestBackend(func(args []string) macReply {
		switch args[0] {
		case "dump-keychain":
			return macReply{stdout: macSampleDump}
		case "show-keychain-info":
			return macReply{code: 36, stderr: macInfoLocked}
		}
		return macReply{code: 36, stderr: macFindNoInteraction}
	})
	var ue *UnavailableError
	if _, err := b.ReadAll(); !errors.As(err, &ue) || ue.Reason != ReasonLocked {
		t.Fatalf("got %v", err)
	}
	if len(f.calls) != 3 {
		t.Fatalf("calls %+v", f.calls)
	}
}

// Exit 36 is errSecInteractionNotAllowed: security needed a dialog and may
// not show one. show-keychain-info tells a locked keychain from an unlocked
// one whose item's access dialog could not appear.
func TestMacInteractionNotAllowed(t *testing.T) {
	cases := []struct {
		name string
		info macReply
		want Reason
	}{
		{"unlocked", macReply{stderr: macInfoUnlocked}, ReasonNoDialog},
		{"unlocked, lock on sleep", macReply{stderr: macInfoUnlockedSleep}, ReasonNoDialog},
		{"locked", macReply{code: 36, stderr: macInfoLocked}, ReasonLocked},
		{"locked, English text only", macReply{code: 1, stderr: macInfoLocked}, ReasonLocked},
		{"info not run", macReply{code: -1, err: errors.New("fork/exec: resource temporarily unavailable")}, ReasonLocked},
	}
	ops := []struct {
		name  string
		reply macReply
		call  func(b macBackend) error
	}{
		{"Get", macReply{code: 36, stderr: macFindNoInteraction}, func(b macBackend) error { _, err := b.Get("hub.aigne.io"); return err }},
		{"Get, status 29", macReply{code: 29}, func(b macBackend) error { _, err := b.Get("hub.aigne.io"); return err }},
		{"Set", macReply{code: 36, stderr: macAddNoInteraction}, func(b macBackend) error { return b.Set("hub.aigne.io", "{}") }},
		{"Delete", macReply{code: 36, stderr: macDeleteNoInteraction}, func(b macBackend) error { return b.Delete("hub.aigne.io") }},
		{"Accounts", macReply{code: 36, stderr: macFindNoInteraction}, func(b macBackend) error { _, err := b.Accounts(); return err }},
	}
	for _, c := range cases {
		for _, op := range ops {
			t.Run(c.name+"/"+op.name, func(t *testing.T) {
				b, f := macTestBackend(func(args []string) macReply {
					if args[0] == "show-keychain-info" {
						return c.info
					}
					return op.reply
				})
				err := op.call(b)
				var ue *UnavailableError
				if !errors.As(err, &ue) || ue.Reason != c.want {
					t.Fatalf("got %v, want reason %d", err, c.want)
				}
				last := f.calls[len(f.calls)-1]
				if len(f.calls) != 2 || !reflect.DeepEqual(last.args, []string{"show-keychain-info"}) || last.stdin != nil {
					t.Fatalf("calls %+v", f.calls)
				}
			})
		}
	}
}

// Only a failure for want of a dialog asks whether the keychain is locked.
func TestMacOtherFailuresNoProbe(t *testing.T) {
	for _, code := range []int{44, 51, 128, 37, 2} {
		b, f := macTestBackend(func([]string) macReply { return macReply{code: code} })
		_, _ = b.Get("hub.aigne.io")
		if len(f.calls) != 1 {
			t.Fatalf("exit %d: calls %+v", code, f.calls)
		}
	}
}

// Listing without values reads no value: no find-generic-password at all,
// which for an item another program wrote would bring up its access dialog
// (or fail over SSH). Through the Keychain, only the default item is read.
func TestMacListWithoutValuesReadsNone(t *testing.T) {
	replies := map[string]func(args []string) macReply{
		"dump": func(args []string) macReply {
			switch args[0] {
			case "dump-keychain":
				return macReply{stdout: macSampleDump}
			case "find-generic-password":
				return macReply{stdout: macAttrs, stderr: "password: \"{}\"\n"}
			}
			return macReply{code: 2}
		},
		"locked": func(args []string) macReply {
			if args[0] == "show-keychain-info" {
				return macReply{code: 36, stderr: macInfoLocked}
			}
			return macReply{code: 36, stderr: macFindNoInteraction}
		},
	}
	for name, reply := range replies {
		b, f := macTestBackend(reply)
		_, _ = b.Accounts()
		k := &Keychain{Backend: b}
		_, _ = k.Accounts()
		for _, c := range f.calls {
			if c.args[0] != "dump-keychain" && c.args[0] != "show-keychain-info" {
				t.Fatalf("%s: Accounts ran %q", name, c.args)
			}
		}
		f.calls = nil
		_, _ = k.List(false)
		for _, c := range f.calls {
			if c.args[0] == "find-generic-password" && c.args[4] != KeychainDefaultAccount {
				t.Fatalf("%s: Keychain.List(false) read %q", name, c.args[4])
			}
		}
	}
}

// The Keychain bounds a macOS call through timed: security is killed (here
// the fake notes it, a little later, as a real kill would take a moment)
// before the call returns, with ReasonTimeout.
func TestMacTimeoutKillsBeforeReturning(t *testing.T) {
	ops := map[string]func(k *Keychain) error{
		"Get":    func(k *Keychain) error { _, err := k.Get("hub.aigne.io"); return err },
		"Put":    func(k *Keychain) error { return k.Put("hub.aigne.io", "https://hub.aigne.io/ai-kit", "k") },
		"Delete": func(k *Keychain) error { return k.DeleteKey("hub.aigne.io") },
		"List":   func(k *Keychain) error { _, err := k.List(true); return err },
	}
	for name, op := range ops {
		t.Run(name, func(t *testing.T) {
			var killed atomic.Bool
			run := func(ctx context.Context, _ []byte, args ...string) ([]byte, []byte, int, error) {
				<-ctx.Done()
				time.Sleep(20 * time.Millisecond)
				killed.Store(true)
				return nil, nil, -1, ctx.Err()
			}
			k := &Keychain{Backend: macBackend{service: KeychainService, run: run}, Timeout: 50 * time.Millisecond}
			start := time.Now()
			err := op(k)
			if !killed.Load() {
				t.Fatal("the call returned while security was still running")
			}
			var ue *UnavailableError
			if !errors.As(err, &ue) || ue.Reason != ReasonTimeout || !errors.Is(err, ErrKeychainTimeout) {
				t.Fatalf("got %v", err)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("took %s", d)
			}
		})
	}
}

// A call's runs of security share its deadline: once it has passed, no
// further run starts (ReadAll runs one get per item).
func TestMacDeadlineSharedByRuns(t *testing.T) {
	var runs atomic.Int32
	run := func(ctx context.Context, _ []byte, args ...string) ([]byte, []byte, int, error) {
		runs.Add(1)
		if args[0] == "dump-keychain" {
			return []byte(macSampleDump), nil, 0, nil
		}
		<-ctx.Done()
		return nil, nil, -1, ctx.Err()
	}
	b := macBackend{service: KeychainService, run: run}.timed(30 * time.Millisecond).(BulkReader)
	var ue *UnavailableError
	if _, err := b.ReadAll(); !errors.As(unavailable(err), &ue) || ue.Reason != ReasonTimeout {
		t.Fatalf("got %v", err)
	}
	if n := runs.Load(); n != 2 {
		t.Fatalf("%d runs", n)
	}
}

func TestMacReturnedStatus(t *testing.T) {
	if s, ok := macReturnedStatus([]byte("x\nadd-generic-password: returned -25299\n")); !ok || s != -25299 {
		t.Fatalf("got %d %v", s, ok)
	}
	if _, ok := macReturnedStatus([]byte("security: SecKeychainSearchCopyNext: x\n")); ok {
		t.Fatal("found a status in a plain message")
	}
}

// macSampleDump is `security dump-keychain` output in the shape the tool
// prints it (print_keychain_item_attributes and print_buffer in Apple's
// SecurityTool): a login keychain holding the service's items among others
// (another service, a service that only starts like ours, one whose name
// ends in a NUL byte, an internet password, a certificate, a key), accounts
// that need the hex form, attributes that are not set, an item cut short,
// and the System keychain repeating an account. Lines printed in pure hex
// end in a space, as the tool leaves them.
const macSampleDump = `keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="Chrome Safe Storage"
    0x00000008 <blob>=<NULL>
    "acct"<blob>="Chrome"
    "cdat"<timedate>=0x32303235303631313038343531325A00  "20250611084512Z\000"
    "crtr"<uint32>="aapl"
    "cusi"<sint32>=<NULL>
    "desc"<blob>=<NULL>
    "gena"<blob>=<NULL>
    "icmt"<blob>=<NULL>
    "invi"<sint32>=<NULL>
    "mdat"<timedate>=0x32303235303631313038343531325A00  "20250611084512Z\000"
    "nega"<sint32>=<NULL>
    "prot"<blob>=<NULL>
    "scrp"<sint32>=<NULL>
    "svce"<blob>="Chrome Safe Storage"
    "type"<uint32>=<NULL>
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key"
    0x00000008 <blob>=<NULL>
    "acct"<blob>="hub.aigne.io"
    "cdat"<timedate>=0x32303236303130323033303430355A00  "20260102030405Z\000"
    "crtr"<uint32>=<NULL>
    "cusi"<sint32>=<NULL>
    "desc"<blob>=<NULL>
    "gena"<blob>=<NULL>
    "icmt"<blob>=<NULL>
    "invi"<sint32>=<NULL>
    "mdat"<timedate>=0x32303236303130323033303430355A00  "20260102030405Z\000"
    "nega"<sint32>=<NULL>
    "prot"<blob>=<NULL>
    "scrp"<sint32>=<NULL>
    "svce"<blob>="aigne-hub-api-key"
    "type"<uint32>=<NULL>
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "inet"
attributes:
    0x00000007 <blob>="github.com"
    0x00000008 <blob>=<NULL>
    "acct"<blob>="alice"
    "atyp"<blob>="dflt"
    "cdat"<timedate>=0x32303235303631313038343531325A00  "20250611084512Z\000"
    "crtr"<uint32>=<NULL>
    "cusi"<sint32>=<NULL>
    "desc"<blob>=<NULL>
    "icmt"<blob>=<NULL>
    "invi"<sint32>=<NULL>
    "mdat"<timedate>=0x32303235303631313038343531325A00  "20250611084512Z\000"
    "nega"<sint32>=<NULL>
    "path"<blob>=<NULL>
    "port"<uint32>=0x00000000 
    "prot"<blob>=<NULL>
    "ptcl"<uint32>="htps"
    "scrp"<sint32>=<NULL>
    "sdmn"<blob>=<NULL>
    "srvr"<blob>="github.com"
    "type"<uint32>=<NULL>
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key"
    0x00000008 <blob>=<NULL>
    "acct"<blob>="default"
    "cdat"<timedate>=0x32303236303130323033303430355A00  "20260102030405Z\000"
    "crtr"<uint32>=<NULL>
    "desc"<blob>=<NULL>
    "gena"<blob>=<NULL>
    "mdat"<timedate>=0x32303236303130323033303430355A00  "20260102030405Z\000"
    "svce"<blob>="aigne-hub-api-key"
    "type"<uint32>=<NULL>
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: 0x80001000 
attributes:
    "alis"<blob>="alice@example.com"
    "cenc"<uint32>=0x00000003 
    "ctyp"<uint32>=0x00000001 
    "hpky"<blob>=0x3E8A1F0B5D2C7A9E4F61B1C2D3E4F5061728394A  ">\212\037\013],z\236Oa\261\302\323\344\365\006\027(9J"
    "issu"<blob>=0x3081A1310B3009060355040613025553  "0\201\2411\0130\011\006\003U\004\006\023\002US"
    "labl"<blob>="Apple Development: Alice Example (AB12CD34EF)"
    "skid"<blob>=0x3E8A1F0B5D2C7A9E4F61B1C2D3E4F5061728394A  ">\212\037\013],z\236Oa\261\302\323\344\365\006\027(9J"
    "snbr"<blob>=0x5E1D0C3B2A19F8E7  "^\035\014;*\031\370\347"
    "subj"<blob>=0x3081A1311A301806  "0\201\2411\0320\030\006"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: 0x00000010 
attributes:
    0x00000000 <uint32>=0x00000010 
    0x00000001 <blob>="Apple Development: Alice Example (AB12CD34EF)"
    0x00000002 <blob>=<NULL>
    0x00000003 <uint32>=0x00000001 
    0x00000004 <uint32>=0x00000000 
    0x00000005 <uint32>=0x00000000 
    0x00000006 <blob>=0x3E8A1F0B5D2C7A9E4F61B1C2D3E4F5061728394A  ">\212\037\013],z\236Oa\261\302\323\344\365\006\027(9J"
    0x00000007 <blob>=<NULL>
    0x00000008 <blob>=0x7B38373139316361322D306663392D313164342D383439612D3030303530326235323132327D00  "{87191ca2-0fc9-11d4-849a-000502b52122}\000"
    0x00000009 <uint32>=0x0000002A  "\000\000\000*"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key"
    0x00000008 <blob>=<NULL>
    "acct"<blob>="[::1]:8080"
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key-dev"
    "acct"<blob>="staging.example.com"
    "svce"<blob>="aigne-hub-api-key-dev"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key"
    "acct"<blob>="c-string.example.com"
    "svce"<blob>=0x6169676E652D6875622D6170692D6B657900  "aigne-hub-api-key\000"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key"
    "acct"<blob>=0x62C3BC636865722E6578616D706C65  "b\303\274cher.example"
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    "acct"<blob>=0x615C62  "a\134b"
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    "acct"<blob>="quo"ted"
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    "acct"<blob>=<NULL>
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    "acct"<blob>=
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
keychain: "/Users/alice/Library/Keychains/login.keychain-db"
version: 512
class: "genp"
attributes:
    "svce"<blob>="aigne-hub-api-key"
    "acct"<blob>="example.com:8443"
keychain: "/Library/Keychains/System.keychain"
version: 256
class: "genp"
attributes:
    0x00000007 <blob>="aigne-hub-api-key"
    "acct"<blob>="hub.aigne.io"
    "svce"<blob>="aigne-hub-api-key"
keychain: "/Library/Keychains/System.keychain"
version: 256
class: "genp"
attributes:
    0x00000007 <blob>="com.apple.wifi.password"
    "acct"<blob>="HomeNet"
    "svce"<blob>="AirPort"
`

func TestMacParseDump(t *testing.T) {
	if !strings.Contains(macSampleDump, "class: 0x80001000 \n") {
		t.Fatal("the sample lost the trailing space of its hex lines")
	}
	got := macParseDump([]byte(macSampleDump), KeychainService)
	want := []string{"hub.aigne.io", "default", "[::1]:8080", "bücher.example", `a\b`, `quo"ted`, "example.com:8443"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("accounts:\n got %q\nwant %q", got, want)
	}
}

func TestMacParseDumpOtherService(t *testing.T) {
	got := macParseDump([]byte(macSampleDump), "aigne-hub-api-key-dev")
	if want := []string{"staging.example.com"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestMacParseDumpEmptyAndCRLF(t *testing.T) {
	if got := macParseDump(nil, KeychainService); len(got) != 0 {
		t.Fatalf("empty dump: %q", got)
	}
	crlf := strings.ReplaceAll(macSampleDump, "\n", "\r\n")
	if got := macParseDump([]byte(crlf), KeychainService); len(got) != 7 {
		t.Fatalf("CRLF dump: %q", got)
	}
}

func TestMacDecodeBuffer(t *testing.T) {
	cases := []struct {
		in     string
		want   string
		isNull bool
		bad    bool
	}{
		{in: `"hub.aigne.io"`, want: "hub.aigne.io"},
		{in: `"{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit","AIGNE_HUB_API_KEY":"k"}"`, want: `{"AIGNE_HUB_API_URL":"https://hub.aigne.io/ai-kit","AIGNE_HUB_API_KEY":"k"}`},
		{in: `"c0ffee"`, want: "c0ffee"}, // printable: never read as hex
		{in: `0x0A0B `, want: "\n\v"},
		{in: `0x0A0B`, want: "\n\v"},
		{in: `0x615C62  "a\134b"`, want: `a\b`},
		{in: `0x62C3BC636865722E6578616D706C65  "b\303\274cher.example"`, want: "bücher.example"},
		{in: ``, want: ""},
		{in: `<NULL>`, isNull: true},
		{in: `"<NULL>"`, want: "<NULL>"},
		{in: `0xZZ `, bad: true},
		{in: `0x0A0 `, bad: true},
		{in: `plain`, bad: true},
		{in: `"a\134b"`, bad: true},
	}
	for _, c := range cases {
		got, isNull, err := macDecodeBuffer(c.in)
		if c.bad {
			if err == nil {
				t.Errorf("%q: no error", c.in)
			}
			continue
		}
		if err != nil || isNull != c.isNull || string(got) != c.want {
			t.Errorf("%q: got %q null=%v err=%v, want %q null=%v", c.in, got, isNull, err, c.want, c.isNull)
		}
	}
}
