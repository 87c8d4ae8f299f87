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
	active, _ := st.Active()
	h, err := pickHub(out, ask, st, hubQuestion{arg: c.URL, cmd: "use", title: MsgUsePrompt, preselect: active})
	if err != nil {
		return err
	}
	h, warns, err := reg.Use(ctx, h.Host)
	if err != nil {
		return err
	}
	out.warnUndone(warns)
	out.warnEnvOverride(env)
	return out.render(hubResult{hub: h, line: out.p.T(MsgUseOK, safeText(h.Origin()))})
}
