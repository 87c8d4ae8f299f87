package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/mattn/go-runewidth"
	"github.com/shopspring/decimal"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
)

type hubInfoCmd struct {
	URL string `arg:"" optional:"" name:"url" help:"help.info.url"`
}

type infoJSON struct {
	Hub    string `json:"hub"`
	APIURL string `json:"api_url"`
	// Active: this is the saved active hub. A hub that a variable chose
	// is the one in use (text says "Connected") and may not be it.
	Active bool `json:"active"`
	// CredentialStore is where the key used is kept: file, keyring, or
	// null when AIGNE_HUB_API_KEY gave it.
	CredentialStore *string     `json:"credential_store"`
	User            infoUser    `json:"user"`
	Credits         infoCredits `json:"credits"`
	Links           infoLinks   `json:"links"`
	Source          string      `json:"source"`
	// Unreadable names the fields the hub sent in a form that cannot be
	// read ("user.fullName", "creditBalance.total"): shown as such, the
	// rest as usual.
	Unreadable []string `json:"unreadable,omitempty"`
	// inUse: the runtime uses this hub, because it is the saved active
	// one or because a variable chose it (text says "Connected"); the
	// same hub is never "Not used" by one way of naming it and
	// "Connected" by another.
	inUse bool
}

type infoUser struct {
	Name  string `json:"name"`
	DID   string `json:"did"`
	Email string `json:"email"`
}

type infoCredits struct {
	Enabled   bool    `json:"enabled"`
	Total     *string `json:"total"`
	Used      *string `json:"used"`
	Available *string `json:"available"`
}

type infoLinks struct {
	Payment *string `json:"payment"`
	Profile *string `json:"profile"`
}

func (c *hubInfoCmd) Run(ctx context.Context, out *Output, env Env, reg *credentials.Registry, client *hubclient.Client, ask Prompter) error {
	st, err := loadToRead(out, reg, false)
	if err != nil {
		return err
	}
	var t *target
	envSet := envOverride(env) != ""
	switch {
	case c.URL == "" && (envSet || !out.IO.CanPrompt()):
		// What the runtime would use; without a terminal that is the
		// active hub, and with none active a hub must be named.
		if active, err := st.Active(); !envSet && err == nil && active == "" && len(st.Valid()) > 0 {
			return usageErr(out.p, MsgErrNeedArg, "'aigne hub info'", "info")
		}
		if t, err = runtimeTarget(out.p, env, st); err != nil {
			return err
		}
	default:
		active, aerr := st.Active()
		if c.URL == "" && aerr != nil {
			return aerr
		}
		h, err := pickHub(out, ask, st, hubQuestion{arg: c.URL, cmd: "info", title: MsgInfoPrompt, preselect: active})
		if err != nil {
			return err
		}
		if t, err = savedTarget(st, h, active); err != nil {
			return err
		}
	}
	spin := out.waiting(env, MsgWaitInfo)
	api, err := targetAPI(ctx, client, t)
	if err != nil {
		spin.Stop()
		return err
	}

	info, err := client.UserInfo(ctx, api, t.key)
	spin.Stop()
	if err != nil {
		return envKeyRejected(out.p, t, err)
	}
	credits, unreadable := creditsOf(info)
	return out.render(infoResult{
		Hub: t.origin, APIURL: t.apiURL, Active: t.active, Source: t.source, CredentialStore: nullable(string(t.store)),
		inUse:      t.active || t.source != SourceSaved || envHost(env) == t.host,
		User:       infoUser{Name: info.User.FullName, DID: info.User.DID, Email: info.User.Email},
		Credits:    credits,
		Links:      infoLinks{Payment: nullable(info.PaymentLink), Profile: nullable(info.ProfileLink)},
		Unreadable: append(slices.Clone(info.Malformed), unreadable...),
	})
}

// infoResult is the account on a hub: its document as it is, and the
// reference block as text.
type infoResult infoJSON

func (r infoResult) document(Printer) any { return infoJSON(r) }

