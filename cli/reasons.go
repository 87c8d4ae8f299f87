package cli

// Reasons: the words, in the person's language, for the facts the lower
// packages report — a hub's failure or health, a URL that cannot be used,
// a keychain or file that failed, a keychain item that is not used.

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"syscall"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/huburl"
)

// hubReason says in the person's language what went wrong with a hub, from
// the facts hubclient reports. Only the hub's own words (and, where no
// better is known, the system's) are quoted as they came.
func hubReason(p Printer, err error) string {
	var he *hubclient.Error
	if !errors.As(err, &he) {
		return err.Error()
	}
	switch he.Problem {
	case hubclient.ProblemTimeout:
		return p.T(MsgHubTimeout, he.Host, he.Timeout)
	case hubclient.ProblemConnect, hubclient.ProblemTLS:
		if plainHTTP(he) {
			return p.T(MsgHubPlainHTTP, he.Host, "http://"+he.Host)
		}
		if he.Problem == hubclient.ProblemTLS {
			return p.T(MsgHubTLS, he.Host, causeText(p, he.Cause))
		}
		return p.T(MsgHubConnect, he.Host, causeText(p, he.Cause))
	case hubclient.ProblemStatus:
		return p.T(MsgHubStatus, he.Host, he.Status)
	case hubclient.ProblemTooLarge:
		return p.T(MsgHubTooLarge, he.Host, sizeText(he.Limit))
	case hubclient.ProblemInvalidJSON:
		return p.T(MsgHubInvalidJSON, he.Host)
	case hubclient.ProblemMissingField:
		return p.T(MsgHubMissingField, he.Host, he.Field)
	case hubclient.ProblemNotAHub:
		return p.T(MsgHubNotAHub, he.Origin)
	case hubclient.ProblemNoLoginService:
		return p.T(MsgHubNoLoginService, he.Origin)
	case hubclient.ProblemNoSessionID:
		return p.T(MsgHubNoSessionID, he.Origin)
	case hubclient.ProblemBadAccessKey:
		return p.T(MsgHubBadAccessKey, he.Origin)
	case hubclient.ProblemBadKey:
		return p.T(MsgHubBadKey, he.Origin, keyFault(p, he.Cause))
	case hubclient.ProblemRedirectHost:
		return p.T(MsgHubRedirectHost, he.Host, he.To)
	case hubclient.ProblemRedirectDowngrade:
		return p.T(MsgHubRedirectDowngrade, he.Host, he.To)
	case hubclient.ProblemTooManyRedirects:
		return p.T(MsgHubTooManyRedirects, he.Host, he.Limit)
	case hubclient.ProblemRejected:
		return p.T(MsgHubRejected, he.Origin, he.Status)
	case hubclient.ProblemNoKey:
		return p.T(MsgHubNoKey, he.Origin)
	case hubclient.ProblemInsecure:
		return p.T(MsgErrInsecure, he.Origin)
	case hubclient.ProblemSessionExpired:
		return p.T(MsgHubSessionExpired, he.Origin)
	}
	return err.Error()
}

// plainHTTP reports whether a hub on this machine was asked for https and
// answered in plain HTTP: a local hub is usually plain HTTP, and an
// address typed without a scheme means https, so the advice is http://.
func plainHTTP(he *hubclient.Error) bool {
	var rec tls.RecordHeaderError
	return strings.HasPrefix(he.Origin, "https://") && huburl.IsLoopback(he.Host) &&
		(errors.Is(he.Cause, http.ErrSchemeMismatch) || errors.As(he.Cause, &rec))
}

// keyFault says why a text is not an API key.
func keyFault(p Printer, err error) string {
	var ke *hubclient.KeyError
	errors.As(err, &ke)
	switch {
	case ke == nil:
		return "?"
	case ke.Fault == hubclient.KeyEmpty:
		return p.T(MsgKeyEmpty)
	case ke.Fault == hubclient.KeyTooLong:
		return p.T(MsgKeyTooLong, hubclient.MaxKeyBytes)
	}
	return p.T(MsgKeyBadChar)
}

