// Package hubtest runs a fake AIGNE Hub: a real HTTP server on a loopback
// socket that speaks the hub protocol (discovery, the browser-approval
// session with the CryptoJS-encrypted key, user info, health) and can be
// switched into the failure modes a client has to survive.
//
// It is ordinary (non-test) code so that hubclient tests, cli tests, the
// end-to-end scripts, cmd/fakehub and bench/ can all use the same fake.
//
// Approving a login: GET the approval URL the client built (ORIGIN/.well-known/
// service/gen-simple-access-key?__token__=…), exactly as a browser would, for
// example with Hub.Visit. With WithApproveOnGET(false) the GET shows a page
// with an Approve button instead, and the POST of that form approves.
package hubtest

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aigne-io/aigne/hubclient/internal/keycrypt"
)

// HubComponentDID is the component DID the fake advertises in
// __blocklet__.js (the real AIGNE Hub's).
const HubComponentDID = "z8ia3xzq2tMq8CRHfaXj1BTYJyYnEcHbqP8cJ"

// Paths of the protocol, relative to the origin.
const (
	BlockletPath  = "/__blocklet__.js"
	SessionPath   = "/.well-known/service/api/access-key/session"
	AuthorizePath = "/.well-known/service/gen-simple-access-key"
)

// Mode selects how the fake misbehaves.
type Mode int

const (
	// Normal speaks the protocol correctly.
	Normal Mode = iota
	// NotAHub serves a __blocklet__.js without the hub component and 404s
	// the hub API.
	NotAHub
	// Down5xx answers every request with 503.
	Down5xx
	// Garbage answers every request with 200 and a body that is not JSON.
	Garbage
	// Huge answers every request with 200 and an endless body (it stops
	// after 1 GiB or when the client goes away), streamed from one small
	// buffer and without a Content-Length.
	Huge
	// Hang accepts every request and never answers until the client gives
	// up or the hub is closed.
	Hang
	// Unavailable is Normal except that the status endpoint reports
	// {"available": false, "error": …, "code": …}.
	Unavailable
)

func (m Mode) String() string {
	switch m {
	case Normal:
		return "normal"
	case NotAHub:
		return "not-a-hub"
	case Down5xx:
		return "down-5xx"
	case Garbage:
		return "garbage"
	case Huge:
		return "huge"
	case Hang:
		return "hang"
	case Unavailable:
		return "unavailable"
	}
	return fmt.Sprintf("Mode(%d)", int(m))
}

// User is the account the fake reports for every valid key.
type User struct {
	DID      string
	FullName string
	Email    string
	Avatar   string
}

// DefaultUser is reported unless WithUser says otherwise.
var DefaultUser = User{
	DID:      "z2qaFakeUserDidForTestsOnlyp9Y",
	FullName: "John Doe",
	Email:    "john.doe@example.com",
	Avatar:   "",
}

type config struct {
	mountPoint       string
	credit           bool
	balance, total   string
	pending, grants  string
	amountsAsNumbers bool
	user             User
	paymentLink      string
	profileLink      string
	creditPrefix     string
	approveOnGET     bool
	autoApprove      bool
	tls              bool
	addr             string
	log              io.Writer
	keys             []string
	latency          time.Duration
}

// Option configures New and Start.
type Option func(*config)

// WithMountPoint mounts the hub component at mp (default "/ai-kit"; "/" for
// the root of the origin).
func WithMountPoint(mp string) Option { return func(c *config) { c.mountPoint = mp } }

// WithCredit turns credit billing on with these amounts (decimal text).
func WithCredit(balance, total string) Option {
	return func(c *config) { c.credit, c.balance, c.total = true, balance, total }
}

// WithAmountsAsNumbers makes the fake send credit amounts as JSON numbers
// instead of strings (the amounts must then be valid JSON numbers).
func WithAmountsAsNumbers() Option { return func(c *config) { c.amountsAsNumbers = true } }

