package cli

import (
	"context"
	"errors"

	"github.com/aigne-io/aigne/credentials"
)

type hubUseCmd struct {
	URL string `arg:"" optional:"" name:"url" help:"help.use.url"`
}

func (c *hubUseCmd) Run(ctx context.Context, out *Output, env Env, reg *credentials.Registry, ask Prompter) error {
	st, err := reg.Load(false)
	if err != nil {
		return err
	}
	active, activeErr := st.Active()
	var h credentials.Hub
	line := MsgUseOK
	// A hub named needs no prompt, so it is looked up before the
	// warnings: an invalid entry it names is then said once, by the
	// error, rather than warned about first.
	var named error
	if c.URL != "" {
		h, named = pickHub(out, ask, st, hubQuestion{arg: c.URL, cmd: "use"})
	}
	var ns *credentials.NotSavedError
	switch {
	case errors.As(named, &ns) && ns.Entry != nil:
		out.warnState(reg, st, ns.Entry.Host)
	case named == nil && h.Invalid && h.InFile:
		out.warnState(reg, st, h.Host) // the error of Use below names it
	default:
		out.warnState(reg, st)
	}
	only, isOnly := onlyHub(st)
	switch {
	case c.URL != "":
		if named != nil {
			return named
		}
	case isOnly:
		// Nothing to choose: the one saved hub, terminal or not.
		h = only
		if h.Host == active && activeErr == nil {
			line = MsgUseAlready
		}
	default:
		h, err = pickHub(out, ask, st, hubQuestion{cmd: "use", title: MsgUsePrompt, preselect: active})
		if err != nil {
			return err
		}
	}
	h, warns, err := reg.Use(ctx, h.Host)
	if err != nil {
		return err
	}
	out.warnUndone(warns)
	out.warnEnvOverride(env)
	return out.render(hubResult{hub: h, line: out.p.T(line, safeText(h.Origin()))})
}

// onlyHub is the one hub saved, when there is exactly one. A keychain
// that could not be read may hold others, so then there is none.
func onlyHub(st *credentials.State) (credentials.Hub, bool) {
	hubs := st.Valid()
	if len(hubs) != 1 || st.KeychainErr != nil {
		return credentials.Hub{}, false
	}
	return hubs[0], true
}
