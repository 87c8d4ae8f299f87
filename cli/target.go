package cli

// Which hub, and which key, a command acts on: the one named on the command
// line, the one picked at the terminal, or the one the AIGNE runtime would
// use (the environment's variables first, then the active hub).

import (
	"context"
	"errors"
	"strings"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
	"github.com/aigne-io/aigne/huburl"
)

// SourceSaved is the source of a target that no variable chose.
const SourceSaved = "saved"

// target is the hub a command talks to, with its key.
type target struct {
	origin string
	host   string
	apiURL string // "" until discovered, for a hub named by a variable
	key    string
	active bool
	source string // SourceSaved, or the variables that chose it, joined by "+"
	// store is where the key is kept: StoreNone when AIGNE_HUB_API_KEY
	// gave it.
	store credentials.Store
	// noKey says why the hub has no key to use (nil when it has one): a
	// state of the hub, which status reports, not a failure of a store.
	noKey error
}

// runtimeTarget is the hub and key the AIGNE runtime would use, as the
// runtime reads them: a URL variable names the hub (its API URL is
// discovered from its origin, whatever is saved) and the hub's saved key
// is used unless AIGNE_HUB_API_KEY gives one; the key variable alone goes with the active
// hub, or with the official one when none is active. Without variables it
// is the active hub with its saved key. A target without a key is an error.
func runtimeTarget(p Printer, env Env, st *credentials.State) (*target, error) {
	t, err := runtimeHub(p, env, st)
	if err != nil {
		return nil, err
	}
	if t.noKey != nil {
		return nil, t.noKey
	}
	return t, nil
}

// runtimeHub is runtimeTarget, where a hub without a key is a target
// whose noKey says why, for status to report.
func runtimeHub(p Printer, env Env, st *credentials.State) (*target, error) {
	urlVar, raw := envURL(env)
	var o huburl.Origin
	if raw != "" {
		var err error
		if o, err = envOrigin(raw); err != nil {
			return nil, usageErr(p, MsgErrEnvURL, urlVar, redactUserInfo(raw), envURLReason(p, raw, o, err))
		}
	}
	envKey := env(EnvAPIKey)
	if envKey != "" {
		// Checked as a key given to connect --with-token is, before any
		// request: a value that cannot travel in a header is the
		// variable's fault, not the hub's. The key itself is never shown.
		if err := hubclient.CheckKey(envKey); err != nil {
			return nil, usageErr(p, MsgErrEnvKey, EnvAPIKey, keyFault(p, err))
		}
	}
	var sources []string
	var t *target
	switch {
	case raw != "":
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
				var nk *credentials.NoKeyError
				switch {
				case missingKey(err) && errors.As(err, &nk) && !nk.Invalid:
					// Saved without a key: connecting logs in, and the
					// key variable would do as well.
					t.noKey = exitErr(ExitAuth, err, p.T(MsgErrNoKeyEnvURL, t.origin, t.origin, EnvAPIKey))
				case missingKey(err):
					t.noKey = err // an invalid entry: its own advice
				case err != nil:
					return nil, err
				}
				t.key, t.store = cred.Key, h.Store
			}
		}
	case envKey != "":
		active, err := st.Active()
		if err != nil {
			return nil, err
		}
		// active stays the saved active hub's mark: without one the key
		// goes with the official hub, which is in use but not active.
		t = &target{host: active, active: active != ""}
		if active == "" {
			t.host = credentials.OfficialHost
		}
		t.origin = hostOrigin(t.host)
		if h, ok := st.Hub(t.host); ok {
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
		return savedHub(st, h, active)
	}
	if envKey != "" {
		t.key, t.store, t.noKey = envKey, credentials.StoreNone, nil
		sources = append(sources, EnvAPIKey)
	}
	t.source = strings.Join(sources, "+")
	if t.key == "" && t.noKey == nil {
		// A hub the variable named that is not saved.
		t.noKey = exitErr(ExitAuth, nil, p.T(MsgErrNoKeyEnvURL, t.origin, t.origin, EnvAPIKey))
	}
	return t, nil
}

// savedTarget is a saved hub with its key from whichever store holds it.
func savedTarget(st *credentials.State, h credentials.Hub, active string) (*target, error) {
	t, err := savedHub(st, h, active)
	if err != nil {
		return nil, err
	}
	if t.noKey != nil {
		return nil, t.noKey
	}
	return t, nil
}

// savedHub is savedTarget, where a hub without a key is a target whose
// noKey says why.
func savedHub(st *credentials.State, h credentials.Hub, active string) (*target, error) {
	cred, err := st.Credentials(h)
	t := &target{origin: h.Origin(), host: h.Host, apiURL: cred.APIURL, key: cred.Key, active: active == h.Host, source: SourceSaved, store: h.Store}
	switch {
	case missingKey(err):
		t.apiURL, t.noKey = h.APIURL, err
	case err != nil:
		return nil, err
	}
	return t, nil
}

