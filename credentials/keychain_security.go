package credentials

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// The macOS keychain, reached through /usr/bin/security: releases are built
// without cgo, so the Security framework cannot be called directly. The tool
// is run once per call. Everything here is plain Go, built and tested on
// every platform with a fake runner; keychain_security_darwin.go only adds
// the real runner and platformBackend.
//
// Items are generic passwords in the default keychain (the login keychain on
// an ordinary account): service KeychainService, account the hub's host,
// label the service, data the value's UTF-8 bytes.

// macSecurityPath is called by its full path so that no `security` earlier
// in PATH can stand in for it and receive the values.
const macSecurityPath = "/usr/bin/security"

// macRunFunc runs macSecurityPath with args, stdin as its standard input
// (nil: none). A non-zero exit is reported in exitCode with err nil; err is
// for a tool that could not be run or did not exit normally. Once ctx is
// done it must kill the tool and every process the tool started, and only
// then return (with an error): a write that aigne has reported as failed
// must not happen afterwards.
type macRunFunc func(ctx context.Context, stdin []byte, args ...string) (stdout, stderr []byte, exitCode int, err error)

// macBackend is the Backend of macOS.
type macBackend struct {
	service string
	run     macRunFunc
	// timeout bounds each call, every run of security it makes included;
	// 0 leaves calls unbounded. The Keychain sets it through timed, so that
	// a call that runs out of time has killed security before it returns.
	timeout time.Duration
}

var (
	_ selfTimed  = macBackend{}
	_ BulkReader = macBackend{}
)

func (b macBackend) timed(d time.Duration) Backend {
	b.timeout = d
	return b
}

// errMacNotRun marks a failure to run security at all, as opposed to one
// that security reported: it concerns the whole keychain, never one item.
var errMacNotRun = errors.New("could not run " + macSecurityPath)

// macCall is one Backend call: the deadline shared by every run of security
// it makes, and whether the keychain turned out to be unlocked (asked once
// a call, see interactionReason).
type macCall struct {
	b        macBackend
	ctx      context.Context
	probed   bool
	unlocked bool
}

func (b macBackend) begin() (*macCall, context.CancelFunc) {
	if b.timeout <= 0 {
		return &macCall{b: b, ctx: context.Background()}, func() {}
	}
	ctx, cancel := context.WithTimeout(context.Background(), b.timeout)
	return &macCall{b: b, ctx: ctx}, cancel
}

// exec runs security once within the call's deadline. An answer that came
// is used even if the deadline passed meanwhile; no answer by then is
// ReasonTimeout, the tool having been killed.
func (c *macCall) exec(command string, stdin []byte, args ...string) (stdout, stderr []byte, code int, err error) {
	if c.ctx.Err() != nil {
		return nil, nil, -1, c.timeoutError(command)
	}
	stdout, stderr, code, err = c.b.run(c.ctx, stdin, args...)
	if err == nil {
		return stdout, stderr, code, nil
	}
	if c.ctx.Err() != nil {
		return nil, nil, -1, c.timeoutError(command)
	}
	return nil, nil, -1, fmt.Errorf("%w: %w", errMacNotRun, err)
}

func (c *macCall) timeoutError(command string) error {
	return fmt.Errorf("%w within %s (security %s was stopped)", ErrKeychainTimeout, c.b.timeout, command)
}

// failure is macFailure, with a failure for want of user interaction told
// apart: the keychain locked, or only an access dialog that could not
// appear.
func (c *macCall) failure(command, account string, code int, stderr []byte) error {
	err := macFailure(command, account, code, stderr)
	var ue *UnavailableError
	if !errors.As(err, &ue) || ue.Reason != ReasonLocked {
		return err
	}
	reason, perr := c.interactionReason()
	if perr != nil {
		return perr
	}
	ue.Reason = reason
	return ue
}

// interactionReason tells why security needed a person it could not ask
// (errSecInteractionNotAllowed and the like, exit 36). Both a locked
// keychain and an access dialog for an item another program wrote need
// the window server, so over SSH both fail that way. `security
// show-keychain-info` tells them apart: it reads the default keychain's
// settings (SecKeychainCopySettings), for which securityd needs the
// keychain unlocked and would ask for its password; so it exits 0 (and
// prints `Keychain "<NULL>" ... timeout=...` on stderr) when the keychain
// is unlocked, and fails with errSecInteractionNotAllowed when it is locked
// and no dialog can appear. Our items live in the default keychain (the
// login keychain); anything but a clean exit is read as locked, as before.
func (c *macCall) interactionReason() (Reason, error) {
	if !c.probed {
		_, _, code, err := c.exec("show-keychain-info", nil, "show-keychain-info")
		if errors.Is(err, ErrKeychainTimeout) {
			return 0, err
		}
		c.probed, c.unlocked = true, err == nil && code == 0
	}
	if c.unlocked {
		return ReasonNoDialog, nil
	}
	return ReasonLocked, nil
}

