package cli

type hubUseCmd struct {
	URL string `arg:"" optional:"" name:"url" help:"${help_use_url}"`
}

func (c *hubUseCmd) Run(a *App) error {
	reg, doc, err := a.loadDoc()
	if err != nil {
		return err
	}
	h, err := a.pickHub(doc, c.URL, "use", MsgUsePrompt, doc.Active())
	if err != nil {
		return err
	}
	if err := reg.Use(a.Ctx, h.Host); err != nil {
		return err
	}
	if a.json() {
		return writeJSON(a.IO.Out, toHubJSON(h, h.Host))
	}
	a.success(a.p.T(MsgUseOK, originOf(h.Host, h.APIURL)))
	return nil
}
