#!/bin/sh
# Writes the shell completion scripts the release archives and the Homebrew
# formula ship, into completions/. Run from the repository root (GoReleaser's
# before hook does).
#
# The scripts carry the descriptions in every language and pick by the
# locale at each completion; LC_ALL=C only keeps any other output of the
# build machine's locale out of them.
set -eu
rm -rf completions
mkdir completions
go build -o completions/aigne.tmp .
trap 'rm -f completions/aigne.tmp' EXIT
LC_ALL=C completions/aigne.tmp completion bash >completions/aigne.bash
LC_ALL=C completions/aigne.tmp completion zsh >completions/_aigne
LC_ALL=C completions/aigne.tmp completion fish >completions/aigne.fish
LC_ALL=C completions/aigne.tmp completion powershell >completions/aigne.ps1
