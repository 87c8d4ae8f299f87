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

// UserInfo is the answer of GET API_URL/api/user/info (SPEC §5.7). Links
// the hub sends as null are "".
type UserInfo struct {
	User          User
	EnableCredit  bool
	CreditBalance *CreditBalance // nil when the hub sends null or nothing
	PaymentLink   string
	ProfileLink   string
	CreditPrefix  string
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

type wireUserInfo struct {
	User struct {
		DID      string `json:"did"`
		FullName string `json:"fullName"`
		Email    string `json:"email"`
		Avatar   string `json:"avatar"`
	} `json:"user"`
	EnableCredit  bool `json:"enableCredit"`
	CreditBalance *struct {
		Balance       decimalText `json:"balance"`
		Total         decimalText `json:"total"`
		GrantCount    decimalText `json:"grantCount"`
		PendingCredit decimalText `json:"pendingCredit"`
	} `json:"creditBalance"`
	PaymentLink  string `json:"paymentLink"`
	ProfileLink  string `json:"profileLink"`
	CreditPrefix string `json:"creditPrefix"`
}

// UserInfo fetches the key owner's profile and credits (SPEC §5.7).
// A rejected or missing key gives ErrUnauthorized.
func (c *Client) UserInfo(ctx context.Context, apiURL, key string) (*UserInfo, error) {
	r, err := c.keyedRequest(apiURL, "/api/user/info", key)
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
	var w wireUserInfo
	if err := json.Unmarshal(resp.body, &w); err != nil {
		return nil, invalidJSON(r, err)
	}
	info := &UserInfo{
		User: User{
			DID:      w.User.DID,
			FullName: w.User.FullName,
			Email:    w.User.Email,
			Avatar:   w.User.Avatar,
		},
		EnableCredit: w.EnableCredit,
		PaymentLink:  w.PaymentLink,
		ProfileLink:  w.ProfileLink,
		CreditPrefix: w.CreditPrefix,
	}
	if w.CreditBalance != nil {
		info.CreditBalance = &CreditBalance{
			Balance:       string(w.CreditBalance.Balance),
			Total:         string(w.CreditBalance.Total),
			GrantCount:    string(w.CreditBalance.GrantCount),
			PendingCredit: string(w.CreditBalance.PendingCredit),
		}
	}
	return info, nil
}

func (c *Client) keyedRequest(apiURL, p, key string) (request, error) {
	base, err := parseBase(apiURL)
	if err != nil {
		return request{}, err
	}
	u := endpoint(base, p)
	if key == "" {
		return request{}, fail(Error{Kind: ErrUnauthorized, Problem: ProblemNoKey, Origin: base.Scheme + "://" + base.Host, Host: base.Host},
			"no API key for %s", base.Scheme+"://"+base.Host)
	}
	return request{method: http.MethodGet, url: u, key: key}, nil
}

// Health states (SPEC §5.8).
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
		return Health{State: StateUnauthorized, Reason: err.Error(), Err: err}
	case errors.As(err, &he) && !he.Problem.Offline() && he.Problem != ProblemInsecure:
		return Health{State: StateError, Reason: err.Error(), Err: err}
	}
	return Health{State: StateOffline, Reason: err.Error(), Err: err}
}

// Health is the outcome of a health check. It is a value rather than an
// error because every outcome is an answer to "how is this hub?".
type Health struct {
	State  string // one of the State constants
	Reason string // why, when not online; for unavailable, the hub's own words
	Code   int    // the hub's "code" when it reports itself unavailable
	// Err is the underlying error for offline/unauthorized, so the caller
	// can still tell a timeout, an insecure URL or Ctrl-C
	// (errors.Is(h.Err, context.Canceled)) apart.
	Err error
}

// Health checks a hub with a key: 200 + available → online, 200 + not
// available → unavailable (with the hub's reason), 401/403 →
// unauthorized, no answer (network error, timeout) → offline, any other
// answer (5xx, another 4xx, invalid JSON) → error. It never fails; Err
// carries the cause.
func (c *Client) Health(ctx context.Context, apiURL, key string) Health {
	r, err := c.keyedRequest(apiURL, "/api/v2/status", key)
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
		err := fail(Error{Kind: ErrUnreachable, Problem: ProblemMissingField, Origin: originOfURL(r.url), Host: r.url.Host, URL: display(r.url), Field: "available"},
			"%s: status answer has no \"available\" field", display(r.url))
		return failed(err)
	}
	if *st.Available {
		return Health{State: StateOnline}
	}
	h := Health{State: StateUnavailable, Reason: rawText(st.Error), Code: rawInt(st.Code)}
	if h.Reason == "" {
		h.Reason = "the hub gave no reason"
	}
	return h
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
