package cli

type hubUseCmd struct {
	URL string `arg:"" optional:"" name:"url" help:"help.use.url"`
}

func (c *hubUseCmd) Run(a *App) error {
	reg, st, err := a.load(false)
	if err != nil {
		return err
	}
	a.warnState(reg, st)
	active, _ := st.Active()
	h, err := a.pickHub(st, c.URL, "use", MsgUsePrompt, active)
	if err != nil {
		return err
	}
	if h, err = reg.Use(a.Ctx, h.Host); a.tolerate(err) != nil {
		return err
	}
	a.warnEnvOverride()
	if a.json() {
		return writeJSON(a.IO.Out, toHubJSON(h, h.Host))
	}
	a.success(a.p.T(MsgUseOK, safeText(h.Origin())))
	return nil
}
