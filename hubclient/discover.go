package hubclient

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path"
	"strings"

	"github.com/aigne-io/aigne/huburl"
)

// Discover finds the API URL of the hub at origin o from its blocklet
// metadata. The result has no trailing slash: mount point "/ai-kit/"
// gives ORIGIN/ai-kit, "/" gives ORIGIN itself.
func (c *Client) Discover(ctx context.Context, o huburl.Origin) (huburl.URL, error) {
	if o.IsZero() {
		return huburl.URL{}, errNoOrigin
	}
	origin := o.NetURL()
	u := endpoint(origin, "/__blocklet__.js")
	u.RawQuery = "type=json"
	r := request{method: http.MethodGet, url: u}
	resp, err := c.do(ctx, r)
	if err != nil {
		return huburl.URL{}, err
	}
	notAHub := func(why string) error {
		return fail(Error{Problem: ProblemNotAHub, Origin: o.String(), Host: o.Host, URL: display(u)}, "%s: not an AIGNE Hub (%s)", o, why)
	}
	switch {
	case resp.status >= 500:
		return huburl.URL{}, statusError(r, resp)
	case resp.status < 200 || resp.status > 299:
		// Any server that is not a blocklet answers this path with 404 (or
		// some other 4xx): it is simply not a hub.
		return huburl.URL{}, notAHub(fmt.Sprintf("__blocklet__.js answered %d %s", resp.status, http.StatusText(resp.status)))
	}
	var meta struct {
		ComponentMountPoints []struct {
			DID        string `json:"did"`
			MountPoint string `json:"mountPoint"`
		} `json:"componentMountPoints"`
	}
	if err := json.Unmarshal(resp.body, &meta); err != nil {
		// Sites that serve an HTML page for every path end up here.
		return huburl.URL{}, fail(Error{Problem: ProblemNotAHub, Origin: o.String(), Host: o.Host, URL: display(u), Cause: err},
			"%s: not an AIGNE Hub (__blocklet__.js returned invalid JSON: %v)", o, err)
	}
	for _, m := range meta.ComponentMountPoints {
		if m.DID != HubComponentDID {
			continue
		}
		api := *origin
		api.Path = cleanMountPoint(m.MountPoint)
		// The API URL is saved and read back through huburl. Read it
		// back now, on this origin, so that an odd mount point fails
		// here, as the hub's fault, rather than in a later command.
		u, err := huburl.ParseAbsoluteURL(api.String())
		if err != nil || u.Origin != o || u.String() != api.String() {
			return huburl.URL{}, notAHub(fmt.Sprintf("mount point %q is not a URL path", m.MountPoint))
		}
		return u, nil
	}
	return huburl.URL{}, notAHub(fmt.Sprintf("no component %s in __blocklet__.js", HubComponentDID))
}

// cleanMountPoint normalises a mount point into a URL path below the
// origin: always rooted, never ending in "/", and unable to climb out with
// "..". A bare "/" (the hub mounted at the root) becomes "".
func cleanMountPoint(mp string) string {
	mp = strings.TrimSpace(mp)
	p := path.Clean("/" + mp)
	if p == "/" {
		return ""
	}
	return p
}
