package cli

import (
	"context"
	"errors"

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
	// An invalid file entry is named as it is written: no host argument
	// can give a name in upper case, and removing it is how it is mended.
	h, ok := st.InvalidEntry(c.URL)
	switch {
	case ok:
	case c.URL == "" && hasInvalidEntry(st):
		h, err = pickToRemove(out, ask, st)
	default:
		h, err = pickHub(out, ask, st, hubQuestion{arg: c.URL, cmd: "remove", title: MsgRemovePrompt})
	}
	if err != nil {
		return err
	}
	if h.Invalid && h.InFile {
		return removeEntry(ctx, out, reg, h)
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

// removeEntry deletes an invalid file entry, and nothing else. Having no
// trustworthy origin, it is shown by its name as the file writes it.
func removeEntry(ctx context.Context, out *Output, reg *credentials.Registry, h credentials.Hub) error {
	next, err := reg.RemoveEntry(ctx, h.Host)
	if err != nil {
		return err
	}
	r := removeResult{removed: safeText(h.Host)}
	if next.Host != "" {
		r.active = safeText(next.Origin())
	}
	// An invalid entry hides the keychain item of the host it is named
	// after; that hub is listed again now, and removing the entry did
	// not remove it: say so, or "removed" reads as if it had gone.
	if st, err := reg.Load(false); err == nil {
		if left, ok := st.Hub(h.Host); ok && !left.Invalid && left.Store == credentials.StoreKeyring {
			out.warn(out.p.T(MsgWarnKeychainHubLeft, safeText(left.Origin()), safeText(left.Host)))
		}
	}
	return out.render(r)
}

// hasInvalidEntry says whether the file has an entry that is not used.
func hasInvalidEntry(st *credentials.State) bool {
	for _, h := range st.Hubs {
		if h.Invalid && h.InFile {
			return true
		}
	}
	return false
}

// pickToRemove asks which hub to remove, offering the usable hubs and the
// file's invalid entries (marked), in the order they are listed: an entry
// that is not used can still be removed.
func pickToRemove(out *Output, ask Prompter, st *credentials.State) (credentials.Hub, error) {
	p := out.p
	if !out.IO.CanPrompt() {
		return credentials.Hub{}, usageErr(p, MsgErrNeedArg, "'aigne hub remove'", "remove")
	}
	active, _ := st.Active()
	var choices []Choice
	for _, h := range st.Hubs {
		var label string
		switch {
		case h.Invalid && h.InFile:
			label = safeText(h.Host) + p.T(MsgInvalidEntrySuffix)
		case h.Invalid:
			continue
		default:
			label = safeText(h.Origin())
			if h.Host == active {
				label += p.T(MsgActiveSuffix)
			}
		}
		choices = append(choices, Choice{Label: label, Value: h.Host})
	}
	host, err := ask.Select(p.T(MsgRemovePrompt), choices, "")
	if err != nil {
		return credentials.Hub{}, err
	}
	for _, h := range st.Hubs {
		if h.Host == host {
			return h, nil
		}
	}
	return credentials.Hub{}, errors.New("prompt returned an unknown hub")
}
