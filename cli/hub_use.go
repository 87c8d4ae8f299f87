package cli

import (
	"context"

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
	out.warnState(reg, st)
	active, activeErr := st.Active()
	var h credentials.Hub
	line := MsgUseOK
	if only, ok := onlyHub(st); ok && c.URL == "" {
		// Nothing to choose: the one saved hub, terminal or not.
		h = only
		if h.Host == active && activeErr == nil {
			line = MsgUseAlready
		}
	} else {
		h, err = pickHub(out, ask, st, hubQuestion{arg: c.URL, cmd: "use", title: MsgUsePrompt, preselect: active})
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
