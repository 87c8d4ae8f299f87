// Package bench measures the aigne binary: start-up time and memory of
// `aigne hub list` over hub lists of growing size, `hub list --check`
// against many slow hubs, and the round trips of `hub status`. The figures
// come from bench/run.sh and the aignebench program under bench/cmd; this
// package holds what they share (the hub lists they generate) and the Go
// benchmarks of the file code (go test -bench . ./bench).
package bench

import (
	"fmt"
	"strings"
)

// Entry is one saved hub as the Node CLI writes it.
type Entry struct {
	Host   string // the YAML key, host[:port]
	APIURL string // AIGNE_HUB_API_URL
	Key    string // AIGNE_HUB_API_KEY; "" for a key kept in the keychain
}

// Synthetic returns n hubs with made-up hosts (hub0001.example.com, …) and
// key-shaped keys, for measurements that never contact them.
func Synthetic(n int) []Entry {
	out := make([]Entry, n)
	for i := range out {
		host := fmt.Sprintf("hub%04d.example.com", i+1)
		out[i] = Entry{
			Host:   host,
			APIURL: "https://" + host + "/ai-kit",
			Key:    fmt.Sprintf("aigne_%048x", i+1),
		}
	}
	return out
}

// HubList renders hubs in the layout of @aigne/cli 1.59.0's
// ~/.aigne/aigne-hub-connected.yaml: one mapping per host, two-space
// indent, and the "default" entry, last, naming the active hub (active is
// an index into hubs; -1 for none).
func HubList(hubs []Entry, active int) []byte {
	var b strings.Builder
	b.Grow(len(hubs) * 128)
	for _, h := range hubs {
		b.WriteString(h.Host + ":\n")
		b.WriteString("  AIGNE_HUB_API_URL: " + h.APIURL + "\n")
		if h.Key != "" {
			b.WriteString("  AIGNE_HUB_API_KEY: " + h.Key + "\n")
		}
	}
	if active >= 0 && active < len(hubs) {
		b.WriteString("default:\n")
		b.WriteString("  AIGNE_HUB_API_URL: " + hubs[active].APIURL + "\n")
	}
	return []byte(b.String())
}