// WithUser sets the account reported by user info.
func WithUser(u User) Option { return func(c *config) { c.user = u } }

// WithLinks sets the payment and profile links (defaults: URL+"/billing",
// URL+"/profile").
func WithLinks(payment, profile string) Option {
	return func(c *config) { c.paymentLink, c.profileLink = payment, profile }
}

// WithCreditPrefix sets the creditPrefix field.
func WithCreditPrefix(p string) Option { return func(c *config) { c.creditPrefix = p } }

// WithApproveOnGET chooses whether a GET of the approval page approves the
// session at once (the default, for tests) or shows an Approve button (for
// a human in a real browser).
func WithApproveOnGET(b bool) Option { return func(c *config) { c.approveOnGET = b } }

// WithAutoApprove approves every session on its first poll, without anyone
// visiting the approval page.
func WithAutoApprove(b bool) Option { return func(c *config) { c.autoApprove = b } }

// WithTLS serves https with a certificate that only Hub.Client trusts.
func WithTLS() Option { return func(c *config) { c.tls = true } }

// WithAddr listens on addr instead of a random loopback port. Only
// meaningful for Start (cmd/fakehub); tests should keep the default.
func WithAddr(addr string) Option { return func(c *config) { c.addr = addr } }

// WithLog writes a line per request and per event to w. Authorization
// values are never logged.
func WithLog(w io.Writer) Option { return func(c *config) { c.log = w } }

// WithLatency delays every answer by d, as a distant or busy hub would: the
// request is recorded at once, the response starts d later (sooner if the
// client gives up or the hub is closed). For benchmarks and timing tests.
func WithLatency(d time.Duration) Option { return func(c *config) { c.latency = d } }

// WithKeys makes the fake accept these API keys from the start.
func WithKeys(keys ...string) Option { return func(c *config) { c.keys = append(c.keys, keys...) } }

// Session is a snapshot of one login session.
type Session struct {
	ID       string
	Token    string // ID as __token__ (base64url, no padding)
	Approved bool
	Deleted  bool // a DELETE was received
	Expired  bool // ExpireSession was called
	Key      string
	// RequestCounts holds the X-Request-Count header of every poll, in order.
	RequestCounts []string
	// Params is the query of the approval page request.
	Params  url.Values
	Created time.Time
}

// RecordedRequest is one request the fake received.
type RecordedRequest struct {
	Method string
	Path   string
	Query  string
	// Authorization reports whether an Authorization header was present;
	// its value is deliberately not kept.
	Authorization bool
	// ValidKey reports whether it carried a key the fake accepted.
	ValidKey     bool
	RequestCount string
	Time         time.Time
}

// Hub is a running fake hub.
type Hub struct {
	// URL is the origin, e.g. "http://127.0.0.1:41234".
	URL string

	srv  *httptest.Server
	done chan struct{}
	once sync.Once

	mu          sync.Mutex
	cfg         config
	mode        Mode
	autoApprove bool
	keys        map[string]bool // key → still valid
	sessions    map[string]*Session
	order       []string
	requests    []RecordedRequest
	redirect    string
	issuedKey   string // what approvals hand out; "" for a fresh key each
	failPolls   int
	latency     time.Duration
	unavailable struct {
		reason string
		code   int
	}
}

// NewT is New for a test: the hub is closed when the test ends.
func NewT(t testing.TB, opts ...Option) *Hub {
	t.Helper()
	h := New(opts...)
	t.Cleanup(h.Close)
	return h
}

// New starts a fake hub on a random loopback port; it panics if it cannot,
// like httptest.NewServer. Close it when done (t.Cleanup(h.Close)).
func New(opts ...Option) *Hub {
	h, err := Start(opts...)
	if err != nil {
		panic("hubtest: " + err.Error())
	}
	return h
}

