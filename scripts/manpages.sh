#!/bin/sh
# Usage: sh scripts/manpages.sh [VERSION [SOURCE_DATE_EPOCH]]
#
# Writes manpages/aigne.1.gz, the man page the release archives and the
# Homebrew formula ship. Run from the repository root (GoReleaser's before
# hook does, with the version and the commit's time in Unix seconds).
#
# The page is generated from the CLI's own Kong model by cmd/aigne-man, a
# separate program, so the aigne binary carries no man page generator.
# Dated by the commit and gzipped without a name or time (-n), so that one
# commit always gives the same bytes.
set -eu
version=${1:-dev}
SOURCE_DATE_EPOCH=${2:-${SOURCE_DATE_EPOCH:-}}
if [ -z "$SOURCE_DATE_EPOCH" ]; then
	SOURCE_DATE_EPOCH=$(git log -1 --format=%ct 2>/dev/null || date +%s)
fi
export SOURCE_DATE_EPOCH
rm -rf manpages
mkdir manpages
go run ./cmd/aigne-man -version "$version" >manpages/aigne.1
gzip -9n manpages/aigne.1
