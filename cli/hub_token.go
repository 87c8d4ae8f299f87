package cli

import (
	"context"

	"github.com/aigne-io/aigne/credentials"
	"github.com/aigne-io/aigne/hubclient"
)

// hubTokenCmd is `aigne hub token [URL]`, for `$(aigne hub token)`.
type hubTokenCmd struct {
	URL string `arg:"" optional:"" name:"url" help:"help.token.url"`
}

type tokenJSON struct {
	URL    string  `json:"url"`
	APIURL *string `json:"api_url"` // null: the hub could not be asked for it
	Key    string  `json:"key"`
	Source string  `json:"source"`
}

func (c *hubTokenCmd) Run(ctx context.Context, out *Output, env Env, reg *credentials.Registry, ask Prompter, client *hubclient.Client) error {
	t, err := keyTarget(out, env, reg, ask, c.URL)
	if err != nil {
		return err
	}
	if out.json() {
		// The API URL of a hub a variable named is found only for the
		// document, and only if the hub answers: the key alone needs no
		// request, so the text form succeeds without one, and so does
		// this.
		if err := resolveAPIURL(ctx, client, t); err != nil && ctx.Err() != nil {
			return errInterrupted
		}
	}
	return out.render(tokenResult{t})
}

// tokenResult is a hub's key: alone on stdout as text, for $(…).
type tokenResult struct{ t *target }

func (r tokenResult) document(Printer) any { return tokenDoc(r.t) }

func tokenDoc(t *target) tokenJSON {
	return tokenJSON{URL: t.origin, APIURL: nullable(t.apiURL), Key: t.key, Source: t.source}
}

func (r tokenResult) text(o *Output) error {
	_, err := o.IO.Out.Write([]byte(r.t.key + "\n"))
	return err
}