// Start is New returning an error instead of panicking.
func Start(opts ...Option) (*Hub, error) {
	cfg := config{
		mountPoint:   "/ai-kit",
		balance:      "985000",
		total:        "1000000",
		pending:      "0",
		grants:       "1",
		user:         DefaultUser,
		approveOnGET: true,
	}
	for _, o := range opts {
		o(&cfg)
	}
	h := &Hub{
		cfg:         cfg,
		autoApprove: cfg.autoApprove,
		latency:     cfg.latency,
		keys:        map[string]bool{},
		sessions:    map[string]*Session{},
		done:        make(chan struct{}),
	}
	h.unavailable.reason = "no AI provider is configured"
	h.unavailable.code = 503
	for _, k := range cfg.keys {
		h.keys[k] = true
	}

	var srv *httptest.Server
	if cfg.addr == "" {
		srv = httptest.NewUnstartedServer(h)
	} else {
		l, err := net.Listen("tcp", cfg.addr)
		if err != nil {
			return nil, fmt.Errorf("listen on %s: %w", cfg.addr, err)
		}
		srv = &httptest.Server{Listener: l, Config: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}}
	}
	// Clients that reject the test certificate or hang up early are what
	// the tests are about; keep net/http from logging them to stderr.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	if cfg.log != nil {
		srv.Config.ErrorLog = log.New(cfg.log, "fakehub: ", 0)
	}
	// The handler reads h.URL, and the requests come from other processes
	// that the race detector cannot see: set it before serving starts.
	h.srv = srv
	scheme := "http"
	if cfg.tls {
		scheme = "https"
	}
	h.URL = scheme + "://" + srv.Listener.Addr().String()
	if cfg.tls {
		srv.StartTLS()
	} else {
		srv.Start()
	}
	if h.URL != srv.URL {
		srv.Close()
		return nil, fmt.Errorf("fake hub URL %s, server says %s", h.URL, srv.URL)
	}
	return h, nil
}

// Close stops the hub, releasing requests parked by Hang or Huge first so
// that it does not wait for them.
func (h *Hub) Close() {
	h.once.Do(func() {
		close(h.done)
		h.srv.CloseClientConnections()
		h.srv.Close()
	})
}

// Host is the host:port of URL, the key the CLI files the hub under.
func (h *Hub) Host() string {
	u, _ := url.Parse(h.URL)
	return u.Host
}

// APIURL is the URL discovery should produce: URL + mount point.
func (h *Hub) APIURL() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.URL + cleanMount(h.cfg.mountPoint)
}

// Client returns an *http.Client that trusts this hub's certificate
// (relevant with WithTLS; with plain http any client will do).
func (h *Hub) Client() *http.Client { return h.srv.Client() }

// IssueKey mints a new valid key, as an approval would, and returns it.
func (h *Hub) IssueKey() string {
	k := "aigne_" + randHex(24)
	h.AddKey(k)
	return k
}

// AddKey makes the hub accept key.
func (h *Hub) AddKey(key string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.keys[key] = true
}

// RevokeKey makes later requests with key get 401.
func (h *Hub) RevokeKey(key string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.keys[key]; ok {
		h.keys[key] = false
	}
}

// KeyValid reports whether the hub currently accepts key.
func (h *Hub) KeyValid(key string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.keys[key]
}

// SetMode switches the failure mode for subsequent requests.
func (h *Hub) SetMode(m Mode) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.mode = m
}

// SetAutoApprove makes sessions approve themselves on their next poll.
func (h *Hub) SetAutoApprove(b bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.autoApprove = b
}

// SetCredit switches credit billing and its amounts at run time.
func (h *Hub) SetCredit(enabled bool, balance, total string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.cfg.credit, h.cfg.balance, h.cfg.total = enabled, balance, total
}

// SetUnavailableReason sets what the status endpoint says in Unavailable mode.
func (h *Hub) SetUnavailableReason(reason string, code int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.unavailable.reason, h.unavailable.code = reason, code
}

// SetRedirect makes every request answer 307 to target (an origin, e.g.
// another hub's URL) + the request's path and query. "" turns it off.
func (h *Hub) SetRedirect(target string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.redirect = strings.TrimRight(target, "/")
}

