package hubclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/aigne-io/aigne/huburl"
)

// User is the account an API key belongs to.
type User struct {
	DID      string
	FullName string
	Email    string
	Avatar   string
}

// CreditBalance holds amounts exactly as the hub wrote them, as decimal
// text. The hub may send JSON strings or numbers; either way the digits are
// kept verbatim, never passed through float64.
type CreditBalance struct {
	Balance       string // what is available
	Total         string
	GrantCount    string
	PendingCredit string
}

// UserInfo is the answer of GET API_URL/api/user/info. Links
// the hub sends as null are "".
type UserInfo struct {
	User          User
	EnableCredit  bool
	CreditBalance *CreditBalance // nil when the hub sends null or nothing
	PaymentLink   string
	ProfileLink   string
	CreditPrefix  string
	// Malformed names the fields the hub sent in a form that cannot be
	// read ("user.fullName", "creditBalance.total"); they are left empty.
	Malformed []string
}

// decimalText accepts a JSON string, number or null and keeps its text.
type decimalText string

func (d *decimalText) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("null")):
		*d = ""
		return nil
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*d = decimalText(strings.TrimSpace(s))
		return nil
	case len(b) > 0 && (b[0] == '-' || (b[0] >= '0' && b[0] <= '9')):
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return err
		}
		*d = decimalText(n.String())
		return nil
	}
	return fmt.Errorf("amount must be a number or a string, not %s", b)
}

// UserInfo fetches the key owner's profile and credits. A rejected or
// missing key gives ErrUnauthorized. A field the hub sends in a form that
// cannot be read is left empty and named in Malformed: one odd field does
// not hide the others.
func (c *Client) UserInfo(ctx context.Context, api huburl.URL, key string) (*UserInfo, error) {
	r, err := c.keyedRequest(api, "/api/user/info", key)
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	if resp.status < 200 || resp.status > 299 {
		return nil, statusError(r, resp)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(resp.body, &top); err != nil {
		return nil, invalidJSON(r, err)
	}
	info := &UserInfo{}
	f := fields{raw: top}
	if user, ok := f.object("user"); ok {
		u := fields{raw: user, prefix: "user."}
		info.User = User{DID: u.text("did"), FullName: u.text("fullName"), Email: u.text("email"), Avatar: u.text("avatar")}
		info.Malformed = append(info.Malformed, u.bad...)
	}
	info.EnableCredit = f.flag("enableCredit")
	info.PaymentLink = f.text("paymentLink")
	info.ProfileLink = f.text("profileLink")
	info.CreditPrefix = f.text("creditPrefix")
	if cb, ok := f.object("creditBalance"); ok {
		b := fields{raw: cb, prefix: "creditBalance."}
		info.CreditBalance = &CreditBalance{Balance: b.amount("balance"), Total: b.amount("total"), GrantCount: b.amount("grantCount"), PendingCredit: b.amount("pendingCredit")}
		info.Malformed = append(info.Malformed, b.bad...)
	}
	info.Malformed = append(info.Malformed, f.bad...)
	return info, nil
}

// fields reads the members of one JSON object leniently, noting the ones
// that are there but cannot be read.
type fields struct {
	raw    map[string]json.RawMessage
	prefix string
	bad    []string
}

func (f *fields) get(name string) (json.RawMessage, bool) {
	v, ok := f.raw[name]
	if !ok || bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
		return nil, false
	}
	return v, true
}

func (f *fields) text(name string) string {
	v, ok := f.get(name)
	if !ok {
		return ""
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		f.bad = append(f.bad, f.prefix+name)
	}
	return s
}

func (f *fields) flag(name string) bool {
	v, ok := f.get(name)
	if !ok {
		return false
	}
	var b bool
	if json.Unmarshal(v, &b) != nil {
		f.bad = append(f.bad, f.prefix+name)
	}
	return b
}

func (f *fields) amount(name string) string {
	v, ok := f.get(name)
	if !ok {
		return ""
	}
	var d decimalText
	if d.UnmarshalJSON(v) != nil {
		f.bad = append(f.bad, f.prefix+name)
	}
	return string(d)
}

