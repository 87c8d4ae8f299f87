package cli

import (
	"context"
	"errors"
	"strings"

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
func runtimeTarget(p Printer, env Env, st *credentials.State) (*target, error) {
	urlVar := EnvBlockletURL
	raw := env(urlVar)
	if raw == "" {
		urlVar = EnvAPIURL
		raw = env(urlVar)
	}
	envKey := env(EnvAPIKey)
	var sources []string
	var t *target
	switch {
	case raw != "":
		o, err := huburl.ParseAbsolute(raw)
		if err != nil {
			return nil, usageErr(p, MsgErrEnvURL, urlVar, redactUserInfo(raw), urlReason(p, err))
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
				return nil, exitErr(ExitAuth, nil, p.T(MsgErrNoHubs))
			}
			return nil, exitErr(ExitAuth, nil, p.T(MsgErrNoActive))
		}
		h, _ := st.Hub(active)
		return savedTarget(st, h, active)
	}
	if envKey != "" {
		t.key = envKey
		sources = append(sources, EnvAPIKey)
	}
	t.source = strings.Join(sources, "+")
	if t.key == "" {
		return nil, exitErr(ExitAuth, nil, p.T(MsgErrNoKey, t.origin, t.origin))
	}
	return t, nil
}

// savedTarget is a saved hub with its key from whichever store holds it.
func savedTarget(st *credentials.State, h credentials.Hub, active string) (*target, error) {
	cred, err := st.Credentials(h)
	if err != nil {
		return nil, err
	}
	return &target{origin: h.Origin(), host: h.Host, apiURL: cred.APIURL, key: cred.Key, active: active == h.Host, source: SourceSaved}, nil
}

// resolveAPIURL discovers the API URL of a hub named by a variable.
func resolveAPIURL(ctx context.Context, client *hubclient.Client, t *target) error {
	if t.apiURL != "" {
		return nil
	}
	apiURL, err := client.Discover(ctx, t.origin)
	if err != nil {
		return err
	}
	t.apiURL = apiURL
	return nil
}

// sourceLine names the variables that chose the target, for text output.
func sourceLine(o *Output, source string) {
	if source != SourceSaved && source != "" {
		fprintln(o.IO.Out, o.p.T(MsgFromEnv, strings.ReplaceAll(source, "+", ", ")))
	}
}

func (c *hubStatusCmd) Run(ctx context.Context, out *Output, env Env, reg *credentials.Registry, client *hubclient.Client) error {
	st, err := loadToRead(out, reg, false)
	if err != nil {
		return err
	}
	t, err := runtimeTarget(out.p, env, st)
	if err != nil {
		return err
	}
	var health hubclient.Health
	if err := resolveAPIURL(ctx, client, t); err != nil {
		health = hubclient.HealthOf(err) // the hub a variable named did not answer
	} else {
		health = client.Health(ctx, t.apiURL, t.key)
	}
	if errors.Is(health.Err, errInterrupted) || ctx.Err() != nil {
		return errInterrupted
	}
	if errors.Is(health.Err, hubclient.ErrInsecureTransport) {
		return health.Err
	}
	return out.render(statusResult{t: t, health: health})
}

// statusResult is how the hub the runtime would use is. The document is
// the answer even when the hub is down: scripts read status and error from
// stdout, and the exit code says the same.
type statusResult struct {
	t      *target
	health hubclient.Health
}

func (r statusResult) exitCode() int { return healthCode(r.health.State) }

func (r statusResult) document(p Printer) any {
	return statusJSON{URL: r.t.origin, APIURL: r.t.apiURL, Status: r.health.State, Error: healthReason(p, r.health), Source: r.t.source}
}

func (r statusResult) text(o *Output) error {
	color := colorOK
	if r.exitCode() != ExitOK {
		color = colorError
	}
	fprintln(o.IO.Out, o.p.T(MsgStatusLine, r.t.origin, paint(o.IO.Color, color, healthText(o.p, r.health, false))))
	sourceLine(o, r.t.source)
	if r.health.State == hubclient.StateUnauthorized && r.t.source == SourceSaved {
		fprintln(o.IO.ErrOut, o.p.T(MsgHintLogin, r.t.origin))
	}
	return nil
}
