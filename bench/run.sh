#!/usr/bin/env bash
# bench/run.sh — measure the aigne binary the way a user runs it, and print
# the figures.
#
#   bash bench/run.sh
#
# What it does:
#   1. builds aigne as the release does (CGO_ENABLED=0, -trimpath, -s -w)
#      and the measuring programs bench/cmd/aignebench and bench/cmd/spawn
#      (a 2 MiB parent that starts each run, so the peak memory reported is
#      the run's own), into a temp dir;
#   2. start-up: writes hub lists of 1, 100 and 1,000 saved hubs (the Node
#      CLI's YAML layout) into a fresh HOME and runs `aigne hub list` and
#      `aigne -o json hub list` $RUNS times each, after 3 warm-up runs,
#      timing every whole process from fork to exit and reading its peak
#      RSS from the kernel (wait4 rusage); prints median, p90 and max wall
#      time, median CPU time, max RSS, and the growth from 100 to 1,000
#      hubs, next to an empty Go program timed the same way (the floor of
#      the machine); then the empty program, `aigne hub list` of 100 hubs
#      and bench/cmd/inits (aigne's packages linked, no command run: what
#      the libraries' initialisers cost) in turn, $RUNS rounds, and the
#      ratio of hub list to the empty program (target: at most 2.6);
#   3. when npm can install @aigne/cli@1.59.0, times the Node CLI's
#      `aigne hub list` on the same files ($NODE_RUNS runs) and prints the
#      ratio to ours;
#   4. network: starts 50 fake hubs on 127.0.0.1 that each answer after
#      300 ms and times `aigne hub list --check` over all of them, and
#      `aigne hub status`, counting the requests every hub saw (status must
#      be exactly one round trip to the active hub);
#   5. keychain: `aigne hub list` of 20 hubs held only in the OS keychain
#      (as the Node CLI leaves them on a desktop) against the same 20 in
#      the file, each against an unlocked gnome-keyring of its own on a
#      private D-Bus bus (needs dbus-daemon and gnome-keyring);
#   6. list --check CPU: 200 against 1,000 fake hubs answering at once;
#      the CPU must grow linearly;
#   7. hand-on: `aigne run --help`, a command of the Node CLI's that aigne
#      passes on to it (exec), through aigne against the program it hands
#      on to started directly, in interleaved pairs: an empty Go program
#      standing in for the Node CLI ($RUNS pairs: what the hand-on itself
#      costs), and, when installed, the Node CLI ($HANDOFF_RUNS pairs;
#      target: at most 10 ms more than the Node CLI alone);
#   8. the Go benchmarks (go test -bench ./bench): the hub file code, and
#      `hub list` run in-process, which separates the command's own work
#      from process start and package initialisation.
#
# Nothing outside a temp dir is touched, except the npm install, cached in
# $NODE_DIR for the next run. Measure on a quiet machine: the figures are
# wall times.
#
# Settings (environment):
#   RUNS=50          timed runs per command and hub list size
#   NODE_RUNS=10     timed runs of the Node CLI per size
#   HANDOFF_RUNS=11  interleaved pairs through aigne and directly to the Node CLI
#   NODE=0           skip the Node CLI comparison
#   NODE_DIR=...     where @aigne/cli is installed (default
#                    ${XDG_CACHE_HOME:-~/.cache}/aigne-bench/node-cli-1.59.0)
#   NODE_TIMEOUT=300 seconds allowed for npm install
#   GO_BENCH=0       skip the Go benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-50}
NODE_RUNS=${NODE_RUNS:-10}
NODE_VERSION=1.59.0
NODE_DIR=${NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/aigne-bench/node-cli-$NODE_VERSION}
NODE_TIMEOUT=${NODE_TIMEOUT:-300}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

section() { printf '\n## %s\n' "$*"; }

section "machine"
echo "cpu:    $(nproc) cores, $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo 2>/dev/null || uname -m)"
echo "os:     $(uname -sr)"
echo "go:     $(go version | cut -d' ' -f3-)"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"

section "build"
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tmp/aigne" .
go build -o "$tmp/aignebench" ./bench/cmd/aignebench
go build -o "$tmp/spawn" ./bench/cmd/spawn
# What the libraries' initialisers alone cost: aigne's packages linked, no command run.
CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tmp/inits" ./bench/cmd/inits
# The floor: an empty Go program, built and timed the same way.
mkdir "$tmp/empty" && printf 'package main\n\nfunc main() {}\n' >"$tmp/empty/main.go"
(cd "$tmp/empty" && CGO_ENABLED=0 GOFLAGS= go build -trimpath -ldflags "-s -w" -o "$tmp/empty-go" main.go)
echo "aigne binary: $(du -k "$tmp/aigne" | cut -f1) KiB"

node_args=()
section "Node.js @aigne/cli $NODE_VERSION"
if [ "${NODE:-1}" = 0 ]; then
	echo "skipped: NODE=0"
elif ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	echo "skipped: node or npm is not installed"
elif [ -x "$NODE_DIR/node_modules/.bin/aigne" ]; then
	echo "using $NODE_DIR (node $(node --version))"
	node_args=(-node "$NODE_DIR/node_modules/.bin/aigne" -node-runs "$NODE_RUNS")
elif ! v=$(timeout 60 npm view "@aigne/cli@$NODE_VERSION" version 2>&1) || [ "$v" != "$NODE_VERSION" ]; then
	echo "skipped: npm view @aigne/cli@$NODE_VERSION failed: $(echo "$v" | tail -1)"
else
	echo "installing into $NODE_DIR (up to ${NODE_TIMEOUT}s; node $(node --version))"
	mkdir -p "$NODE_DIR"
	if timeout "$NODE_TIMEOUT" npm install --prefix "$NODE_DIR" --no-audit --no-fund --loglevel=error \
		"@aigne/cli@$NODE_VERSION" >"$tmp/npm.log" 2>&1 && [ -x "$NODE_DIR/node_modules/.bin/aigne" ]; then
		node_args=(-node "$NODE_DIR/node_modules/.bin/aigne" -node-runs "$NODE_RUNS")
	else
		echo "skipped: npm install failed or took over ${NODE_TIMEOUT}s:"
		tail -5 "$tmp/npm.log"
	fi
fi

section "start-up"
"$tmp/aignebench" startup -bin "$tmp/aigne" -baseline "$tmp/empty-go" -libs "$tmp/inits" -runs "$RUNS" ${node_args[@]+"${node_args[@]}"}

section "network"
"$tmp/aignebench" network -bin "$tmp/aigne" -hubs 50 -latency 300ms -runs 5

section "keychain: hubs only in the OS keychain against the same hubs in the file"
"$tmp/aignebench" keychain -bin "$tmp/aigne" -hubs 20 -runs "$RUNS"

section "list --check CPU: 200 against 1,000 hubs"
"$tmp/aignebench" check-cpu -bin "$tmp/aigne" -hubs 200,1000 -runs 3

section "hand-on: a command of the Node CLI's, through aigne and directly"
handoff_node=()
if [ ${#node_args[@]} -gt 0 ]; then
	handoff_node=(-node "${node_args[1]}" -node-runs "${HANDOFF_RUNS:-11}")
fi
"$tmp/aignebench" handoff -bin "$tmp/aigne" -baseline "$tmp/empty-go" -runs "$RUNS" ${handoff_node[@]+"${handoff_node[@]}"}

if [ "${GO_BENCH:-1}" != 0 ]; then
	section "Go benchmarks of the hub file (go test -bench ./bench)"
	go test -run '^$' -bench . -benchmem ./bench | grep -E '^(Benchmark|ok|FAIL)'
fi
