package cli

import (
	"github.com/jedib0t/go-pretty/v6/table"
)

type hubListCmd struct{}

type listJSON struct {
	Active *string   `json:"active"`
	Hubs   []hubJSON `json:"hubs"`
}

func (c *hubListCmd) Run(a *App) error {
	_, doc, err := a.loadDoc()
	if err != nil {
		return err
	}
	hubs := doc.Hubs()
	active := doc.Active()
	p := a.p

	if a.json() {
		out := listJSON{Hubs: make([]hubJSON, 0, len(hubs))}
		for _, h := range hubs {
			j := toHubJSON(h, active)
			if j.Active {
				out.Active = nullable(j.URL)
			}
			out.Hubs = append(out.Hubs, j)
		}
		return writeJSON(a.IO.Out, out)
	}

	if len(hubs) == 0 {
		fprintln(a.IO.Out, p.T(MsgListEmpty))
		fprintln(a.IO.Out, p.T(MsgListEmptyTip))
		return nil
	}
	fprintln(a.IO.Out, p.T(MsgListHeading))
	fprintln(a.IO.Out)
	t := newTable(a.IO.Out, a.IO.Color)
	t.AppendHeader(table.Row{p.T(MsgColURL), p.T(MsgColActive)})
	for _, h := range hubs {
		mark := p.T(MsgNo)
		if h.Host == active {
			mark = paint(a.IO.Color, colorOK, p.T(MsgYes))
		}
		t.AppendRow(table.Row{originOf(h.Host, h.APIURL), mark})
	}
	t.Render()
	fprintln(a.IO.Out)
	fprintln(a.IO.Out, p.T(MsgListFooter))
	return nil
}