// `security -i` reads its commands from standard input into a buffer of
// 4096 bytes. A line of 4095 bytes or more is cut: the rest, at least the
// newline, is read as one more command, whose status (0 for an empty line)
// then becomes the tool's exit status. So a command line may have at most
// 4094 bytes before its newline.
const macMaxCommandLine = 4096 - 2

// OSStatus values that security passes on. Its exit status is the status
// of the failed call truncated to its low byte (errSecItemNotFound, -25300,
// exits with 44); in interactive mode it also prints the whole status as
// "<command>: returned <status>" on stderr.
const (
	macErrSecItemNotFound          = -25300 // exit status 44
	macErrSecInteractionNotAllowed = -25308 // 36: locked, and no way to ask for the password
	macErrSecInteractionRequired   = -25315 // 29
	macErrSecAuthFailed            = -25293 // 51: wrong password, or "Deny" at the access dialog
	macErrSecUserCanceled          = -128   // 128: the dialog was cancelled
	macErrSecDuplicateItem         = -25299 // 45
	macErrSecNoDefaultKeychain     = -25307 // 37
	macErrSecNoSuchKeychain        = -25294 // 50
	macErrSecNotAvailable          = -25291 // 53
	macErrSecReadOnly              = -25292 // 52
	macErrSecWrPerm                = -61    // 195
)

// macExitStatus is the exit status security gives for an OSStatus.
func macExitStatus(status int) int { return int(uint8(int32(status))) }

// Get reads one item with `find-generic-password -g`, which prints the data
// on stderr as "password: " followed by the same self-describing form the
// attribute dump uses (see macDecodeBuffer). The shorter -w is not used: it
// prints the data as it is when every byte is printable ASCII and as bare
// hex digits otherwise, so a stored text made only of hex digits, such as
// "c0ffee", cannot be told from the hex form of other bytes.
func (b macBackend) Get(account string) (string, error) {
	c, cancel := b.begin()
	defer cancel()
	return c.get(account)
}

func (c *macCall) get(account string) (string, error) {
	if err := macCheckArg("account", account); err != nil {
		return "", err
	}
	_, stderr, code, err := c.exec("find-generic-password", nil, "find-generic-password", "-s", c.b.service, "-a", account, "-g")
	if err != nil {
		return "", err
	}
	if code != 0 {
		return "", c.failure("find-generic-password", account, code, stderr)
	}
	v, ok := macPasswordLine(stderr)
	if !ok {
		return "", errors.New("security find-generic-password printed no readable password line")
	}
	return v, nil
}

// macPasswordLine finds the data in find-generic-password -g's stderr: the
// last line that starts with "password: ". The printed form escapes control
// characters, so the data never spans lines.
func macPasswordLine(stderr []byte) (string, bool) {
	const prefix = "password: "
	lines := strings.Split(string(stderr), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		line := strings.TrimSuffix(lines[i], "\r")
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		data, isNull, err := macDecodeBuffer(line[len(prefix):])
		if err != nil {
			return "", false
		}
		if isNull {
			return "", true
		}
		return string(data), true
	}
	return "", false
}

// Set writes the item with `add-generic-password -U`, sent on the standard
// input of `security -i` so that the value never shows on a command line
// (ps lists those to every user). The data goes as -X, hex digits, which
// needs no quoting and carries any byte. The line must fit the tool's
// buffer; a value that does not is refused before anything is run.
//
// With -U, security first looks for the item and updates it; if that fails
// for any reason it goes on to add a new one, which then fails as a
// duplicate. An existing item that could not be updated therefore reports
// errSecDuplicateItem; the usual cause is an item made by another program
// whose access dialog was refused, so that is read as ReasonDenied. The
// update's own failure is printed only as a message
// ("security: SecKeychainItemModifyContent: <message>", keychain_add.c), in
// the person's language; when it is the English one for a dialog that
// could not appear (over SSH), the reason is ReasonNoDialog: the add that
// followed got as far as finding the old item, past the keychain's lock.
func (b macBackend) Set(account, value string) error {
	if err := macCheckLineArg("account", account); err != nil {
		return err
	}
	line, err := macAddCommand(b.service, account, value)
	if err != nil {
		return err
	}
	c, cancel := b.begin()
	defer cancel()
	_, stderr, code, err := c.exec("add-generic-password", []byte(line+"\n"), "-i")
	if err != nil {
		return err
	}
	if code == 0 {
		return nil
	}
	stderr = macRedact(stderr, hex.EncodeToString([]byte(value)), value)
	status, full := macReturnedStatus(stderr)
	if full && status == macErrSecDuplicateItem || !full && code == macExitStatus(macErrSecDuplicateItem) {
		reason := ReasonDenied
		if macUpdateNeededDialog(stderr) {
			reason = ReasonNoDialog
		}
		return &UnavailableError{Reason: reason, Err: macDetail("add-generic-password", code, stderr)}
	}
	return c.failure("add-generic-password", account, code, stderr)
}

