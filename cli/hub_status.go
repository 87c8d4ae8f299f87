package cli

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
)

// Environment variables the AIGNE runtime honours; they win over the file
// for status and info.
const (
	EnvAPIURL = "AIGNE_HUB_API_URL"
	EnvAPIKey = "AIGNE_HUB_API_KEY"
)

type hubStatusCmd struct{}

type statusJSON struct {
	URL    string   `json:"url"`
	APIURL string   `json:"api_url"`
	Status string   `json:"status"`
	Error  *string  `json:"error"`
	Source []string `json:"from_environment,omitempty"`
}

// target is the hub a command talks to, with its key.
type target struct {
	origin  string
	host    string
	apiURL  string
	key     string
	active  bool
	fromEnv []string // the variables it came from, if any
}

// envTarget reads AIGNE_HUB_API_URL / AIGNE_HUB_API_KEY. Without a key in
// the environment, a key saved for the same host is used.
func (a *App) envTarget(reg *credentials.Registry, doc *credentials.Doc) (*target, error) {
	raw := a.Getenv(EnvAPIURL)
	if raw == "" {
		return nil, nil
	}
	o, err := ParseHubURL(raw)
	if err != nil {
		return nil, usageErr(a.p, MsgErrBadURL, raw, err.Error()+" (from "+EnvAPIURL+")")
	}
	apiURL := raw
	if u, err := url.Parse(raw); err != nil || u.Scheme == "" {
		apiURL = o.String() + "/" // a bare host: the API lives at the origin
	}
	t := &target{origin: o.String(), host: o.Host, apiURL: apiURL, fromEnv: []string{EnvAPIURL}, active: true}
	if k := a.Getenv(EnvAPIKey); k != "" {
		t.key = k
		t.fromEnv = append(t.fromEnv, EnvAPIKey)
		return t, nil
	}
	if h, ok := doc.Hub(o.Host); ok {
		k, _, err := reg.Key(h)
		if err != nil {
			return nil, a.keyErr(h, err)
		}
		t.key = k
	}
	return t, nil
}

// savedTarget is a saved hub with its key from whichever store holds it.
func (a *App) savedTarget(reg *credentials.Registry, doc *credentials.Doc, h credentials.Hub) (*target, error) {
	k, _, err := reg.Key(h)
	if err != nil {
		return nil, a.keyErr(h, err)
	}
	return &target{origin: originOf(h.Host, h.APIURL), host: h.Host, apiURL: h.APIURL, key: k, active: doc.Active() == h.Host}, nil
}

func (a *App) keyErr(h credentials.Hub, err error) error {
	if errors.Is(err, credentials.ErrNoKey) {
		o := originOf(h.Host, h.APIURL)
		return exitErr(ExitAuth, err, a.p.T(MsgErrNoKey, o, o))
	}
	var ue *credentials.UnavailableError
	if errors.As(err, &ue) {
		return exitErr(ExitFailure, err, err.Error())
	}
	return err
}

// EnvRequestTimeout bounds each request to a hub (a Go duration, "15s").
const EnvRequestTimeout = "AIGNE_HUB_REQUEST_TIMEOUT"

func (a *App) hubClient() *hubclient.Client {
	c := hubclient.New(a.HTTPClient)
	if d, err := time.ParseDuration(a.Getenv(EnvRequestTimeout)); err == nil && d > 0 {
		c.RequestTimeout = d
	}
	return c
}

func (c *hubStatusCmd) Run(a *App) error {
	reg, doc, err := a.loadDoc()
	if err != nil {
		return err
	}
	t, err := a.envTarget(reg, doc)
	if err != nil {
		return err
	}
	if t == nil {
		active := doc.Active()
		if active == "" {
			if len(doc.Hubs()) == 0 {
				return exitErr(ExitAuth, nil, a.p.T(MsgErrNoHubs))
			}
			return exitErr(ExitAuth, nil, a.p.T(MsgErrNoActive))
		}
		h, _ := doc.Hub(active)
		if t, err = a.savedTarget(reg, doc, h); err != nil {
			return err
		}
	}

	health := a.hubClient().Health(a.Ctx, t.apiURL, t.key)
	if errors.Is(health.Err, errInterrupted) || a.Ctx.Err() != nil {
		return errInterrupted
	}
	if errors.Is(health.Err, hubclient.ErrInsecureTransport) {
		return health.Err
	}
	code := ExitOK
	var state string
	switch health.State {
	case hubclient.StateOnline:
		state = a.p.T(MsgStateOnline)
	case hubclient.StateUnauthorized:
		code, state = ExitAuth, a.p.T(MsgStateUnauthorized)
	case hubclient.StateUnavailable:
		code, state = ExitUnreachable, a.p.T(MsgStateUnavailable, safeText(health.Reason))
	default:
		code, state = ExitUnreachable, a.p.T(MsgStateOffline)
	}

	// The document is the answer even when the hub is down: scripts read
	// status and error from stdout and the exit code says the same.
	if a.json() {
		doc := statusJSON{URL: t.origin, APIURL: t.apiURL, Status: health.State, Source: t.fromEnv}
		if health.State != hubclient.StateOnline {
			doc.Error = nullable(health.Reason)
		}
		if err := writeJSON(a.IO.Out, doc); err != nil {
			return err
		}
	} else {
		color := colorOK
		if code != ExitOK {
			color = colorError
		}
		fprintln(a.IO.Out, a.p.T(MsgStatusLine, t.origin, paint(a.IO.Color, color, state)))
		if len(t.fromEnv) > 0 {
			fprintln(a.IO.Out, a.p.T(MsgFromEnv, strings.Join(t.fromEnv, ", ")))
		}
		if health.State == hubclient.StateOffline && health.Reason != "" {
			fprintln(a.IO.ErrOut, safeText(health.Reason))
		}
	}
	if code != ExitOK {
		return &silentExit{code: code}
	}
	return nil
}

// silentExit ends the process with a code after the command has already
// said everything.
type silentExit struct{ code int }

func (s *silentExit) Error() string { return "" }