func (f *fields) object(name string) (map[string]json.RawMessage, bool) {
	v, ok := f.get(name)
	if !ok {
		return nil, false
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(v, &m) != nil {
		f.bad = append(f.bad, f.prefix+name)
		return nil, false
	}
	return m, true
}

// keyedRequest is a GET of path p below the API URL, carrying key.
func (c *Client) keyedRequest(api huburl.URL, p, key string) (request, error) {
	if api.IsZero() {
		return request{}, errNoOrigin
	}
	api.Path = strings.TrimRight(api.Path, "/")
	u := endpoint(api.NetURL(), p)
	if key == "" {
		return request{}, fail(Error{Problem: ProblemNoKey, Origin: api.Origin.String(), Host: api.Host},
			"no API key for %s", api.Origin)
	}
	return request{method: http.MethodGet, url: u, key: key}, nil
}

// Health states.
const (
	StateOnline       = "online"
	StateOffline      = "offline" // no HTTP answer: DNS, refused, TLS, timeout
	StateError        = "error"   // an answer, but not a hub's: 5xx, another 4xx, invalid JSON
	StateUnauthorized = "unauthorized"
	StateUnavailable  = "unavailable"
)

// HealthOf is the Health of a check that ended in err, for a caller whose
// own request to the hub (discovery, say) failed before the check.
func HealthOf(err error) Health { return failed(err) }

// failed is the Health of a check that ended in err.
func failed(err error) Health {
	var he *Error
	switch {
	case errors.Is(err, ErrUnauthorized):
		return Health{State: StateUnauthorized, Err: err}
	case errors.As(err, &he) && !he.Problem.Offline() && he.Problem != ProblemInsecure:
		return Health{State: StateError, Err: err}
	}
	return Health{State: StateOffline, Err: err}
}

// Health is the outcome of a health check. It is a value rather than an
// error because every outcome is an answer to "how is this hub?". It
// holds facts only; the caller words them.
type Health struct {
	State string // one of the State constants
	// Reason is, for unavailable, the hub's own words as it sent them, ""
	// when it gave none (no "error" field, null or an empty string). It is
	// "" in every other state: Err holds the facts.
	Reason string
	Code   int // the hub's "code" when it reports itself unavailable
	// Err is why the hub is offline, unauthorized or in error, so the
	// caller can tell a timeout, an insecure URL or Ctrl-C
	// (errors.Is(h.Err, context.Canceled)) apart and word each.
	Err error
}

// Health checks a hub with a key: 200 + available → online, 200 + not
// available → unavailable (with the hub's reason), 401/403 →
// unauthorized, no answer (network error, timeout) → offline, any other
// answer (5xx, another 4xx, invalid JSON) → error. It never fails; Err
// carries the cause.
func (c *Client) Health(ctx context.Context, api huburl.URL, key string) Health {
	r, err := c.keyedRequest(api, "/api/v2/status", key)
	if err != nil {
		return failed(err)
	}
	resp, err := c.do(ctx, r)
	if err != nil {
		return failed(err)
	}
	if resp.status < 200 || resp.status > 299 {
		return failed(statusError(r, resp))
	}
	var st struct {
		Available *bool           `json:"available"`
		Error     json.RawMessage `json:"error"`
		Code      json.RawMessage `json:"code"`
	}
	if err := json.Unmarshal(resp.body, &st); err != nil {
		return failed(invalidJSON(r, err))
	}
	if st.Available == nil {
		err := fail(Error{Problem: ProblemMissingField, Origin: originOfURL(r.url), Host: r.url.Host, URL: display(r.url), Field: "available"},
			"%s: status answer has no \"available\" field", display(r.url))
		return failed(err)
	}
	if *st.Available {
		return Health{State: StateOnline}
	}
	return Health{State: StateUnavailable, Reason: rawText(st.Error), Code: rawInt(st.Code)}
}

// rawText renders the hub's "error" field, which is normally a string but
// which nothing guarantees; an object is shown as compact JSON rather than lost.
func rawText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) == nil {
		return buf.String()
	}
	return string(raw)
}

func rawInt(raw json.RawMessage) int {
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return 0
		}
		n = json.Number(s)
	}
	i, err := strconv.Atoi(n.String())
	if err != nil {
		return 0
	}
	return i
}
