package main

import (
	"runtime/debug"
	"testing"
)

func TestVersionLine(t *testing.T) {
	checkout := &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/aigne-io/aigne", Version: "v0.3.1-0.20260102030405-0123456789ab+dirty"},
		Settings: []debug.BuildSetting{
			{Key: "-trimpath", Value: "true"},
			{Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-01-02T03:04:05Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	clean := &debug.BuildInfo{
		Main: debug.Module{Path: "github.com/aigne-io/aigne", Version: "(devel)"},
		Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-01-02T03:04:05Z"},
			{Key: "vcs.modified", Value: "false"},
		},
	}
	for _, tc := range []struct {
		name                  string
		version, commit, date string
		info                  *debug.BuildInfo
		want                  string
	}{
		{"release build: the stamps win", "1.2.0", "abc1234", "2026-01-01T00:00:00Z", checkout,
			"aigne 1.2.0 (commit abc1234, built 2026-01-01T00:00:00Z)"},
		{"go install @version: module version, no VCS", "dev", "none", "unknown",
			&debug.BuildInfo{Main: debug.Module{Path: "github.com/aigne-io/aigne", Version: "v1.2.0"}},
			"aigne v1.2.0 (commit none, built unknown)"},
		{"go build in a modified checkout", "dev", "none", "unknown", checkout,
			"aigne v0.3.1-0.20260102030405-0123456789ab+dirty (commit 0123456789ab-dirty, built 2026-01-02T03:04:05Z)"},
		{"(devel) is no version", "dev", "none", "unknown", clean,
			"aigne dev (commit 0123456789ab, built 2026-01-02T03:04:05Z)"},
		{"a short revision is kept whole", "dev", "none", "unknown",
			&debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "42"}}},
			"aigne dev (commit 42, built unknown)"},
		{"modified without a revision says nothing of it", "dev", "none", "unknown",
			&debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.modified", Value: "true"}}},
			"aigne dev (commit none, built unknown)"},
		{"no build record", "dev", "none", "unknown", nil,
			"aigne dev (commit none, built unknown)"},
	} {
		if got := versionLine(tc.version, tc.commit, tc.date, tc.info); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}