// macUpdateNeededDialog tells whether the update step of add-generic-password
// -U failed for want of a dialog, by its English message.
func macUpdateNeededDialog(stderr []byte) bool {
	for _, line := range strings.Split(string(stderr), "\n") {
		_, msg, ok := strings.Cut(line, "SecKeychainItemModifyContent: ")
		if ok && (strings.HasPrefix(msg, "User interaction is not allowed") || strings.HasPrefix(msg, "User interaction is required")) {
			return true
		}
	}
	return false
}

// macAddCommand is the interactive-mode line that writes the item, without
// its newline, or a ReasonTooLarge error when it would not fit.
func macAddCommand(service, account, value string) (string, error) {
	head := "add-generic-password -U -s " + macQuote(service) + " -a " + macQuote(account) +
		" -l " + macQuote(service) + " -X "
	// Two hex digits a byte, and the two quotes around them.
	if room := macMaxCommandLine - len(head) - 2; 2*len(value) > room {
		return "", &UnavailableError{Reason: ReasonTooLarge, Err: fmt.Errorf(
			"a value of %d bytes does not fit in one command to %s (at most %d bytes for this account)",
			len(value), macSecurityPath, max(room/2, 0))}
	}
	return head + `"` + hex.EncodeToString([]byte(value)) + `"`, nil
}

// macQuote quotes s for the line splitter of `security -i`: an argument that
// starts with a double quote runs to the next unescaped double quote, and a
// backslash takes the next byte as it is. Bytes other than NUL and newline
// pass through unchanged (macCheckLineArg refuses those two).
func macQuote(s string) string {
	var sb strings.Builder
	sb.Grow(len(s) + 2)
	sb.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			sb.WriteByte('\\')
		}
		sb.WriteByte(s[i])
	}
	sb.WriteByte('"')
	return sb.String()
}

// macCheckArg refuses a NUL, which no command-line argument can carry.
func macCheckArg(what, s string) error {
	if strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("the keychain %s contains a NUL byte", what)
	}
	return nil
}

// macCheckLineArg refuses what a `security -i` line cannot carry: a NUL
// ends the line's text, a newline ends the line itself.
func macCheckLineArg(what, s string) error {
	if strings.ContainsAny(s, "\x00\n") {
		return fmt.Errorf("the keychain %s contains a NUL or newline byte", what)
	}
	return nil
}