// creditsOf computes used = total − available exactly, in decimal. An
// amount that is not a number is named in the second result, and used is
// then unknown.
func creditsOf(info *hubclient.UserInfo) (infoCredits, []string) {
	c := infoCredits{Enabled: info.EnableCredit}
	b := info.CreditBalance
	if !info.EnableCredit || b == nil {
		return c, nil
	}
	var bad []string
	total, terr := decimal.NewFromString(b.Total)
	if terr != nil {
		bad = append(bad, "creditBalance.total")
	} else {
		c.Total = &b.Total
	}
	avail, aerr := decimal.NewFromString(b.Balance)
	if aerr != nil {
		bad = append(bad, "creditBalance.balance")
	} else {
		c.Available = &b.Balance
	}
	if terr == nil && aerr == nil {
		used := total.Sub(avail).String()
		c.Used = &used
	}
	return c, bad
}

// groupThousands renders a decimal amount with commas between thousands,
// keeping its fraction as the hub gave it, never rounded away:
// "1000000.75" → "1,000,000.75", so that Used + Available = Total as
// printed.
func groupThousands(s string) string {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return s
	}
	digits := d.String()
	sign := ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	whole, frac, hasFrac := strings.Cut(digits, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// text writes the reference block. Labels are padded by display width so
// that the Chinese labels line up too.
func (r infoResult) text(out *Output) error {
	o := infoJSON(r)
	p, w := out.p, out.IO.Out
	// The user and the links are the hub's words.
	unreadable := func(field, value string) string {
		if slices.Contains(o.Unreadable, field) {
			return p.T(MsgInfoUnreadable)
		}
		return value
	}
	u := infoUser{Name: unreadable("user.fullName", safeText(o.User.Name)), DID: unreadable("user.did", safeText(o.User.DID)), Email: unreadable("user.email", safeText(o.User.Email))}
	link := func(s *string) *string {
		if s == nil {
			return nil
		}
		t := safeText(*s)
		return &t
	}
	o.User, o.Links = u, infoLinks{Payment: link(o.Links.Payment), Profile: link(o.Links.Profile)}
	row := func(indent string, label Msg, value string) {
		l := indent + p.T(label)
		pad := 12 - runewidth.StringWidth(l)
		if pad < 1 {
			pad = 1
		}
		fmt.Fprintf(w, "%s%s%s\n", l, strings.Repeat(" ", pad), value)
	}
	fprintln(w, p.T(MsgInfoTitle))
	fprintln(w, strings.Repeat("─", 46))
	row("", MsgInfoHub, o.Hub)
	status := p.T(MsgInfoNotUsed)
	if o.inUse {
		status = paint(out.IO.Color, colorOK, p.T(MsgInfoConnected))
	}
	row("", MsgInfoStatus, status)
	switch {
	case o.CredentialStore == nil:
		row("", MsgInfoKey, p.T(MsgInfoKeyEnv, EnvAPIKey))
	case *o.CredentialStore == string(credentials.StoreKeyring):
		row("", MsgInfoKey, p.T(MsgInfoKeyKeyring))
	default:
		row("", MsgInfoKey, p.T(MsgInfoKeyFile))
	}
	sourceLine(out, o.Source)
	fprintln(w)
	fprintln(w, p.T(MsgInfoUser))
	row("  ", MsgInfoName, o.User.Name)
	row("  ", MsgInfoDID, o.User.DID)
	row("  ", MsgInfoEmail, o.User.Email)
	if !o.Credits.Enabled {
		return nil
	}
	amount := func(field string, v *string) string {
		if v == nil {
			return p.T(MsgInfoUnreadable)
		}
		return groupThousands(*v)
	}
	if o.Credits.Total != nil || o.Credits.Available != nil || slices.Contains(o.Unreadable, "creditBalance.total") {
		fprintln(w)
		fprintln(w, p.T(MsgInfoCredits))
		row("  ", MsgInfoUsed, amount("", o.Credits.Used))
		row("  ", MsgInfoTotal, amount("creditBalance.total", o.Credits.Total))
		row("  ", MsgInfoAvailable, amount("creditBalance.balance", o.Credits.Available))
	}
	if o.Links.Payment != nil || o.Links.Profile != nil {
		fprintln(w)
		fprintln(w, p.T(MsgInfoLinks))
		if o.Links.Payment != nil {
			row("  ", MsgInfoPayment, *o.Links.Payment)
		}
		if o.Links.Profile != nil {
			row("  ", MsgInfoProfile, *o.Links.Profile)
		}
	}
	return nil
}
