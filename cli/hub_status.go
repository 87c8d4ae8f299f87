package cli

import (
	"context"
	"errors"
	"strings"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
)

type hubStatusCmd struct{}

type statusJSON struct {
	URL    string  `json:"url"`
	APIURL *string `json:"api_url"` // null: not known without asking the hub
	Status string  `json:"status"`
	Error  *string `json:"error"`
	Source string  `json:"source"`
}

// sourceLine says, for text output, what each variable that chose the
// target gave: "(hub from AIGNE_HUB_API_URL, key from AIGNE_HUB_API_KEY)".
func sourceLine(o *Output, source string) {
	if source == SourceSaved || source == "" {
		return
	}
	var parts []string
	for _, v := range strings.Split(source, "+") {
		if v == EnvAPIKey {
			parts = append(parts, o.p.T(MsgFromEnvKey, v))
		} else {
			parts = append(parts, o.p.T(MsgFromEnvHub, v))
		}
	}
	fprintln(o.IO.Out, o.p.T(MsgFromEnv, strings.Join(parts, o.p.T(MsgFromEnvJoin))))
}

func (c *hubStatusCmd) Run(ctx context.Context, out *Output, env Env, reg *credentials.Registry, client *hubclient.Client) error {
	st, err := loadToRead(out, reg, false)
	if err != nil {
		return err
	}
	// A hub without a key is unauthorized: a report like any other state.
	t, err := runtimeHub(out.p, env, st)
	if err != nil {
		return err
	}
	var health hubclient.Health
	if t.noKey != nil {
		health = hubclient.Health{State: hubclient.StateUnauthorized, Err: t.noKey}
	} else {
		spin := out.waiting(env, MsgWaitStatus)
		if api, err := targetAPI(ctx, client, t); err != nil {
			health = hubclient.HealthOf(err) // the hub a variable named did not answer
		} else {
			health = client.Health(ctx, api, t.key)
		}
		spin.Stop()
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
	return statusJSON{URL: r.t.origin, APIURL: nullable(r.t.apiURL), Status: r.health.State, Error: healthReason(p, r.health), Source: r.t.source}
}

func (r statusResult) text(o *Output) error {
	color := colorOK
	if r.exitCode() != ExitOK {
		color = colorError
	}
	fprintln(o.IO.Out, o.p.T(MsgStatusLine, r.t.origin, paint(o.IO.Color, color, healthText(o.p, r.health))))
	sourceLine(o, r.t.source)
	if r.health.State == hubclient.StateUnauthorized {
		fprintln(o.IO.ErrOut, unauthorizedAdvice(o.p, r.t, r.health))
	}
	return nil
}