// Delete removes the item; security answers errSecItemNotFound for one that
// is not there, which is not an error here.
func (b macBackend) Delete(account string) error {
	if err := macCheckArg("account", account); err != nil {
		return err
	}
	c, cancel := b.begin()
	defer cancel()
	_, stderr, code, err := c.exec("delete-generic-password", nil, "delete-generic-password", "-s", b.service, "-a", account)
	if err != nil {
		return err
	}
	if code == 0 {
		return nil
	}
	err = c.failure("delete-generic-password", account, code, stderr)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

// Accounts takes the accounts from `security dump-keychain` without -d:
// item attributes only, which macOS gives without asking anyone.
func (b macBackend) Accounts() ([]string, error) {
	c, cancel := b.begin()
	defer cancel()
	return c.accounts()
}

func (c *macCall) accounts() ([]string, error) {
	out, stderr, code, err := c.exec("dump-keychain", nil, "dump-keychain")
	if err != nil {
		return nil, err
	}
	if code != 0 {
		return nil, c.failure("dump-keychain", "", code, stderr)
	}
	return macParseDump(out, c.b.service), nil
}

// valuesCostEach: reading a value may bring up an access dialog (for items
// another program made), so values are read, one Get each, only when asked
// for.
func (macBackend) valuesCostEach() bool { return true }

// ReadAll reads the accounts, then each value, all within one call's
// deadline, asking at most once whether the keychain is locked. An item
// whose value cannot be read or parsed is listed with its error, and the
// others are read all the same; a failure of the keychain as a whole
// (locked, timed out, no keychain) fails the list.
func (b macBackend) ReadAll() ([]RawItem, error) {
	c, cancel := b.begin()
	defer cancel()
	accounts, err := c.accounts()
	if err != nil {
		return nil, err
	}
	items := make([]RawItem, 0, len(accounts))
	for _, a := range accounts {
		v, err := c.get(a)
		switch {
		case err == nil:
			items = append(items, RawItem{Account: a, Value: v, Read: true})
		case errors.Is(err, ErrNotFound):
			// Removed since the dump.
		case wholeKeychain(err), errors.Is(err, errMacNotRun):
			return nil, err
		default:
			items = append(items, RawItem{Account: a, Err: err})
		}
	}
	return items, nil
}

// macFailure turns a non-zero exit of security into our errors. The status
// comes from the "returned" line when there is one (interactive mode), else
// from the exit status. A plain 1 is what several commands exit with
// whatever went wrong (dump-keychain does); only then is the English text
// of the message consulted, since the messages are translated into the
// person's language.
func macFailure(command, account string, code int, stderr []byte) error {
	status, full := macReturnedStatus(stderr)
	is := func(s int) bool {
		if full {
			return status == s
		}
		return code == macExitStatus(s)
	}
	text := string(stderr)
	generic := !full && code == 1
	has := func(msg string) bool { return generic && strings.Contains(text, msg) }
	detail := func() error { return macDetail(command, code, stderr) }
	switch {
	case is(macErrSecItemNotFound), has("could not be found in the keychain"):
		return fmt.Errorf("keychain account %s: %w", account, ErrNotFound)
	case is(macErrSecInteractionNotAllowed), is(macErrSecInteractionRequired),
		has("User interaction is not allowed"), has("User interaction is required"):
		// security may not put up a dialog (no window server: an ssh
		// login, a daemon): the one that would unlock the keychain, or an
		// item's access dialog. macCall.failure tells which.
		return &UnavailableError{Reason: ReasonLocked, Err: detail()}
	case is(macErrSecAuthFailed), is(macErrSecUserCanceled), is(macErrSecReadOnly), is(macErrSecWrPerm),
		has("passphrase you entered is not correct"), has("User canceled the operation"):
		return &UnavailableError{Reason: ReasonDenied, Err: detail()}
	case is(macErrSecNoDefaultKeychain), is(macErrSecNoSuchKeychain), is(macErrSecNotAvailable),
		has("A default keychain could not be found"), has("No keychain is available"):
		// A session without a keychain to use (no login keychain, or
		// securityd out of reach): like a Linux machine without a Secret
		// Service, the hub file is the only place.
		return fmt.Errorf("%w: %v", ErrNoKeychain, detail())
	}
	return detail()
}

// macReturnedStatus finds the "<command>: returned <status>" line that
// `security -i` prints after a command fails.
func macReturnedStatus(stderr []byte) (int, bool) {
	lines := strings.Split(string(stderr), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		line := strings.TrimSpace(lines[i])
		j := strings.LastIndex(line, ": returned ")
		if j < 0 {
			continue
		}
		if n, err := strconv.Atoi(line[j+len(": returned "):]); err == nil {
			return n, true
		}
	}
	return 0, false
}

// macDetail words a failure for UnavailableError.Err: the command, its exit
// status and security's last line of explanation. A line that shows data
// ("password: ...") is never kept.
func macDetail(command string, code int, stderr []byte) error {
	msg := ""
	lines := strings.Split(string(stderr), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "password:") {
			continue
		}
		if _, ok := macReturnedStatus([]byte(line)); ok {
			continue
		}
		msg = line
		break
	}
	if len(msg) > 300 {
		msg = msg[:300] + "..."
	}
	if msg == "" {
		return fmt.Errorf("security %s: exit status %d", command, code)
	}
	return fmt.Errorf("security %s: exit status %d: %s", command, code, msg)
}

// macRedact removes every occurrence of the given secrets from security's
// stderr before it can reach an error message. security does not echo its
// input, so this is a second line of defence only.
func macRedact(stderr []byte, secrets ...string) []byte {
	for _, s := range secrets {
		if len(s) >= 4 {
			stderr = bytes.ReplaceAll(stderr, []byte(s), []byte("[redacted]"))
		}
	}
	return stderr
}

