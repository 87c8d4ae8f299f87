package cli

// The environment variables the hub commands read. (The hand-on to the
// Node CLI has its own, in handoff.go.)

import (
	"strings"
	"time"
)

// Env reads the environment (App.Getenv).
type Env func(string) string

// EnvKeychainTimeout bounds each keychain call (a Go duration, "10s").
const EnvKeychainTimeout = "AIGNE_KEYCHAIN_TIMEOUT"

// EnvRequestTimeout bounds each request to a hub (a Go duration, "15s").
const EnvRequestTimeout = "AIGNE_HUB_REQUEST_TIMEOUT"

// Environment variables the AIGNE runtime honours; they win over the saved
// hubs for status, info, token and env. Inside a Blocklet Server the
// runtime takes its hub from BLOCKLET_AIGNE_API_URL first.
const (
	EnvAPIURL      = "AIGNE_HUB_API_URL"
	EnvAPIKey      = "AIGNE_HUB_API_KEY"
	EnvBlockletURL = "BLOCKLET_AIGNE_API_URL"
)

// EnvCredentialStore is the default of --store.
const EnvCredentialStore = "AIGNE_HUB_CREDENTIAL_STORE"

// warnEnvOverride says on stderr that a variable overrides the active hub
// for the runtime (and for status, info, token and env).
func (o *Output) warnEnvOverride(env Env) {
	switch v := envOverride(env); v {
	case "":
	case EnvAPIKey:
		// The key alone goes with the active hub.
		o.warn(o.p.T(MsgWarnEnvKey))
	default:
		if envHost(env) == "" {
			// Not a hub URL: it overrides nothing, it stops them.
			_, raw := envURL(env)
			o.warn(o.p.T(MsgWarnEnvURLBad, v, raw))
			return
		}
		o.warn(o.p.T(MsgWarnEnvOverride, v))
	}
}

// envOverride is the first variable set of those that choose the hub or
// key in place of the saved ones, "" when none is.
func envOverride(env Env) string {
	for _, v := range []string{EnvBlockletURL, EnvAPIURL, EnvAPIKey} {
		if env(v) != "" {
			return v
		}
	}
	return ""
}

// envDuration reads the value of a timeout variable: def when it is
// unset, and def too when it is not a positive Go duration ("10s", "2m");
// bad says so, for warnEnvDuration. The caller reads the variable, so that
// every variable aigne reads is named where it is read.
func envDuration(raw string, def time.Duration) (d time.Duration, bad bool) {
	if raw == "" {
		return def, false
	}
	if d, err := time.ParseDuration(strings.TrimSpace(raw)); err == nil && d > 0 {
		return d, false
	}
	return def, true
}

// warnEnvDuration says on stderr that a timeout variable is not used,
// and the value used instead. o nil says nothing (shell completion, whose
// stderr is the person's command line).
func (o *Output) warnEnvDuration(name, raw string, used time.Duration) {
	if o != nil {
		o.warn(o.p.T(MsgWarnEnvDuration, name, raw, used))
	}
}

// envHost is the host of the hub a URL variable names, as runtimeHub
// reads it (BLOCKLET_AIGNE_API_URL first); "" when none is set, or when
// the one set is not a URL runtimeHub would use.
func envHost(env Env) string {
	_, raw := envURL(env)
	if raw == "" {
		return ""
	}
	o, err := envOrigin(raw)
	if err != nil {
		return "" // refused, as runtimeHub refuses it
	}
	return o.Host
}

// envURL is the URL variable the runtime reads, BLOCKLET_AIGNE_API_URL
// before AIGNE_HUB_API_URL, and its value; "" and "" when neither is set.
func envURL(env Env) (name, raw string) {
	if raw := env(EnvBlockletURL); raw != "" {
		return EnvBlockletURL, raw
	}
	if raw := env(EnvAPIURL); raw != "" {
		return EnvAPIURL, raw
	}
	return "", ""
}
