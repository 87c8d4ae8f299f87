package main

import (
	"runtime/debug"

	"github.com/aigne-io/aigne/cli"
)

// versionLine is what --version prints: "aigne VERSION (commit C, built D)".
func versionLine(version, commit, date string, info *debug.BuildInfo) string {
	return stamps(version, commit, date, info).Line()
}

// stamps is what the binary knows of its build (--version, in text or
// JSON).
//
// A release build stamps version, commit and date with -ldflags, and they
// are used as they are. A binary from `go install …@v1.2.3` or `go build`
// in a checkout has none of them (version is still "dev"), but the Go
// toolchain records the module version and, for a checkout, the VCS
// revision, commit time and whether the tree was modified; info is that
// record, nil when the binary has none.
func stamps(version, commit, date string, info *debug.BuildInfo) cli.Build {
	if version == "dev" && info != nil {
		// "(devel)" is what the toolchain writes when it knows no version
		// (a build outside any VCS, or with -buildvcs=false).
		if v := info.Main.Version; v != "" && v != "(devel)" {
			version = v
		}
		var modified bool
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				if s.Value != "" {
					commit = s.Value[:min(len(s.Value), 12)]
				}
			case "vcs.time":
				if s.Value != "" {
					date = s.Value
				}
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if modified && commit != "none" {
			commit += "-dirty"
		}
	}
	return cli.Build{Version: version, Commit: commit, Date: date}
}

// buildInfo is debug.ReadBuildInfo's record, or nil.
func buildInfo() *debug.BuildInfo {
	if info, ok := debug.ReadBuildInfo(); ok {
		return info
	}
	return nil
}
