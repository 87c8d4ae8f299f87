package cli

import (
	"context"

	"github.com/aigne-io/aigne/credentials"
)

type hubRemoveCmd struct {
	URL string `arg:"" optional:"" name:"url" help:"help.remove.url"`
}

// removeResult is a removed hub and the hub active after it.
type removeResult struct {
	removed  string // its origin, made safe to show
	active   string // "" when none is
	switched bool   // the removed hub was the active one, and another is now
}

type removeJSON struct {
	Removed string  `json:"removed"`
	Active  *string `json:"active"`
}

func (r removeResult) document(Printer) any {
	return removeJSON{Removed: r.removed, Active: nullable(r.active)}
}

func (r removeResult) text(o *Output) error {
	line := o.p.T(MsgRemoveOK, r.removed)
	if r.switched {
		line += o.p.T(MsgRemoveSwitched, r.active)
	}
	o.success(line)
	return nil
}

func (c *hubRemoveCmd) Run(ctx context.Context, out *Output, reg *credentials.Registry, ask Prompter) error {
	st, err := reg.Load(false)
	if err != nil {
		return err
	}
	h, err := pickHub(out, ask, st, hubQuestion{arg: c.URL, cmd: "remove", title: MsgRemovePrompt})
	if err != nil {
		return err
	}
	wasActive, _ := st.Active()
	next, warns, err := reg.Remove(ctx, h.Host)
	if err != nil {
		return err
	}
	out.warnUndone(warns)
	r := removeResult{removed: safeText(h.Origin())}
	if next.Host != "" {
		r.active = safeText(next.Origin())
	}
	r.switched = wasActive == h.Host && r.active != ""
	return out.render(r)
}
