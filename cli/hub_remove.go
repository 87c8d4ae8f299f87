package cli

type hubRemoveCmd struct {
	URL string `arg:"" optional:"" name:"url" help:"${help_remove_url}"`
}

type removeJSON struct {
	Removed string  `json:"removed"`
	Active  *string `json:"active"`
}

func (c *hubRemoveCmd) Run(a *App) error {
	reg, doc, err := a.loadDoc()
	if err != nil {
		return err
	}
	h, err := a.pickHub(doc, c.URL, "remove", MsgRemovePrompt, "")
	if err != nil {
		return err
	}
	wasActive := doc.Active() == h.Host
	newActive, err := reg.Remove(a.Ctx, h.Host)
	if err := a.tolerate(err); err != nil {
		return err
	}
	removed := originOf(h.Host, h.APIURL)
	activeURL := ""
	// The new active hub was saved before the removal too.
	if hub, ok := doc.Hub(newActive); ok && newActive != "" {
		activeURL = originOf(hub.Host, hub.APIURL)
	}
	if a.json() {
		return writeJSON(a.IO.Out, removeJSON{Removed: removed, Active: nullable(activeURL)})
	}
	line := a.p.T(MsgRemoveOK, removed)
	if wasActive && activeURL != "" {
		line += a.p.T(MsgRemoveSwitched, activeURL)
	}
	a.success(line)
	return nil
}