// SetLatency changes the delay of WithLatency at run time; 0 turns it off.
func (h *Hub) SetLatency(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.latency = d
}

// SetIssuedKey makes approvals hand out key rather than a fresh one, to
// play a hub that hands out a key no client should take (with control
// characters, say); "" goes back to fresh keys.
func (h *Hub) SetIssuedKey(key string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.issuedKey = key
}

// FailNextPolls makes the next n session polls answer 503, to exercise a
// client's retries.
func (h *Hub) FailNextPolls(n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.failPolls = n
}

// Approve approves session sid as the approval page would and returns the
// minted key.
func (h *Hub) Approve(sid string) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.sessions[sid]
	if !ok || s.Deleted || s.Expired {
		return "", fmt.Errorf("no open session %q", sid)
	}
	h.approveLocked(s)
	return s.Key, nil
}

// ExpireSession makes the hub forget sid, as a real hub does after a while;
// later polls get 404.
func (h *Hub) ExpireSession(sid string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if s, ok := h.sessions[sid]; ok {
		s.Expired = true
	}
}

// Sessions returns snapshots of all sessions, oldest first.
func (h *Hub) Sessions() []Session {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Session, 0, len(h.order))
	for _, id := range h.order {
		out = append(out, snapshot(h.sessions[id]))
	}
	return out
}

// Session returns a snapshot of session sid.
func (h *Hub) Session(sid string) (Session, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	s, ok := h.sessions[sid]
	if !ok {
		return Session{}, false
	}
	return snapshot(s), true
}

// Requests returns every request received so far, in order.
func (h *Hub) Requests() []RecordedRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]RecordedRequest(nil), h.requests...)
}

// Visit does what a browser does with an approval URL: GET it. With the
// default WithApproveOnGET(true) that approves the session. It fails unless
// the page answers 200.
func (h *Hub) Visit(authorizeURL string) error {
	resp, err := h.Client().Get(authorizeURL)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s: %s", authorizeURL, resp.Status, strings.TrimSpace(string(body)))
	}
	return nil
}

// EncryptAccessKey encrypts apiKey the way the hub hands it to the CLI,
// with a random salt. hubclient.DecryptAccessKey reverses it.
func EncryptAccessKey(apiKey, accessKeyID, challenge string) (string, error) {
	pass, err := keycrypt.Passphrase(accessKeyID, challenge)
	if err != nil {
		return "", err
	}
	return keycrypt.Encrypt([]byte(apiKey), pass, rand.Reader)
}

// DecodeToken turns a __token__ back into a session id. Padding is
// tolerated although the protocol sends none.
func DecodeToken(token string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(token, "="))
	if err != nil {
		return "", fmt.Errorf("bad __token__: %w", err)
	}
	return string(b), nil
}

func (h *Hub) approveLocked(s *Session) {
	if s.Approved {
		return
	}
	s.Approved = true
	s.Key = h.issuedKey
	if s.Key == "" {
		s.Key = "aigne_" + randHex(24)
	}
	h.keys[s.Key] = true
	h.logf("session %s approved", short(s.ID))
}

func snapshot(s *Session) Session {
	c := *s
	c.RequestCounts = append([]string(nil), s.RequestCounts...)
	if s.Params != nil {
		c.Params = url.Values{}
		for k, v := range s.Params {
			c.Params[k] = append([]string(nil), v...)
		}
	}
	return c
}

func (h *Hub) logf(format string, args ...any) {
	if h.cfg.log != nil {
		fmt.Fprintf(h.cfg.log, "fakehub: "+format+"\n", args...)
	}
}

func randHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b)
}

func short(id string) string {
	if len(id) > 8 {
		return id[:8] + "…"
	}
	return id
}

func cleanMount(mp string) string {
	mp = "/" + strings.Trim(strings.TrimSpace(mp), "/")
	if mp == "/" {
		return ""
	}
	return mp
}

func base64URL(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
