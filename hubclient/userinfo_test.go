package hubclient_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/hubclient/hubtest"
)

func TestUserInfoWithCredits(t *testing.T) {
	user := hubtest.User{DID: "z2qA123p9Y", FullName: "Jane Roe", Email: "jane@example.com", Avatar: "https://x/a.png"}
	hub := hubtest.NewT(t, hubtest.WithCredit("985000", "1000000"), hubtest.WithUser(user), hubtest.WithCreditPrefix("$"))
	key := hub.IssueKey()
	info, err := newClient(nil).UserInfo(ctxT(t), apiOf(t, hub.APIURL()), key)
	if err != nil {
		t.Fatal(err)
	}
	want := hubclient.User{DID: user.DID, FullName: user.FullName, Email: user.Email, Avatar: user.Avatar}
	if info.User != want {
		t.Errorf("User = %+v, want %+v", info.User, want)
	}
	if !info.EnableCredit || info.CreditBalance == nil {
		t.Fatalf("credits missing: %+v", info)
	}
	if b := *info.CreditBalance; b.Balance != "985000" || b.Total != "1000000" || b.GrantCount != "1" || b.PendingCredit != "0" {
		t.Errorf("CreditBalance = %+v", b)
	}
	if info.PaymentLink != hub.URL+"/billing" || info.ProfileLink != hub.URL+"/profile" || info.CreditPrefix != "$" {
		t.Errorf("links = %q, %q, prefix %q", info.PaymentLink, info.ProfileLink, info.CreditPrefix)
	}
}

func TestUserInfoWithoutCredits(t *testing.T) {
	hub := hubtest.NewT(t)
	info, err := newClient(nil).UserInfo(ctxT(t), apiOf(t, hub.APIURL()), hub.IssueKey())
	if err != nil {
		t.Fatal(err)
	}
	if info.EnableCredit || info.CreditBalance != nil || info.PaymentLink != "" {
		t.Errorf("credits off, got %+v / %+v", info, info.CreditBalance)
	}
	if info.User.Email != hubtest.DefaultUser.Email {
		t.Errorf("User = %+v", info.User)
	}
}

func TestUserInfoAmountsKeepTheirExactText(t *testing.T) {
	// Numbers that a float64 would mangle.
	balance, total := "98765432109876543210.123456789", "100000000000000000000000"
	for _, asNumbers := range []bool{false, true} {
		opts := []hubtest.Option{hubtest.WithCredit(balance, total)}
		if asNumbers {
			opts = append(opts, hubtest.WithAmountsAsNumbers())
		}
		hub := hubtest.NewT(t, opts...)
		info, err := newClient(nil).UserInfo(ctxT(t), apiOf(t, hub.APIURL()), hub.IssueKey())
		if err != nil {
			t.Fatalf("numbers=%v: %v", asNumbers, err)
		}
		if b := info.CreditBalance; b.Balance != balance || b.Total != total {
			t.Errorf("numbers=%v: got %q / %q", asNumbers, b.Balance, b.Total)
		}
	}
}

func TestUserInfoToleratesNullsAndOddFields(t *testing.T) {
	srv := newJSONServer(t, `{"user":{"did":"z1","fullName":null,"email":null,"avatar":null},"enableCredit":true,
		"creditBalance":{"balance":null,"total":12.50,"grantCount":null,"pendingCredit":"3"},"paymentLink":null,"profileLink":null,"creditPrefix":null}`)
	info, err := newClient(nil).UserInfo(ctxT(t), apiOf(t, srv), "k")
	if err != nil {
		t.Fatal(err)
	}
	if b := info.CreditBalance; b.Balance != "" || b.Total != "12.50" || b.PendingCredit != "3" {
		t.Errorf("CreditBalance = %+v", b)
	}

	// One odd field is left empty and named; the others are read.
	srv = newJSONServer(t, `{"user":{"did":"z1","fullName":42,"email":"e@x"},"enableCredit":"yes","creditBalance":{"balance":true,"total":"100"},"paymentLink":{}}`)
	info, err = newClient(nil).UserInfo(ctxT(t), apiOf(t, srv), "k")
	if err != nil {
		t.Fatal(err)
	}
	if info.User.DID != "z1" || info.User.Email != "e@x" || info.User.FullName != "" || info.CreditBalance.Total != "100" {
		t.Errorf("%+v", info)
	}
	if got := strings.Join(info.Malformed, ","); got != "user.fullName,creditBalance.balance,enableCredit,paymentLink" {
		t.Errorf("Malformed = %s", got)
	}
	// Not JSON, or not an object: the whole answer is wrong.
	for _, body := range []string{`<html>`, `[1,2]`, `"x"`} {
		srv = newJSONServer(t, body)
		_, err = newClient(nil).UserInfo(ctxT(t), apiOf(t, srv), "k")
		requireKind(t, err, hubclient.ErrUnreachable, "invalid JSON")
	}
}

