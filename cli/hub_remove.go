package cli

type hubRemoveCmd struct {
	URL string `arg:"" optional:"" name:"url" help:"help.remove.url"`
}

type removeJSON struct {
	Removed string  `json:"removed"`
	Active  *string `json:"active"`
}

func (c *hubRemoveCmd) Run(a *App) error {
	reg, st, err := a.load(false)
	if err != nil {
		return err
	}
	h, err := a.pickHub(st, c.URL, "remove", MsgRemovePrompt, "")
	if err != nil {
		return err
	}
	wasActive, _ := st.Active()
	next, err := reg.Remove(a.Ctx, h.Host)
	if err := a.tolerate(err); err != nil {
		return err
	}
	removed := safeText(h.Origin())
	activeURL := ""
	if next.Host != "" {
		activeURL = safeText(next.Origin())
	}
	if a.json() {
		return writeJSON(a.IO.Out, removeJSON{Removed: removed, Active: nullable(activeURL)})
	}
	line := a.p.T(MsgRemoveOK, removed)
	if wasActive == h.Host && activeURL != "" {
		line += a.p.T(MsgRemoveSwitched, activeURL)
	}
	a.success(line)
	return nil
}
