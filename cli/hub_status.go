package cli

import (
	"errors"
	"strings"
	"time"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/huburl"
)

// Environment variables the AIGNE runtime honours; they win over the saved
// hubs for status, info, token and env. Inside a Blocklet Server the
// runtime takes its hub from BLOCKLET_AIGNE_API_URL first.
const (
	EnvAPIURL      = "AIGNE_HUB_API_URL"
	EnvAPIKey      = "AIGNE_HUB_API_KEY"
	EnvBlockletURL = "BLOCKLET_AIGNE_API_URL"
)

// SourceSaved is the source of a target that no variable chose.
const SourceSaved = "saved"

type hubStatusCmd struct{}

type statusJSON struct {
	URL    string  `json:"url"`
	APIURL string  `json:"api_url"`
	Status string  `json:"status"`
	Error  *string `json:"error"`
	Source string  `json:"source"`
}

// target is the hub a command talks to, with its key.
type target struct {
	origin string
	host   string
	apiURL string // "" until discovered, for a hub named by a variable
	key    string
	active bool
	source string // SourceSaved, or the variables that chose it, joined by "+"
}

// runtimeTarget is the hub and key the AIGNE runtime would use, as the
// runtime reads them: a URL variable names the hub (its API URL is
// discovered from its origin, whatever is saved) and the hub's saved key
// is used unless AIGNE_HUB_API_KEY gives one; the key variable alone goes with the active
// hub, or with the official one when none is active. Without variables it
// is the active hub with its saved key. A target without a key is an error.
func (a *App) runtimeTarget(st *credentials.State) (*target, error) {
	urlVar := EnvBlockletURL
	raw := a.Getenv(urlVar)
	if raw == "" {
		urlVar = EnvAPIURL
		raw = a.Getenv(urlVar)
	}
	envKey := a.Getenv(EnvAPIKey)
	var sources []string
	var t *target
	switch {
	case raw != "":
		o, err := huburl.ParseAbsolute(raw)
		if err != nil {
			return nil, usageErr(a.p, MsgErrEnvURL, urlVar, redactUserInfo(raw), urlReason(a.p, err))
		}
		sources = append(sources, urlVar)
		t = &target{origin: o.String(), host: o.Host}
		active, _ := st.Active()
		t.active = active == o.Host
		if envKey == "" {
			// The saved key of that hub; where the keychain cannot be
			// read, it may be there.
			h, ok := st.Hub(o.Host)
			if !ok && st.KeychainErr != nil {
				return nil, st.KeychainErr
			}
			if ok {
				cred, err := st.Credentials(h)
				if err != nil {
					return nil, err
				}
				t.key = cred.Key
			}
		}
	case envKey != "":
		active, err := st.Active()
		if err != nil {
			return nil, err
		}
		if active == "" {
			active = credentials.OfficialHost
		}
		t = &target{host: active, origin: hostOrigin(active), active: true}
		if h, ok := st.Hub(active); ok {
			t.origin, t.apiURL = h.Origin(), h.APIURL
		}
	default:
		active, err := st.Active()
		if err != nil {
			return nil, err
		}
		if active == "" {
			if len(st.Valid()) == 0 {
				return nil, exitErr(ExitAuth, nil, a.p.T(MsgErrNoHubs))
			}
			return nil, exitErr(ExitAuth, nil, a.p.T(MsgErrNoActive))
		}
		h, _ := st.Hub(active)
		return a.savedTarget(st, h, active)
	}
	if envKey != "" {
		t.key = envKey
		sources = append(sources, EnvAPIKey)
	}
	t.source = strings.Join(sources, "+")
	if t.key == "" {
		return nil, exitErr(ExitAuth, nil, a.p.T(MsgErrNoKey, t.origin, t.origin))
	}
	return t, nil
}

// savedTarget is a saved hub with its key from whichever store holds it.
func (a *App) savedTarget(st *credentials.State, h credentials.Hub, active string) (*target, error) {
	cred, err := st.Credentials(h)
	if err != nil {
		return nil, err
	}
	return &target{origin: h.Origin(), host: h.Host, apiURL: cred.APIURL, key: cred.Key, active: active == h.Host, source: SourceSaved}, nil
}

// resolveAPIURL discovers the API URL of a hub named by a variable.
func (a *App) resolveAPIURL(client *hubclient.Client, t *target) error {
	if t.apiURL != "" {
		return nil
	}
	apiURL, err := client.Discover(a.Ctx, t.origin)
	if err != nil {
		return err
	}
	t.apiURL = apiURL
	return nil
}

// sourceLine names the variables that chose the target, for text output.
func (a *App) sourceLine(t *target) {
	if t.source != SourceSaved && t.source != "" {
		fprintln(a.IO.Out, a.p.T(MsgFromEnv, strings.ReplaceAll(t.source, "+", ", ")))
	}
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
	_, st, err := a.loadToRead(false)
	if err != nil {
		return err
	}
	t, err := a.runtimeTarget(st)
	if err != nil {
		return err
	}
	client := a.hubClient()
	var health hubclient.Health
	if err := a.resolveAPIURL(client, t); err != nil {
		health = hubclient.HealthOf(err) // the hub a variable named did not answer
	} else {
		health = client.Health(a.Ctx, t.apiURL, t.key)
	}
	if errors.Is(health.Err, errInterrupted) || a.Ctx.Err() != nil {
		return errInterrupted
	}
	if errors.Is(health.Err, hubclient.ErrInsecureTransport) {
		return health.Err
	}
	code := healthCode(health.State)

	// The document is the answer even when the hub is down: scripts read
	// status and error from stdout and the exit code says the same.
	if a.json() {
		doc := statusJSON{URL: t.origin, APIURL: t.apiURL, Status: health.State, Error: healthReason(a.p, health), Source: t.source}
		if err := writeJSON(a.IO.Out, doc); err != nil {
			return err
		}
	} else {
		color := colorOK
		if code != ExitOK {
			color = colorError
		}
		fprintln(a.IO.Out, a.p.T(MsgStatusLine, t.origin, paint(a.IO.Color, color, healthText(a.p, health, false))))
		a.sourceLine(t)
		if health.State == hubclient.StateUnauthorized && t.source == SourceSaved {
			fprintln(a.IO.ErrOut, a.p.T(MsgHintLogin, t.origin))
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