func TestUserInfoUnauthorized(t *testing.T) {
	hub := hubtest.NewT(t)
	c := newClient(nil)
	ctx := ctxT(t)

	_, err := c.UserInfo(ctx, apiOf(t, hub.APIURL()), "aigne_unknown_key")
	requireKind(t, err, hubclient.ErrUnauthorized, "rejected the API key", "401")
	if strings.Contains(err.Error(), "aigne_unknown_key") {
		t.Errorf("error %q contains the key", err)
	}

	key := hub.IssueKey()
	if _, err := c.UserInfo(ctx, apiOf(t, hub.APIURL()), key); err != nil {
		t.Fatal(err)
	}
	hub.RevokeKey(key)
	_, err = c.UserInfo(ctx, apiOf(t, hub.APIURL()), key)
	requireKind(t, err, hubclient.ErrUnauthorized)

	before := len(hub.Requests())
	_, err = c.UserInfo(ctx, apiOf(t, hub.APIURL()), "")
	requireKind(t, err, hubclient.ErrUnauthorized, "no API key")
	if len(hub.Requests()) != before {
		t.Error("a request was sent without a key")
	}
}

func TestUserInfoSendsBearer(t *testing.T) {
	var got string
	srv := newHTTPServer(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.Header.Get("Authorization")
		_, _ = w.Write([]byte(`{"user":{}}`))
	})
	if _, err := newClient(nil).UserInfo(ctxT(t), apiOf(t, srv+"/ai-kit/"), "k3y"); err != nil {
		t.Fatal(err)
	}
	if got != "Bearer k3y" {
		t.Errorf("Authorization = %q", got)
	}
}

func TestHealth(t *testing.T) {
	hub := hubtest.NewT(t)
	key := hub.IssueKey()
	c := newClient(nil)
	ctx := ctxT(t)

	if h := c.Health(ctx, apiOf(t, hub.APIURL()), key); h.State != hubclient.StateOnline || h.Err != nil {
		t.Errorf("normal: %+v", h)
	}

	hub.SetMode(hubtest.Unavailable)
	hub.SetUnavailableReason("quota exhausted", 42)
	if h := c.Health(ctx, apiOf(t, hub.APIURL()), key); h.State != hubclient.StateUnavailable || h.Reason != "quota exhausted" || h.Code != 42 {
		t.Errorf("unavailable: %+v", h)
	}

	hub.SetMode(hubtest.Normal)
	hub.RevokeKey(key)
	if h := c.Health(ctx, apiOf(t, hub.APIURL()), key); h.State != hubclient.StateUnauthorized || !errors.Is(h.Err, hubclient.ErrUnauthorized) {
		t.Errorf("revoked key: %+v", h)
	}
	if h := c.Health(ctx, apiOf(t, hub.APIURL()), ""); h.State != hubclient.StateUnauthorized {
		t.Errorf("no key: %+v", h)
	}

	key = hub.IssueKey()
	for _, m := range []hubtest.Mode{hubtest.Down5xx, hubtest.Garbage, hubtest.Hang, hubtest.Huge, hubtest.NotAHub} {
		hub.SetMode(m)
		c.RequestTimeout = 5 * time.Second
		if m == hubtest.Hang {
			c.RequestTimeout = 300 * time.Millisecond
		}
		h := c.Health(ctx, apiOf(t, hub.APIURL()), key)
		// No answer is offline; an answer that is not a hub's is an error.
		want := hubclient.StateError
		if m == hubtest.Hang {
			want = hubclient.StateOffline
		}
		// The facts are in Err, for the caller to word; Reason is only
		// ever the hub's own words.
		var he *hubclient.Error
		if h.State != want || !errors.Is(h.Err, hubclient.ErrUnreachable) || h.Reason != "" || !errors.As(h.Err, &he) {
			t.Errorf("%v: %+v", m, h)
		}
		if strings.Contains(h.Err.Error(), key) || strings.Contains(fmt.Sprintf("%#v", he), key) {
			t.Errorf("%v: error %q contains the key", m, h.Err)
		}
	}

	closed := hubtest.New()
	closed.Close()
	var he *hubclient.Error
	if h := c.Health(ctx, apiOf(t, closed.URL+"/ai-kit"), key); h.State != hubclient.StateOffline || !errors.As(h.Err, &he) || he.Problem != hubclient.ProblemConnect || !strings.Contains(h.Err.Error(), "could not connect") {
		t.Errorf("connection refused: %+v", h)
	}

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if h := c.Health(cancelled, apiOf(t, hub.APIURL()), key); !errors.Is(h.Err, context.Canceled) {
		t.Errorf("cancelled: %+v", h)
	}
}

func TestHealthOddAnswers(t *testing.T) {
	for body, want := range map[string]hubclient.Health{
		`{"available":false}`:                           {State: hubclient.StateUnavailable},
		`{"available":false,"error":null}`:              {State: hubclient.StateUnavailable},
		`{"available":false,"error":" "}`:               {State: hubclient.StateUnavailable},
		`{"available":false,"error":{"msg":"x"}}`:       {State: hubclient.StateUnavailable, Reason: `{"msg":"x"}`},
		`{"available":false,"error":"busy","code":"7"}`: {State: hubclient.StateUnavailable, Reason: "busy", Code: 7},
		`{"available":true,"extra":1}`:                  {State: hubclient.StateOnline},
	} {
		srv := newJSONServer(t, body)
		h := newClient(nil).Health(ctxT(t), apiOf(t, srv), "k")
		if h != want {
			t.Errorf("%s: got %+v, want %+v", body, h, want)
		}
	}
	srv := newJSONServer(t, `{"status":"ok"}`)
	h := newClient(nil).Health(ctxT(t), apiOf(t, srv), "k")
	var he *hubclient.Error
	if h.State != hubclient.StateError || !errors.As(h.Err, &he) || he.Problem != hubclient.ProblemMissingField || he.Field != "available" {
		t.Errorf("no available field: %+v", h)
	}
}