// causeText words the system's reason for a failed connection when it is
// one of the usual ones, and quotes it otherwise.
func causeText(p Printer, err error) string {
	var (
		dns     *net.DNSError
		unknown x509.UnknownAuthorityError
		name    x509.HostnameError
		invalid x509.CertificateInvalidError
	)
	switch {
	case err == nil:
		return "?"
	case isAny(err, errsRefused):
		return p.T(MsgCauseRefused)
	case isAny(err, errsReset):
		return p.T(MsgCauseReset)
	case isAny(err, errsUnreachable):
		return p.T(MsgCauseUnreachable)
	case errors.As(err, &dns):
		return p.T(MsgCauseDNS, dns.Name)
	case errors.As(err, &unknown):
		return p.T(MsgCauseUnknownCA)
	case errors.As(err, &name):
		return p.T(MsgCauseCertName)
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		return p.T(MsgCauseCertExpired)
	}
	return strconv.Quote(err.Error())
}

// isAny reports whether err is any of targets.
func isAny(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// healthText is a health state with its reason, in the person's language,
// for status. Unauthorized has no reason here: status says how to fix it on
// the next line instead. (list --check words its own, shorter reasons.)
func healthText(p Printer, h hubclient.Health) string {
	reason := safeText(healthWhy(p, h, true))
	switch h.State {
	case hubclient.StateOnline:
		return p.T(MsgStateOnline)
	case hubclient.StateUnauthorized:
		return p.T(MsgStateUnauthorized)
	case hubclient.StateUnavailable:
		return p.T(MsgStateUnavailable, reason)
	case hubclient.StateError:
		return p.T(MsgStateError, reason)
	}
	return p.T(MsgStateOffline, reason)
}

// healthWhy says why a hub is not online: the hub's own words when it
// reports itself unavailable (quoted, for text), else the facts worded.
func healthWhy(p Printer, h hubclient.Health, quote bool) string {
	var he *hubclient.Error
	switch {
	case h.State == hubclient.StateOnline:
		return ""
	case errors.As(h.Err, &he):
		return hubReason(p, h.Err)
	case h.Err != nil:
		_, msg := Classify(h.Err, p) // a key or keychain problem
		return msg
	case h.Reason == "":
		return p.T(MsgHubNoReason) // our words, not the hub's: unquoted
	case quote:
		return `"` + h.Reason + `"`
	}
	return h.Reason
}

// healthReason is the "error" of a JSON report: why the hub is not online.
func healthReason(p Printer, h hubclient.Health) *string {
	return nullable(healthWhy(p, h, false))
}

// healthCode is the exit code a health state calls for.
func healthCode(state string) int {
	switch state {
	case hubclient.StateOnline:
		return ExitOK
	case hubclient.StateUnauthorized:
		return ExitAuth
	}
	return ExitUnreachable
}

// unauthorizedAdvice says what will make the hub take a key: the reason
// for a hub without one (it says how to log in), the variable for a key
// that came from AIGNE_HUB_API_KEY, else how to log in again.
func unauthorizedAdvice(p Printer, t *target, h hubclient.Health) string {
	switch {
	case t.noKey != nil:
		return sentence(p, healthWhy(p, h, false))
	case keyFromEnv(t):
		return p.T(MsgHintEnvKey, EnvAPIKey)
	}
	return p.T(MsgHintLogin, t.origin)
}

// sentence makes a reason, written to follow "Error: ", a line of its
// own, as the advice lines beside it are: a capital and a full stop.
func sentence(p Printer, reason string) string {
	if reason == "" {
		return ""
	}
	// Only a plain word is capitalised: never a URL or a name.
	word, _, _ := strings.Cut(reason, " ")
	if word != "" && strings.Trim(word, "abcdefghijklmnopqrstuvwxyz") == "" {
		c := word[0]
		reason = string(c-'a'+'A') + reason[1:]
	}
	return p.T(MsgSentence, reason)
}

// envKeyRejected words a hub's refusal of a key that AIGNE_HUB_API_KEY
// gave by naming the variable: logging in again would not change the
// key used. Other errors are returned as they are.
func envKeyRejected(p Printer, t *target, err error) error {
	var he *hubclient.Error
	if keyFromEnv(t) && errors.As(err, &he) && he.Problem == hubclient.ProblemRejected {
		return exitErr(ExitAuth, err, p.T(MsgErrEnvKeyRejected, he.Origin, EnvAPIKey))
	}
	return err
}

// keyFromEnv: the target's key is AIGNE_HUB_API_KEY's.
func keyFromEnv(t *target) bool {
	return slices.Contains(strings.Split(t.source, "+"), EnvAPIKey)
}

// urlReason says in the person's language why a URL they gave is not a
// hub's; huburl reports the facts.
func urlReason(p Printer, err error) string {
	var he *huburl.Error
	if !errors.As(err, &he) {
		return err.Error()
	}
	switch he.Kind {
	case huburl.ErrEmpty:
		return p.T(MsgURLEmpty)
	case huburl.ErrInvisible:
		return p.T(MsgURLInvisible, he.Detail)
	case huburl.ErrScheme:
		return p.T(MsgURLScheme, he.Detail)
	case huburl.ErrUserInfo:
		return p.T(MsgURLUserInfo)
	case huburl.ErrNoHost:
		return p.T(MsgURLNoHost)
	case huburl.ErrBadHost:
		return p.T(MsgURLBadHost, he.Detail)
	case huburl.ErrBadPort:
		if he.Detail == "" {
			return p.T(MsgURLEmptyPort)
		}
		return p.T(MsgURLBadPort, he.Detail)
	case huburl.ErrNotAbsolute:
		return p.T(MsgURLNotAbsolute)
	}
	return p.T(MsgURLSyntax, he.Detail)
}

// keychainReason says in the person's language why the keychain could not
// be used. The platform's own words, when they are all there is, are
// quoted after.
func keychainReason(p Printer, err error) string {
	var ue *credentials.UnavailableError
	if !errors.As(err, &ue) {
		if errors.Is(err, credentials.ErrNoKeychain) {
			return p.T(MsgKcAbsent)
		}
		return err.Error()
	}
	switch ue.Reason {
	case credentials.ReasonTimeout:
		return p.T(MsgKcTimeout)
	case credentials.ReasonLocked:
		return p.T(MsgKcLocked)
	case credentials.ReasonDenied:
		if hostOS == "darwin" {
			// An item the Node CLI wrote belongs to node in its access
			// list: the person can let aigne in, once and for all.
			return p.T(MsgKcDeniedMac, credentials.KeychainService)
		}
		return p.T(MsgKcDenied)
	case credentials.ReasonNoBus:
		return p.T(MsgKcNoBus)
	case credentials.ReasonTooLarge:
		return p.T(MsgKcTooLarge)
	case credentials.ReasonNoDialog:
		return p.T(MsgKcNoDialog)
	case credentials.ReasonNoSession:
		return p.T(MsgKcNoLogon)
	}
	if ue.Err != nil {
		return p.T(MsgKcFailed, ue.Err.Error())
	}
	return p.T(MsgKcFailed, "?")
}

// fileCause words why a file or directory could not be used.
func fileCause(p Printer, err error) string {
	switch {
	case errors.Is(err, fs.ErrPermission):
		return p.T(MsgFilePermission)
	case errors.Is(err, fs.ErrNotExist):
		return p.T(MsgFileNotExist)
	case errors.Is(err, syscall.EROFS):
		return p.T(MsgFileReadOnly)
	case errors.Is(err, syscall.ENOSPC):
		return p.T(MsgFileNoSpace)
	case errors.Is(err, syscall.ENOTDIR):
		return p.T(MsgFileNotDir)
	case errors.Is(err, syscall.EISDIR):
		return p.T(MsgFileIsDir)
	}
	return strconv.Quote(err.Error())
}

// itemName is how the keychain names a hub's item: the target name of
// Windows' Credential Manager, the service and account elsewhere.
func itemName(account string) string { return credentials.KeychainService + "/" + account }

// itemProblem words why a keychain item is not used.
func itemProblem(p Printer, h credentials.Hub) string {
	switch h.Problem {
	case credentials.ProblemUnreadable:
		return p.T(MsgItemUnreadable, keychainReason(p, h.ItemErr))
	case credentials.ProblemBadURL:
		return p.T(MsgItemBadURL, urlReason(p, h.URLErr))
	case credentials.ProblemNotJSON:
		return p.T(MsgItemNotJSON)
	case credentials.ProblemNoURL:
		return p.T(MsgItemNoURL)
	}
	return p.T(MsgItemMismatch)
}

// invalidEntry is a file entry that cannot be trusted with a key, as the
// facts of it reach cli: from a Hub, a NoKeyError or a NotSavedError.
type invalidEntry struct {
	name, apiURL, path string
	line               int
	problem            credentials.Problem
	field              string
	urlErr             error
}

func entryOfHub(h credentials.Hub, path string) invalidEntry {
	return invalidEntry{name: h.Host, apiURL: h.APIURL, path: path, line: h.Line, problem: h.Problem, field: h.Field, urlErr: h.URLErr}
}

// why words what is wrong with the entry.
func (e invalidEntry) why(p Printer) string {
	switch e.problem {
	case credentials.ProblemFieldTwice:
		return p.T(MsgEntryTwice, e.field)
	case credentials.ProblemNoURL:
		return p.T(MsgEntryNoURL)
	case credentials.ProblemBadURL:
		return p.T(MsgEntryBadURL, urlReason(p, e.urlErr))
	}
	host, err := huburl.HostOf(e.apiURL)
	if err != nil {
		host = e.apiURL
	}
	return p.T(MsgEntryMismatch, safeText(host))
}

// fix says what mends the entry. `remove` takes the entry's name as it is
// written (in upper case, say), so removing it is offered whenever the
// name can be typed as one plain word; else only the file can be edited.
func (e invalidEntry) fix(p Printer) string {
	o, err := huburl.Parse(e.name)
	switch {
	case err != nil || o.Host != e.name:
		if err == nil && e.problem == credentials.ProblemHostMismatch && typableName(e.name) {
			if host, herr := huburl.HostOf(e.apiURL); herr == nil && host == o.Host {
				return p.T(MsgEntryFixName, o.Host, e.name)
			}
		}
		if typableName(e.name) {
			return p.T(MsgEntryFixRemove, e.name)
		}
		return p.T(MsgEntryFixFile)
	case e.problem == credentials.ProblemNoURL || e.problem == credentials.ProblemFieldTwice:
		return p.T(MsgEntryFixConnect, hostOrigin(e.name), e.name)
	}
	return p.T(MsgEntryFixRemove, e.name)
}

// typableName says whether an entry's name can be typed in a shell as it is:
// letters, digits and . _ : - only, not starting with - (a flag).
func typableName(name string) bool {
	if name == "" || name[0] == '-' {
		return false
	}
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._:-", r)
		if !ok {
			return false
		}
	}
	return true
}

// warning is the line that says, when the hubs are listed, that the entry
// is not used.
func (e invalidEntry) warning(p Printer) string {
	return p.T(MsgWarnInvalidEntry, e.name, e.line, e.path, e.why(p))
}

// error is the advice for a command that was asked to use the entry.
func (e invalidEntry) error(p Printer) string {
	return p.T(MsgErrInvalidEntry, e.name, e.line, e.path, e.why(p), e.fix(p))
}
