package cli

// The environment variables the hub commands read. (The hand-on to the
// Node CLI has its own, in handoff.go.)

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
	if v := envOverride(env); v != "" {
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