// macDecodeBuffer reads one value as security prints a byte buffer (the
// data of -g, attribute values and the class in dump-keychain). The form
// depends on the bytes: printable ASCII counts as 0x20 to 0x7E except the
// backslash.
//
//	every byte printable:    "text"                the bytes as they are, no escapes
//	some printable, some not: 0xHEX  "esc\012aped"  upper-case hex of all bytes, two
//	                                                 spaces, then the text with the others
//	                                                 as backslash and three octal digits
//	no byte printable:       0xHEX                 then one space
//	empty:                   (nothing)
//
// Attributes that are not set print as <NULL> (isNull). Whenever hex is
// there it is the whole value, so the quoted part after it is not read. A
// printed text may itself contain double quotes (they are printable), so
// the text runs to the last quote of the line.
func macDecodeBuffer(s string) (data []byte, isNull bool, err error) {
	s = strings.TrimRight(s, " \r")
	switch {
	case s == "":
		return []byte{}, false, nil
	case s == "<NULL>":
		return nil, true, nil
	case strings.HasPrefix(s, "0x"):
		digits := s[2:]
		if i := strings.IndexByte(digits, ' '); i >= 0 {
			digits = digits[:i]
		}
		data, err := hex.DecodeString(digits)
		if err != nil {
			return nil, false, fmt.Errorf("unexpected hex form in security's output: %w", err)
		}
		return data, false, nil
	case len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"':
		text := s[1 : len(s)-1]
		for i := 0; i < len(text); i++ {
			if c := text[i]; c < 0x20 || c > 0x7e || c == '\\' {
				return nil, false, errors.New("unexpected byte in a quoted value in security's output")
			}
		}
		return []byte(text), false, nil
	}
	return nil, false, errors.New("unexpected value form in security's output")
}

// macParseDump returns the accounts of the generic-password items of
// service in the output of `security dump-keychain` (without -d), in the
// order printed, each once, empty accounts left out.
//
// The dump is a sequence of items, each opening with a "keychain:" line:
//
//	keychain: "/Users/me/Library/Keychains/login.keychain-db"
//	version: 512
//	class: "genp"
//	attributes:
//	    0x00000007 <blob>="aigne-hub-api-key"
//	    0x00000008 <blob>=<NULL>
//	    "acct"<blob>="hub.aigne.io"
//	    "cdat"<timedate>=0x32303236303130323033303430355A00  "20260102030405Z\000"
//	    ...
//	    "svce"<blob>="aigne-hub-api-key"
//
// The class is a four-byte code printed like any buffer: "genp" for generic
// passwords, "inet" for internet passwords, hex for certificates and keys.
// Attribute names are four-byte codes too, quoted when printable ("acct",
// "svce"), hex when not (0x00000007 is the label). Values use the forms of
// macDecodeBuffer; "acct" comes before "svce", so an item is judged only
// once all its lines are read. The dump covers every keychain of the search
// list, as find-generic-password does, so an account may appear twice.
func macParseDump(out []byte, service string) []string {
	var accounts []string
	seen := map[string]bool{}
	var class string
	var acct, svce []byte
	var haveAcct, haveSvce bool
	flush := func() {
		if class == "genp" && haveAcct && haveSvce && string(svce) == service && len(acct) > 0 && !seen[string(acct)] {
			seen[string(acct)] = true
			accounts = append(accounts, string(acct))
		}
		class, acct, svce, haveAcct, haveSvce = "", nil, nil, false, false
	}
	for _, raw := range bytes.Split(out, []byte("\n")) {
		line := strings.TrimSuffix(string(raw), "\r")
		switch {
		case strings.HasPrefix(line, "keychain: "):
			flush()
		case strings.HasPrefix(line, "class: "):
			if v, isNull, err := macDecodeBuffer(line[len("class: "):]); err == nil && !isNull {
				class = string(v)
			}
		case strings.HasPrefix(line, " "):
			name, value, ok := macAttribute(strings.TrimLeft(line, " "))
			if !ok || (name != "acct" && name != "svce") {
				continue
			}
			v, isNull, err := macDecodeBuffer(value)
			if err != nil || isNull {
				continue
			}
			if name == "acct" {
				acct, haveAcct = v, true
			} else {
				svce, haveSvce = v, true
			}
		}
	}
	flush()
	return accounts
}

// macAttribute splits one attribute line, leading spaces removed, into its
// name (when printed quoted, as "acct" is) and its printed value: the line
// is the name, the format in angle brackets, "=", the value.
func macAttribute(line string) (name, value string, ok bool) {
	if len(line) < 6 || line[0] != '"' || line[5] != '"' {
		return "", "", false // a name printed as hex: not one we read
	}
	name, rest := line[1:5], line[6:]
	if !strings.HasPrefix(rest, "<") {
		return "", "", false
	}
	i := strings.Index(rest, ">=")
	if i < 0 {
		return "", "", false
	}
	return name, rest[i+2:], true
}