// missingKey: err says that a hub has no key to use, which makes it
// unauthorized, rather than that a store could not be read.
func missingKey(err error) bool {
	var nk *credentials.NoKeyError
	return errors.As(err, &nk) && !(nk.Invalid && nk.Problem == credentials.ProblemUnreadable)
}

// resolveAPIURL discovers the API URL of a hub named by a variable, from
// its origin, and keeps it in t.apiURL.
func resolveAPIURL(ctx context.Context, client *hubclient.Client, t *target) error {
	if t.apiURL != "" {
		return nil
	}
	o, err := huburl.Parse(t.origin)
	if err != nil {
		return err
	}
	api, err := client.Discover(ctx, o)
	if err != nil {
		return err
	}
	t.apiURL = api.String()
	return nil
}

// targetAPI is the target's API URL as hubclient takes it, discovered
// first if need be. It reaches cli as text, from the hub file, the
// keychain or the environment, which vouched for it with huburl; an
// unreadable one is a *huburl.Error.
func targetAPI(ctx context.Context, client *hubclient.Client, t *target) (huburl.URL, error) {
	if err := resolveAPIURL(ctx, client, t); err != nil {
		return huburl.URL{}, err
	}
	return readAPIURL(t.apiURL)
}

// readAPIURL reads an API URL as saved: absolute, or else a bare host,
// which means https.
func readAPIURL(raw string) (huburl.URL, error) {
	u, err := huburl.ParseAbsoluteURL(raw)
	if errors.Is(err, huburl.ErrNotAbsolute) {
		u, err = huburl.ParseURL(raw)
	}
	return u, err
}

// keyTarget is the hub these two commands hand out: the one named, or the
// one the runtime would use. A hub without a key is exit 4, naming it.
func keyTarget(out *Output, env Env, reg *credentials.Registry, ask Prompter, arg string) (*target, error) {
	st, err := loadToRead(out, reg, false)
	if err != nil {
		return nil, err
	}
	if arg == "" {
		return runtimeTarget(out.p, env, st)
	}
	active, _ := st.Active()
	h, err := pickHub(out, ask, st, hubQuestion{arg: arg, cmd: "token", title: MsgInfoPrompt})
	if err != nil {
		return nil, err
	}
	return savedTarget(st, h, active)
}

// hubQuestion is which saved hub a command is about: the one named in arg,
// or the one the person picks at the terminal. cmd names the subcommand
// for the "pass an argument" hint.
type hubQuestion struct {
	arg, cmd  string
	title     Msg
	preselect string
}

// pickHub finds the saved hub the person named, or asks for one.
func pickHub(out *Output, ask Prompter, st *credentials.State, q hubQuestion) (credentials.Hub, error) {
	p := out.p
	if q.arg != "" {
		u, err := parseArg(p, q.arg)
		if err != nil {
			return credentials.Hub{}, err
		}
		h, ok := st.Hub(u.Host)
		if !ok && st.KeychainErr != nil {
			return credentials.Hub{}, st.KeychainErr // it may be there
		}
		if !ok {
			if ns := st.NotSaved(u.Host); ns.Entry != nil {
				return credentials.Hub{}, ns // an invalid entry meant for it
			}
			return credentials.Hub{}, usageErr(p, MsgErrUnknownHub, u.String())
		}
		return h, nil
	}
	hubs := st.Valid()
	if len(hubs) == 0 && st.KeychainErr != nil {
		return credentials.Hub{}, st.KeychainErr
	}
	if len(hubs) == 0 {
		return credentials.Hub{}, exitErr(ExitAuth, nil, p.T(MsgErrNoHubs))
	}
	if !out.IO.CanPrompt() {
		return credentials.Hub{}, usageErr(p, MsgErrNeedArg, "'aigne hub "+q.cmd+"'", q.cmd)
	}
	active, _ := st.Active()
	choices := make([]Choice, 0, len(hubs))
	for _, h := range hubs {
		label := safeText(h.Origin())
		if h.Host == active {
			label += p.T(MsgActiveSuffix)
		}
		c := Choice{Label: label, Value: h.Host}
		// The preselected hub goes first: huh scrolls a list to its
		// cursor, which would hide the hubs above it.
		if h.Host == q.preselect {
			choices = append([]Choice{c}, choices...)
		} else {
			choices = append(choices, c)
		}
	}
	host, err := ask.Select(p.T(q.title), choices, q.preselect)
	if err != nil {
		return credentials.Hub{}, err
	}
	h, ok := st.Hub(host)
	if !ok {
		return credentials.Hub{}, errors.New("prompt returned an unknown hub")
	}
	return h, nil
}
